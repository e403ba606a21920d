/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The XMPP client's connection (xmpp_client.h) on libstrophe, in the poll
 * loop. libstrophe 0.12 has no getter for its socket: the sockopt
 * callback, called for every socket it makes, records it, and the loop
 * watches that one. When it is ready (or a send is queued, or while
 * logging in once a second for libstrophe's own timeouts) xmpp_run_once
 * runs with a zero timeout, a few rounds (a TLS record of 16 KiB is read
 * 4 KiB per round), so an idle connection costs no wakeup but its pings.
 * A host name in xmpp.server is looked up first in a child process
 * (resolve.h) and libstrophe gets its address (TLS still checks the
 * certificate against the JID's domain). Without xmpp.server the child
 * looks up the domain's _xmpp-client._tcp SRV records and the address of
 * the target it picks (or of the domain itself at xmpp.port when there
 * are none), and libstrophe gets that address and port: its own lookup
 * would hold the loop for the DNS server's time. Its TLS handshake still
 * does (it waits for the server with no time limit): a watchdog bounds
 * every call into libstrophe to
 * XMPP_CALL_MAX_S seconds (SIGALRM, whose handler shuts the socket down:
 * the handshake then fails and the connection is tried again later, as a
 * lost one).
 *
 * A connection that does not log in, or is lost, is tried again after
 * the TR-181 wait: ServerRetryInitialInterval * (Multiplier/1000)^(n-1)
 * seconds and up to Multiplier/1000 times that (random), at most
 * ServerRetryMaxInterval. A ping (XEP-0199) goes out every
 * xmpp.keepalive seconds; one unanswered at the next is a lost
 * connection.
 */
#define _GNU_SOURCE     /* asprintf */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "log.h"
#include "retry.h"
#include "store.h"
#include "xmpp_int.h"

#define TICK_MS 1000
#define LOGIN_TIMEOUT_MS 30000
#define PUMP_ROUNDS 4
#define XMPP_CALL_MAX_S 10      /* one call into libstrophe, at most */
#define JID_FILE "xmpp_jid"

/* The socket libstrophe made last (see the top of the file): one client
 * per process, the callback has no user data. */
static volatile sig_atomic_t strophe_sock = -1;

static void connect_now(struct xmpp_client *c);

/* ---- the watchdog ---------------------------------------------------------- */

static volatile sig_atomic_t watch_armed;      /* in a guarded call */
static volatile sig_atomic_t watch_fired;

/* SIGALRM while libstrophe has not returned: its socket is shut down (an
 * async-signal-safe call), so whatever it waits for fails at once. */
static void watchdog_cb(int sig)
{
	(void)sig;
	if (watch_armed && strophe_sock >= 0) {
		shutdown(strophe_sock, SHUT_RDWR);
		watch_fired = 1;
	}
}

static void watchdog_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = watchdog_cb;      /* no SA_RESTART: waits end with EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
}

/* Arm (seconds > 0) or disarm (0) the watchdog on libstrophe's socket
 * (the one the sockopt callback records, also when made in the call). */
static void watchdog_arm(int seconds)
{
	struct itimerval it = { .it_value = { .tv_sec = seconds } };

	if (!seconds)
		setitimer(ITIMER_REAL, &it, NULL);
	watch_armed = seconds > 0;
	if (seconds)
		setitimer(ITIMER_REAL, &it, NULL);
}

/* After a guarded call: say so when the watchdog had to cut it short. */
static void watchdog_report(void)
{
	if (watch_fired)
		log_warn("xmpp: the server left libstrophe waiting %d s (the TLS handshake or "
			 "the lookup): connection dropped", XMPP_CALL_MAX_S);
	watch_fired = 0;
}

bool xmpp_client_built(void)
{
	return true;
}

static int sockopt_cb(xmpp_conn_t *conn, void *sock)
{
	int fd = *(int *)sock;

	fcntl(fd, F_SETFD, FD_CLOEXEC);         /* plugins must not inherit it */
	strophe_sock = fd;
	return xmpp_sockopt_cb_keepalive(conn, sock);
}

/* libstrophe's warnings and errors (never its debug lines: they hold the
 * stanzas, passwords included). */
static void xlog_cb(void *userdata, xmpp_log_level_t level, const char *area, const char *msg)
{
	(void)userdata;
	if (level >= XMPP_LEVEL_WARN)
		log_info("xmpp: libstrophe %s: %.300s", area, msg);
}

static void set_status(struct xmpp_client *c, const char *status)
{
	if (c->status && strcmp(c->status, status) == 0)
		return;
	c->status = status;
	c->last_change = time(NULL);
}

/* ---- the socket in the loop ---------------------------------------------- */

static void unwatch(struct xmpp_client *c)
{
	if (c->fd.registered)
		loop_fd_del(c->env.loop, &c->fd);
	c->fd.fd = -1;
}

static void sync_fd(struct xmpp_client *c)
{
	bool out;

	if (!c->conn || strophe_sock < 0) {
		unwatch(c);
		return;
	}
	if (c->fd.fd != strophe_sock) {
		unwatch(c);
		c->fd.fd = strophe_sock;
		if (loop_fd_add(c->env.loop, &c->fd) != 0)
			c->fd.fd = -1;  /* the tick still drives it while logging in */
	}
	out = xmpp_conn_is_connecting(c->conn) || xmpp_conn_send_queue_len(c->conn) > 0;
	c->fd.events = (short)(POLLIN | (out ? POLLOUT : 0));
}

/* ---- losing and retrying ---------------------------------------------------- */

static void release_conn(struct xmpp_client *c)
{
	if (c->conn) {
		c->releasing = true;
		xmpp_conn_release(c->conn);
		c->releasing = false;
		c->conn = NULL;
	}
	strophe_sock = -1;
	resolve_cancel(&c->res);
	unwatch(c);
	loop_timer_cancel(c->env.loop, &c->tick);
	loop_timer_cancel(c->env.loop, &c->keepalive);
	c->logged_in = c->lost = c->ping_out = c->tcp_up = false;
	c->jid[0] = '\0';
}

static void schedule_retry(struct xmpp_client *c)
{
	const struct config *cfg = c->env.cfg;
	uint64_t wait = retry_wait_ms(cfg->xmpp_retry_initial, cfg->xmpp_retry_multiplier,
				      ++c->failures, retry_random());

	if (wait > (uint64_t)cfg->xmpp_retry_max * 1000)
		wait = (uint64_t)cfg->xmpp_retry_max * 1000;
	log_notice("xmpp: connecting again in %.1f s", (double)wait / 1000.0);
	loop_timer_set(c->env.loop, &c->retry, (int64_t)wait);
}

/* The connection is gone (status already set): release it, try again. */
static void finish_lost(struct xmpp_client *c)
{
	release_conn(c);
	schedule_retry(c);
}

/* Run libstrophe on what is ready (and send what is queued), then watch
 * the socket again. Never from inside libstrophe's run. */
static void pump(struct xmpp_client *c)
{
	for (int i = 0; i < PUMP_ROUNDS && c->conn && !c->lost; i++) {
		watchdog_arm(XMPP_CALL_MAX_S);
		xmpp_run_once(c->ctx, 0);
		watchdog_arm(0);
		watchdog_report();
		if (c->conn && !c->lost && xmpp_conn_is_connected(c->conn))
			c->tcp_up = true;
	}
	if (c->lost)
		finish_lost(c);
	else
		sync_fd(c);
}

static void fd_cb(struct loop_fd *f, short revents)
{
	(void)revents;
	pump(container_of(f, struct xmpp_client, fd));
}

static void tick_cb(struct loop_timer *t)
{
	struct xmpp_client *c = container_of(t, struct xmpp_client, tick);

	if (!c->conn || c->logged_in)
		return;
	if (loop_now_ms() >= c->login_deadline_ms) {
		log_warn("xmpp: not logged in after %d s", LOGIN_TIMEOUT_MS / 1000);
		set_status(c, c->tcp_up ? "Error" : "ServerNotPresent");
		finish_lost(c);
		return;
	}
	loop_timer_set(c->env.loop, &c->tick, TICK_MS);
	pump(c);
}

static void retry_cb(struct loop_timer *t)
{
	connect_now(container_of(t, struct xmpp_client, retry));
}

/* ---- keep-alive ------------------------------------------------------------- */

static int pong_cb(xmpp_conn_t *conn, xmpp_stanza_t *stanza, void *userdata)
{
	(void)conn;
	(void)stanza;
	((struct xmpp_client *)userdata)->ping_out = false;
	return 0;
}

static void keepalive_cb(struct loop_timer *t)
{
	struct xmpp_client *c = container_of(t, struct xmpp_client, keepalive);
	char id[32];

	if (!c->logged_in)
		return;
	if (c->ping_out) {
		log_warn("xmpp: the server did not answer a ping in %u s: connection lost",
			 c->env.cfg->xmpp_keepalive);
		set_status(c, "Connecting");
		finish_lost(c);
		return;
	}
	snprintf(id, sizeof(id), "cwmpd-ping-%u", ++c->ping_seq);
	c->ping_out = xmpp_iq_ping(c, id, pong_cb) == 0;
	loop_timer_set(c->env.loop, &c->keepalive, (int64_t)c->env.cfg->xmpp_keepalive * 1000);
	pump(c);
}

/* ---- logging in ------------------------------------------------------------- */

/* The JID to give the ACS: kept in the state dir, told when it changes. */
static void remember_jid(struct xmpp_client *c, const char *jid)
{
	if (strcmp(c->cr_jid, jid) == 0)
		return;
	snprintf(c->cr_jid, sizeof(c->cr_jid), "%s", jid);
	if (store_write(c->env.cfg->state_dir, JID_FILE, c->cr_jid, strlen(c->cr_jid)) != 0)
		log_warn("xmpp: cannot keep the JabberID in %s", c->env.cfg->state_dir);
	if (c->env.jid_changed)
		c->env.jid_changed(c->env.ctx);
}

static void logged_in(struct xmpp_client *c, xmpp_conn_t *conn)
{
	const char *bound = xmpp_conn_get_bound_jid(conn);
	xmpp_stanza_t *presence = xmpp_presence_new(c->ctx);

	c->logged_in = true;
	c->failures = 0;
	snprintf(c->jid, sizeof(c->jid), "%s", bound ? bound : "");
	set_status(c, "Enabled");
	log_notice("xmpp: logged in as %.256s%s", c->jid,
		   xmpp_conn_is_secured(conn) ? " (TLS)" : " (no TLS)");
	xmpp_handler_add(conn, xmpp_iq_cb, NULL, "iq", NULL, c);
	if (presence) {         /* some servers route only to available resources */
		xmpp_send(conn, presence);
		xmpp_stanza_release(presence);
	}
	loop_timer_cancel(c->env.loop, &c->tick);
	if (c->env.cfg->xmpp_keepalive)
		loop_timer_set(c->env.loop, &c->keepalive,
			       (int64_t)c->env.cfg->xmpp_keepalive * 1000);
	remember_jid(c, c->jid);
}

/* Why a connection that never logged in failed, in TR-181's words. */
static const char *failure_status(const struct xmpp_client *c, int error,
				  const xmpp_stream_error_t *se)
{
	if (!c->tcp_up)
		return "ServerNotPresent";
	if (error == 0 && !se)
		return "Error_AuthenticationFailure";     /* SASL refused: a clean close */
	return "Error";
}

static void conn_cb(xmpp_conn_t *conn, xmpp_conn_event_t event, int error,
		    xmpp_stream_error_t *stream_error, void *userdata)
{
	struct xmpp_client *c = userdata;

	if (c->releasing)
		return;
	if (event == XMPP_CONN_CONNECT) {
		logged_in(c, conn);
		return;
	}
	if (event != XMPP_CONN_DISCONNECT && event != XMPP_CONN_FAIL)
		return;
	if (c->logged_in) {
		log_warn("xmpp: connection to the server lost%s%s",
			 error ? ": " : "", error ? strerror(error) : "");
		set_status(c, "Connecting");
	} else {
		set_status(c, failure_status(c, error, stream_error));
		log_warn("xmpp: cannot log in as %.256s@%.256s: %s%s%s", c->env.cfg->xmpp_username,
			 c->env.cfg->xmpp_domain, c->status, error ? ": " : "",
			 error ? strerror(error) : "");
	}
	c->lost = true;
}

static bool misconfigured(const struct config *cfg)
{
	return !cfg->xmpp_username[0] || !cfg->xmpp_domain[0] || !cfg->xmpp_password[0];
}

/* A new connection with the config's settings; NULL when out of memory. */
static xmpp_conn_t *conn_make(struct xmpp_client *c)
{
	const struct config *cfg = c->env.cfg;
	const char *ca = cfg->xmpp_ca_file[0] ? cfg->xmpp_ca_file : cfg->ca_file;
	long flags = XMPP_CONN_FLAG_DISABLE_SM |
		     (cfg->xmpp_use_tls ? XMPP_CONN_FLAG_MANDATORY_TLS : XMPP_CONN_FLAG_DISABLE_TLS);
	xmpp_conn_t *conn = xmpp_conn_new(c->ctx);
	char *jid = NULL;

	if (!conn || asprintf(&jid, "%s@%s%s%s", cfg->xmpp_username, cfg->xmpp_domain,
			      cfg->xmpp_resource[0] ? "/" : "", cfg->xmpp_resource) < 0) {
		if (conn)
			xmpp_conn_release(conn);
		return NULL;
	}
	if (!cfg->xmpp_verify)
		flags |= XMPP_CONN_FLAG_TRUST_TLS;
	xmpp_conn_set_flags(conn, flags);
	xmpp_conn_set_jid(conn, jid);
	xmpp_conn_set_pass(conn, cfg->xmpp_password);
	if (ca && ca[0])
		xmpp_conn_set_cafile(conn, ca);
	xmpp_conn_set_sockopt_callback(conn, sockopt_cb);
	free(jid);
	return conn;
}

/* Connect to host (an address) at port with the connection made by
 * connect_now. */
static void connect_to(struct xmpp_client *c, const char *host, unsigned port)
{
	int rc;

	c->login_deadline_ms = loop_now_ms() + LOGIN_TIMEOUT_MS;
	watchdog_arm(XMPP_CALL_MAX_S);
	rc = xmpp_connect_client(c->conn, host, (unsigned short)port, conn_cb, c);
	watchdog_arm(0);
	watchdog_report();
	if (rc != XMPP_EOK) {
		log_warn("xmpp: cannot connect to %s port %u", host, port);
		set_status(c, "ServerNotPresent");
		finish_lost(c);
		return;
	}
	loop_timer_set(c->env.loop, &c->tick, TICK_MS);
	pump(c);
}

/* resolve_cb: the server's address and port, or why there is none. */
static void resolved_cb(struct resolve *r, int rc, const struct sockaddr_storage *ss)
{
	struct xmpp_client *c = container_of(r, struct xmpp_client, res);
	const struct config *cfg = c->env.cfg;
	const char *name = cfg->xmpp_server[0] ? cfg->xmpp_server : cfg->xmpp_domain;
	char host[INET6_ADDRSTRLEN] = "";
	bool v6 = ss->ss_family == AF_INET6;
	const void *a = v6 ? (const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr :
		(const void *)&((const struct sockaddr_in *)ss)->sin_addr;
	unsigned port = ntohs(v6 ? ((const struct sockaddr_in6 *)ss)->sin6_port :
			      ((const struct sockaddr_in *)ss)->sin_port);

	if (rc == 0 && !inet_ntop(ss->ss_family, a, host, sizeof(host)))
		rc = -errno;
	if (rc != 0) {
		log_warn("xmpp: cannot look up %.256s%s: %s", name,
			 cfg->xmpp_server[0] ? "" : " (SRV _xmpp-client._tcp, then the name)",
			 rc == -ENOENT ? "no such name or service" : strerror(-rc));
		set_status(c, "ServerNotPresent");
		finish_lost(c);
		return;
	}
	log_info("xmpp: %.256s is %s port %u", name, host, port);
	connect_to(c, host, port);
}

static void connect_now(struct xmpp_client *c)
{
	const struct config *cfg = c->env.cfg;

	release_conn(c);
	if (!cfg->xmpp_enable) {
		set_status(c, "Disabled");
		return;
	}
	if (misconfigured(cfg)) {
		log_warn("xmpp: xmpp.username, xmpp.password and xmpp.domain are needed");
		set_status(c, "Error_Misconfigured");
		return;
	}
	c->conn = conn_make(c);
	if (!c->conn) {
		set_status(c, "Error");
		schedule_retry(c);
		return;
	}
	set_status(c, "Connecting");
	if (!cfg->xmpp_server[0] ?
	    resolve_start_srv(&c->res, c->env.loop, "_xmpp-client._tcp", cfg->xmpp_domain,
			      cfg->xmpp_port, resolved_cb) != 0 :
	    resolve_start(&c->res, c->env.loop, cfg->xmpp_server, cfg->xmpp_port,
			  resolved_cb) != 0) {
		log_warn("xmpp: %s %.256s is no host name or address",
			 cfg->xmpp_server[0] ? "xmpp.server" : "xmpp.domain",
			 cfg->xmpp_server[0] ? cfg->xmpp_server : cfg->xmpp_domain);
		set_status(c, "Error_Misconfigured");
		release_conn(c);
	}
}

/* ---- the handle --------------------------------------------------------------- */

/* The settings a connection is made with, as one string (a new one, the
 * caller frees; NULL when out of memory). */
static char *settings_of(const struct config *cfg)
{
	char *s = NULL;

	if (asprintf(&s, "%d\n%s\n%s\n%s\n%s\n%s\n%u\n%d\n%d\n%s\n%s\n%u", cfg->xmpp_enable,
		     cfg->xmpp_username, cfg->xmpp_password, cfg->xmpp_domain,
		     cfg->xmpp_resource, cfg->xmpp_server, cfg->xmpp_port, cfg->xmpp_use_tls,
		     cfg->xmpp_verify, cfg->xmpp_ca_file, cfg->ca_file, cfg->xmpp_keepalive) < 0)
		return NULL;
	return s;
}

static void load_jid(struct xmpp_client *c)
{
	char *buf = NULL;
	size_t len;

	if (store_read(c->env.cfg->state_dir, JID_FILE, &buf, &len, XMPP_JID_MAX - 1) == 0)
		snprintf(c->cr_jid, sizeof(c->cr_jid), "%.*s", (int)strcspn(buf, "\r\n"), buf);
	free(buf);
}

struct xmpp_client *xmpp_client_new(const struct xmpp_client_env *env)
{
	struct xmpp_client *c = calloc(1, sizeof(*c));

	if (!c) {
		log_err("xmpp: out of memory: no XMPP connection requests");
		return NULL;
	}
	c->env = *env;
	c->xlog = (xmpp_log_t){ xlog_cb, c };
	c->fd = (struct loop_fd){ .fd = -1, .cb = fd_cb };
	c->tick.cb = tick_cb;
	c->retry.cb = retry_cb;
	c->keepalive.cb = keepalive_cb;
	c->status = "Disabled";
	xmpp_initialize();
	watchdog_install();
	c->ctx = xmpp_ctx_new(NULL, &c->xlog);
	c->settings = settings_of(env->cfg);
	if (!c->ctx || !c->settings) {
		log_err("xmpp: out of memory: no XMPP connection requests");
		xmpp_client_free(c);
		return NULL;
	}
	load_jid(c);
	connect_now(c);
	return c;
}

void xmpp_client_reload(struct xmpp_client *c)
{
	char *now;

	if (!c)
		return;
	now = settings_of(c->env.cfg);
	if (now && c->settings && strcmp(now, c->settings) == 0) {
		free(now);
		return;
	}
	free(c->settings);
	c->settings = now;
	c->failures = 0;
	loop_timer_cancel(c->env.loop, &c->retry);
	log_notice("xmpp: settings changed: %s", c->env.cfg->xmpp_enable ? "connecting again" :
		   "disconnecting");
	connect_now(c);
}

void xmpp_client_status(const struct xmpp_client *c, const struct config *cfg,
			struct xmpp_status *st)
{
	if (!c) {
		*st = (struct xmpp_status){ cfg->xmpp_enable ? "Error" : "Disabled", "", "",
					    false, 0 };
		return;
	}
	*st = (struct xmpp_status){ c->status, c->jid, c->cr_jid,
				    c->logged_in && xmpp_conn_is_secured(c->conn), c->last_change };
}

void xmpp_client_free(struct xmpp_client *c)
{
	if (!c)
		return;
	release_conn(c);
	loop_timer_cancel(c->env.loop, &c->retry);
	if (c->ctx)
		xmpp_ctx_free(c->ctx);
	xmpp_shutdown();
	free(c->settings);
	free(c);
}
