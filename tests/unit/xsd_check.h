/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * For unit tests: validate a whole CWMP envelope against the Broadband
 * Forum XSD with $CWMP_XSD_DIR/validate-cwmp.sh (xmllint). make check sets
 * CWMP_XSD_DIR when ../shared/bbf is beside the source tree.
 */
#ifndef CWMP_TEST_XSD_CHECK_H
#define CWMP_TEST_XSD_CHECK_H

#include <stddef.h>

/* 0 valid, 1 invalid, -1 when no validator is configured. */
int xsd_validate(const char *xml, size_t len);

#endif
