/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The platform boundary: everything cwmpd asks of the device goes through
 * here, as a plugin run from cpe.plugin_dir (OpenWrt or sim, by
 * cpe.platform). The plugins' environment (CWMPD_PLATFORM,
 * CWMPD_STATE_DIR, CWMPD_LIB, CWMPD_PLUGIN_DIR, PATH) is built in one
 * place, at creation and again at platform_config. The verbs:
 *
 *   system identity | reboot | factory-reset
 *   firmware firmware-apply FILE | config-apply FILE | upload-export FILE
 *   PLUGIN get PREFIX... | set | add TABLE. N | delete OBJ. | apply | revert
 *          | apply-deferred
 *   batch.sh get NAME PREFIX... [NAME PREFIX...]...   (the shell library's
 *          batch runner, run as `/bin/sh LIB/batch.sh`: cwmp.sh, "Batches")
 *
 * Each call runs in the poll loop with its own time limit (plugin.h: argv
 * holds the verb and paths only; values and secrets go on stdin).
 */
#ifndef CWMP_PLATFORM_H
#define CWMP_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "loop.h"
#include "plugin.h"

#define PLATFORM_ARGS_MAX 64

struct platform;

struct platform_call {
	const char *plugin;             /* "system", "firmware", a data model plugin;
					   with library, a script of the library */
	bool library;                   /* run `/bin/sh <lib dir>/<plugin>` */
	const char *const *args;        /* the verb, then arguments; NULL-terminated,
					   at most PLATFORM_ARGS_MAX */
	const char *input;              /* stdin (copied), or NULL */
	size_t input_len;
	unsigned timeout_ms;            /* 0: PLUGIN_DEFAULT_TIMEOUT_MS */
	size_t max_output;              /* 0: PLUGIN_MAX_OUTPUT */
};

/* A platform reading cfg (which must stay alive until the next
 * platform_config or platform_free). NULL on allocation failure. Free with
 * platform_free (NULL is a no-op). */
struct platform *platform_new(struct loop *l, const struct config *cfg);
void platform_free(struct platform *p);

/* Use cfg from now on (a new or reloaded config): the environment is
 * built again. */
void platform_config(struct platform *p, const struct config *cfg);

/* Run c as plugin_run does (cb, ctx and handle as there). 0, -EINVAL for a
 * bad call (no verb, too many arguments, a plugin name with '/'),
 * -ENAMETOOLONG, or plugin_run's -errno. Failures are logged. */
int platform_run(struct platform *p, const struct platform_call *c, plugin_done_cb cb,
		 void *ctx, struct plugin_call **handle);

/* The shell library of p's plugins has script (a readable file). */
bool platform_has_library(const struct platform *p, const char *script);

/* The plugins' shell library beside plugin_dir ("<dir>/../lib"), for
 * CWMPD_LIB. A new string the caller frees, or NULL. */
char *platform_lib_dir(const char *plugin_dir);

#endif
