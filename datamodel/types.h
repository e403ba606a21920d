/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * TR-106 value checks for SetParameterValues and the xsi:type names we
 * write: does a value fit the parameter's type, range, size, enumeration
 * and named data type (IPAddress, MACAddress, ...)? Booleans are written
 * back canonically ("true"/"false").
 */
#ifndef CWMP_DM_TYPES_H
#define CWMP_DM_TYPES_H

#include <stddef.h>

#include "schema.h"

/* "xsd:string", "xsd:unsignedInt", ... for a node's type (objects: NULL). */
const char *dm_type_xsd(const struct dm_node *n);

/*
 * Check value (NUL-terminated) against node n. xsi_type is the xsi:type
 * the ACS gave ("xsd:boolean", "boolean" without prefix is accepted, NULL
 * when absent): a type that does not match the parameter's gives -EPROTOTYPE
 * (fault 9006), except that xsd:string is accepted for any type when the
 * value itself is valid (ACSs send strings for everything). A value that
 * does not fit gives -EINVAL (fault 9007). Returns 0 when it fits.
 */
int dm_value_check(const struct dm_node *n, const char *value, const char *xsi_type);

/* Canonical form of a valid value into out (booleans "1"/"true" -> "true",
 * "0"/"false" -> "false"; dateTime with fraction kept as given; others
 * copied). 0 or -ENOSPC. */
int dm_value_canonical(const struct dm_node *n, const char *value, char *out, size_t outlen);

#endif
