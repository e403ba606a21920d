/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device.ManagementServer.ConnectionRequestURL, from the config:
 * http://ADDRESS:PORT/PATH with cpe.address, else the first address of
 * the kernel device of cpe.interface (any non-loopback interface when that
 * is empty; IPv4 preferred, IPv6 in brackets). cpe.interface is a logical
 * interface on OpenWrt (wan): the platform resolves it to its device
 * (identity.h, wan_device), read here at each call, so a new address on
 * the same device shows at once.
 */
#ifndef CWMP_CR_URL_H
#define CWMP_CR_URL_H

#include <stddef.h>

#include "config.h"

/* The URL into buf (len bytes), returned: "" when connection requests are
 * off (EnableCWMP or HTTPConnectionRequestEnable false) or no address is
 * known. device: the kernel device of cpe.interface as the platform
 * resolved it; NULL or "": cpe.interface is taken as a kernel name. */
const char *cr_url(const struct config *cfg, const char *device, char *buf, size_t len);

#endif
