/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Who the device is: Manufacturer, OUI, ProductClass, SerialNumber for the
 * Inform's DeviceId, and the DeviceInfo values forced into every Inform
 * (HardwareVersion, SoftwareVersion, ProvisioningCode). They come from the
 * platform's "system identity [IFACE]" plugin (path<TAB>value lines with
 * full Device.DeviceInfo. paths, and "wan-device" for the kernel device of
 * the logical interface IFACE); the config's device section overrides them.
 */
#ifndef CWMP_IDENTITY_H
#define CWMP_IDENTITY_H

#include "config.h"
#include "loop.h"

struct identity {
	char *manufacturer;
	char *oui;
	char *product_class;
	char *serial_number;
	char *hardware_version;
	char *software_version;
	char *provisioning_code;
	char *model_name;
	/* The kernel device of cpe.interface, as the platform resolves the
	 * logical interface (OpenWrt: netifd's l3_device, e.g. pppoe-wan or
	 * eth0.2): its address is the ConnectionRequestURL's. "" when the
	 * platform does not resolve it: cpe.interface is a kernel name then. */
	char *wan_device;
};

struct plugin_call;

/* Fill id from the plugin's output (len bytes), then apply the config
 * overrides. Missing values become "". 0 or -ENOMEM. On success free the
 * strings with identity_fini. */
int identity_from_output(struct identity *id, const char *out, size_t len,
			 const struct config *cfg);
void identity_fini(struct identity *id);

/* Check what the Inform requires: OUI of exactly 6 upper-case hex digits,
 * the other DeviceId fields non-empty and at most 64 chars. 0 or -EINVAL
 * with the reason in *why (a static string). */
int identity_check(const struct identity *id, const char **why);

#endif
