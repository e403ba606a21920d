/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `cwmpctl audit` (audit.h): runs the checks, orders the findings, writes
 * the report in text or JSON.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_int.h"
#include "ctl_proto.h"
#include "log.h"

#define FIREWALL_DEFAULT "/etc/config/firewall"

static const char *const sev_names[AUDIT_N_SEV] = { "info", "low", "medium", "high" };

void audit_add(struct audit_report *r, enum audit_sev sev, const char *id, const char *fix,
	       const char *fmt, ...)
{
	struct audit_finding *f;
	char what[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	f = realloc(r->f, (r->n + 1) * sizeof(*f));
	if (!f) {
		r->oom = true;
		return;
	}
	r->f = f;
	f += r->n;
	*f = (struct audit_finding){ sev, id, strdup(what), strdup(fix) };
	if (!f->what || !f->fix) {
		free(f->what);
		free(f->fix);
		r->oom = true;
		return;
	}
	r->n++;
	r->count[sev]++;
}

/* Most severe first; the checks' order within a severity. */
static void order(struct audit_report *r)
{
	struct audit_finding t;

	for (size_t i = 1; i < r->n; i++) {
		size_t j = i;

		t = r->f[i];
		for (; j > 0 && r->f[j - 1].sev < t.sev; j--)
			r->f[j] = r->f[j - 1];
		r->f[j] = t;
	}
}

void audit_run(const struct audit_paths *p, struct audit_report *r)
{
	struct config cfg;
	char err[512];
	int rc;

	*r = (struct audit_report){ 0 };
	rc = config_load(p->config, &cfg, err, sizeof(err));
	if (rc != 0) {
		audit_add(r, AUDIT_HIGH, "config-invalid",
			  "fix the file (cwmpd does not start with it)", "%s", err);
		audit_files(p->config, NULL, r);
	} else {
		audit_config(&cfg, p->firewall, r);
		audit_files(p->config, &cfg, r);
		config_fini(&cfg);
	}
	order(r);
}

void audit_report_free(struct audit_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->f[i].what);
		free(r->f[i].fix);
	}
	free(r->f);
	*r = (struct audit_report){ 0 };
}

int audit_exit_status(const struct audit_report *r)
{
	return r->count[AUDIT_HIGH] || r->oom ? CTL_EXIT_FAILED : CTL_EXIT_OK;
}

/* ---- the report ------------------------------------------------------------------ */

static void json_str(struct xbuf *b, const char *s)
{
	xbuf_adds(b, "\"");
	xbuf_add_json(b, s);
	xbuf_adds(b, "\"");
}

static void write_json(const struct audit_report *r, const char *config, struct xbuf *b)
{
	xbuf_adds(b, "{\"config\":");
	json_str(b, config);
	xbuf_adds(b, ",\"findings\":[");
	for (size_t i = 0; i < r->n; i++) {
		xbuf_printf(b, "%s{\"severity\":\"%s\",\"id\":", i ? "," : "",
			    sev_names[r->f[i].sev]);
		json_str(b, r->f[i].id);
		xbuf_adds(b, ",\"message\":");
		json_str(b, r->f[i].what);
		xbuf_adds(b, ",\"fix\":");
		json_str(b, r->f[i].fix);
		xbuf_adds(b, "}");
	}
	xbuf_adds(b, "],\"count\":{");
	for (int s = AUDIT_HIGH; s >= AUDIT_INFO; s--)
		xbuf_printf(b, "\"%s\":%u%s", sev_names[s], r->count[s], s ? "," : "");
	xbuf_printf(b, "},\"complete\":%s}\n", r->oom ? "false" : "true");
}

static void write_text(const struct audit_report *r, const char *config, struct xbuf *b)
{
	xbuf_printf(b, "audit of %s\n", config);
	for (size_t i = 0; i < r->n; i++)
		xbuf_printf(b, "%-6s  %s: %s\n        fix: %s\n", sev_names[r->f[i].sev],
			    r->f[i].id, r->f[i].what, r->f[i].fix);
	xbuf_printf(b, "%zu finding%s: %u high, %u medium, %u low, %u info%s\n", r->n,
		    r->n == 1 ? "" : "s", r->count[AUDIT_HIGH], r->count[AUDIT_MEDIUM],
		    r->count[AUDIT_LOW], r->count[AUDIT_INFO],
		    r->oom ? " (out of memory: the report is incomplete)" : "");
}

void audit_write(const struct audit_report *r, const char *config, bool json,
		 struct xbuf *out)
{
	if (json)
		write_json(r, config, out);
	else
		write_text(r, config, out);
}

/* ---- the command ----------------------------------------------------------------- */

int audit_main(int argc, char **argv, bool json)
{
	struct audit_paths p = { CONFIG_DEFAULT_PATH, FIREWALL_DEFAULT };
	struct audit_report r;
	struct xbuf out;
	int c, status;

	optind = 1;
	while ((c = getopt(argc, argv, "+c:f:")) != -1) {
		if (c == 'c') {
			p.config = optarg;
		} else if (c == 'f') {
			p.firewall = optarg;
		} else {
			fprintf(stderr, "usage: cwmpctl [-j] audit [-c CONFIG] [-f FIREWALL]\n");
			return CTL_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "cwmpctl: audit: unexpected argument '%s'\n", argv[optind]);
		return CTL_EXIT_USAGE;
	}
	log_set_level(LOG_LVL_ERR);     /* config_load's warnings: not findings */
	audit_run(&p, &r);
	xbuf_init(&out, 1 << 20);
	audit_write(&r, p.config, json, &out);
	status = audit_exit_status(&r);
	if (xbuf_error(&out)) {
		fprintf(stderr, "cwmpctl: audit: out of memory\n");
		status = CTL_EXIT_FAILED;
	} else if (out.len) {
		fwrite(out.data, 1, out.len, stdout);
	}
	xbuf_fini(&out);
	audit_report_free(&r);
	return status;
}
