/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * AddObject: a new instance of a writable table ("Device.NAT.PortMapping.",
 * or nested "Device.DHCPv4.Server.Pool.1.StaticAddress."). The session's
 * tree is filled for the table; the number is one above both the table's
 * persisted counter and its highest instance, and is stored (instances.h)
 * before the table's plugin runs "add TABLE. N" through dm_write, so a
 * failure or a crash never leads to a number being handed out twice.
 * Faults: 9003 for missing or oversized arguments, 9005 for a name that is
 * no writable, plugin-backed table, 9002 when reading the model, storing
 * the counter or the plugin fails, 9004 when no number is left. Status 1
 * when the table needs a reboot or the plugin deferred its apply to after
 * the session (dm_deferred.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dm_cache.h"
#include "dm_plugin.h"
#include "dm_write.h"
#include "fault.h"
#include "instances.h"
#include "log.h"
#include "rpc.h"
#include "rpc_dm.h"
#include "schema.h"
#include "soap.h"
#include "tree.h"

/* The driver's state (rpc_dm.h): the table is o.name. */
struct add {
	struct rpc_dm_object o;
	uint32_t number;
};

/* The highest instance number of the table walked. */
static int highest_cb(void *ctx, const struct dm_tree_item *it)
{
	uint32_t *highest = ctx;
	const char *p;
	unsigned long n;

	if (it->kind != DM_TREE_INSTANCE || it->path_len < 2)
		return 0;
	for (p = it->path + it->path_len - 1; p > it->path && p[-1] != '.'; p--)
		;
	n = strtoul(p, NULL, 10);
	if (n > *highest && n <= UINT32_MAX)
		*highest = (uint32_t)n;
	return 0;
}

static void added_cb(void *ctx, const struct dm_write_result *res)
{
	struct add *ad = ctx;
	struct rpc_req *r = ad->o.run.r;
	int fault = 0;

	if (res->err) {
		log_warn("rpc: AddObject %s%lu.: %s", ad->o.name, (unsigned long)ad->number,
			 res->why);
		fault = CWMP_FAULT_INTERNAL_ERROR;
	} else {
		log_notice("rpc: AddObject: %s%lu. created", ad->o.name, (unsigned long)ad->number);
		dm_cache_parameter_key(r->env->dm, ad->o.key);
		xbuf_printf(&r->body, "<cwmp:AddObjectResponse><InstanceNumber>%lu</InstanceNumber>"
			    "<Status>%d</Status></cwmp:AddObjectResponse>", (unsigned long)ad->number,
			    (dm_schema[ad->o.node].flags & DM_F_REBOOT) || res->deferred ? 1 : 0);
	}
	rpc_dm_finish(&ad->o.run, fault);
}

/* The tree is filled: check the table exists, take a number, start the
 * plugin. RPC_PENDING (added_cb will run) or a fault code. */
static int act(struct rpc_dm_run *run, struct dm_tree *t)
{
	struct add *ad = (struct add *)run;
	const struct rpc_env *env = run->r->env;
	struct dm_tree_pos pos;
	struct dm_write *w;
	uint32_t highest = 0;
	char num[16];
	int rc;

	if (dm_tree_resolve(t, ad->o.name, &pos) != 0 || pos.kind != DM_TREE_TABLE)
		return CWMP_FAULT_INVALID_PARAMETER_NAME;
	rc = dm_tree_walk_pos(t, &pos, DM_WALK_NEXT_LEVEL, highest_cb, &highest);
	if (rc == 0)
		rc = instances_next(env->cfg->state_dir, ad->o.name, highest, &ad->number);
	if (rc != 0)
		return fault_from_errno(rc);    /* a counter at its end: 9004 */
	snprintf(num, sizeof(num), "%lu", (unsigned long)ad->number);
	w = dm_write_new(env->dm);
	rc = w ? dm_write_add(w, dm_plugin_of(ad->o.node), "add", ad->o.name, num, NULL, 0) : -ENOMEM;
	if (rc == 0)
		rc = dm_write_run(w, added_cb, ad);   /* takes w */
	else
		dm_write_free(w);
	if (rc != 0)
		log_err("rpc: AddObject %s: cannot run the plugin: %s", ad->o.name, strerror(-rc));
	return rc ? CWMP_FAULT_INTERNAL_ERROR : RPC_PENDING;
}

static const struct rpc_dm add = {
	"AddObject", sizeof(struct add), rpc_dm_object_decode, rpc_dm_object_paths, act, NULL
};

int rpc_add_object(struct rpc_req *r)
{
	return rpc_dm_start(r, &add);
}
