/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The SOAP (xsi:type) side of data-model values (see soap_type.h): one
 * table from TR-106 base type to its xsd name, and the ACS's xsi:type
 * compared on its local name.
 */
#include <errno.h>
#include <string.h>

#include "soap_type.h"
#include "types.h"

static const char *const xsd_names[] = {
	[DM_T_OBJECT] = NULL,
	[DM_T_STRING] = "xsd:string",
	[DM_T_INT] = "xsd:int",
	[DM_T_UNSIGNED_INT] = "xsd:unsignedInt",
	[DM_T_LONG] = "xsd:long",
	[DM_T_UNSIGNED_LONG] = "xsd:unsignedLong",
	[DM_T_BOOLEAN] = "xsd:boolean",
	[DM_T_DATETIME] = "xsd:dateTime",
	[DM_T_BASE64] = "xsd:base64",
	[DM_T_HEXBINARY] = "xsd:hexBinary",
};

const char *soap_type_of(const struct dm_node *n)
{
	if (!n || n->type >= sizeof(xsd_names) / sizeof(xsd_names[0]) || !xsd_names[n->type])
		return NULL;
	return (n->flags & DM_F_LIST) ? "xsd:string" : xsd_names[n->type];
}

/* Does the local part of the ACS's xsi:type name the node's type? String
 * always passes here: the value check decides. */
static int xsi_match(const struct dm_node *n, const char *xsi)
{
	const char *want = soap_type_of(n) + strlen("xsd:");
	const char *colon = strchr(xsi, ':');
	const char *local = colon ? colon + 1 : xsi;

	if (strcmp(local, want) == 0 || strcmp(local, "string") == 0)
		return 0;
	if (strcmp(want, "base64") == 0 && strcmp(local, "base64Binary") == 0)
		return 0;
	return -EPROTOTYPE;
}

int soap_type_check(const struct dm_node *n, const char *value, const char *xsi_type)
{
	if (!soap_type_of(n))
		return -EINVAL;
	if (xsi_type && xsi_match(n, xsi_type) < 0)
		return -EPROTOTYPE;
	return dm_value_check(n, value);
}
