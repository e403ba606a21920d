/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * How CWMP's SOAP encoding types data-model values: the xsi:type name we
 * write for a parameter ("xsd:unsignedInt"), and whether the xsi:type an
 * ACS gave in SetParameterValues fits the parameter. The data model itself
 * knows TR-106 types only (types.h); this is CWMP's edge.
 */
#ifndef CWMP_SOAP_TYPE_H
#define CWMP_SOAP_TYPE_H

#include "schema.h"

/* "xsd:string", "xsd:unsignedInt", ... for a parameter node (a list is
 * "xsd:string"); NULL for an object, an unknown type or NULL. The string
 * is static. */
const char *soap_type_of(const struct dm_node *n);

/*
 * Check value (NUL-terminated) against node n with the xsi:type the ACS
 * gave ("xsd:boolean"; matched on its local name, so "boolean" and
 * "cwmp:boolean" are alike, and "base64Binary" is taken for base64; NULL
 * when absent). A type that does not match the parameter's gives
 * -EPROTOTYPE (fault 9006), except that xsd:string is accepted for any type
 * (ACSs send strings for everything) and the value alone decides. Else
 * dm_value_check's answer: 0, or -EINVAL (fault 9007).
 */
int soap_type_check(const struct dm_node *n, const char *value, const char *xsi_type);

#endif
