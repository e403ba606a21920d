/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the state directory (agent/store.c): atomic write and read
 * back, no rewrite of unchanged content, name checks, the read cap, remove
 * and wipe (a readdir error included), a temp file left by a crash,
 * unwritable places, and the key=value format with its escaping. Each test works in its own mkdtemp dir.
 */
#define _GNU_SOURCE 1  /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"
#include "tmpdir.h"

static void path_of(char *out, const struct tmpdir *t, const char *name)
{
	snprintf(out, PATH_MAX, "%s/%s", t->path, name);
}

static void write_raw(const struct tmpdir *t, const char *name, const char *s)
{
	char path[PATH_MAX];
	FILE *f;

	path_of(path, t, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

static bool exists(const struct tmpdir *t, const char *name)
{
	char path[PATH_MAX];

	path_of(path, t, name);
	return access(path, F_OK) == 0;
}

static void test_roundtrip(void **state)
{
	static const char binary[] = { 'a', '\0', 'b', '\n', '\xff', '\0' };
	static char big[20000];
	const struct { const void *buf; size_t len; } cases[] = {
		{ "", 0 }, { "x", 1 }, { "hello\nworld\n", 12 },
		{ binary, sizeof(binary) }, { big, sizeof(big) },
	};
	struct tmpdir *t = *state;

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *buf = NULL, path[PATH_MAX];
		size_t len = 99;
		struct stat st;

		assert_int_equal(store_write(t->path, "f", cases[i].buf, cases[i].len), 0);
		assert_int_equal(store_read(t->path, "f", &buf, &len, STORE_MAX_FILE), 0);
		assert_int_equal(len, cases[i].len);
		if (len)
			assert_memory_equal(buf, cases[i].buf, len);
		assert_int_equal(buf[len], '\0');
		free(buf);
		path_of(path, t, "f");
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		assert_false(exists(t, ".f.tmp"));
	}
}

static void test_unchanged_not_rewritten(void **state)
{
	struct tmpdir *t = *state;
	struct stat a, b, c;
	char path[PATH_MAX];

	path_of(path, t, "same");
	assert_int_equal(store_write(t->path, "same", "abc", 3), 0);
	assert_int_equal(stat(path, &a), 0);
	assert_int_equal(store_write(t->path, "same", "abc", 3), 0);
	assert_int_equal(stat(path, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	assert_int_equal(a.st_mtim.tv_sec, b.st_mtim.tv_sec);
	assert_int_equal(a.st_mtim.tv_nsec, b.st_mtim.tv_nsec);
	/* a prefix, a longer file and other bytes are all changes */
	assert_int_equal(store_write(t->path, "same", "ab", 2), 0);
	assert_int_equal(stat(path, &c), 0);
	assert_int_not_equal(b.st_ino, c.st_ino);
	assert_int_equal(c.st_size, 2);
	assert_int_equal(store_write(t->path, "same", "abd", 3), 0);
	assert_int_equal(stat(path, &b), 0);
	assert_int_not_equal(b.st_ino, c.st_ino);
}

static void test_names(void **state)
{
	const char *bad[] = { NULL, "", ".", "..", ".hidden", "a/b", "/abs", "../x", "x/" };
	struct tmpdir *t = *state;
	char *buf = NULL;
	size_t len;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(store_write(t->path, bad[i], "x", 1), -EINVAL);
		assert_int_equal(store_read(t->path, bad[i], &buf, &len, 10), -EINVAL);
		assert_int_equal(store_remove(t->path, bad[i]), -EINVAL);
	}
	assert_int_equal(store_write(NULL, "x", "x", 1), -EINVAL);
	assert_int_equal(store_write(t->path, "ok-name_1.txt", "x", 1), 0);
}

static void test_read_cap(void **state)
{
	const struct { size_t filelen, max; int ret; } cases[] = {
		{ 100, 99, -EFBIG }, { 100, 100, 0 }, { 100, 1000, 0 },
		{ 0, 0, 0 }, { 1, 0, -EFBIG }, { 5000, 4999, -EFBIG }, { 5000, 5000, 0 },
	};
	static char data[5000];
	struct tmpdir *t = *state;

	memset(data, 'z', sizeof(data));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *buf = NULL;
		size_t len = 0;

		assert_int_equal(store_write(t->path, "cap", data, cases[i].filelen), 0);
		assert_int_equal(store_read(t->path, "cap", &buf, &len, cases[i].max), cases[i].ret);
		if (cases[i].ret == 0) {
			assert_int_equal(len, cases[i].filelen);
			free(buf);
		} else {
			assert_null(buf);
		}
	}
}

static void test_missing_and_remove(void **state)
{
	struct tmpdir *t = *state;
	char *buf = NULL;
	size_t len;

	assert_int_equal(store_read(t->path, "nope", &buf, &len, 10), -ENOENT);
	assert_int_equal(store_remove(t->path, "nope"), 0);
	assert_int_equal(store_write(t->path, "gone", "1", 1), 0);
	assert_true(exists(t, "gone"));
	assert_int_equal(store_remove(t->path, "gone"), 0);
	assert_false(exists(t, "gone"));
	assert_int_equal(store_read(t->path, "gone", &buf, &len, 10), -ENOENT);
}

static void test_wipe(void **state)
{
	struct tmpdir *t = *state;
	char path[PATH_MAX];

	write_raw(t, "a", "1");
	write_raw(t, "b", "2");
	write_raw(t, ".b.tmp", "3");
	path_of(path, t, "sub");
	assert_int_equal(mkdir(path, 0700), 0);
	write_raw(t, "sub/c", "4");
	path_of(path, t, "link");
	assert_int_equal(symlink("sub/c", path), 0);
	assert_int_equal(store_wipe(t->path), 0);
	assert_false(exists(t, "a"));
	assert_false(exists(t, "b"));
	assert_false(exists(t, ".b.tmp"));
	assert_true(exists(t, "sub/c"));
	assert_true(exists(t, "link"));
	path_of(path, t, "missing");
	assert_int_equal(store_wipe(path), 0);
}

/* store.c's readdir, wrapped at link time (Makefile.am: -Wl,--wrap; a
 * 32-bit build with _FILE_OFFSET_BITS=64 calls readdir64): fails once with
 * readdir_error when that is set. */
static int readdir_error;

static bool readdir_fails(void)
{
	if (!readdir_error)
		return false;
	errno = readdir_error;
	readdir_error = 0;
	return true;
}

struct dirent *__real_readdir(DIR *d);
struct dirent *__wrap_readdir(DIR *d);
struct dirent64 *__real_readdir64(DIR *d);
struct dirent64 *__wrap_readdir64(DIR *d);

struct dirent *__wrap_readdir(DIR *d)
{
	return readdir_fails() ? NULL : __real_readdir(d);
}

struct dirent64 *__wrap_readdir64(DIR *d)
{
	return readdir_fails() ? NULL : __real_readdir64(d);
}

/* A readdir error is not the end of the directory: the files after it
 * are still there, and a factory reset must not report success. */
static void test_wipe_readdir_error(void **state)
{
	struct tmpdir *t = *state;

	write_raw(t, "a", "1");
	readdir_error = EIO;
	assert_int_equal(store_wipe(t->path), -EIO);
	assert_int_equal(readdir_error, 0);
	assert_true(exists(t, "a"));
	assert_int_equal(store_wipe(t->path), 0);
	assert_false(exists(t, "a"));
}

static void test_leftover_tmp(void **state)
{
	struct tmpdir *t = *state;
	char *buf = NULL;
	size_t len;

	/* a crash between writing the temp file and the rename */
	write_raw(t, "state", "old");
	write_raw(t, ".state.tmp", "half-writ");
	assert_int_equal(store_read(t->path, "state", &buf, &len, 100), 0);
	assert_string_equal(buf, "old");
	free(buf);
	assert_int_equal(store_write(t->path, "state", "new", 3), 0);
	assert_false(exists(t, ".state.tmp"));
	assert_int_equal(store_read(t->path, "state", &buf, &len, 100), 0);
	assert_string_equal(buf, "new");
	free(buf);
}

static void test_unwritable(void **state)
{
	struct tmpdir *t = *state;
	char path[PATH_MAX], *buf = NULL;
	size_t len;

	write_raw(t, "file", "x");
	path_of(path, t, "file");
	assert_int_equal(store_write(path, "a", "x", 1), -ENOTDIR);
	path_of(path, t, "nodir");
	assert_int_equal(store_write(path, "a", "x", 1), -ENOENT);
	/* the temp file's place is taken by a directory: the old file stays */
	write_raw(t, "kept", "old");
	path_of(path, t, ".kept.tmp");
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(store_write(t->path, "kept", "new", 3), -EISDIR);
	assert_int_equal(store_read(t->path, "kept", &buf, &len, 100), 0);
	assert_string_equal(buf, "old");
	free(buf);
	if (geteuid() != 0) {  /* root writes through permissions */
		assert_int_equal(chmod(t->path, 0500), 0);
		assert_int_equal(store_write(t->path, "ro", "x", 1), -EACCES);
		assert_int_equal(chmod(t->path, 0700), 0);
	}
}

static void test_init(void **state)
{
	struct tmpdir *t = *state;
	char path[PATH_MAX];
	struct stat st;

	path_of(path, t, "a/b//c/");
	assert_int_equal(store_init(path), 0);
	assert_int_equal(store_init(path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	write_raw(t, "f", "x");
	path_of(path, t, "f/sub");
	assert_int_equal(store_init(path), -ENOTDIR);
	path_of(path, t, "f");
	assert_int_equal(store_init(path), -ENOTDIR);
	assert_int_equal(store_init(""), -EINVAL);
}

static void test_kv_get(void **state)
{
	const struct { const char *text, *key, *want; } cases[] = {
		{ "a=1\nb=2\n", "a", "1" },
		{ "a=1\nb=2\n", "b", "2" },
		{ "a=1\nb=2", "b", "2" },              /* no final newline */
		{ "a=1\nb=2\n", "c", NULL },
		{ "ab=1\n", "a", NULL },               /* prefix is not a match */
		{ "a=\n", "a", "" },
		{ "a==x\n", "a", "=x" },
		{ "k=x\\ny\\tz\\\\\n", "k", "x\ny\tz\\" },
		{ "k=bad\\q\nk=good\n", "k", "good" }, /* bad escape: line skipped */
		{ "k=trail\\\n", "k", NULL },
		{ "k=1\nk=2\n", "k", "1" },            /* first wins */
		{ "junk\n\n=x\nk=v\n", "k", "v" },
		{ "", "k", NULL },
		{ "k=v", "", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *v = store_kv_get(cases[i].text, cases[i].key);

		if (!cases[i].want) {
			assert_null(v);
			continue;
		}
		assert_non_null(v);
		assert_string_equal(v, cases[i].want);
		free(v);
	}
	assert_null(store_kv_get(NULL, "k"));
}

static void test_kv_format(void **state)
{
	const struct { const char *key, *value; size_t size; const char *want; int ret; } cases[] = {
		{ "a", "1", 64, "a=1\n", 4 },
		{ "key", "x\ny\tz\\", 64, "key=x\\ny\\tz\\\\\n", 14 },
		{ "k", "", 64, "k=\n", 3 },
		{ "", "v", 64, "", -EINVAL },
		{ "a=b", "v", 64, "", -EINVAL },
		{ "a\nb", "v", 64, "", -EINVAL },
		{ "k", "0123456789", 13, "", -ENOSPC }, /* 13 bytes and the NUL */
		{ "k", "012345678", 13, "k=012345678\n", 12 },
		{ "long", "", 6, "", -ENOSPC },
		{ "long", "", 7, "long=\n", 6 },
	};
	char out[64], text[256];
	size_t used = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(store_kv_format(out, cases[i].size, cases[i].key, cases[i].value),
				 cases[i].ret);
		assert_string_equal(out, cases[i].want);
	}
	/* a file built line by line reads back */
	for (size_t i = 0; i < 3; i++) {
		int n = store_kv_format(text + used, sizeof(text) - used, cases[i].key,
					cases[i].value);

		assert_true(n > 0);
		used += (size_t)n;
	}
	for (size_t i = 0; i < 3; i++) {
		char *v = store_kv_get(text, cases[i].key);

		assert_non_null(v);
		assert_string_equal(v, cases[i].value);
		free(v);
	}
}

static void test_escape(void **state)
{
	const struct { const char *plain, *esc; } cases[] = {
		{ "", "" }, { "abc", "abc" }, { "a\tb", "a\\tb" }, { "\n", "\\n" },
		{ "\\", "\\\\" }, { "\\n", "\\\\n" }, { "x\n\t\\y", "x\\n\\t\\\\y" },
		{ "end\r", "end\\r" }, { "\r\n", "\\r\\n" },
	};
	const struct { const char *in; int ret; } bad[] = {
		{ "\\", -EINVAL }, { "\\x", -EINVAL }, { "a\tb", -EINVAL },
		{ "a\nb", -EINVAL }, { "0123456789abcdef", -ENOSPC },
	};
	char out[16];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(store_escape(out, sizeof(out), cases[i].plain),
				 (int)strlen(cases[i].esc));
		assert_string_equal(out, cases[i].esc);
		assert_int_equal(store_unescape(out, sizeof(out), cases[i].esc,
						strlen(cases[i].esc)), (int)strlen(cases[i].plain));
		assert_string_equal(out, cases[i].plain);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(store_unescape(out, sizeof(out), bad[i].in, strlen(bad[i].in)),
				 bad[i].ret);
	assert_int_equal(store_unescape(out, sizeof(out), "a\0b", 3), -EINVAL);
	assert_int_equal(store_escape(out, 4, "a\\b"), -ENOSPC);
	assert_int_equal(store_escape(out, 5, "a\\b"), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roundtrip, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_unchanged_not_rewritten, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_names, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_read_cap, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_missing_and_remove, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_wipe, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_wipe_readdir_error, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_leftover_tmp, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_unwritable, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_init, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test(test_kv_get),
		cmocka_unit_test(test_kv_format),
		cmocka_unit_test(test_escape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
