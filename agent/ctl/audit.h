/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `cwmpctl audit`: cwmpd's configuration and files read for insecure
 * settings, without the daemon (it may be stopped). Each finding has a
 * severity, a stable id, what was found and the fix. The checks are in
 * audit_config.c (the values: ACS URL, TLS, credentials, connection
 * requests, the firewall rule) and audit_files.c (owners and modes of the
 * config, the state dir, keys, plugins, the download dir); this file runs
 * them and writes the report.
 */
#ifndef CWMP_AUDIT_H
#define CWMP_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "xbuf.h"

enum audit_sev { AUDIT_INFO, AUDIT_LOW, AUDIT_MEDIUM, AUDIT_HIGH, AUDIT_N_SEV };

struct audit_finding {
	enum audit_sev sev;
	const char *id;         /* static: "acs-http" */
	char *what;             /* owned */
	char *fix;              /* owned */
};

struct audit_report {
	struct audit_finding *f;
	size_t n;
	unsigned count[AUDIT_N_SEV];
	bool oom;               /* a finding could not be kept */
};

/* What to read: config (/etc/config/cwmpd) and the firewall's UCI file
 * (/etc/config/firewall; its absence is a finding of its own). */
struct audit_paths {
	const char *config;
	const char *firewall;
};

/*
 * Every check on the files at p, into *r (zeroed first), most severe first.
 * A config that cannot be read or does not load is a high finding (the
 * file checks still run). The caller frees r with audit_report_free.
 */
void audit_run(const struct audit_paths *p, struct audit_report *r);

void audit_report_free(struct audit_report *r);

/* The report as text (one finding per line pair, then a count line) or
 * JSON, appended to out. */
void audit_write(const struct audit_report *r, const char *config, bool json,
		 struct xbuf *out);

/* 1 when there is a high finding (or the report is incomplete), else 0. */
int audit_exit_status(const struct audit_report *r);

/* `cwmpctl [-j] audit [-c CONFIG] [-f FIREWALL]`: argv[0] is "audit". Runs,
 * prints the report on stdout and returns the exit status (2: usage). */
int audit_main(int argc, char **argv, bool json);

#endif
