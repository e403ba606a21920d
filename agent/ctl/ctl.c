/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cwmpctl's control socket (ctl.h): the listening socket, a fixed table
 * of CTL_MAX_CONNS connections driven by the poll loop, and the request's
 * framing and parsing. A connection reads its request (READ), hands it to
 * the commands and waits for their answer without reading more (WORK),
 * writes "STATUS\n" and the output (WRITE) and is closed. A client that
 * hangs up during WORK is forgotten; its command runs on to its end.
 */
#define _GNU_SOURCE 1   /* accept4, struct ucred */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "ctl.h"
#include "ctl_proto.h"
#include "log.h"
#include "pluginio.h"
#include "unix_listen.h"

#define CTL_ACCEPT_BATCH 8
#define CTL_PAUSE_MS 1000               /* accepting again after EMFILE and the like */

enum conn_state { CONN_FREE, CONN_READ, CONN_WORK, CONN_WRITE };

struct ctl_conn {
	struct loop_fd fd;
	struct loop_timer timer;        /* closes it when its time is up */
	struct ctl *ctl;
	enum conn_state state;
	struct xbuf in;                 /* the request so far */
	char head[CTL_STATUS_MAX];      /* "STATUS\n" */
	size_t head_len;
	struct xbuf out;                /* the answer's output */
	size_t off;                     /* bytes of head + out written */
	bool refused;                   /* not root: the request is read, then refused */
};

struct ctl {
	struct loop *loop;
	const struct config *cfg;
	struct ctl_cmds *cmds;
	struct loop_fd lfd;             /* fd -1: no socket */
	struct loop_timer pause;        /* armed: lfd out of the loop for now */
	char path[CONFIG_SOCKET_MAX + 1]; /* what cfg said when it was made */
	struct stat made;               /* the socket file, removed only if still it */
	struct ctl_conn conns[CTL_MAX_CONNS];
};

/* ---- the request ------------------------------------------------------------- */

long ctl_request_frame(const char *buf, size_t len)
{
	size_t n = len < CTL_MAX_REQUEST ? len : CTL_MAX_REQUEST;

	if (n && buf[0] == '\n')
		return 1;
	for (size_t i = 1; i < n; i++)
		if (buf[i] == '\n' && buf[i - 1] == '\n')
			return (long)i + 1;
	return len >= CTL_MAX_REQUEST ? -E2BIG : 0;
}

struct parse {
	struct ctl_request *req;
	size_t lines, room;
	bool format;
	const char *why;
};

static int add_arg(struct parse *p, const char *value)
{
	struct ctl_request *r = p->req;
	char **args;

	if (r->n_args == CTL_MAX_ARGS)
		return -E2BIG;
	if (r->n_args == p->room) {
		p->room = p->room ? p->room * 2 : 8;
		args = realloc(r->args, p->room * sizeof(*args));
		if (!args)
			return -ENOMEM;
		r->args = args;
	}
	r->args[r->n_args] = strdup(value);
	return r->args[r->n_args++] ? 0 : -ENOMEM;
}

static int bad(struct parse *p, const char *why)
{
	p->why = why;
	return -EPROTO;
}

static int field_cb(void *ctx, const char *key, const char *value)
{
	struct parse *p = ctx;
	struct ctl_request *r = p->req;

	if (p->lines++ == 0)
		return strcmp(key, "cwmpctl") != 0 ? bad(p, "not a cwmpctl request")
		       : strcmp(value, CTL_VERSION) != 0
		       ? bad(p, "cwmpctl and cwmpd speak different protocol versions") : 0;
	if (strcmp(key, "arg") == 0)
		return add_arg(p, value);
	if (strcmp(key, "format") == 0) {
		if (p->format || (strcmp(value, "json") != 0 && strcmp(value, "text") != 0))
			return bad(p, "a bad or second format line");
		p->format = true;
		r->json = strcmp(value, "json") == 0;
		return 0;
	}
	if (strcmp(key, "command") != 0)
		return bad(p, "an unknown line");
	if (r->command || !value[0] || strlen(value) > CTL_COMMAND_MAX)
		return bad(p, "a bad or second command line");
	r->command = strdup(value);
	return r->command ? 0 : -ENOMEM;
}

int ctl_request_parse(const char *buf, size_t len, struct ctl_request *req, const char **why)
{
	struct parse p = { .req = req };
	size_t bad_lines = 0;
	int rc;

	memset(req, 0, sizeof(*req));
	/* Not the closing empty line: pluginio counts an empty line as bad. */
	rc = pluginio_parse(buf, len ? len - 1 : 0, field_cb, &p, &bad_lines);
	if (rc == 0 && bad_lines)
		rc = bad(&p, "a malformed line");
	if (rc == 0 && !req->command)
		rc = bad(&p, p.lines ? "no command" : "not a cwmpctl request");
	*why = rc == -EPROTO ? p.why : rc == -E2BIG ? "too many arguments" : "out of memory";
	return rc;
}

void ctl_request_fini(struct ctl_request *req)
{
	for (size_t i = 0; i < req->n_args; i++)
		free(req->args[i]);
	free(req->args);
	free(req->command);
	memset(req, 0, sizeof(*req));
}

/* ---- connections ------------------------------------------------------------- */

static void conn_close(struct ctl_conn *k)
{
	if (k->state == CONN_FREE)
		return;
	if (k->state == CONN_WORK)
		ctl_cmd_forget(k->ctl->cmds, k);
	loop_fd_del(k->ctl->loop, &k->fd);
	loop_timer_cancel(k->ctl->loop, &k->timer);
	close(k->fd.fd);
	k->fd.fd = -1;
	xbuf_fini(&k->in);
	xbuf_fini(&k->out);
	k->state = CONN_FREE;
}

/* Write what is left; close once all is taken. */
static void conn_flush(struct ctl_conn *k)
{
	struct iovec iov[2];
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
	size_t total = k->head_len + k->out.len;
	ssize_t n;

	while (k->off < total) {
		size_t h = k->off < k->head_len ? k->off : k->head_len;
		size_t o = k->off - h;

		iov[0] = (struct iovec){ k->head + h, k->head_len - h };
		iov[1] = (struct iovec){ k->out.data ? k->out.data + o : NULL, k->out.len - o };
		n = sendmsg(k->fd.fd, &m, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;         /* POLLOUT comes back */
		if (n <= 0) {
			conn_close(k);  /* the client went away */
			return;
		}
		k->off += (size_t)n;
	}
	conn_close(k);
}

/* The answer: write it within CTL_WRITE_MS. */
static void answer_cb(void *ctx, struct ctl_answer *a)
{
	struct ctl_conn *k = ctx;

	k->head_len = (size_t)snprintf(k->head, sizeof(k->head), "%d\n", a->status);
	xbuf_move(&k->out, &a->out);
	k->off = 0;
	k->state = CONN_WRITE;
	k->fd.events = POLLOUT;
	loop_timer_set(k->ctl->loop, &k->timer, CTL_WRITE_MS);
	conn_flush(k);
}

/* An answer made here, without a command. */
static void conn_refuse(struct ctl_conn *k, int status, const char *msg)
{
	struct ctl_answer a = { .status = status };

	xbuf_init(&a.out, CTL_MAX_ANSWER);
	xbuf_printf(&a.out, "%s\n", msg);
	answer_cb(k, &a);
	xbuf_fini(&a.out);
}

/* The request is whole: run it, reading nothing more. */
static void conn_run(struct ctl_conn *k, size_t len)
{
	struct ctl_request req;
	const char *why = NULL;
	char msg[128];

	loop_timer_cancel(k->ctl->loop, &k->timer);
	k->state = CONN_WORK;
	k->fd.events = 0;               /* a hang-up still shows */
	if (k->refused) {
		conn_refuse(k, CTL_EXIT_UNREACHABLE, "permission denied: cwmpctl is for root only");
		return;
	}
	if (ctl_request_parse(k->in.data, len, &req, &why) != 0) {
		snprintf(msg, sizeof(msg), "bad request: %s", why);
		conn_refuse(k, CTL_EXIT_USAGE, msg);
	} else {
		log_info("ctl: %s (%zu argument%s)", req.command, req.n_args,
			 req.n_args == 1 ? "" : "s");
		ctl_cmd_run(k->ctl->cmds, &req, answer_cb, k);
	}
	ctl_request_fini(&req);
}

static void conn_read(struct ctl_conn *k)
{
	char buf[4096];
	ssize_t n;
	long whole = 0;

	while (whole == 0 && !xbuf_error(&k->in)) {
		n = read(k->fd.fd, buf, sizeof(buf));
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			conn_close(k);  /* gone before a whole request */
			return;
		}
		xbuf_add(&k->in, buf, (size_t)n);
		whole = ctl_request_frame(k->in.data, k->in.len);
	}
	if (whole < 0 || xbuf_error(&k->in))
		conn_refuse(k, CTL_EXIT_USAGE, "bad request: too large");
	else
		conn_run(k, (size_t)whole);
}

static void conn_cb(struct loop_fd *f, short revents)
{
	struct ctl_conn *k = container_of(f, struct ctl_conn, fd);

	if (k->state == CONN_READ)
		conn_read(k);
	else if (k->state == CONN_WRITE)
		conn_flush(k);
	else if (k->state == CONN_WORK && (revents & (POLLHUP | POLLERR)))
		conn_close(k);          /* the client hung up: its answer is dropped */
}

static void conn_timer_cb(struct loop_timer *t)
{
	struct ctl_conn *k = container_of(t, struct ctl_conn, timer);

	log_debug("ctl: a client took too long %s; closing",
		  k->state == CONN_READ ? "to send its request" : "to take its answer");
	conn_close(k);
}

/* Only root and the daemon's own user may use the socket. */
static bool peer_ok(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) != 0)
		return false;
	if (cr.uid == 0 || cr.uid == geteuid())
		return true;
	log_warn("ctl: a client of uid %u refused (root only)", (unsigned)cr.uid);
	return false;
}

static void conn_open(struct ctl *c, struct ctl_conn *k, int fd)
{
	k->ctl = c;
	k->fd.fd = fd;
	k->fd.events = POLLIN;
	k->fd.cb = conn_cb;
	k->timer.cb = conn_timer_cb;
	xbuf_init(&k->in, CTL_MAX_REQUEST);
	xbuf_init(&k->out, CTL_MAX_ANSWER);
	if (loop_fd_add(c->loop, &k->fd) != 0) {
		close(fd);
		k->fd.fd = -1;
		return;
	}
	k->state = CONN_READ;
	/* A refusal waits for the request like an answer: closing on unread
	 * bytes would reset the connection before the client reads it. */
	k->refused = !peer_ok(fd);
	loop_timer_set(c->loop, &k->timer, CTL_READ_MS);
}

/* No slot free: one line, best effort, and close. */
static void turn_away(int fd)
{
	static const char msg[] = "4\nbusy: too many cwmpctl clients at once; try again\n";

	if (send(fd, msg, sizeof(msg) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		log_debug("ctl: cannot turn a client away: %s", strerror(errno));
	close(fd);
}

static void listen_cb(struct loop_fd *f, short revents)
{
	struct ctl *c = container_of(f, struct ctl, lfd);
	struct ctl_conn *k;
	int fd;

	(void)revents;
	for (int i = 0; i < CTL_ACCEPT_BATCH; i++) {
		fd = accept4(f->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0 && (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
			       errno == ENOMEM)) {
			log_err("ctl: accept: %s; pausing %d ms", strerror(errno), CTL_PAUSE_MS);
			loop_fd_del(c->loop, &c->lfd);
			loop_timer_set(c->loop, &c->pause, CTL_PAUSE_MS);
		}
		if (fd < 0)
			return;
		k = NULL;
		for (size_t j = 0; j < CTL_MAX_CONNS && !k; j++)
			if (c->conns[j].state == CONN_FREE)
				k = &c->conns[j];
		if (k)
			conn_open(c, k, fd);
		else
			turn_away(fd);
	}
}

/* ---- the listening socket ------------------------------------------------------ */

static void pause_cb(struct loop_timer *t)
{
	struct ctl *c = container_of(t, struct ctl, pause);

	if (c->lfd.fd >= 0 && loop_fd_add(c->loop, &c->lfd) != 0)
		log_err("ctl: cannot watch the control socket");
}

static const char *why_not(int err)
{
	switch (err) {
	case -EPERM: return "its directory may be written by another user";
	case -EEXIST: return "something that is not cwmpd's socket is there";
	case -EADDRINUSE: return "another cwmpd listens there";
	default: return strerror(-err);
	}
}

static void listen_open(struct ctl *c)
{
	int fd;

	snprintf(c->path, sizeof(c->path), "%s", c->cfg->ctl_socket);
	if (!c->path[0]) {
		log_notice("ctl: no control socket (cpe.ctl_socket is empty)");
		return;
	}
	fd = unix_listen(c->path, CTL_BACKLOG, &c->made);
	if (fd < 0) {
		log_err("ctl: no control socket at %s: %s; cwmpctl cannot reach cwmpd until "
			"this is mended and the config reloaded", c->path, why_not(fd));
		return;
	}
	c->lfd = (struct loop_fd){ .fd = fd, .events = POLLIN, .cb = listen_cb };
	if (loop_fd_add(c->loop, &c->lfd) != 0) {
		unix_unlink(c->path, &c->made);
		close(fd);
		c->lfd.fd = -1;
		log_err("ctl: cannot watch the control socket");
		return;
	}
	log_info("ctl: control socket %s", c->path);
}

static void listen_close(struct ctl *c)
{
	for (size_t i = 0; i < CTL_MAX_CONNS; i++)
		conn_close(&c->conns[i]);
	if (c->lfd.fd < 0)
		return;
	loop_timer_cancel(c->loop, &c->pause);
	loop_fd_del(c->loop, &c->lfd);
	close(c->lfd.fd);
	c->lfd.fd = -1;
	unix_unlink(c->path, &c->made);
}

struct ctl *ctl_new(struct loop *l, const struct config *cfg, struct ctl_cmds *cmds)
{
	struct ctl *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->loop = l;
	c->cfg = cfg;
	c->cmds = cmds;
	c->lfd.fd = -1;
	c->pause.cb = pause_cb;
	for (size_t i = 0; i < CTL_MAX_CONNS; i++)
		c->conns[i].fd.fd = -1;
	listen_open(c);
	return c;
}

void ctl_reload(struct ctl *c)
{
	if (!c || (strcmp(c->path, c->cfg->ctl_socket) == 0 && (c->lfd.fd >= 0 || !c->path[0])))
		return;
	listen_close(c);
	listen_open(c);
}

void ctl_free(struct ctl *c)
{
	if (!c)
		return;
	listen_close(c);
	free(c);
}
