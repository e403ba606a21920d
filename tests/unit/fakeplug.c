/* SPDX-License-Identifier: BSD-2-Clause */
/* Fake data model plugins for the unit tests (fakeplug.h). */
#define _GNU_SOURCE 1
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "fakeplug.h"
#include "loop.h"
#include "platform.h"
#include "schema.h"

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

void fakeplug_setup(struct fakeplug *fp, const char *script, const char *const *names, size_t n)
{
	char path[256];

	assert_true(n <= FAKEPLUG_MAX);
	memset(fp, 0, sizeof(*fp));
	snprintf(fp->dir, sizeof(fp->dir), "/tmp/cwmpd-fakeplug.XXXXXX");
	assert_non_null(mkdtemp(fp->dir));
	snprintf(fp->plugins, sizeof(fp->plugins), "%s/plugins", fp->dir);
	assert_int_equal(mkdir(fp->plugins, 0755), 0);
	for (size_t i = 0; i < n; i++) {
		fp->names[i] = names[i];
		snprintf(path, sizeof(path), "%s/%s", fp->plugins, names[i]);
		write_file(path, script, 0755);
	}
	fp->n = n;
	fp->loop = loop_new();
	assert_non_null(fp->loop);
	fp->cfg.plugin_dir = fp->plugins;
	fp->cfg.platform = "sim";
	fp->cfg.state_dir = fp->dir;
	fp->platform = platform_new(fp->loop, &fp->cfg);
	assert_non_null(fp->platform);
}

void fakeplug_library(struct fakeplug *fp, const char *name, const char *script)
{
	char dir[128];

	assert_true(fp->library[0] == '\0');
	snprintf(dir, sizeof(dir), "%s/lib", fp->dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(fp->library, sizeof(fp->library), "%s/%s", dir, name);
	write_file(fp->library, script, 0644);
}

void fakeplug_teardown(struct fakeplug *fp)
{
	char path[256];

	platform_free(fp->platform);
	loop_free(fp->loop);
	if (fp->library[0]) {
		unlink(fp->library);
		snprintf(path, sizeof(path), "%s/lib", fp->dir);
		rmdir(path);
	}
	for (size_t i = 0; i < fp->n; i++) {
		snprintf(path, sizeof(path), "%s/%s", fp->plugins, fp->names[i]);
		unlink(path);
		snprintf(path, sizeof(path), "%s/mode-%s", fp->dir, fp->names[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/log", fp->dir);
	unlink(path);
	rmdir(fp->plugins);
	rmdir(fp->dir);
}

void fakeplug_mode(struct fakeplug *fp, const char *name, const char *mode)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/mode-%s", fp->dir, name);
	write_file(path, mode, 0644);
}

const char *fakeplug_log(struct fakeplug *fp)
{
	static char text[4096];
	char path[256];
	FILE *f;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/log", fp->dir);
	f = fopen(path, "r");
	if (f) {
		n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
	}
	text[n] = '\0';
	unlink(path);
	return text;
}

void fakeplug_wait(struct fakeplug *fp, const int *calls)
{
	for (int i = 0; i < 400 && *calls == 0; i++)
		loop_run_once(fp->loop, 50);
	assert_int_equal(*calls, 1);
}

uint16_t fakeplug_index(const char *name)
{
	for (size_t i = 1; i < dm_plugins_len; i++)
		if (strcmp(dm_plugins[i], name) == 0)
			return (uint16_t)i;
	fail_msg("no plugin %s in the schema", name);
	return 0;
}
