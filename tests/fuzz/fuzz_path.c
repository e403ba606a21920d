/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for the data model's input checks: the bytes, made a C
 * string, go through dm_path_parse, and through dm_value_check and
 * soap_type_check (CWMP's xsi:type edge over it) against a hand-made node
 * of every base type and named data type (with facets, enumerations and
 * lists), with and without an xsi:type. The results are checked for
 * consistency, so a wrong answer aborts as loudly as a crash.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"
#include "soap_type.h"
#include "types.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A node's spec (schema.h) as a literal. */
#define SPEC(...) (&(const struct dm_spec){ __VA_ARGS__ })
#define MINMAX (DM_F_HAS_MIN | DM_F_HAS_MAX)

static const char enums[] = "Up\0Down\0Error\0";

static const struct dm_node nodes[] = {
	{ .type = DM_T_STRING },
	{ .type = DM_T_STRING, .flags = MINMAX, .spec = SPEC(.min = 1, .max = 8) },
	{ .type = DM_T_STRING, .spec = SPEC(.enums = enums) },
	{ .type = DM_T_STRING, .flags = DM_F_LIST,
	  .spec = SPEC(.enums = enums, .list_max = 32) },
	{ .type = DM_T_INT },
	{ .type = DM_T_INT, .flags = MINMAX, .spec = SPEC(.min = -10, .max = 10) },
	{ .type = DM_T_UNSIGNED_INT },
	{ .type = DM_T_UNSIGNED_INT, .flags = DM_F_LIST | MINMAX,
	  .spec = SPEC(.min = 1, .max = 100) },
	{ .type = DM_T_LONG },
	{ .type = DM_T_UNSIGNED_LONG },
	{ .type = DM_T_UNSIGNED_LONG, .flags = MINMAX,
	  .spec = SPEC(.min = 10, .max = INT64_MAX) },
	{ .type = DM_T_BOOLEAN },
	{ .type = DM_T_DATETIME },
	{ .type = DM_T_BASE64 },
	{ .type = DM_T_BASE64, .flags = MINMAX, .spec = SPEC(.min = 1, .max = 3) },
	{ .type = DM_T_HEXBINARY, .flags = DM_F_HAS_MAX, .spec = SPEC(.max = 4) },
	{ .type = DM_T_STRING, .spec = SPEC(.datatype = "IPAddress") },
	{ .type = DM_T_STRING, .spec = SPEC(.datatype = "IPv4Address") },
	{ .type = DM_T_STRING, .spec = SPEC(.datatype = "IPv6Address") },
	{ .type = DM_T_STRING, .spec = SPEC(.datatype = "IPPrefix") },
	{ .type = DM_T_STRING, .spec = SPEC(.datatype = "IPv4Prefix") },
	{ .type = DM_T_STRING, .spec = SPEC(.datatype = "IPv6Prefix") },
	{ .type = DM_T_STRING, .spec = SPEC(.datatype = "MACAddress") },
	{ .type = DM_T_STRING, .spec = SPEC(.datatype = "Alias") },
	{ .type = DM_T_STRING, .flags = DM_F_LIST,
	  .spec = SPEC(.datatype = "IPAddress") },
	{ .type = DM_T_OBJECT },
};

static void fuzz_path(const char *s)
{
	struct dm_path p;
	int rc = dm_path_parse(s, &p);

	if (rc != 0 && rc != -EINVAL && rc != -E2BIG)
		abort();
	if (rc == 0 && p.n > DM_PATH_MAX_PARTS)
		abort();
	for (size_t i = 0; rc == 0 && i < p.n; i++)
		if (p.part[i].len == 0 || p.part[i].name < s ||
		    p.part[i].name + p.part[i].len > s + strlen(s))
			abort();
}

static void fuzz_value(const struct dm_node *n, const char *s)
{
	char out[64];
	int plain = dm_value_check(n, s);
	int as_string = soap_type_check(n, s, "xsd:string");
	int as_own = soap_type_of(n) ? soap_type_check(n, s, soap_type_of(n)) : plain;

	if ((plain != 0 && plain != -EINVAL) || as_string != plain || as_own != plain)
		abort();
	if (soap_type_check(n, s, "cwmp:bogus") != (soap_type_of(n) ? -EPROTOTYPE : -EINVAL))
		abort();
	if (plain == 0)
		(void)dm_value_canonical(n, s, out, sizeof(out));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	fuzz_path(s);
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++)
		fuzz_value(&nodes[i], s);
	free(s);
	return 0;
}
