/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for the SOAP reader: soap_parse() on the raw bytes, then
 * a walk over the whole body with the accessors RPC handlers use
 * (soap_child, soap_next, soap_text, soap_child_text, soap_parse_bool,
 * soap_parse_uint) so that every node libxml2 built is touched, then free.
 * Seeds: tests/fuzz/corpus/soap (GenieACS bodies and hostile envelopes).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "soap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void touch_text(const xmlNode *n)
{
	char *s = soap_text(n);
	unsigned u;
	bool b;

	if (!s)
		return;
	soap_parse_uint(s, &u);
	soap_parse_bool(s, &b);
	free(s);
}

/* Every element below n, depth first; each element's siblings of the
 * same name are reached through soap_next as a handler would. */
static void walk(const xmlNode *n, int depth)
{
	char small[8];

	if (depth > SOAP_MAX_DEPTH)
		__builtin_trap();       /* soap_parse let a deeper tree through */
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		touch_text(c);
		if (soap_child(n, (const char *)c->name) == NULL)
			__builtin_trap();
		soap_next(c);
		soap_child_text(n, (const char *)c->name, small, sizeof(small));
		walk(c, depth + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct soap_msg *m = NULL;

	if (soap_parse((const char *)data, size, &m) != 0) {
		if (m)
			__builtin_trap();
		return 0;
	}
	if (m->id && strlen(m->id) > SOAP_ID_MAX)
		__builtin_trap();
	if (m->body) {
		if (!m->name || strcmp(m->name, (const char *)m->body->name) != 0)
			__builtin_trap();
		touch_text(m->body);
		walk(m->body, 3);
	}
	soap_ns_uri(m->ns);
	soap_msg_free(m);
	return 0;
}
