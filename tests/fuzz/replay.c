/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A main() for fuzz targets built without libFuzzer: feeds each file named
 * on the command line (or every file in each directory named) to
 * LLVMFuzzerTestOneInput once, so the seed corpus and every crash input kept
 * in tests/fuzz/corpus run as regression tests in make check. No argument,
 * a path it cannot read (a readdir error too), or no input at all (an
 * empty or hidden-only corpus directory) is a failure: a replay that fed
 * nothing proves nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return -1;
	}
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

static int run_path(const char *path, unsigned *count)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char sub[4096];
	int rc = 0;

	if (stat(path, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return run_file(path);
	}
	d = opendir(path);
	if (!d)
		return -1;
	for (;;) {
		errno = 0;
		if (!(e = readdir(d))) {
			if (errno != 0)
				rc = -1;   /* an error, not the end: inputs may be unread */
			break;
		}
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (run_path(sub, count) != 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned count = 0;
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (run_path(argv[i], &count) != 0) {
			fprintf(stderr, "cannot read %s\n", argv[i]);
			rc = 1;
		}
	printf("%u inputs\n", count);
	if (count == 0) {
		fprintf(stderr, "no inputs: an empty corpus tests nothing\n");
		rc = 1;
	}
	return rc;
}
