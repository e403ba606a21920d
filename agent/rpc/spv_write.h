/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SetParameterValues without SOAP: the parameters of one request, their
 * checks with a fault for each refused one, and the write, all or
 * nothing. Each plugin gets its values in one "set" call (staged); when
 * all accepted, the native values (ManagementServer) go into the config
 * file in one atomic rewrite, then every plugin applies (dm_write.h). A
 * plugin that refuses (path<TAB>fault lines) or fails reverts every
 * plugin and nothing is written; an apply that fails after others ran is
 * undone by setting the values before again (config and plugins).
 *
 * Two callers: the ACS's SetParameterValues (rpc_spv.c: the SOAP request
 * and answer) and cwmpctl's set (ctl_dm.c), so a local write passes the
 * very checks and plugins the ACS's does. What differs is said in the
 * env: the ACS's change stores its ParameterKey and counts as reported
 * (no value change notification for it); a local one leaves the
 * ParameterKey alone and is reported by the next notification poll.
 */
#ifndef CWMP_SPV_WRITE_H
#define CWMP_SPV_WRITE_H

#include <stddef.h>

#include "soap.h"

#define SPV_MAX_PARAMS 1024

struct dm_cache;
struct dm_tree;
struct notify;
struct spv_write;

/* Where the write goes; the pointers must outlive it. */
struct spv_env {
	struct dm_cache *dm;            /* the data model, filled for the names */
	/* The native values into the config file in one atomic rewrite
	 * (dm_native_write). 0 or -errno. */
	int (*native_write)(void *ctx, const char *const *paths, const char *const *values,
			    size_t n);
	/* ManagementServer or DeviceInfo values were written: the config
	 * and the identity are to be read again. NULL: nobody to tell. */
	void (*changed)(void *ctx);
	/* The ACS's own change: the new values count as reported. NULL: a
	 * local change, notified like any change in the device. */
	struct notify *notify;
	/* Stored as the ParameterKey on success; NULL: left as it is (only
	 * the ACS's own requests change it). */
	const char *key;
	const char *by;                 /* who writes, for the log: "the ACS" */
	void *ctx;
};

/* done(ctx, fault, status): fault 0 (the values are in effect; status 1
 * when one takes effect only after a reboot or an apply was deferred to
 * after the session, else 0) or a fault code (9003 with the list of
 * spv_write_faults). */
typedef void (*spv_done_cb)(void *ctx, int fault, int status);

/* Room for n parameters (at most SPV_MAX_PARAMS). NULL when out of memory
 * or n is too large. Free with spv_write_free (NULL is a no-op). */
struct spv_write *spv_write_new(size_t n);
void spv_write_free(struct spv_write *s);

/* Add a parameter (strings copied; xsi_type the local part of the ACS's
 * xsi:type, "boolean", or NULL when none). 0, or a fault code: 9003 for a
 * name given twice (TR-069 A.3.2.1), 9004 past the room, 9002 when out of
 * memory. */
int spv_write_add(struct spv_write *s, const char *name, const char *value,
		  const char *xsi_type);

/* The names, to fill the data model with (owned by s). */
const char *const *spv_write_names(const struct spv_write *s, size_t *n);

/* Check every parameter against the filled tree t on the platform
 * (dm_platform_bit): it exists (9005), is writable (9008), its xsi:type
 * and value fit the schema (9006/9007), a native value suits its config
 * option (9007). Values become canonical and the values before are kept
 * (for an undo). 0, 9003 (the faults listed) or 9002. */
int spv_write_check(struct spv_write *s, const struct dm_tree *t, unsigned platform);

/* The per-parameter faults of a 9003 (owned by s; strings NULL: the
 * standard one for the code). */
const struct soap_param_fault *spv_write_faults(const struct spv_write *s, size_t *n);

/* Write the checked values on env (copied). done runs exactly once, from
 * the loop or before this returns when there is nothing a plugin must do;
 * s must stay alive until then. */
void spv_write_run(struct spv_write *s, const struct spv_env *env, spv_done_cb done,
		   void *ctx);

#endif
