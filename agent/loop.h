/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one poll() loop: file descriptors, timers, child processes and signals.
 * Handles are owned by the caller (embed them in your struct and use
 * container_of in the callback); the loop only links them. No threads.
 */
#ifndef CWMP_LOOP_H
#define CWMP_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

struct loop;

struct loop_fd {
	int fd;
	short events;                       /* POLLIN | POLLOUT */
	void (*cb)(struct loop_fd *f, short revents);
	bool registered;                    /* private */
};

struct loop_timer {
	void (*cb)(struct loop_timer *t);
	int64_t when_ms;                    /* private: monotonic deadline */
	bool pending;                       /* private */
	unsigned long gen;                  /* private: when it was armed */
	struct loop_timer *next;            /* private */
};

struct loop_child {
	pid_t pid;
	void (*cb)(struct loop_child *c, int wstatus);
	struct loop_child *next;            /* private */
};

/* Returns a new loop (caller frees with loop_free) or NULL. Installs the
 * signal handlers for SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGUSR1 and ignores
 * SIGPIPE. Only one loop may exist in a process. */
struct loop *loop_new(void);
void loop_free(struct loop *l);

/* Called from the loop (never from the signal handler) for SIGTERM, SIGINT,
 * SIGHUP and SIGUSR1. */
void loop_set_signal_cb(struct loop *l, void (*cb)(struct loop *l, int signo, void *ctx),
			void *ctx);

/* Add a descriptor; 0 or -ENOMEM. To change the events of a registered
 * one, set f->events: the next poll() uses them. */
int loop_fd_add(struct loop *l, struct loop_fd *f);
void loop_fd_del(struct loop *l, struct loop_fd *f);

/* (Re)arm a timer ms milliseconds from now; cancelling an idle one is a no-op.
 * A timer armed from a timer callback fires in a later iteration, never in
 * the same pass. */
void loop_timer_set(struct loop *l, struct loop_timer *t, int64_t ms);
void loop_timer_cancel(struct loop *l, struct loop_timer *t);
/* Milliseconds until it fires, or -1 when not pending. */
int64_t loop_timer_remaining(struct loop *l, const struct loop_timer *t);

/* Watch a child (c->pid set by the caller); c->cb gets waitpid's status. */
void loop_child_add(struct loop *l, struct loop_child *c);
void loop_child_del(struct loop *l, struct loop_child *c);

/* Monotonic clock in milliseconds. */
int64_t loop_now_ms(void);

/* Run until loop_quit(). Returns 0, or a negative errno if poll() fails. */
int loop_run(struct loop *l);
void loop_quit(struct loop *l);

/* Run a single iteration, waiting at most max_wait_ms (tests use this). */
int loop_run_once(struct loop *l, int max_wait_ms);

#endif
