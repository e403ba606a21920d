/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Whether the linked libcurl can answer an HTTP Digest challenge. OpenWrt
 * builds libcurl without it by default (LIBCURL_CRYPTO_AUTH off: curl's
 * --disable-crypto-auth). Such a libcurl still takes CURLAUTH_DIGEST in
 * CURLOPT_HTTPAUTH without complaint (curl_easy_setopt only turns off the
 * NTLM and Negotiate bits it lacks, and returns CURLE_NOT_BUILT_IN only
 * when no bit is left) and has no curl_version_info feature bit for it;
 * it simply ignores the ACS's Digest challenge, and every session ends in
 * 401. So we ask libcurl itself: a request over loopback to a canned 401
 * with a Digest challenge, and see whether it comes back with Digest
 * credentials.
 */
#ifndef CWMP_CURL_AUTH_H
#define CWMP_CURL_AUTH_H

/*
 * One request with CURLOPT_HTTPAUTH auth (CURLAUTH_* bits) to a server on
 * 127.0.0.1, in this process, that answers every connection "401, Digest
 * challenge, close". Returns 1 when libcurl sent "Authorization: Digest",
 * 0 when it did not, or a negative errno when the probe could not run
 * (no loopback socket, libcurl refused an option, sent nothing). Blocks
 * for about 0.1 ms (at most 250 ms, whatever libcurl does).
 */
int curl_auth_probe(unsigned long auth);

/* curl_auth_probe(CURLAUTH_DIGEST). */
int curl_auth_has_digest(void);

/*
 * At start and after a reload: log libcurl's version and where the hashes
 * come from (info), and when the ACS has a username (acs_username not
 * empty) but libcurl cannot do Digest, a warning: only Basic will work.
 */
void curl_auth_report(const char *acs_username);

#endif
