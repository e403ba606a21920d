/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for hiding secrets in logged SOAP bodies (log_redact): values of
 * secret parameters whatever the order of Name and Value, CDATA sections,
 * elements that are secrets themselves, and bodies left alone; and the
 * syslog priority of each level (log_syslog_priority).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <cmocka.h>

#include "log.h"

static char *redact(const char *s)
{
	char *r = log_redact(s, strlen(s), LOG_BODY_MAX);

	assert_non_null(r);
	return r;
}

static void hidden(const char *body, const char *secret)
{
	char *r = redact(body);

	if (strstr(r, secret))
		fail_msg("secret %s left in %s", secret, r);
	free(r);
}

static void test_name_then_value(void **state)
{
	(void)state;
	hidden("<ParameterValueStruct><Name>Device.ManagementServer.Password</Name>"
	       "<Value xsi:type=\"xsd:string\">s3cret</Value></ParameterValueStruct>", "s3cret");
}

/* A secret's name written so that its bytes do not spell it (issue 13, 5):
 * a character reference, a comment, CDATA; the value stays hidden. */
static void test_name_disguised(void **state)
{
	static const char *const names[] = {
		"Device.WiFi.AccessPoint.1.Security.Key&#80;assphrase",
		"Device.WiFi.AccessPoint.1.Security.Key&#x50;assphrase",
		"Device.WiFi.AccessPoint.1.Security.KeyPass<!-- -->phrase",
		"Device.WiFi.AccessPoint.1.Security.<![CDATA[KeyPassphrase]]>",
	};
	char body[512];

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(body, sizeof(body), "<ParameterValueStruct><Name>%s</Name>"
			 "<Value xsi:type=\"xsd:string\">s3cret-%zu</Value></ParameterValueStruct>",
			 names[i], i);
		hidden(body, "s3cret");
	}
}

static void test_value_then_name(void **state)
{
	(void)state;
	hidden("<ParameterValueStruct><Value>Reversed43</Value>"
	       "<Name>Device.ManagementServer.ConnectionRequestPassword</Name>"
	       "</ParameterValueStruct>", "Reversed43");
}

static void test_cdata(void **state)
{
	(void)state;
	hidden("<P><Name>Device.WiFi.AccessPoint.1.Security.KeyPassphrase</Name>"
	       "<Value><![CDATA[Cdata<42>]]></Value></P>", "Cdata");
	hidden("<P><Name>Device.ManagementServer.Password</Name>"
	       "<Value><![CDATA[a</Value>b]]>tail</Value></P>", "tail");
}

static void test_secret_element(void **state)
{
	(void)state;
	hidden("<cwmp:Download><Username>u</Username><Password>dl-pw</Password>"
	       "</cwmp:Download>", "dl-pw");
}

static void test_url_userinfo(void **state)
{
	char *r;

	(void)state;
	hidden("<URL>https://fw:Sekr1t@files.example/img.bin</URL>", "Sekr1t");
	r = redact("<URL>http://a:b@h/x</URL> <URL>http://files.example/@x</URL>");
	assert_string_equal(r, "<URL>http://***@h/x</URL> <URL>http://files.example/@x</URL>");
	free(r);
	r = redact("<URL>http://u@h/</URL>");
	assert_string_equal(r, "<URL>http://u@h/</URL>");    /* too short to matter */
	free(r);
}

static void test_left_alone(void **state)
{
	static const char body[] = "<ParameterValueStruct><Name>Device.DeviceInfo.UpTime</Name>"
				   "<Value>42</Value></ParameterValueStruct><X><![CDATA[<]]></X>";
	char *r = redact(body);

	(void)state;
	assert_string_equal(r, body);
	free(r);
}

/* A body over the cap: the log shows its start, cut before a tag, and how
 * much was left out; a secret named after the cut still hides the values
 * before it; a URL's password at the cut is never half shown. */
static void test_long_body(void **state)
{
	static const char head[] = "<Value>http://cpe:hunter2@acs.example/</Value>";
	static const char tail[] = "<Name>Device.WiFi.AccessPoint.1.Security.KeyPassphrase</Name>";
	size_t pad = 2 * LOG_BODY_MAX, len = sizeof(head) - 1 + pad + sizeof(tail) - 1;
	char *body = malloc(len + 1), *r, want[64];
	size_t cut;

	(void)state;
	assert_non_null(body);
	memcpy(body, head, sizeof(head) - 1);
	for (size_t i = 0; i < pad; i += 8)
		memcpy(body + sizeof(head) - 1 + i, "<a>b</a>", 8);
	memcpy(body + len - (sizeof(tail) - 1), tail, sizeof(tail));
	r = log_redact(body, len, LOG_BODY_MAX);
	assert_non_null(r);
	assert_null(strstr(r, "hunter2"));
	assert_null(strstr(r, "acs.example"));      /* the whole Value: a secret is named */
	assert_null(strstr(r, "KeyPassphrase"));     /* after the cut */
	assert_true(strlen(r) <= LOG_BODY_MAX + 64);
	cut = LOG_BODY_MAX;
	while (body[cut] != '<')
		cut--;
	snprintf(want, sizeof(want), "</a>... [%zu bytes not logged]", len - cut);
	assert_non_null(strstr(r, want));
	free(r);
	/* a URL whose password straddles the cut */
	memset(body, 'x', len);
	memcpy(body + LOG_BODY_MAX - 10, "<URL>http://u:secretsecret@h/</URL>", 35);
	r = log_redact(body, len, LOG_BODY_MAX);
	assert_non_null(r);
	assert_null(strstr(r, "secr"));
	free(r);
	free(body);
}

static void test_truncated(void **state)
{
	static const char *const bodies[] = {
		"<", "<Name>Device.X.Password", "<Value><![CDATA[abc", "<Name>Password</Name><Value>",
		"<Value", "<![CDATA[", "",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		free(redact(bodies[i]));
}

/* Each level with its own priority, so logd shows daemon.err,
 * daemon.warn, daemon.notice, daemon.info and daemon.debug (not every line
 * as daemon.err, as procd makes of stderr); the names parse to the same. */
static void test_syslog_priority(void **state)
{
	static const struct {
		const char *name;
		enum log_level level;
		int prio;
	} table[] = {
		{ "err", LOG_LVL_ERR, LOG_ERR },
		{ "warn", LOG_LVL_WARN, LOG_WARNING },
		{ "notice", LOG_LVL_NOTICE, LOG_NOTICE },
		{ "info", LOG_LVL_INFO, LOG_INFO },
		{ "debug", LOG_LVL_DEBUG, LOG_DEBUG },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		assert_int_equal(log_level_parse(table[i].name), table[i].level);
		assert_int_equal(log_syslog_priority(table[i].level), table[i].prio);
	}
	assert_int_equal(log_syslog_priority((enum log_level)5), LOG_ERR);
	assert_int_equal(log_syslog_priority((enum log_level)-1), LOG_ERR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_then_value),
		cmocka_unit_test(test_value_then_name),
		cmocka_unit_test(test_name_disguised),
		cmocka_unit_test(test_cdata),
		cmocka_unit_test(test_secret_element),
		cmocka_unit_test(test_url_userinfo),
		cmocka_unit_test(test_left_alone),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_long_body),
		cmocka_unit_test(test_syslog_priority),
	};

	return cmocka_run_group_tests_name("log", tests, NULL, NULL);
}
