/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The glue between a libcurl multi handle and the poll loop, shared by the
 * session client (http.c) and file transfers (transfer_http.c): the socket
 * and timer callbacks libcurl calls, the loop callbacks that hand events
 * back with curl_multi_socket_action, and the check for finished transfers.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>

#include "curl_loop.h"

/* One socket libcurl asked us to watch. */
struct curl_loop_sock {
	struct loop_fd fd;
	struct curl_loop *cl;
	struct curl_loop_sock *next;
};

/* Report the first finished transfer; cl may be gone after done_cb. */
static void check_done(struct curl_loop *cl)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(cl->multi, &left))) {
		if (m->msg == CURLMSG_DONE) {
			cl->done_cb(cl->ctx, m->easy_handle, m->data.result);
			return;
		}
	}
}

static void sock_event_cb(struct loop_fd *f, short revents)
{
	struct curl_loop_sock *s = container_of(f, struct curl_loop_sock, fd);
	struct curl_loop *cl = s->cl;   /* s may be freed by socket_action */
	int ev = 0, running;

	if (revents & (POLLIN | POLLHUP))
		ev |= CURL_CSELECT_IN;
	if (revents & POLLOUT)
		ev |= CURL_CSELECT_OUT;
	if (revents & (POLLERR | POLLNVAL))
		ev |= CURL_CSELECT_ERR;
	curl_multi_socket_action(cl->multi, f->fd, ev, &running);
	check_done(cl);
}

static void timer_fire_cb(struct loop_timer *t)
{
	struct curl_loop *cl = container_of(t, struct curl_loop, timer);
	int running;

	if (!cl->multi)
		return;
	curl_multi_socket_action(cl->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done(cl);
}

static void sock_free(struct curl_loop *cl, struct curl_loop_sock *s)
{
	struct curl_loop_sock **pp;

	for (pp = &cl->socks; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	loop_fd_del(cl->loop, &s->fd);
	free(s);
}

static struct curl_loop_sock *sock_new(struct curl_loop *cl, curl_socket_t fd)
{
	struct curl_loop_sock *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->fd.fd = fd;
	s->fd.cb = sock_event_cb;
	s->cl = cl;
	s->next = cl->socks;
	cl->socks = s;
	if (curl_multi_assign(cl->multi, fd, s) != CURLM_OK) {
		sock_free(cl, s);
		return NULL;
	}
	return s;
}

/* CURLMOPT_SOCKETFUNCTION: watch, re-watch or forget one socket. */
static int socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *sockp)
{
	struct curl_loop *cl = userp;
	struct curl_loop_sock *s = sockp;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (s)
			sock_free(cl, s);
		return 0;
	}
	if (!s)
		s = sock_new(cl, fd);
	if (!s)
		return -1;
	s->fd.events = (short)(((what & CURL_POLL_IN) ? POLLIN : 0) |
			       ((what & CURL_POLL_OUT) ? POLLOUT : 0));
	return loop_fd_add(cl->loop, &s->fd) == 0 ? 0 : -1;
}

/* CURLMOPT_TIMERFUNCTION: -1 cancels, 0 means as soon as possible. */
static int timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct curl_loop *cl = userp;

	(void)multi;
	if (timeout_ms < 0)
		loop_timer_cancel(cl->loop, &cl->timer);
	else
		loop_timer_set(cl->loop, &cl->timer, timeout_ms);
	return 0;
}

int curl_loop_init(struct curl_loop *cl, struct loop *l, curl_loop_done_cb done_cb, void *ctx)
{
	CURLM *m = curl_multi_init();
	int bad = 0;

	cl->multi = NULL;
	cl->loop = l;
	cl->timer.cb = timer_fire_cb;
	cl->socks = NULL;
	cl->done_cb = done_cb;
	cl->ctx = ctx;
	if (!m)
		return -ENOMEM;
	bad |= curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, socket_cb) != CURLM_OK;
	bad |= curl_multi_setopt(m, CURLMOPT_SOCKETDATA, cl) != CURLM_OK;
	bad |= curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, timer_cb) != CURLM_OK;
	bad |= curl_multi_setopt(m, CURLMOPT_TIMERDATA, cl) != CURLM_OK;
	if (bad) {
		curl_multi_cleanup(m);
		return -ENOMEM;
	}
	cl->multi = m;
	return 0;
}

void curl_loop_fini(struct curl_loop *cl)
{
	if (cl->multi)
		curl_multi_cleanup(cl->multi);  /* may still call socket_cb */
	cl->multi = NULL;
	while (cl->socks)
		sock_free(cl, cl->socks);
	if (cl->loop)
		loop_timer_cancel(cl->loop, &cl->timer);
}

int curl_loop_add(struct curl_loop *cl, CURL *easy)
{
	if (!cl->multi || !easy)
		return -EINVAL;
	return curl_multi_add_handle(cl->multi, easy) == CURLM_OK ? 0 : -ENOMEM;
}

void curl_loop_remove(struct curl_loop *cl, CURL *easy)
{
	if (cl->multi && easy)
		curl_multi_remove_handle(cl->multi, easy);
}
