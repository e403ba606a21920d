/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fake data model plugins for the unit tests: a fresh /tmp directory
 * (the state dir) with plugins/ holding one shell script under the names
 * of real plugins (so the schema's plugin indexes apply), a loop, and a
 * "sim" platform that runs them with CWMPD_STATE_DIR set to the state dir.
 * By convention the scripts append to DIR/log and read how to behave from
 * DIR/mode-NAME. Failures are cmocka assertions.
 */
#ifndef CWMP_TEST_FAKEPLUG_H
#define CWMP_TEST_FAKEPLUG_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

#define FAKEPLUG_MAX 4

struct fakeplug {
	char dir[64];
	char plugins[128];
	char library[160];              /* the script fakeplug_library wrote, or "" */
	const char *names[FAKEPLUG_MAX];
	size_t n;
	struct config cfg;              /* plugin_dir, platform, state_dir */
	struct loop *loop;
	struct platform *platform;
};

/* Install script as each of the n (<= FAKEPLUG_MAX) names (kept, not
 * copied), make the loop and the platform. */
void fakeplug_setup(struct fakeplug *fp, const char *script, const char *const *names, size_t n);

/* Write script as name into the shell library beside the plugins
 * (DIR/lib; one script at most). */
void fakeplug_library(struct fakeplug *fp, const char *name, const char *script);

/* Free the platform and the loop (free what uses them first) and remove
 * the directory. */
void fakeplug_teardown(struct fakeplug *fp);

/* Write DIR/mode-NAME. */
void fakeplug_mode(struct fakeplug *fp, const char *name, const char *mode);

/* DIR/log so far (a static buffer), then cleared. */
const char *fakeplug_log(struct fakeplug *fp);

/* Run the loop until *calls is not 0 (20 s at most); it must be 1. */
void fakeplug_wait(struct fakeplug *fp, const int *calls);

/* The index of plugin name in dm_plugins (fails the test when none). */
uint16_t fakeplug_index(const char *name);

#endif
