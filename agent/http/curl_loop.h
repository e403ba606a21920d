/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A libcurl multi handle driven by our poll loop (the ephiperfifo pattern):
 * libcurl names the sockets to watch through its socket callback (one
 * loop_fd each, freed when libcurl says REMOVE) and when to call it back
 * through its timer callback (one loop_timer); we hand it the events with
 * curl_multi_socket_action and report a finished easy handle with
 * curl_multi_info_read. The user owns the easy handles and their options;
 * this owns only the multi handle and what the loop watches for it.
 */
#ifndef CWMP_CURL_LOOP_H
#define CWMP_CURL_LOOP_H

#include <curl/curl.h>

#include "loop.h"

/* A finished transfer: easy is still in the multi (curl_loop_remove it, or
 * curl_loop_fini), rc is its result. The callback may add and remove easy
 * handles, and may call curl_loop_fini and then free the memory holding
 * the curl_loop, or curl_loop_init it again. So it runs for the first
 * transfer that an event finishes and no more: run one transfer at a time
 * on a curl_loop (both users do). */
typedef void (*curl_loop_done_cb)(void *ctx, CURL *easy, CURLcode rc);

struct curl_loop_sock;

/* Embed it in the user's struct; zeroed (or after curl_loop_fini) it is
 * idle: curl_loop_fini on it is a no-op, curl_loop_init makes it work. */
struct curl_loop {
	CURLM *multi;                   /* NULL when idle; the user may set other
					   options (CURLMOPT_MAXCONNECTS...) but
					   not the socket and timer ones */
	struct loop *loop;              /* private from here on */
	struct loop_timer timer;        /* libcurl's one timeout */
	struct curl_loop_sock *socks;
	curl_loop_done_cb done_cb;
	void *ctx;
};

/* Make the multi handle and wire it to loop l; done_cb(ctx, ...) runs from
 * the loop once per finished easy handle. 0, or -ENOMEM (cl is left idle). */
int curl_loop_init(struct curl_loop *cl, struct loop *l, curl_loop_done_cb done_cb, void *ctx);

/* Close the multi handle (and with it its cached connections), stop
 * watching its sockets and its timer; then cl is idle. curl_loop_remove
 * the easy handles first: they stay their owner's to clean up. */
void curl_loop_fini(struct curl_loop *cl);

/* Start easy (the caller keeps owning it) on cl. 0, -EINVAL (cl idle or
 * easy NULL) or -ENOMEM. */
int curl_loop_add(struct curl_loop *cl, CURL *easy);
/* Take easy out of cl, finished or not: no done_cb for it. Safe on an idle
 * cl, a NULL easy, or one that was never added. */
void curl_loop_remove(struct curl_loop *cl, CURL *easy);

#endif
