/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The checks of cwmpd's string options, as config.c's option table uses
 * them: each takes the value and returns 0 or -EINVAL.
 */
#ifndef CWMP_CONFIG_CHECK_H
#define CWMP_CONFIG_CHECK_H

/* An http:// or https:// URL with a host (acs.url). */
int config_check_url(const char *v);
/* Starts with '/' (cpe.path). */
int config_check_path(const char *v);
/* openwrt or sim (cpe.platform). */
int config_check_platform(const char *v);
/* "" or 6 upper-case hex digits (device.oui). */
int config_check_oui(const char *v);
/* "" or an absolute path that fits a sockaddr_un (cpe.ctl_socket). */
int config_check_socket(const char *v);
/* Words config_digest_algs takes (cpe.digest). */
int config_check_digest(const char *v);
/* Not on in a build without STUN (stun.enable). */
int config_check_stun_enable(const char *v);
/* "" or our one XMPP connection (xmpp.connreq). */
int config_check_xmpp_ref(const char *v);

#define CONFIG_DIGEST_SHA256 1u
#define CONFIG_DIGEST_MD5 2u

/* The CONFIG_DIGEST_* bits of cpe.digest: algorithm names separated by
 * spaces ("SHA-256 MD5", any case, each once at most), or 0 when a word
 * is neither or the list is empty. */
unsigned config_digest_algs(const char *list);

#endif
