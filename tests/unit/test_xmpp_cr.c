/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * xmpp_cr.c: the verdict on an XMPP connection request from the stanza's
 * fields (no XMPP library involved): ConnReqAllowedJabberIDs as TR-181
 * describes it (empty allows all, a bare entry any resource, a full one
 * itself only), the credentials, a request with fields missing, no
 * username configured, the back-off of a sender that keeps failing (the
 * right password refused while blocked; other senders unaffected). And
 * xmpp_dm.c: the parameters' lines and where the ACS's writes go.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "config.h"
#include "dm_native.h"
#include "xbuf.h"
#include "xmpp_cr.h"
#include "xmpp_dm.h"

#define ACS "acs@xmpp.example/genieacs"

static const struct xmpp_cr_policy policy = { "cr-user", "cr-pass", "acs@xmpp.example" };

static void test_allowed_list(void **state)
{
	static const struct {
		const char *list, *jid;
		bool want;
	} v[] = {
		{ "", "anyone@else.example/x", true },
		{ "", NULL, true },
		{ " , ", "anyone@else.example/x", true },
		/* TR-181's own example */
		{ "ACS1@tr069.example.com, ACS2@tr069.example.com/resource1",
		  "ACS1@tr069.example.com/resource1", true },
		{ "ACS1@tr069.example.com, ACS2@tr069.example.com/resource1",
		  "ACS1@tr069.example.com/resource2", true },
		{ "ACS1@tr069.example.com, ACS2@tr069.example.com/resource1",
		  "ACS2@tr069.example.com/resource1", true },
		{ "ACS1@tr069.example.com, ACS2@tr069.example.com/resource1",
		  "ACS2@tr069.example.com/resource2", false },
		{ "ACS1@tr069.example.com, ACS2@tr069.example.com/resource1",
		  "ACS@tr069.example.com/resource", false },
		{ "acs@xmpp.example", "ACS@XMPP.Example/r", true },     /* case of the bare part */
		{ "acs@xmpp.example/R", "acs@xmpp.example/r", false },  /* ... not the resource */
		{ "acs@xmpp.example", "acs@xmpp.example", true },
		{ "acs@xmpp.example", "acs@xmpp.example.evil/r", false },
		{ "acs@xmpp.example", "xacs@xmpp.example/r", false },
		{ "acs@xmpp.example/r", "acs@xmpp.example/r2", false },
		{ "acs@xmpp.example", NULL, false },
		{ "acs@xmpp.example", "", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (xmpp_jid_allowed(v[i].list, v[i].jid) != v[i].want)
			fail_msg("list '%s', jid '%s': want %d", v[i].list,
				 v[i].jid ? v[i].jid : "(null)", v[i].want);
	}
}

static void test_verdicts(void **state)
{
	static const struct {
		struct xmpp_cr_req req;
		enum xmpp_cr_verdict want;
	} v[] = {
		{ { ACS, "cr-user", "cr-pass" }, XMPP_CR_ACCEPT },
		{ { ACS, "cr-user", "cr-pas" }, XMPP_CR_BAD_CREDENTIALS },
		{ { ACS, "cr-user", "cr-pass " }, XMPP_CR_BAD_CREDENTIALS },
		{ { ACS, "cr-usr", "cr-pass" }, XMPP_CR_BAD_CREDENTIALS },
		{ { ACS, "cr-user", NULL }, XMPP_CR_BAD_CREDENTIALS },
		{ { ACS, NULL, "cr-pass" }, XMPP_CR_BAD_CREDENTIALS },
		{ { ACS, "", "" }, XMPP_CR_BAD_CREDENTIALS },
		{ { "mallory@xmpp.example/genieacs", "cr-user", "cr-pass" },
		  XMPP_CR_SENDER_REFUSED },
		{ { NULL, "cr-user", "cr-pass" }, XMPP_CR_SENDER_REFUSED },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct cr_guard g;

		memset(&g, 0, sizeof(g));
		if (xmpp_cr_decide(&g, &v[i].req, &policy, 1000) != v[i].want)
			fail_msg("case %zu: want verdict %d", i, v[i].want);
	}
}

/* No ConnectionRequestUsername: nothing is valid, not even empty
 * credentials; an empty allowed list lets any sender (and none) try. */
static void test_no_username_configured(void **state)
{
	const struct xmpp_cr_policy none = { "", "", "" };
	const struct xmpp_cr_req reqs[] = { { ACS, "", "" }, { NULL, "x", "y" } };
	struct cr_guard g;

	(void)state;
	memset(&g, 0, sizeof(g));
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(xmpp_cr_decide(&g, &reqs[i], &none, 0), XMPP_CR_BAD_CREDENTIALS);
}

/* Ten failures are free; then the sender is refused unheard, the right
 * password included, until its debt drains; another sender is not. */
static void test_back_off(void **state)
{
	const struct xmpp_cr_req bad = { ACS, "cr-user", "guess" }, good = { ACS, "cr-user",
									      "cr-pass" };
	const struct xmpp_cr_req other = { "acs@xmpp.example/other-resource", "cr-user", "cr-pass" };
	const struct xmpp_cr_policy any = { "cr-user", "cr-pass", "" };
	const struct xmpp_cr_req stranger = { "b@elsewhere.example/r", "cr-user", "cr-pass" };
	struct cr_guard g;
	int i;

	(void)state;
	memset(&g, 0, sizeof(g));
	for (i = 0; i < 11; i++)
		assert_int_equal(xmpp_cr_decide(&g, &bad, &policy, 0), XMPP_CR_BAD_CREDENTIALS);
	assert_int_equal(xmpp_cr_decide(&g, &good, &policy, 0), XMPP_CR_BLOCKED);
	/* the same bare JID from another resource: the same debt */
	assert_int_equal(xmpp_cr_decide(&g, &other, &policy, 0), XMPP_CR_BLOCKED);
	assert_int_equal(xmpp_cr_decide(&g, &stranger, &any, 0), XMPP_CR_ACCEPT);
	assert_int_equal(xmpp_cr_decide(&g, &good, &policy, 2000), XMPP_CR_ACCEPT);
}

static void test_guard_key(void **state)
{
	uint8_t a[CR_GUARD_KEY_LEN], b[CR_GUARD_KEY_LEN], c[CR_GUARD_KEY_LEN];

	(void)state;
	xmpp_cr_guard_key("ACS@xmpp.example/one", a);
	xmpp_cr_guard_key("acs@xmpp.example/two", b);
	xmpp_cr_guard_key("acs2@xmpp.example/one", c);
	assert_memory_equal(a, b, CR_GUARD_KEY_LEN);
	assert_memory_not_equal(a, c, CR_GUARD_KEY_LEN);
	assert_int_equal(a[0], 0xff);
}

/* ---- xmpp_dm.c ----------------------------------------------------------------- */

static char *dm_lines(const struct config *cfg, const struct xmpp_status *st, struct xbuf *b)
{
	xbuf_init(b, 65536);
	assert_int_equal(xmpp_dm_get(cfg, st, b), 0);
	assert_non_null(b->data);
	return b->data;
}

static void test_dm_lines(void **state)
{
	struct config cfg;
	struct xbuf b;
	const struct xmpp_status up = { "Enabled", "cpe@x.example/cwmpd", "cpe@x.example/cwmpd",
					true, 0 };
	const char *conf = "config acs 'acs'\n option url 'http://a/'\n"
			   "config xmpp 'xmpp'\n option enable '1'\n"
			   " option password 'secret'\n option server '10.0.0.1'\n";
	char *text;

	(void)state;
	assert_int_equal(config_parse("t", conf, strlen(conf), &cfg, NULL, 0), 0);
	text = dm_lines(&cfg, &up, &b);
	assert_non_null(strstr(text, "Device.ManagementServer.ConnReqJabberID\tcpe@x.example/cwmpd\n"));
	assert_non_null(strstr(text, "Device.ManagementServer.ConnReqXMPPConnection\t"
				     "Device.XMPP.Connection.1\n"));
	assert_non_null(strstr(text, "Device.XMPP.Connection.1.Status\tEnabled\n"));
	assert_non_null(strstr(text, "Device.XMPP.Connection.1.TLSEstablished\ttrue\n"));
	assert_non_null(strstr(text, "Device.XMPP.Connection.1.ServerConnectAlgorithm\tServerTable\n"));
	assert_non_null(strstr(text, "Device.XMPP.Connection.1.Password\t\n"));
	assert_null(strstr(text, "secret"));
	xbuf_fini(&b);
	/* disabled: ConnReqJabberID empty, whatever was bound before */
	cfg.xmpp_enable = false;
	text = dm_lines(&cfg, &up, &b);
	assert_non_null(strstr(text, "Device.ManagementServer.ConnReqJabberID\t\n"));
	xbuf_fini(&b);
	config_fini(&cfg);
}

static void test_dm_writes(void **state)
{
	const struct native_opt *o = xmpp_dm_opt("Device.XMPP.Connection.1.UseTLS");

	(void)state;
	assert_non_null(o);
	assert_string_equal(o->option, "use_tls");
	assert_true(o->boolean);
	assert_null(xmpp_dm_opt("Device.XMPP.Connection.1.JabberID"));
	assert_null(xmpp_dm_opt("Device.XMPP.Connection.2.UseTLS"));
	assert_int_equal(dm_native_check("Device.ManagementServer.ConnReqXMPPConnection",
					 "Device.XMPP.Connection.1"), 0);
	assert_int_equal(dm_native_check("Device.ManagementServer.ConnReqXMPPConnection", ""), 0);
	assert_int_equal(dm_native_check("Device.ManagementServer.ConnReqXMPPConnection",
					 "Device.XMPP.Connection.2"), -EINVAL);
	assert_int_equal(dm_native_check("Device.XMPP.Connection.1.Server.1.Port", "0"), -EINVAL);
	assert_int_equal(dm_native_check("Device.XMPP.Connection.1.Server.1.Port", "5223"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed_list),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_no_username_configured),
		cmocka_unit_test(test_back_off),
		cmocka_unit_test(test_guard_key),
		cmocka_unit_test(test_dm_lines),
		cmocka_unit_test(test_dm_writes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
