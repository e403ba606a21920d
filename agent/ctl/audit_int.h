/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Inside `cwmpctl audit`: how a check records a finding, and the two sets
 * of checks audit.c runs.
 */
#ifndef CWMP_AUDIT_INT_H
#define CWMP_AUDIT_INT_H

#include "audit.h"
#include "config.h"

/* Record a finding: what is formatted like printf, fix taken as is (both
 * copied). On out of memory r->oom is set and the finding dropped. */
void audit_add(struct audit_report *r, enum audit_sev sev, const char *id, const char *fix,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The values of cfg: the ACS URL and TLS, credentials, connection requests
 * and who may reach them (the firewall's UCI file at firewall). */
void audit_config(const struct config *cfg, const char *firewall, struct audit_report *r);

/* Owners and modes: the config file at path, and (when cfg is not NULL)
 * the state dir, the TLS key and CA, the plugins, the download dir and the
 * control socket's directory. */
void audit_files(const char *path, const struct config *cfg, struct audit_report *r);

#endif
