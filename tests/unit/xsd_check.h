/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * For unit tests: validate a whole CWMP envelope against the Broadband
 * Forum XSD with $CWMP_XSD_DIR/validate-cwmp.sh (xmllint). make check sets
 * CWMP_XSD_DIR when ../shared/bbf is beside the source tree.
 */
#ifndef CWMP_TEST_XSD_CHECK_H
#define CWMP_TEST_XSD_CHECK_H

#include <stddef.h>

/* Why no message can be validated here ("CWMP_XSD_DIR is not set", "no
 * xmllint on PATH"; a static string), or NULL when the validator is there.
 * A test that has nothing to check without it calls cmocka's skip(). */
const char *xsd_unavailable(void);

/* 0 valid, 1 invalid, -1 when no validator is configured. */
int xsd_validate(const char *xml, size_t len);

#endif
