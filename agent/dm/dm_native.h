/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The parameters the agent serves itself (DM_F_NATIVE in the schema):
 * Device.RootDataModelVersion and Device.ManagementServer., taken from the
 * config and the agent's state and written in the plugin line format so
 * the session's tree loads them like any plugin's output.
 */
#ifndef CWMP_DM_NATIVE_H
#define CWMP_DM_NATIVE_H

#include <stdbool.h>

#include "config.h"
#include "xbuf.h"

struct cr_status;

/* Where a writable native parameter lives in the config. */
struct native_opt {
	const char *param;      /* after "Device.ManagementServer." (xmpp_dm.c's:
				   the whole path) */
	const char *section;
	const char *option;
	bool boolean;           /* "true"/"false" in TR-181, "1"/"0" in the file */
};


/*
 * Append path<TAB>value lines for the native parameters to out (owned by
 * the caller). HTTPConnectionRequestEnable reports false (and is read-only)
 * until the connection request server exists. ManageableDevice has no
 * instances. cr_device: the kernel device of cpe.interface (cr_url.h).
 * crs: what the connection request transports learnt (cr_status.h; NULL:
 * nothing yet). Returns 0 or the xbuf's error (-ENOMEM, -E2BIG).
 */
int dm_native_get(const struct config *cfg, const char *parameter_key, const char *cr_device,
		  const struct cr_status *crs, struct xbuf *out);

/*
 * Whether the native parameter at path (a writable one of the schema) can
 * take value (already checked against its TR-106 type): the config
 * option's own checks (e.g. URL must be http:// or https:// with a host).
 * 0; -EINVAL (fault 9007); -ENOENT when path has no config option.
 */
int dm_native_check(const char *path, const char *value);

/*
 * Write n native parameters to the config file at config_path in one
 * atomic rewrite (config_set_options): all or none. Values in TR-181 form
 * (booleans "true"/"false"). The running config is not changed: the caller
 * has the agent reload after the session. 0 or -errno (logged).
 */
int dm_native_write(const char *config_path, const char *const *paths,
		    const char *const *values, size_t n);

#endif
