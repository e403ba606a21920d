/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * HTTP Digest authentication, server side (RFC 7616), for the connection
 * request server: MD5 and SHA-256, qop=auth only. Nonces need no table:
 * each is its issue time and serial number with an HMAC-SHA-256 tag under
 * a per-process secret from /dev/urandom, so the server can tell its own
 * fresh nonces from forged or expired ones. Every nonce is good for one
 * request: a bitmap of the last DIGEST_REPLAY_WINDOW serials used catches
 * replays (a replayed or expired nonce with a right response gets
 * "stale=true", so an honest client simply retries with a new nonce).
 * Secrets are compared in constant time (hash_equal).
 */
#ifndef CWMP_DIGEST_H
#define CWMP_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define DIGEST_REALM "cwmpd"
#define DIGEST_NONCE_LIFETIME_S 300
#define DIGEST_REPLAY_WINDOW 256        /* serials; a multiple of 64 */
#define DIGEST_MAX_HEADER 2048          /* longest Authorization value we read */
#define DIGEST_NONCE_LEN 64             /* hex characters */
/* Room for both WWW-Authenticate lines that digest_challenge writes. */
#define DIGEST_CHALLENGE_MAX 400

#include "config_check.h"

/* The algorithms, as config_digest_algs gives them for cpe.digest. */
#define DIGEST_ALG_SHA256 CONFIG_DIGEST_SHA256
#define DIGEST_ALG_MD5 CONFIG_DIGEST_MD5

struct digest_server {
	unsigned algs;                  /* DIGEST_ALG_* offered and accepted
					   (cpe.digest); 0: both */
	unsigned char secret[32];
	uint64_t next_serial;           /* of the next nonce made */
	uint64_t used_top;              /* highest serial used so far (0: none) */
	uint64_t used[DIGEST_REPLAY_WINDOW / 64]; /* bit i: serial used_top - i used */
};

/* The parameters of an "Authorization: Digest ..." value, unquoted and
 * NUL-terminated in store; a field the client did not send is NULL. */
struct digest_auth {
	const char *username, *realm, *nonce, *uri, *response;
	const char *algorithm, *qop, *nc, *cnonce, *opaque, *userhash;
	char store[DIGEST_MAX_HEADER];
};

enum digest_result {
	DIGEST_OK,          /* right credentials, fresh nonce (now used up) */
	DIGEST_DENIED,      /* wrong or incomplete credentials */
	DIGEST_STALE,       /* right credentials, but a nonce that is not ours,
			       expired or used before */
};

/* Seed the secret from /dev/urandom. 0 or -errno. */
int digest_server_init(struct digest_server *s);

/*
 * Parse the value of an Authorization field (value[0, len), no NUL needed)
 * into *d: "Digest" then comma-separated name=token or name="quoted"
 * pairs. 0; -EINVAL when the scheme is not Digest, the syntax is wrong or a
 * parameter repeats; -E2BIG when it is longer than DIGEST_MAX_HEADER.
 */
int digest_parse(const char *value, size_t len, struct digest_auth *d);

/*
 * The challenges of the algorithms s->algs allows, SHA-256 first (RFC
 * 7616 3.7: most preferred first; clients that read only the last one, or
 * only understand MD5, still find MD5), all with the same fresh nonce made at now_s (a monotonic second
 * count), as complete header lines ending in CRLF, written to out.
 * Returns the length, or -ENOSPC if out (outlen bytes) is too small.
 */
int digest_challenge(struct digest_server *s, int64_t now_s, int stale, char *out,
		     size_t outlen);

/*
 * Check d for request method and target against username/password (the
 * configured ConnectionRequestUsername/Password; username must not be
 * empty) at now_s: a response by an algorithm s->algs does not allow is
 * DIGEST_DENIED. DIGEST_OK marks the nonce used.
 */
enum digest_result digest_check(struct digest_server *s, const struct digest_auth *d,
				const char *method, const char *target,
				const char *username, const char *password, int64_t now_s);

/*
 * The response a client computes (for tests and the fuzzer): hex into out
 * (at least 65 bytes). alg is "MD5" or "SHA-256" (NULL: MD5). 0 or -EINVAL.
 */
int digest_response(const char *alg, const char *username, const char *realm,
		    const char *password, const char *method, const char *uri,
		    const char *nonce, const char *nc, const char *cnonce, const char *qop,
		    char *out);

/* A nonce made at now_s (DIGEST_NONCE_LEN hex characters + NUL in out). */
void digest_nonce_make(struct digest_server *s, int64_t now_s, char *out);

#endif
