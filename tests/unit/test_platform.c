/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * platform.c, the one way to the device: a plugin run gets the verb and
 * arguments in argv and exactly the environment built from the config
 * (CWMPD_PLATFORM, CWMPD_STATE_DIR, CWMPD_LIB, CWMPD_PLUGIN_DIR, PATH),
 * also after platform_config; stdin arrives; bad calls are refused before
 * anything runs; the shell library sits beside the plugin directory, and
 * its scripts run under /bin/sh.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

#include "config.h"
#include "log.h"
#include "loop.h"
#include "platform.h"

static const char fake[] =
	"#!/bin/sh\n"
	"printf '%s|' \"$0\" \"$@\"\n"
	"echo\n"
	"env | sort\n"
	"cat\n";

struct fx {
	char dir[64], plugins[96];
	struct loop *l;
	struct config cfg;
	struct platform *p;
	char *out;
	int calls;
};

static void done_cb(void *ctx, const struct plugin_result *r)
{
	struct fx *f = ctx;

	f->calls++;
	free(f->out);
	f->out = r->err == 0 ? strndup(r->out, r->out_len) : NULL;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char path[160];
	FILE *fp;

	if (!f)
		return -1;
	log_set_level(LOG_LVL_ERR);
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_platform.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->plugins, sizeof(f->plugins), "%s/plugins", f->dir);
	mkdir(f->plugins, 0700);
	snprintf(path, sizeof(path), "%s/system", f->plugins);
	fp = fopen(path, "w");
	if (!fp)
		return -1;
	fputs(fake, fp);
	fclose(fp);
	chmod(path, 0755);
	f->cfg.plugin_dir = f->plugins;
	f->cfg.platform = "sim";
	f->cfg.state_dir = f->dir;
	f->l = loop_new();
	f->p = platform_new(f->l, &f->cfg);
	*state = f;
	return f->l && f->p ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char path[160];

	platform_free(f->p);
	loop_free(f->l);
	free(f->out);
	snprintf(path, sizeof(path), "%s/system", f->plugins);
	unlink(path);
	rmdir(f->plugins);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void run(struct fx *f, const struct platform_call *c)
{
	f->calls = 0;
	assert_int_equal(platform_run(f->p, c, done_cb, f, NULL), 0);
	for (int i = 0; i < 500 && !f->calls; i++)
		loop_run_once(f->l, 10);
	assert_int_equal(f->calls, 1);
	assert_non_null(f->out);
}

static void test_argv_env_stdin(void **state)
{
	struct fx *f = *state;
	const char *args[] = { "identity", "x y", NULL };
	const struct platform_call c = { .plugin = "system", .args = args,
					 .input = "secret\n", .input_len = 7 };
	char want[256];

	run(f, &c);
	snprintf(want, sizeof(want), "%s/system|identity|x y|\n", f->plugins);
	assert_memory_equal(f->out, want, strlen(want));
	assert_non_null(strstr(f->out, "CWMPD_PLATFORM=sim\n"));
	snprintf(want, sizeof(want), "CWMPD_STATE_DIR=%s\n", f->dir);
	assert_non_null(strstr(f->out, want));
	snprintf(want, sizeof(want), "CWMPD_LIB=%s/lib\n", f->dir);
	assert_non_null(strstr(f->out, want));
	snprintf(want, sizeof(want), "CWMPD_PLUGIN_DIR=%s\n", f->plugins);
	assert_non_null(strstr(f->out, want));
	assert_non_null(strstr(f->out, "PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"));
	assert_null(strstr(f->out, "HOME="));           /* nothing else */
	assert_non_null(strstr(f->out, "secret\n"));      /* stdin, never argv */

	f->cfg.platform = "openwrt";
	platform_config(f->p, &f->cfg);
	run(f, &c);
	assert_non_null(strstr(f->out, "CWMPD_PLATFORM=openwrt\n"));
}

static void test_bad_calls(void **state)
{
	struct fx *f = *state;
	const char *none[] = { NULL };
	const char *many[PLATFORM_ARGS_MAX + 2];
	const char *verb[] = { "get", NULL };

	for (size_t i = 0; i < PLATFORM_ARGS_MAX + 1; i++)
		many[i] = "a";
	many[PLATFORM_ARGS_MAX + 1] = NULL;
	assert_int_equal(platform_run(f->p, &(struct platform_call){ .plugin = "system",
			 .args = none }, done_cb, f, NULL), -EINVAL);
	assert_int_equal(platform_run(f->p, &(struct platform_call){ .plugin = "system",
			 .args = many }, done_cb, f, NULL), -EINVAL);
	assert_int_equal(platform_run(f->p, &(struct platform_call){ .plugin = "../system",
			 .args = verb }, done_cb, f, NULL), -EINVAL);
	assert_int_equal(platform_run(f->p, &(struct platform_call){ .plugin = "",
			 .args = verb }, done_cb, f, NULL), -EINVAL);
	assert_int_equal(f->calls, 0);
}

/* A script of the library: `/bin/sh LIB/NAME ARGS`, whatever its mode. */
static void test_library(void **state)
{
	struct fx *f = *state;
	const char *args[] = { "get", "x", NULL };
	const struct platform_call c = { .plugin = "probe.sh", .library = true, .args = args };
	char path[160], want[256];
	FILE *fp;

	assert_false(platform_has_library(f->p, "probe.sh"));
	snprintf(path, sizeof(path), "%s/lib", f->dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/lib/probe.sh", f->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(fake, fp);
	fclose(fp);
	chmod(path, 0644);
	assert_true(platform_has_library(f->p, "probe.sh"));
	assert_false(platform_has_library(f->p, "../plugins/system"));
	run(f, &c);
	snprintf(want, sizeof(want), "%s|get|x|\n", path);
	assert_memory_equal(f->out, want, strlen(want));
	unlink(path);
	snprintf(path, sizeof(path), "%s/lib", f->dir);
	rmdir(path);
}

static void test_lib_dir(void **state)
{
	static const char *const v[][2] = {
		{ "/usr/lib/cwmpd/plugins", "/usr/lib/cwmpd/lib" },
		{ "/usr/lib/cwmpd/plugins/", "/usr/lib/cwmpd/lib" },
		{ "plugins", "lib" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *d = platform_lib_dir(v[i][0]);

		assert_string_equal(d, v[i][1]);
		free(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_argv_env_stdin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_calls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_library, setup, teardown),
		cmocka_unit_test(test_lib_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
