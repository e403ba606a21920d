/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Running plugins: fork + execve(path, argv, envp) with a minimal
 * environment, data on stdin, stdout captured up to a cap, stderr logged
 * line by line with the plugin's name, and a time limit (SIGTERM, then
 * SIGKILL after a grace period). Everything runs in the poll loop; nothing
 * blocks. Never a shell string: argv holds a verb and paths only, and values
 * and secrets travel on stdin.
 */
#ifndef CWMP_PLUGIN_H
#define CWMP_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>

#include "loop.h"

#define PLUGIN_MAX_OUTPUT (8 * 1024 * 1024)
#define PLUGIN_KILL_GRACE_MS 1000
#define PLUGIN_DEFAULT_TIMEOUT_MS 30000

struct plugin_result {
	int err;            /* 0 (ran and exited), -ETIMEDOUT (killed at the
			       time limit), -E2BIG (stdout over the cap, killed),
			       -ENOENT/-EACCES (could not exec: execve's errno,
			       so also e.g. -ENOEXEC), -ECHILD (killed by a
			       signal we did not send), -ENOMEM (no memory for
			       the output; killed) */
	int exit_code;      /* when err == 0 */
	int signo;          /* when err == -ECHILD: the signal that killed it */
	bool not_run;       /* err is execve's error (even -E2BIG, -ENOMEM) */
	const char *out;    /* stdout, NUL-terminated; valid during the callback */
	size_t out_len;
};

struct plugin_call;

#define PLUGIN_RESULT_STR_MAX 96

/* What happened to a call, in words for the log: "exit status 0", "exit
 * status 1", "killed by signal 9", "killed at the time limit", "killed:
 * output over the cap", "killed: out of memory", or "cannot run: " and
 * execve's error. Never an errno text for an exit status (exit 1 is not
 * EPERM). Writes at most len bytes (PLUGIN_RESULT_STR_MAX is enough) to
 * buf and returns buf. */
const char *plugin_result_str(const struct plugin_result *r, char *buf, size_t len);

typedef void (*plugin_done_cb)(void *ctx, const struct plugin_result *r);

struct plugin_spec {
	const char *path;           /* executable */
	char *const *argv;          /* argv[0] should be the name; NULL-terminated */
	char *const *envp;          /* NULL-terminated; NULL = empty environment
				       plus PATH=/usr/sbin:/usr/bin:/sbin:/bin */
	const char *input;          /* copied; written to stdin, then stdin is
				       closed (a plugin may stop reading: EPIPE
				       is not an error) */
	size_t input_len;
	unsigned timeout_ms;        /* 0 = PLUGIN_DEFAULT_TIMEOUT_MS; at the limit
				       the process group gets SIGTERM, and
				       SIGKILL PLUGIN_KILL_GRACE_MS later */
	size_t max_output;          /* 0 = PLUGIN_MAX_OUTPUT */
	const char *name;           /* for the log; NULL: path's last component */
};

/*
 * Start a plugin. The child runs in its own process group with default
 * signal dispositions and only fds 0-2 open; all of spec is copied or used
 * before plugin_run returns. The callback runs exactly once, from the loop
 * (never from inside plugin_run), unless the call is cancelled: when the
 * child has exited and stdout is at EOF, or when it was killed. Lines on
 * stderr are logged (log_warn, "plugin NAME: line", 512 bytes and 100 lines
 * at most per call). On success returns 0 and, when handle is not NULL,
 * *handle for plugin_cancel; the handle is invalid once the callback starts
 * and the call frees itself after the callback. -errno if fork or pipe fail.
 */
int plugin_run(struct loop *l, const struct plugin_spec *spec,
	       plugin_done_cb cb, void *ctx, struct plugin_call **handle);

/* Kill the child's process group (SIGKILL), reap the child (waiting for the
 * kill to land), free the call and never call the callback. NULL is a no-op.
 * Not from inside the call's own callback. */
void plugin_cancel(struct plugin_call *call);

#endif
