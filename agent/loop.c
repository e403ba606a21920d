/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The poll() loop: one array of pollfds rebuilt when descriptors change, a
 * sorted list of timers, a list of watched children, and signals delivered
 * through a self-pipe so that handlers run in the loop, not in the signal
 * handler. No busy polling: poll() sleeps until the next timer.
 */
#define _GNU_SOURCE 1 /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"

#define LOOP_MAX_FDS 256

struct loop {
	struct loop_fd *fds[LOOP_MAX_FDS];
	size_t nfds;
	struct loop_timer *timers;     /* sorted by when_ms */
	struct loop_child *children;
	unsigned long timer_gen;       /* counts loop_timer_set calls */
	struct loop_fd sigfd;
	void (*signal_cb)(struct loop *l, int signo, void *ctx);
	void *signal_ctx;
	bool quit;
};

/* The write end of the self-pipe: the one global, because a signal handler
 * can reach nothing else. */
static int loop_sig_wfd = -1;

static void signal_handler(int signo)
{
	int saved = errno;
	unsigned char c = (unsigned char)signo;

	if (loop_sig_wfd >= 0 && write(loop_sig_wfd, &c, 1) < 0) {
		/* pipe full: the signal is already pending in it */
	}
	errno = saved;
}

int64_t loop_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void reap_children(struct loop *l)
{
	struct loop_child **pp = &l->children;

	while (*pp) {
		struct loop_child *c = *pp;
		int status;
		pid_t r = waitpid(c->pid, &status, WNOHANG);

		if (r == c->pid || (r < 0 && errno == ECHILD)) {
			*pp = c->next;
			c->next = NULL;
			c->cb(c, r == c->pid ? status : 0);
			pp = &l->children;      /* the callback may have changed the list */
			continue;
		}
		pp = &c->next;
	}
}

static void sigfd_cb(struct loop_fd *f, short revents)
{
	struct loop *l = container_of(f, struct loop, sigfd);
	unsigned char buf[64];
	ssize_t n;
	bool chld = false;

	while ((n = read(f->fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == SIGCHLD)
				chld = true;
			else if (l->signal_cb)
				l->signal_cb(l, buf[i], l->signal_ctx);
		}
	}
	if (chld)
		reap_children(l);
}

static int install_signals(void)
{
	static const int sigs[] = { SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGUSR1 };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = signal_handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) != 0)
			return -errno;
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

struct loop *loop_new(void)
{
	struct loop *l = calloc(1, sizeof(*l));
	int p[2];

	if (!l)
		return NULL;
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0) {
		free(l);
		return NULL;
	}
	loop_sig_wfd = p[1];
	l->sigfd.fd = p[0];
	l->sigfd.events = POLLIN;
	l->sigfd.cb = sigfd_cb;
	if (install_signals() != 0 || loop_fd_add(l, &l->sigfd) != 0) {
		loop_free(l);
		return NULL;
	}
	return l;
}

void loop_free(struct loop *l)
{
	if (!l)
		return;
	signal(SIGCHLD, SIG_DFL);
	if (l->sigfd.fd >= 0)
		close(l->sigfd.fd);
	if (loop_sig_wfd >= 0)
		close(loop_sig_wfd);
	loop_sig_wfd = -1;
	free(l);
}

void loop_set_signal_cb(struct loop *l, void (*cb)(struct loop *l, int signo, void *ctx),
			void *ctx)
{
	l->signal_cb = cb;
	l->signal_ctx = ctx;
}

int loop_fd_add(struct loop *l, struct loop_fd *f)
{
	if (f->registered)
		return 0;
	if (l->nfds >= LOOP_MAX_FDS)
		return -ENOMEM;
	l->fds[l->nfds++] = f;
	f->registered = true;
	return 0;
}

void loop_fd_del(struct loop *l, struct loop_fd *f)
{
	if (!f->registered)
		return;
	for (size_t i = 0; i < l->nfds; i++) {
		if (l->fds[i] == f) {
			l->fds[i] = l->fds[--l->nfds];
			l->fds[l->nfds] = NULL;
			break;
		}
	}
	f->registered = false;
}

void loop_timer_cancel(struct loop *l, struct loop_timer *t)
{
	struct loop_timer **pp;

	if (!t->pending)
		return;
	for (pp = &l->timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->next = NULL;
	t->pending = false;
}

void loop_timer_set(struct loop *l, struct loop_timer *t, int64_t ms)
{
	struct loop_timer **pp;

	loop_timer_cancel(l, t);
	t->when_ms = loop_now_ms() + (ms > 0 ? ms : 0);
	t->gen = ++l->timer_gen;
	for (pp = &l->timers; *pp && (*pp)->when_ms <= t->when_ms; pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
	t->pending = true;
}

int64_t loop_timer_remaining(struct loop *l, const struct loop_timer *t)
{
	int64_t left;

	(void)l;
	if (!t->pending)
		return -1;
	left = t->when_ms - loop_now_ms();
	return left > 0 ? left : 0;
}

void loop_child_add(struct loop *l, struct loop_child *c)
{
	c->next = l->children;
	l->children = c;
	/* The child may have exited before it was watched: look now. */
	unsigned char c_sig = SIGCHLD;
	if (loop_sig_wfd >= 0 && write(loop_sig_wfd, &c_sig, 1) < 0) {
		/* already pending */
	}
}

void loop_child_del(struct loop *l, struct loop_child *c)
{
	for (struct loop_child **pp = &l->children; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	c->next = NULL;
}

/* Fire the timers that were due when poll() returned (polled_ms) and
 * were armed before this pass: one a callback re-arms, or one that fell
 * due while a callback ran long, fires in the next iteration, after poll()
 * has seen the fds. So a plugin that finished in time is read, not killed,
 * when the loop itself was late (a slow fd callback). */
static void run_timers(struct loop *l, int64_t polled_ms)
{
	int64_t now = polled_ms;
	unsigned long gen = l->timer_gen;

	while (l->timers && l->timers->when_ms <= now && l->timers->gen <= gen) {
		struct loop_timer *t = l->timers;

		l->timers = t->next;
		t->next = NULL;
		t->pending = false;
		t->cb(t);
	}
}

static int next_timeout(struct loop *l, int max_wait_ms)
{
	int64_t wait;

	if (!l->timers)
		return max_wait_ms;
	wait = l->timers->when_ms - loop_now_ms();
	if (wait < 0)
		wait = 0;
	if (max_wait_ms >= 0 && wait > max_wait_ms)
		wait = max_wait_ms;
	return wait > 3600000 ? 3600000 : (int)wait;
}

int loop_run_once(struct loop *l, int max_wait_ms)
{
	struct pollfd pfd[LOOP_MAX_FDS];
	struct loop_fd *owner[LOOP_MAX_FDS];
	size_t n = l->nfds;
	int64_t polled_ms;
	int rc;

	for (size_t i = 0; i < n; i++) {
		owner[i] = l->fds[i];
		pfd[i].fd = owner[i]->fd;
		pfd[i].events = owner[i]->events;
		pfd[i].revents = 0;
	}
	rc = poll(pfd, n, next_timeout(l, max_wait_ms));
	if (rc < 0 && errno != EINTR)
		return -errno;
	polled_ms = loop_now_ms();
	for (size_t i = 0; rc > 0 && i < n; i++) {
		if (!pfd[i].revents)
			continue;
		/* A callback may have removed a later handle: check it is still there. */
		for (size_t j = 0; j < l->nfds; j++) {
			if (l->fds[j] == owner[i] && owner[i]->fd == pfd[i].fd) {
				owner[i]->cb(owner[i], pfd[i].revents);
				break;
			}
		}
	}
	run_timers(l, polled_ms);
	return 0;
}

int loop_run(struct loop *l)
{
	int rc = 0;

	l->quit = false;
	while (!l->quit && rc == 0)
		rc = loop_run_once(l, -1);
	return rc;
}

void loop_quit(struct loop *l)
{
	l->quit = true;
}
