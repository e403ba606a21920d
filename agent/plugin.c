/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Running one plugin: four CLOEXEC pipes (stdin, stdout, stderr and a status
 * pipe that carries execve's errno back), fork, and in the child a clean
 * slate (own process group, default signals, only fds 0-2) before execve.
 * The parent drives everything from the loop: it feeds stdin in chunks,
 * collects stdout up to a cap, logs stderr line by line, kills the whole
 * process group at the time limit (SIGTERM, then SIGKILL), and calls back
 * once when the child has exited and stdout is done (or it was killed).
 */
#define _GNU_SOURCE 1 /* pipe2, F_DUPFD_CLOEXEC */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "plugin.h"
#include "xbuf.h"

#define LINE_MAX_LOG 512        /* stderr bytes logged per line */
#define LINES_MAX_LOG 100       /* stderr lines logged per call */
#define CHUNK 16384             /* bytes per read() */
#define READS_PER_CB 64         /* read()s per callback, so others get a turn */
#define STDERR_DRAIN 65536      /* stderr bytes read after the end */
#define FD_SCAN_MAX 65536       /* close() loop bound without close_range */

enum { P_IN, P_OUT, P_ERR, P_STATUS, P_COUNT };

struct plugin_call {
	struct loop *loop;
	plugin_done_cb cb;
	void *ctx;
	pid_t pid;
	int status_fd;              /* read end of the exec status pipe */
	struct loop_fd in, out, err;
	struct loop_timer timer;
	struct loop_child child;
	unsigned grace_ms;
	char *input;                /* our copy, freed once written */
	size_t input_len, input_off;
	struct xbuf output;
	int fail;                   /* why we killed it: -ETIMEDOUT, -E2BIG, -ENOMEM */
	int wstatus;
	bool exited, out_done, term_sent, killed;
	char line[LINE_MAX_LOG + 1];
	size_t line_len;
	unsigned lines_logged, lines_dropped;
	char name[64];
};

static char *const default_envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };

/* ---- the child --------------------------------------------------------- */

static void child_reset_signals(void)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
}

static void child_close_from(int lowfd)
{
	long max;

#ifdef SYS_close_range
	if (syscall(SYS_close_range, (unsigned)lowfd, ~0U, 0) == 0)
		return;
#endif
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > FD_SCAN_MAX)
		max = FD_SCAN_MAX;
	for (long fd = lowfd; fd < max; fd++)
		close((int)fd);
}

/* Never returns. Only async-signal-safe calls from here on. */
__attribute__((noreturn))
static void child_exec(const struct plugin_spec *spec, int p[P_COUNT][2])
{
	char *const fallback_argv[] = { (char *)spec->path, NULL };
	int sfd = p[P_STATUS][1];
	int err;

	setpgid(0, 0);
	child_reset_signals();
	if (dup2(p[P_IN][0], 0) < 0 || dup2(p[P_OUT][1], 1) < 0 || dup2(p[P_ERR][1], 2) < 0)
		goto fail;
	if (sfd != 3) {
		if (dup2(sfd, 3) < 0 || fcntl(3, F_SETFD, FD_CLOEXEC) < 0)
			goto fail;
		sfd = 3;
	}
	child_close_from(4);
	execve(spec->path, spec->argv ? spec->argv : fallback_argv,
	       spec->envp ? spec->envp : default_envp);
fail:
	err = errno;
	if (write(sfd, &err, sizeof(err)) < 0)
		err = 0;
	_exit(127);
}

/* ---- pipes ------------------------------------------------------------- */

/* The end of pipe i that the parent keeps. */
static int parent_end(int i)
{
	return i == P_IN ? 1 : 0;
}

/* Close the child's ends, and the parent's too when all is true. */
static void pipes_close(int p[P_COUNT][2], bool all)
{
	for (int i = 0; i < P_COUNT; i++)
		for (int j = 0; j < 2; j++)
			if (p[i][j] >= 0 && (all || j != parent_end(i))) {
				close(p[i][j]);
				p[i][j] = -1;
			}
}

/* Move fd above 2 so that dup2 onto 0-2 in the child cannot clobber it. */
static int fd_raise(int *fd)
{
	int nfd;

	if (*fd > 2)
		return 0;
	nfd = fcntl(*fd, F_DUPFD_CLOEXEC, 3);
	if (nfd < 0)
		return -errno;
	close(*fd);
	*fd = nfd;
	return 0;
}

static int pipes_open(int p[P_COUNT][2])
{
	int rc = 0;

	for (int i = 0; i < P_COUNT; i++)
		p[i][0] = p[i][1] = -1;
	for (int i = 0; i < P_COUNT && rc == 0; i++) {
		if (pipe2(p[i], O_CLOEXEC) != 0)
			rc = -errno;
		if (rc == 0)
			rc = fd_raise(&p[i][0]);
		if (rc == 0)
			rc = fd_raise(&p[i][1]);
		if (rc == 0 && fcntl(p[i][parent_end(i)], F_SETFL, O_NONBLOCK) != 0)
			rc = -errno;
	}
	if (rc != 0)
		pipes_close(p, true);
	return rc;
}

/* ---- killing and cleaning up ------------------------------------------- */

static void kill_group(struct plugin_call *c, int sig)
{
	if (kill(-c->pid, sig) != 0 && !c->exited)
		kill(c->pid, sig);
}

static void fd_drop(struct plugin_call *c, struct loop_fd *f)
{
	if (f->fd < 0)
		return;
	if (f->cb)
		loop_fd_del(c->loop, f);
	close(f->fd);
	f->fd = -1;
}

static void call_detach(struct plugin_call *c)
{
	fd_drop(c, &c->in);
	fd_drop(c, &c->out);
	fd_drop(c, &c->err);
	loop_timer_cancel(c->loop, &c->timer);
	if (c->child.cb && !c->exited)
		loop_child_del(c->loop, &c->child);
	if (c->status_fd >= 0)
		close(c->status_fd);
	c->status_fd = -1;
}

static void call_free(struct plugin_call *c)
{
	free(c->input);
	xbuf_fini(&c->output);
	free(c);
}

static void reap(pid_t pid)
{
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* ---- stderr ------------------------------------------------------------ */

static void err_flush(struct plugin_call *c)
{
	if (c->line_len == 0)
		return;
	c->line[c->line_len] = '\0';
	c->line_len = 0;
	if (c->lines_logged >= LINES_MAX_LOG) {
		c->lines_dropped++;
		return;
	}
	c->lines_logged++;
	log_warn("plugin %s: %s", c->name, c->line);
}

static void err_feed(struct plugin_call *c, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch == '\n')
			err_flush(c);
		else if (c->line_len < LINE_MAX_LOG)
			c->line[c->line_len++] = (ch < 0x20 || ch == 0x7f) ? '?' : (char)ch;
	}
}

/* Read what stderr holds, up to max bytes. Returns true at EOF or error. */
static bool err_read(struct plugin_call *c, size_t max)
{
	char buf[CHUNK];
	size_t total = 0;

	while (total < max) {
		ssize_t n = read(c->err.fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return false;
		if (n <= 0)
			return true;
		err_feed(c, buf, (size_t)n);
		total += (size_t)n;
	}
	return false;
}

static void err_cb(struct loop_fd *f, short revents)
{
	struct plugin_call *c = container_of(f, struct plugin_call, err);

	if (err_read(c, READS_PER_CB * CHUNK)) {
		err_flush(c);
		fd_drop(c, &c->err);
	}
}

static void err_finish(struct plugin_call *c)
{
	if (c->err.fd >= 0)
		err_read(c, STDERR_DRAIN);
	err_flush(c);
	if (c->lines_dropped)
		log_warn("plugin %s: %u more stderr lines not logged", c->name,
			 c->lines_dropped);
}

/* ---- the end ----------------------------------------------------------- */

/* errno of a failed execve, 0 when the exec worked. */
static int exec_errno(struct plugin_call *c)
{
	int err = 0;

	if (c->status_fd < 0 || read(c->status_fd, &err, sizeof(err)) != sizeof(err))
		return 0;
	return err > 0 ? err : EIO;
}

static void result_fill(struct plugin_call *c, struct plugin_result *r)
{
	int err = exec_errno(c);

	r->out = c->output.data ? c->output.data : "";
	r->out_len = c->output.data ? c->output.len : 0;
	r->not_run = err != 0;
	if (err)
		r->err = -err;
	else if (c->fail)
		r->err = c->fail;
	else if (WIFEXITED(c->wstatus))
		r->exit_code = WEXITSTATUS(c->wstatus);
	else
		r->err = -ECHILD;
	if (r->err == -ECHILD && WIFSIGNALED(c->wstatus))
		r->signo = WTERMSIG(c->wstatus);
}

const char *plugin_result_str(const struct plugin_result *r, char *buf, size_t len)
{
	if (r->not_run) {
		snprintf(buf, len, "cannot run: %s", strerror(-r->err));
		return buf;
	}
	switch (r->err) {
	case 0:
		snprintf(buf, len, "exit status %d", r->exit_code);
		break;
	case -ECHILD:
		snprintf(buf, len, "killed by signal %d", r->signo);
		break;
	case -ETIMEDOUT:
		snprintf(buf, len, "killed at the time limit");
		break;
	case -E2BIG:
		snprintf(buf, len, "killed: output over the cap");
		break;
	case -ENOMEM:
		snprintf(buf, len, "killed: out of memory");
		break;
	default:
		snprintf(buf, len, "failed: %s", strerror(-r->err));
		break;
	}
	return buf;
}

static void finish(struct plugin_call *c)
{
	struct plugin_result r = { 0 };

	err_finish(c);
	result_fill(c, &r);
	if (r.err == -ETIMEDOUT)
		log_warn("plugin %s: killed at the time limit", c->name);
	else if (r.err == -E2BIG)
		log_warn("plugin %s: output over %zu bytes, killed", c->name, c->output.cap);
	call_detach(c);
	c->cb(c->ctx, &r);
	call_free(c);
}

/* Done when the child has exited and stdout is at EOF, or when we killed it
 * (a grandchild in another process group may hold stdout forever). */
static void maybe_finish(struct plugin_call *c)
{
	if (c->exited && (c->out_done || c->killed))
		finish(c);
}

static void kill_now(struct plugin_call *c, int why)
{
	if (!c->fail)
		c->fail = why;
	kill_group(c, SIGKILL);
	c->killed = true;
}

/* ---- stdin, stdout, timer, child --------------------------------------- */

static void in_cb(struct loop_fd *f, short revents)
{
	struct plugin_call *c = container_of(f, struct plugin_call, in);

	while (c->input_off < c->input_len && !(revents & (POLLERR | POLLNVAL))) {
		size_t left = c->input_len - c->input_off;
		ssize_t n = write(f->fd, c->input + c->input_off, left < CHUNK ? left : CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n < 0)
			break;          /* EPIPE: the plugin does not want the rest */
		c->input_off += (size_t)n;
	}
	fd_drop(c, &c->in);
	free(c->input);
	c->input = NULL;
}

static void out_done(struct plugin_call *c)
{
	fd_drop(c, &c->out);
	c->out_done = true;
	maybe_finish(c);
}

static void out_cb(struct loop_fd *f, short revents)
{
	struct plugin_call *c = container_of(f, struct plugin_call, out);
	char buf[CHUNK];

	for (int i = 0; i < READS_PER_CB; i++) {
		ssize_t n = read(f->fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n > 0 && xbuf_add(&c->output, buf, (size_t)n) == 0)
			continue;
		if (n > 0)
			kill_now(c, xbuf_error(&c->output));
		out_done(c);
		return;
	}
}

static void timer_cb(struct loop_timer *t)
{
	struct plugin_call *c = container_of(t, struct plugin_call, timer);

	if (!c->term_sent) {
		c->term_sent = true;
		if (!c->fail)
			c->fail = -ETIMEDOUT;
		kill_group(c, SIGTERM);
		loop_timer_set(c->loop, &c->timer, c->grace_ms);
		return;
	}
	kill_now(c, -ETIMEDOUT);
	maybe_finish(c);
}

static void child_cb(struct loop_child *ch, int wstatus)
{
	struct plugin_call *c = container_of(ch, struct plugin_call, child);

	c->exited = true;
	c->wstatus = wstatus;
	maybe_finish(c);
}

/* ---- starting ---------------------------------------------------------- */

static struct plugin_call *call_new(const struct plugin_spec *spec)
{
	struct plugin_call *c = calloc(1, sizeof(*c));
	const char *slash = strrchr(spec->path, '/');

	if (!c)
		return NULL;
	if (spec->input_len) {
		c->input = malloc(spec->input_len);
		if (!c->input) {
			free(c);
			return NULL;
		}
		memcpy(c->input, spec->input, spec->input_len);
	}
	c->input_len = spec->input_len;
	c->status_fd = c->in.fd = c->out.fd = c->err.fd = -1;
	snprintf(c->name, sizeof(c->name), "%s",
		 spec->name ? spec->name : slash ? slash + 1 : spec->path);
	xbuf_init(&c->output, spec->max_output ? spec->max_output : PLUGIN_MAX_OUTPUT);
	return c;
}

static int fd_watch(struct plugin_call *c, struct loop_fd *f, int fd, short events,
		    void (*cb)(struct loop_fd *, short))
{
	f->fd = fd;
	f->events = events;
	f->cb = cb;
	if (loop_fd_add(c->loop, f) == 0)
		return 0;
	f->cb = NULL;           /* not in the loop: fd_drop only closes it */
	return -ENOMEM;
}

/* Hook the parent's pipe ends into the loop. 0 or -ENOMEM. */
static int call_watch(struct plugin_call *c, const struct plugin_spec *spec,
		      int p[P_COUNT][2])
{
	int rc;

	c->status_fd = p[P_STATUS][0];
	c->in.fd = p[P_IN][1];
	c->out.fd = p[P_OUT][0];
	c->err.fd = p[P_ERR][0];
	rc = fd_watch(c, &c->out, c->out.fd, POLLIN, out_cb);
	if (rc == 0)
		rc = fd_watch(c, &c->err, c->err.fd, POLLIN, err_cb);
	if (rc == 0 && c->input_len)
		rc = fd_watch(c, &c->in, c->in.fd, POLLOUT, in_cb);
	else if (rc == 0)
		fd_drop(c, &c->in);
	c->timer.cb = timer_cb;
	loop_timer_set(c->loop, &c->timer,
		       spec->timeout_ms ? spec->timeout_ms : PLUGIN_DEFAULT_TIMEOUT_MS);
	c->child.pid = c->pid;
	c->child.cb = child_cb;
	loop_child_add(c->loop, &c->child);
	return rc;
}

int plugin_run(struct loop *l, const struct plugin_spec *spec,
	       plugin_done_cb cb, void *ctx, struct plugin_call **handle)
{
	int p[P_COUNT][2];
	struct plugin_call *c = call_new(spec);
	int rc;

	if (!c)
		return -ENOMEM;
	c->loop = l;
	c->cb = cb;
	c->ctx = ctx;
	c->grace_ms = PLUGIN_KILL_GRACE_MS;
	rc = pipes_open(p);
	if (rc != 0)
		goto out;
	c->pid = fork();
	if (c->pid < 0) {
		rc = -errno;
		pipes_close(p, true);
		goto out;
	}
	if (c->pid == 0)
		child_exec(spec, p);
	setpgid(c->pid, c->pid);
	pipes_close(p, false);
	rc = call_watch(c, spec, p);
	if (rc != 0) {
		plugin_cancel(c);
		c = NULL;
	}
out:
	if (rc != 0 && c)
		call_free(c);
	if (rc == 0 && handle)
		*handle = c;
	return rc;
}

void plugin_cancel(struct plugin_call *call)
{
	if (!call)
		return;
	kill_group(call, SIGKILL);
	call_detach(call);
	if (!call->exited)
		reap(call->pid);
	call_free(call);
}
