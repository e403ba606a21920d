/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device.ManagementServer.ConnectionRequestURL, from the config:
 * http://ADDRESS:PORT/PATH with cpe.address, else the first address of
 * cpe.interface (any non-loopback interface when that is empty; IPv4
 * preferred, IPv6 in brackets).
 */
#ifndef CWMP_CR_URL_H
#define CWMP_CR_URL_H

#include <stddef.h>

#include "config.h"

/* The URL into buf (len bytes), returned: "" when connection requests are
 * off (EnableCWMP or HTTPConnectionRequestEnable false) or no address is
 * known. */
const char *cr_url(const struct config *cfg, char *buf, size_t len);

#endif
