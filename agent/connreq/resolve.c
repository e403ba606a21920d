/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Name lookups off the loop (resolve.h). getaddrinfo() may wait seconds
 * for a DNS server; the loop may not, so a name is looked up by a forked
 * child (the agent is one thread: fork is safe) that writes one struct
 * sockaddr_storage into a pipe and exits. The parent reads it from the
 * loop and reaps the child through loop_child; a child past its time is
 * killed. For a service (resolve_start_srv) the child asks for its SRV
 * records first (res_query) and looks up the target it picks (srv.h).
 */
#define _GNU_SOURCE 1   /* pipe2 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <poll.h>
#include <resolv.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "resolve.h"
#include "retry.h"
#include "srv.h"

#define HOST_MAX 256

static void finish(struct resolve *r)
{
	resolve_cb cb = r->cb;
	int rc = r->rc;

	resolve_cancel(r);
	cb(r, rc, &r->addr);
}

static void fd_cb(struct loop_fd *f, short revents)
{
	struct resolve *r = container_of(f, struct resolve, fd);
	ssize_t n = read(f->fd, (char *)&r->addr + r->got, sizeof(r->addr) - r->got);

	(void)revents;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0) {
		r->got += (size_t)n;
		if (r->got < sizeof(r->addr))
			return;
		r->rc = 0;
	} else {
		r->rc = -ENOENT;        /* the child found nothing */
	}
	finish(r);
}

static void child_cb(struct loop_child *c, int wstatus)
{
	struct resolve *r = container_of(c, struct resolve, child);

	(void)wstatus;
	r->child_running = false;       /* its answer, if any, is in the pipe */
}

static void timer_cb(struct loop_timer *t)
{
	struct resolve *r = container_of(t, struct resolve, timer);

	finish(r);                      /* rc: -ETIMEDOUT, or a literal's 0 */
}

/* The literal host (brackets allowed) into r->addr: true when it is one. */
static bool literal(struct resolve *r, const char *host, unsigned port)
{
	char h[HOST_MAX];
	struct sockaddr_in *in = (struct sockaddr_in *)&r->addr;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&r->addr;
	size_t n = strlen(host);

	if (host[0] == '[' && n > 2 && host[n - 1] == ']' && n - 2 < sizeof(h)) {
		memcpy(h, host + 1, n - 2);
		h[n - 2] = '\0';
	} else {
		snprintf(h, sizeof(h), "%s", host);
	}
	memset(&r->addr, 0, sizeof(r->addr));
	if (inet_pton(AF_INET, h, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		return true;
	}
	if (inet_pton(AF_INET6, h, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		return true;
	}
	return false;
}

/* In the child: look host up, write the first address, exit. */
static void lookup(int out, const char *host, unsigned port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM, .ai_flags = AI_ADDRCONFIG };
	struct addrinfo *res = NULL;
	struct sockaddr_storage ss;
	char service[8];

	snprintf(service, sizeof(service), "%u", port);
	if (getaddrinfo(host, service, &hints, &res) == 0 && res &&
	    res->ai_addrlen <= sizeof(ss)) {
		memset(&ss, 0, sizeof(ss));
		memcpy(&ss, res->ai_addr, res->ai_addrlen);
		if (write(out, &ss, sizeof(ss)) != (ssize_t)sizeof(ss))
			_exit(1);
	}
	_exit(0);
}

/* In the child: the SRV records of service for domain; the address of
 * the target picked, or of domain at port when it has none (RFC 6120
 * 3.2.2). A target of "." says there is no such service: no address. */
static void lookup_srv(int out, const char *service, const char *domain, unsigned port)
{
	unsigned char ans[4096];
	struct srv_rec recs[SRV_MAX];
	char qname[2 * HOST_MAX];
	int len, n = 0;

	snprintf(qname, sizeof(qname), "%s.%s", service, domain);
	len = res_query(qname, C_IN, T_SRV, ans, sizeof(ans));
	if (len > 0)
		n = srv_parse(ans, (size_t)len < sizeof(ans) ? (size_t)len : sizeof(ans), recs,
			      SRV_MAX);
	if (n > 0) {
		const struct srv_rec *r = &recs[srv_pick(recs, (size_t)n, retry_random())];

		if (!r->target[0])
			_exit(0);
		lookup(out, r->target, r->port);
	}
	lookup(out, domain, port);
}

/* Fork the child that looks host up (service: its SRV records first). */
static int fork_lookup(struct resolve *r, const char *service, const char *host, unsigned port)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -errno;
	}
	if (pid == 0) {
		close(p[0]);
		if (service)
			lookup_srv(p[1], service, host, port);
		lookup(p[1], host, port);
	}
	close(p[1]);
	r->fd = (struct loop_fd){ .fd = p[0], .events = POLLIN, .cb = fd_cb };
	r->child = (struct loop_child){ .pid = pid, .cb = child_cb };
	loop_child_add(r->loop, &r->child);
	r->child_running = true;
	if (loop_fd_add(r->loop, &r->fd) != 0) {
		close(p[0]);
		r->fd = (struct loop_fd){ .fd = -1 };
		r->running = true;
		resolve_cancel(r);
		return -ENOMEM;
	}
	return 0;
}

static bool name_ok(const char *host)
{
	size_t n = strlen(host);

	if (n == 0 || n >= HOST_MAX)
		return false;
	for (const char *p = host; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			return false;
	return true;
}

static int start(struct resolve *r, struct loop *l, const char *service, const char *host,
		 unsigned port, resolve_cb cb)
{
	int rc;

	resolve_cancel(r);
	if (!name_ok(host) || (service && !name_ok(service)))
		return -EINVAL;
	r->loop = l;
	r->cb = cb;
	r->got = 0;
	r->timer.cb = timer_cb;
	r->running = true;
	if (!service && literal(r, host, port)) {
		r->rc = 0;
		loop_timer_set(l, &r->timer, 0);        /* answered from the loop */
		return 0;
	}
	r->rc = -ETIMEDOUT;
	rc = fork_lookup(r, service, host, port);
	if (rc != 0) {
		r->running = false;
		return rc;
	}
	loop_timer_set(l, &r->timer, RESOLVE_TIMEOUT_MS);
	return 0;
}

int resolve_start(struct resolve *r, struct loop *l, const char *host, unsigned port,
		  resolve_cb cb)
{
	return start(r, l, NULL, host, port, cb);
}

int resolve_start_srv(struct resolve *r, struct loop *l, const char *service,
		      const char *domain, unsigned port, resolve_cb cb)
{
	return start(r, l, service, domain, port, cb);
}

void resolve_cancel(struct resolve *r)
{
	if (!r->running)
		return;
	r->running = false;
	loop_timer_cancel(r->loop, &r->timer);
	if (r->fd.cb) {
		loop_fd_del(r->loop, &r->fd);
		close(r->fd.fd);
		r->fd = (struct loop_fd){ .fd = -1 };
	}
	if (r->child_running) {
		/* Killed and reaped here (SIGKILL is not delayed: the wait is
		 * short), so that the loop keeps no pointer into r. */
		kill(r->child.pid, SIGKILL);
		loop_child_del(r->loop, &r->child);
		while (waitpid(r->child.pid, NULL, 0) < 0 && errno == EINTR)
			;
		r->child_running = false;
	}
}
