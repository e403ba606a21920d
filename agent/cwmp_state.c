/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The agent's small state file (cwmp_state.h): two store_kv lines,
 * "acs_url" and "parameter_key".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cwmp_state.h"
#include "log.h"
#include "store.h"

#define STATE_FILE "state"

void cwmp_state_init(struct cwmp_state *s, const char *dir)
{
	memset(s, 0, sizeof(*s));
	s->dir = dir;
}

void cwmp_state_fini(struct cwmp_state *s)
{
	free(s->acs_url);
	s->acs_url = NULL;
}

static int save(const struct cwmp_state *s)
{
	char text[2048];
	int n1, n2, rc;

	n1 = store_kv_format(text, sizeof(text), "acs_url", s->acs_url ? s->acs_url : "");
	n2 = n1 < 0 ? n1 : store_kv_format(text + n1, sizeof(text) - (size_t)n1,
					    "parameter_key", s->parameter_key);
	rc = n2 < 0 ? n2 : store_write(s->dir, STATE_FILE, text, (size_t)(n1 + n2));
	if (rc != 0)
		log_err("state: cannot save %s/%s: %s", s->dir, STATE_FILE, strerror(-rc));
	return rc;
}

int cwmp_state_load(struct cwmp_state *s)
{
	char *text = NULL, *key;
	size_t len;
	int rc = store_read(s->dir, STATE_FILE, &text, &len, STORE_MAX_FILE);

	if (rc == -ENOENT)
		return rc;
	if (rc != 0) {
		log_err("state: cannot read %s/%s: %s; starting afresh", s->dir, STATE_FILE,
			strerror(-rc));
		return rc;
	}
	free(s->acs_url);
	s->acs_url = store_kv_get(text, "acs_url");
	key = store_kv_get(text, "parameter_key");
	if (!s->acs_url)
		log_warn("state: %s/%s has no ACS URL (corrupt?): bootstrapping again", s->dir,
			 STATE_FILE);
	if (key && strlen(key) <= CWMP_STATE_KEY_MAX)
		snprintf(s->parameter_key, sizeof(s->parameter_key), "%s", key);
	free(key);
	free(text);
	return 0;
}

int cwmp_state_set_url(struct cwmp_state *s, const char *url)
{
	char *copy = strdup(url ? url : "");

	if (!copy) {
		log_err("state: out of memory");
		return -ENOMEM;
	}
	free(s->acs_url);
	s->acs_url = copy;
	return save(s);
}

int cwmp_state_set_key(struct cwmp_state *s, const char *key)
{
	snprintf(s->parameter_key, sizeof(s->parameter_key), "%s", key ? key : "");
	return save(s);
}
