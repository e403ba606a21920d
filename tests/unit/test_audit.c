/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for `cwmpctl audit` (audit.c, audit_config.c, audit_files.c):
 * each insecure setting found with its severity, its secure counterpart
 * not reported, the exit status and both report formats. Every case writes
 * a config, a firewall file and the directories it names into a fresh
 * temporary directory.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "audit.h"
#include "ctl_proto.h"

/* A temporary tree: config, firewall, state/, plugins/p, dl/, run/. */
struct fx {
	char dir[64], config[128], firewall[128], state[128], plugins[128], dl[128];
	struct audit_report r;
};

static const char *const rule_open =
	"config rule 'cwmpd_cr'\n\toption src 'wan'\n\toption proto 'tcp'\n"
	"\toption dest_port '7547'\n\toption target 'ACCEPT'\n";

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	char p[160];

	assert_non_null(fx);
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_audit.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->config, sizeof(fx->config), "%s/cwmpd", fx->dir);
	snprintf(fx->firewall, sizeof(fx->firewall), "%s/firewall", fx->dir);
	snprintf(fx->state, sizeof(fx->state), "%s/state", fx->dir);
	snprintf(fx->plugins, sizeof(fx->plugins), "%s/plugins", fx->dir);
	snprintf(fx->dl, sizeof(fx->dl), "%s/dl", fx->dir);
	assert_int_equal(mkdir(fx->state, 0700), 0);
	assert_int_equal(mkdir(fx->plugins, 0755), 0);
	assert_int_equal(mkdir(fx->dl, 0700), 0);
	snprintf(p, sizeof(p), "%s/run", fx->dir);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/p", fx->plugins);
	write_file(p, "#!/bin/sh\n", 0755);
	snprintf(p, sizeof(p), "%s/events", fx->state);
	write_file(p, "1 BOOT\n", 0600);
	write_file(fx->firewall, rule_open, 0644);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	char cmd[128];

	audit_report_free(&fx->r);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

/*
 * Write the config: a secure one (https, credentials both ways, a random
 * connection request path on a private address) changed by the pairs
 * "section.option", "value" that follow, NULL-terminated; then audit it.
 */
static void audit(struct fx *fx, ...)
{
	const char *opts[][2] = {
		{ "acs.url", "https://acs.example.net/" }, { "acs.username", "cpe-0001" },
		{ "acs.password", "x8Kq2mP0zR7tLw4v" }, { "acs.verify", "1" },
		{ "cpe.username", "acs" }, { "cpe.password", "n4Gd8sLq0pZ2xV6c" },
		{ "cpe.digest", "SHA-256 MD5" }, { "cpe.path", "/cr-7f3k9q2m" },
		{ "cpe.address", "192.168.1.1" }, { "cpe.log_level", "notice" },
		{ "cpe.download_dir", fx->dl }, { "acs.client_key", "" },
	};
	const size_t n = sizeof(opts) / sizeof(opts[0]);
	char text[4096], sock[160];
	const char *k, *v;
	size_t len = 0;
	va_list ap;

	va_start(ap, fx);
	while ((k = va_arg(ap, const char *))) {
		v = va_arg(ap, const char *);
		for (size_t i = 0; i < n; i++)
			if (strcmp(opts[i][0], k) == 0)
				opts[i][1] = v;
	}
	va_end(ap);
	snprintf(sock, sizeof(sock), "%s/run/cwmpd.sock", fx->dir);
	for (const char *sec = "acs"; sec; sec = strcmp(sec, "acs") == 0 ? "cpe" : NULL) {
		len += (size_t)snprintf(text + len, sizeof(text) - len, "config %s '%s'\n", sec,
					sec);
		for (size_t i = 0; i < n; i++)
			if (strncmp(opts[i][0], sec, 3) == 0)
				len += (size_t)snprintf(text + len, sizeof(text) - len,
							"\toption %s '%s'\n", opts[i][0] + 4,
							opts[i][1]);
	}
	snprintf(text + len, sizeof(text) - len,
		 "\toption state_dir '%s'\n\toption plugin_dir '%s'\n\toption ctl_socket '%s'\n",
		 fx->state, fx->plugins, sock);
	write_file(fx->config, text, 0600);
	audit_report_free(&fx->r);
	audit_run(&(struct audit_paths){ fx->config, fx->firewall }, &fx->r);
}

/* The severity of the finding id, or -1 when there is none. */
static int sev(const struct fx *fx, const char *id)
{
	for (size_t i = 0; i < fx->r.n; i++)
		if (strcmp(fx->r.f[i].id, id) == 0)
			return (int)fx->r.f[i].sev;
	return -1;
}

static void test_secure_config(void **state)
{
	struct fx *fx = *state;

	audit(fx, NULL);
	for (size_t i = 0; i < fx->r.n; i++)
		fail_msg("unexpected finding %s: %s", fx->r.f[i].id, fx->r.f[i].what);
	assert_int_equal(audit_exit_status(&fx->r), 0);
}

static void test_acs(void **state)
{
	struct fx *fx = *state;

	audit(fx, "acs.url", "http://acs.example.net:7547/", NULL);
	assert_int_equal(sev(fx, "acs-http"), AUDIT_HIGH);
	assert_int_equal(audit_exit_status(&fx->r), CTL_EXIT_FAILED);
	audit(fx, "acs.verify", "0", NULL);
	assert_int_equal(sev(fx, "acs-verify-off"), AUDIT_HIGH);
	assert_int_equal(sev(fx, "acs-http"), -1);
	audit(fx, "acs.url", "http://acs.example.net/", "acs.verify", "0", NULL);
	assert_int_equal(sev(fx, "acs-verify-off"), -1);    /* http says it all */
	audit(fx, "acs.username", "", NULL);
	assert_int_equal(sev(fx, "acs-no-credentials"), AUDIT_MEDIUM);
	audit(fx, "acs.password", "", NULL);
	assert_int_equal(sev(fx, "acs-empty-password"), AUDIT_MEDIUM);
	audit(fx, "acs.password", "Password", NULL);
	assert_int_equal(sev(fx, "acs-default-credentials"), AUDIT_HIGH);
	audit(fx, "acs.password", "cpe-0001", NULL);
	assert_int_equal(sev(fx, "acs-default-credentials"), AUDIT_HIGH);
	audit(fx, "acs.password", "k3Xb9", NULL);
	assert_int_equal(sev(fx, "acs-weak-password"), AUDIT_LOW);
	assert_int_equal(audit_exit_status(&fx->r), 0);
}

static void test_connection_requests(void **state)
{
	struct fx *fx = *state;

	audit(fx, "cpe.username", "", "cpe.password", "", NULL);
	assert_int_equal(sev(fx, "cr-refused"), AUDIT_INFO);
	assert_int_equal(sev(fx, "cr-no-password"), -1);
	audit(fx, "cpe.password", "", NULL);
	assert_int_equal(sev(fx, "cr-no-password"), AUDIT_HIGH);
	audit(fx, "cpe.password", "easycwmp", NULL);
	assert_int_equal(sev(fx, "cr-default-credentials"), AUDIT_HIGH);
	audit(fx, "cpe.password", "Zq81xk", NULL);
	assert_int_equal(sev(fx, "cr-weak-password"), AUDIT_MEDIUM);
	audit(fx, "cpe.digest", "MD5", NULL);
	assert_int_equal(sev(fx, "cr-md5-only"), AUDIT_MEDIUM);
	audit(fx, "cpe.digest", "SHA-256", NULL);
	assert_int_equal(sev(fx, "cr-md5-only"), -1);
	audit(fx, "cpe.path", "/", NULL);
	assert_int_equal(sev(fx, "cr-path-default"), AUDIT_LOW);
	audit(fx, "cpe.log_level", "debug", NULL);
	assert_int_equal(sev(fx, "log-debug"), AUDIT_LOW);
}

/* The package's rule (no src_ip) on a public or wildcard address. */
static void test_firewall(void **state)
{
	struct fx *fx = *state;

	audit(fx, "cpe.address", "", NULL);
	assert_int_equal(sev(fx, "cr-open-to-all"), AUDIT_MEDIUM);
	assert_non_null(strstr(fx->r.f[0].what, "'cwmpd_cr'"));
	assert_non_null(strstr(fx->r.f[0].what, "zone wan"));
	audit(fx, "cpe.address", "203.0.113.7", NULL);
	assert_int_equal(sev(fx, "cr-open-to-all"), AUDIT_MEDIUM);
	audit(fx, "cpe.address", "2001:db8::7", NULL);
	assert_int_equal(sev(fx, "cr-open-to-all"), AUDIT_MEDIUM);
	audit(fx, "cpe.address", "10.1.2.3", NULL);          /* private: not checked */
	assert_int_equal(sev(fx, "cr-open-to-all"), -1);
	audit(fx, "cpe.address", "fd00::1", NULL);
	assert_int_equal(sev(fx, "cr-open-to-all"), -1);

	write_file(fx->firewall, "config rule\n\toption src wan\n\toption dest_port '7000-8000'\n"
		   "\toption target ACCEPT\n\tlist src_ip 198.51.100.1\n", 0644);
	audit(fx, "cpe.address", "", NULL);
	assert_int_equal(sev(fx, "cr-open-to-all"), -1);
	assert_int_equal(sev(fx, "cr-no-firewall-rule"), -1);
	write_file(fx->firewall, "config rule\n\toption name Allow-CR\n\toption proto 'tcp udp'\n"
		   "\tlist dest_port '80 7547'\n\toption target ACCEPT\n", 0644);
	audit(fx, "cpe.address", "", NULL);
	assert_int_equal(sev(fx, "cr-open-to-all"), AUDIT_MEDIUM);
	assert_non_null(strstr(fx->r.f[0].what, "'Allow-CR'"));
	/* disabled, another port, udp only, a forward: none accepts it */
	write_file(fx->firewall, "config rule\n\toption dest_port 7547\n\toption target ACCEPT\n"
		   "\toption enabled 0\nconfig rule\n\toption dest_port 7548\n\toption target "
		   "ACCEPT\nconfig rule\n\toption dest_port 7547\n\toption proto udp\n\toption "
		   "target ACCEPT\nconfig rule\n\toption dest_port 7547\n\toption dest lan\n\t"
		   "option target ACCEPT\nconfig rule\n\toption dest_port 7547\n\toption target "
		   "REJECT\n", 0644);
	audit(fx, "cpe.address", "", NULL);
	assert_int_equal(sev(fx, "cr-open-to-all"), -1);
	assert_int_equal(sev(fx, "cr-no-firewall-rule"), AUDIT_INFO);
	unlink(fx->firewall);
	audit(fx, "cpe.address", "", NULL);
	assert_int_equal(sev(fx, "cr-no-firewall"), AUDIT_LOW);
	write_file(fx->firewall, "config rule\n\toption 'unterminated\n", 0644);
	audit(fx, "cpe.address", "", NULL);
	assert_int_equal(sev(fx, "cr-no-firewall"), AUDIT_LOW);
}

static void test_config_file(void **state)
{
	struct fx *fx = *state;

	audit(fx, NULL);
	chmod(fx->config, 0644);
	audit_report_free(&fx->r);
	audit_run(&(struct audit_paths){ fx->config, fx->firewall }, &fx->r);
	assert_int_equal(sev(fx, "config-readable"), AUDIT_HIGH);
	chmod(fx->config, 0640);
	audit_report_free(&fx->r);
	audit_run(&(struct audit_paths){ fx->config, fx->firewall }, &fx->r);
	assert_int_equal(sev(fx, "config-readable"), AUDIT_MEDIUM);
	chmod(fx->config, 0602);
	audit_report_free(&fx->r);
	audit_run(&(struct audit_paths){ fx->config, fx->firewall }, &fx->r);
	assert_int_equal(sev(fx, "config-writable"), AUDIT_HIGH);
	/* no password in it: readable is only low */
	audit(fx, "acs.password", "", "cpe.password", "", NULL);
	chmod(fx->config, 0644);
	audit_report_free(&fx->r);
	audit_run(&(struct audit_paths){ fx->config, fx->firewall }, &fx->r);
	assert_int_equal(sev(fx, "config-readable"), AUDIT_LOW);
	/* the directory */
	chmod(fx->dir, 0777);
	audit(fx, NULL);
	assert_int_equal(sev(fx, "config-dir-writable"), AUDIT_HIGH);
	chmod(fx->dir, 01777);
	audit(fx, NULL);
	assert_int_equal(sev(fx, "config-dir-writable"), -1);
	chmod(fx->dir, 0700);
}

static void test_config_invalid(void **state)
{
	struct fx *fx = *state;

	audit(fx, "acs.url", "ftp://x", NULL);
	assert_int_equal(sev(fx, "config-invalid"), AUDIT_HIGH);
	assert_non_null(strstr(fx->r.f[0].what, "option 'url'"));
	assert_int_equal(audit_exit_status(&fx->r), CTL_EXIT_FAILED);
	unlink(fx->config);
	audit_report_free(&fx->r);
	audit_run(&(struct audit_paths){ fx->config, fx->firewall }, &fx->r);
	assert_int_equal(sev(fx, "config-invalid"), AUDIT_HIGH);
	assert_int_equal(fx->r.n, 1);
}

static void test_state_dir(void **state)
{
	struct fx *fx = *state;
	char p[200], q[200];

	snprintf(p, sizeof(p), "%s/events", fx->state);
	chmod(p, 0644);
	audit(fx, NULL);
	assert_int_equal(sev(fx, "state-readable"), AUDIT_HIGH);
	chmod(p, 0640);
	audit(fx, NULL);
	assert_int_equal(sev(fx, "state-readable"), -1);
	assert_int_equal(sev(fx, "state-mode"), AUDIT_MEDIUM);
	chmod(p, 0620);
	audit(fx, NULL);
	assert_int_equal(sev(fx, "state-writable"), AUDIT_HIGH);
	chmod(p, 0600);
	chmod(fx->state, 0755);
	audit(fx, NULL);
	assert_int_equal(sev(fx, "state-mode"), AUDIT_MEDIUM);
	chmod(fx->state, 0700);
	snprintf(q, sizeof(q), "%s/sub", fx->state);
	assert_int_equal(mkdir(q, 0700), 0);
	snprintf(q, sizeof(q), "%s/sub/key", fx->state);
	assert_int_equal(symlink("/etc/shadow", q), 0);
	audit(fx, NULL);
	assert_int_equal(sev(fx, "state-symlink"), AUDIT_HIGH);
	unlink(q);
	audit(fx, NULL);
	assert_int_equal(fx->r.n, 0);
	/* the state dir itself a link */
	snprintf(q, sizeof(q), "%s/state-real", fx->dir);
	assert_int_equal(rename(fx->state, q), 0);
	assert_int_equal(symlink(q, fx->state), 0);
	audit(fx, NULL);
	assert_int_equal(sev(fx, "state-dir-not-dir"), AUDIT_HIGH);
}

static void test_other_files(void **state)
{
	struct fx *fx = *state;
	char key[200], plug[200];

	snprintf(key, sizeof(key), "%s/key.pem", fx->dir);
	write_file(key, "-----BEGIN PRIVATE KEY-----\n", 0644);
	audit(fx, "acs.client_key", key, NULL);
	assert_int_equal(sev(fx, "client-key-readable"), AUDIT_HIGH);
	chmod(key, 0600);
	audit(fx, "acs.client_key", key, NULL);
	assert_int_equal(sev(fx, "client-key-readable"), -1);
	snprintf(plug, sizeof(plug), "%s/p", fx->plugins);
	chmod(plug, 0777);
	audit(fx, NULL);
	assert_int_equal(sev(fx, "plugin-writable"), AUDIT_HIGH);
	chmod(plug, 0755);
	chmod(fx->plugins, 0775);
	audit(fx, NULL);
	assert_int_equal(sev(fx, "plugin-writable"), AUDIT_HIGH);
	chmod(fx->plugins, 0755);
	chmod(fx->dl, 0777);
	audit(fx, NULL);
	assert_int_equal(sev(fx, "download-dir-open"), AUDIT_HIGH);
	chmod(fx->dl, 01777);
	audit(fx, NULL);
	assert_int_equal(sev(fx, "download-dir-open"), -1);
	assert_int_equal(sev(fx, "download-dir-shared"), AUDIT_LOW);
	chmod(fx->dl, 0700);
	audit(fx, NULL);
	assert_int_equal(fx->r.n, 0);
}

/* The config written by audit() plus a section, audited again. */
static void audit_with(struct fx *fx, const char *section)
{
	FILE *f;

	audit(fx, NULL);
	f = fopen(fx->config, "a");
	assert_non_null(f);
	fputs(section, f);
	fclose(f);
	audit_report_free(&fx->r);
	audit_run(&(struct audit_paths){ fx->config, fx->firewall }, &fx->r);
}

static void test_xmpp(void **state)
{
	struct fx *fx = *state;

	audit_with(fx, "config xmpp 'xmpp'\n\toption enable '1'\n\toption use_tls '0'\n");
	assert_int_equal(sev(fx, "xmpp-no-tls"), AUDIT_HIGH);
	assert_int_equal(sev(fx, "xmpp-any-sender"), AUDIT_MEDIUM);
	audit_with(fx, "config xmpp 'xmpp'\n\toption enable '1'\n\toption verify '0'\n"
		   "\toption allowed_jids 'acs@example.net'\n");
	assert_int_equal(sev(fx, "xmpp-verify-off"), AUDIT_HIGH);
	assert_int_equal(sev(fx, "xmpp-no-tls"), -1);
	assert_int_equal(sev(fx, "xmpp-any-sender"), -1);
	audit_with(fx, "config xmpp 'xmpp'\n\toption enable '0'\n\toption use_tls '0'\n");
	assert_int_equal(fx->r.n, 0);
	/* an XMPP password makes a readable config high */
	audit_with(fx, "config acs 'acs'\n\toption url 'https://a.example/'\nconfig cpe 'cpe'\n"
		   "\toption path '/cr-x'\n\toption address '10.0.0.1'\n\toption state_dir '/nonexistent'\n"
		   "config xmpp 'xmpp'\n\toption password 'x'\n");
	chmod(fx->config, 0644);
	audit_report_free(&fx->r);
	audit_run(&(struct audit_paths){ fx->config, fx->firewall }, &fx->r);
	assert_int_equal(sev(fx, "config-readable"), AUDIT_HIGH);
}

/* Most severe first, counted, in both formats. */
static void test_report(void **state)
{
	struct fx *fx = *state;
	struct xbuf b;

	audit(fx, "cpe.path", "/", "acs.url", "http://a.example/", "cpe.digest", "MD5", NULL);
	assert_int_equal(fx->r.n, 3);
	assert_string_equal(fx->r.f[0].id, "acs-http");
	assert_string_equal(fx->r.f[1].id, "cr-md5-only");
	assert_string_equal(fx->r.f[2].id, "cr-path-default");
	xbuf_init(&b, 1 << 16);
	audit_write(&fx->r, "/etc/config/cwmpd", false, &b);
	assert_non_null(strstr(b.data, "audit of /etc/config/cwmpd\nhigh    acs-http: acs.url "));
	assert_non_null(strstr(b.data, "\n        fix: an https:// URL"));
	assert_non_null(strstr(b.data, "\n3 findings: 1 high, 1 medium, 1 low, 0 info\n"));
	xbuf_reset(&b);
	audit_write(&fx->r, "/etc/\"config\"/cwmpd", true, &b);
	assert_non_null(strstr(b.data, "{\"config\":\"/etc/\\\"config\\\"/cwmpd\",\"findings\":"
					"[{\"severity\":\"high\",\"id\":\"acs-http\",\"message\":"));
	assert_non_null(strstr(b.data, "],\"count\":{\"high\":1,\"medium\":1,\"low\":1,"
					"\"info\":0},\"complete\":true}\n"));
	xbuf_fini(&b);
}

static void test_main_usage(void **state)
{
	char *bad1[] = { "audit", "-x", NULL };
	char *bad2[] = { "audit", "extra", NULL };

	(void)state;
	assert_int_equal(audit_main(2, bad1, false), CTL_EXIT_USAGE);
	assert_int_equal(audit_main(2, bad2, false), CTL_EXIT_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_secure_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_connection_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_firewall, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xmpp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report, setup, teardown),
		cmocka_unit_test(test_main_usage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
