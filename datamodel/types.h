/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * TR-106 value checks for a write to a parameter, whatever protocol asked
 * for it: does a value fit the parameter's type, range, size, enumeration
 * and named data type (IPAddress, MACAddress, ...)? Booleans are written
 * back canonically ("true"/"false"). How a protocol names or tags types on
 * the wire (CWMP's xsi:type) is that protocol's business.
 */
#ifndef CWMP_DM_TYPES_H
#define CWMP_DM_TYPES_H

#include <stddef.h>

#include "schema.h"

/*
 * Check value (NUL-terminated) against parameter node n. 0 when it fits;
 * -EINVAL when it does not, and for a NULL value, a NULL node, an object or
 * a node of an unknown type.
 */
int dm_value_check(const struct dm_node *n, const char *value);

/* The TR-106 name of n's base type ("unsignedInt", "dateTime", ...), for
 * messages; "object" for objects, "?" for NULL or an unknown type. */
const char *dm_type_name(const struct dm_node *n);

/* Canonical form of a valid value into out (booleans "1"/"true" -> "true",
 * "0"/"false" -> "false"; dateTime with fraction kept as given; others
 * copied). 0 or -ENOSPC. */
int dm_value_canonical(const struct dm_node *n, const char *value, char *out, size_t outlen);

#endif
