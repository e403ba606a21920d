/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Digest probe of curl_auth.h: a listener on a free loopback port
 * answers each connection with the canned 401 and then EOF, without
 * waiting for the request, so libcurl never waits for us. A libcurl with
 * Digest reads the challenge and asks again, on a new connection, with an
 * Authorization header; one without stops at the 401. libcurl runs on a
 * multi handle of its own in a short loop that also accepts; what it sent
 * is then read back from our ends. (libcurl 7.88 cannot take a connected
 * socket from CURLOPT_OPENSOCKETFUNCTION: curl issue 10626, hence the
 * listener.)
 */
#define _GNU_SOURCE 1   /* accept4 */
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include "curl_auth.h"
#include "hash.h"
#include "log.h"

#define PROBE_CONNS 3           /* the first request, its retry, one spare */
#define PROBE_TIMEOUT_MS 250L   /* libcurl's limit for the whole probe */
#define PROBE_WAIT_MS 20        /* one wait of the loop */
#define PROBE_ROUNDS 100        /* a bound on the loop, whatever libcurl does */
#define PROBE_READ_MAX 2048     /* of each request libcurl sent */

static const char challenge[] =
	"HTTP/1.1 401 Unauthorized\r\n"
	"WWW-Authenticate: Digest realm=\"probe\", nonce=\"4a5d0c3e9b1f2a77\", qop=\"auth\"\r\n"
	"Content-Length: 0\r\n"
	"Connection: close\r\n"
	"\r\n";

struct probe {
	int listener;                   /* non-blocking */
	int port;
	int served[PROBE_CONNS];        /* our ends, one per connection */
	size_t n;
};

/* Accept what is pending: each gets the 401 and EOF (past PROBE_CONNS,
 * only the close). */
static void serve(struct probe *p)
{
	const ssize_t len = (ssize_t)sizeof(challenge) - 1;
	int s;

	while ((s = accept4(p->listener, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
		if (p->n == PROBE_CONNS || write(s, challenge, (size_t)len) != len ||
		    shutdown(s, SHUT_WR) != 0) {
			close(s);
			continue;
		}
		p->served[p->n++] = s;
	}
}

static size_t discard_cb(char *data, size_t size, size_t nmemb, void *ctx)
{
	(void)data;
	(void)ctx;
	return size * nmemb;
}

/* A listening loopback socket on a free port. 0 or -errno. */
static int listen_local(struct probe *p)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);

	p->listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->listener < 0)
		return -errno;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(p->listener, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(p->listener, PROBE_CONNS) != 0 ||
	    getsockname(p->listener, (struct sockaddr *)&sin, &len) != 0)
		return -errno;
	p->port = ntohs(sin.sin_port);
	return 0;
}

/* The probe's request on e, to our listener. 0 or -EINVAL. */
static int set_opts(CURL *e, const struct probe *p, unsigned long auth)
{
	char url[40];
	int bad;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", p->port);
	bad = curl_easy_setopt(e, CURLOPT_URL, url) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PROXY, "") != CURLE_OK;     /* never http_proxy */
	bad |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, PROBE_TIMEOUT_MS) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard_cb) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)auth) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_USERNAME, "probe") != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PASSWORD, "probe") != CURLE_OK;
	return bad ? -EINVAL : 0;
}

/* Run e to its end (a 401 either way: what counts is what it sent),
 * accepting its connections meanwhile. 0 or -ENOMEM. */
static int run(struct probe *p, CURL *e)
{
	CURLM *m = curl_multi_init();
	struct curl_waitfd w = { .fd = p->listener, .events = CURL_WAIT_POLLIN };
	int running = 1;

	if (!m || curl_multi_add_handle(m, e) != CURLM_OK) {
		curl_multi_cleanup(m);
		return -ENOMEM;
	}
	for (int i = 0; running && i < PROBE_ROUNDS; i++) {
		if (curl_multi_perform(m, &running) != CURLM_OK)
			break;
		serve(p);
		if (running)
			curl_multi_wait(m, &w, 1, PROBE_WAIT_MS, NULL);
	}
	curl_multi_remove_handle(m, e);
	curl_multi_cleanup(m);
	return 0;
}

/* What libcurl sent on connection fd (all of it arrived: libcurl is done). */
static size_t read_sent(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while (len + 1 < size && (n = recv(fd, buf + len, size - 1 - len, MSG_DONTWAIT)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	return len;
}

/* 1 when some request carried Digest credentials, 0 when none did, -EIO
 * when libcurl sent no request at all (the probe says nothing then). */
static int verdict(const struct probe *p)
{
	char buf[PROBE_READ_MAX];
	bool asked = false, digest = false;

	for (size_t i = 0; i < p->n; i++) {
		if (read_sent(p->served[i], buf, sizeof(buf)) == 0)
			continue;
		asked |= strncmp(buf, "GET / HTTP/1.1\r\n", 16) == 0;
		digest |= strstr(buf, "\r\nAuthorization: Digest ") != NULL;
	}
	return digest ? 1 : asked ? 0 : -EIO;
}

int curl_auth_probe(unsigned long auth)
{
	struct probe p = { .listener = -1 };
	CURL *e = curl_easy_init();
	int rc = e ? listen_local(&p) : -ENOMEM;

	if (rc == 0)
		rc = set_opts(e, &p, auth);
	if (rc == 0)
		rc = run(&p, e);
	if (rc == 0)
		rc = verdict(&p);
	curl_easy_cleanup(e);
	for (size_t i = 0; i < p.n; i++)
		close(p.served[i]);
	if (p.listener >= 0)
		close(p.listener);
	return rc;
}

int curl_auth_has_digest(void)
{
	return curl_auth_probe(CURLAUTH_DIGEST);
}

void curl_auth_report(const char *acs_username)
{
	/* Not curl_version(): it asks an LDAP-enabled libcurl's libldap for its
	 * version, which loads every SASL plugin (memory kept for good). */
	const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
	int rc;

	log_info("http: libcurl/%s %s; hashes from %s", v->version,
		 v->ssl_version ? v->ssl_version : "(no TLS)", hash_library());
	if (!acs_username || !acs_username[0])
		return;
	rc = curl_auth_has_digest();
	if (rc == 0)
		log_warn("libcurl was built without Digest authentication (LIBCURL_CRYPTO_AUTH): "
			 "only Basic to the ACS; an ACS that asks for Digest refuses every "
			 "session with 401");
	else if (rc < 0)
		log_info("http: cannot tell whether libcurl does Digest (%s)", strerror(-rc));
}
