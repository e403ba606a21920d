/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What must not be cut short -- a plugin applying a data model write or a
 * downloaded file, the platform's reboot or factory reset -- and the
 * shutdown that waits for it: the one owner of "exit once idle". A part
 * that starts such a run calls busy_enter, and busy_leave when it ended
 * (whatever the outcome). SIGTERM calls busy_quit: the loop quits at once
 * when nothing runs, else when the last run leaves. When the last run
 * leaves without a shutdown waiting, the idle listener is told (a reboot
 * that waited for an apply runs then).
 */
#ifndef CWMP_BUSY_H
#define CWMP_BUSY_H

#include <stdbool.h>

#include "loop.h"

typedef void (*busy_idle_cb)(void *ctx);

struct busy {
	struct loop *loop;
	unsigned runs;                  /* critical runs now */
	bool quitting;                  /* busy_quit came */
	busy_idle_cb idle;              /* busy_on_idle; NULL: nobody */
	void *idle_ctx;
};

void busy_init(struct busy *b, struct loop *l);
void busy_on_idle(struct busy *b, busy_idle_cb cb, void *ctx);

void busy_enter(struct busy *b);
void busy_leave(struct busy *b);

/* Something critical runs now. */
bool busy_active(const struct busy *b);

/* A shutdown is waiting: start nothing new that would delay it. */
bool busy_quitting(const struct busy *b);

/* Quit the loop once idle (now when nothing runs). Returns true when it
 * has to wait. */
bool busy_quit(struct busy *b);

#endif
