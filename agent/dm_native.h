/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The parameters the agent serves itself (DM_F_NATIVE in the schema):
 * Device.RootDataModelVersion and Device.ManagementServer., taken from the
 * config and the agent's state and written in the plugin line format so
 * the session's tree loads them like any plugin's output.
 */
#ifndef CWMP_DM_NATIVE_H
#define CWMP_DM_NATIVE_H

#include "xbuf.h"

struct agent;

/*
 * Append path<TAB>value lines for the native parameters to out (owned by
 * the caller). EnableCWMP, UpgradesManaged, DefaultActiveNotificationThrottle
 * and HTTPConnectionRequestEnable have no config option yet: they report
 * what the agent does today (true, false, 0, false). ManageableDevice has
 * no instances. Returns 0 or
 * the xbuf's error (-ENOMEM, -E2BIG).
 */
int dm_native_get(struct agent *a, struct xbuf *out);

#endif
