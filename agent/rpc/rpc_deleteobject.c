/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * DeleteObject: removes one instance of a writable table
 * ("Device.NAT.PortMapping.3."). The session's tree is filled for it and
 * must hold the instance; then the table's plugin runs "delete" through
 * dm_write (all or nothing, cache invalidated). The instance's number stays
 * used: the counter of its table (instances.h) is never lowered, and the
 * counters of the tables below the instance are dropped, their paths being
 * gone for good. Faults: 9003 for missing or oversized arguments, 9005 for
 * a name that is no existing instance of a writable, plugin-backed table,
 * 9002 when reading the model or the plugin fails. Status 1 as AddObject's.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "attrs.h"
#include "dm_cache.h"
#include "dm_plugin.h"
#include "dm_write.h"
#include "fault.h"
#include "instances.h"
#include "log.h"
#include "pluginio.h"
#include "rpc.h"
#include "rpc_dm.h"
#include "schema.h"
#include "soap.h"
#include "tree.h"

/* The driver's state (rpc_dm.h): the instance is o.name. */
struct del {
	struct rpc_dm_object o;
};

/* The attributes set at or below the deleted instance go with it. */
static void forget_attrs(const char *dir, const char *instance)
{
	struct attrs *at = NULL;
	int rc = attrs_load(dir, &at);

	if (rc == 0 && attrs_forget(at, instance) > 0)
		rc = attrs_save(at, dir);
	if (rc != 0)
		log_warn("rpc: DeleteObject %s: attributes below it kept: %s", instance,
			 strerror(-rc));
	attrs_free(at);
}

static void deleted_cb(void *ctx, const struct dm_write_result *res)
{
	struct del *d = ctx;
	struct rpc_req *r = d->o.run.r;
	int fault = 0, rc;

	if (res->err) {
		log_warn("rpc: DeleteObject %s: %s", d->o.name, res->why);
		fault = CWMP_FAULT_INTERNAL_ERROR;
	} else {
		log_notice("rpc: DeleteObject: %s deleted", d->o.name);
		dm_cache_parameter_key(r->env->dm, d->o.key);
		rc = instances_forget(r->env->cfg->state_dir, d->o.name);
		if (rc != 0)
			log_warn("rpc: DeleteObject %s: counters below it kept: %s", d->o.name,
				 strerror(-rc));
		forget_attrs(r->env->cfg->state_dir, d->o.name);
		xbuf_printf(&r->body, "<cwmp:DeleteObjectResponse><Status>%d</Status>"
			    "</cwmp:DeleteObjectResponse>",
			    (dm_schema[d->o.node].flags & DM_F_REBOOT) || res->deferred ? 1 : 0);
	}
	rpc_dm_finish(&d->o.run, fault);
}

/* Keep the number of instance ("X.Table.7.") used for ever, even one the
 * platform made: the table's counter becomes at least 7. 0 or -errno. */
static int reserve(const char *dir, const char *instance)
{
	char table[PLUGINIO_MAX_PATH + 1];
	size_t len = strlen(instance), i;
	unsigned long n;

	if (len < 3 || len > PLUGINIO_MAX_PATH || instance[len - 1] != '.')
		return -EINVAL;
	for (i = len - 1; i > 0 && instance[i - 1] != '.'; i--)
		;
	n = strtoul(instance + i, NULL, 10);
	if (i == 0 || n == 0 || n > UINT32_MAX)
		return -EINVAL;
	memcpy(table, instance, i);
	table[i] = '\0';
	return instances_reserve(dir, table, (uint32_t)n);
}

/* The tree is filled: check the instance exists and start the plugin.
 * RPC_PENDING (deleted_cb will run) or a fault code. */
static int act(struct rpc_dm_run *run, struct dm_tree *t)
{
	struct del *d = (struct del *)run;
	const struct rpc_env *env = run->r->env;
	struct dm_tree_pos pos;
	struct dm_write *w;
	int rc;

	if (dm_tree_resolve(t, d->o.name, &pos) != 0 || pos.kind != DM_TREE_INSTANCE)
		return CWMP_FAULT_INVALID_PARAMETER_NAME;
	rc = reserve(env->cfg->state_dir, d->o.name);
	if (rc != 0) {
		log_err("rpc: DeleteObject %s: cannot keep its number used: %s", d->o.name,
			strerror(-rc));
		return CWMP_FAULT_INTERNAL_ERROR;
	}
	w = dm_write_new(env->dm);
	rc = w ? dm_write_add(w, dm_plugin_of(d->o.node), "delete", d->o.name, NULL, NULL, 0)
	       : -ENOMEM;
	if (rc == 0)
		rc = dm_write_run(w, deleted_cb, d);    /* takes w */
	else
		dm_write_free(w);
	if (rc != 0)
		log_err("rpc: DeleteObject %s: cannot run the plugin: %s", d->o.name, strerror(-rc));
	return rc ? CWMP_FAULT_INTERNAL_ERROR : RPC_PENDING;
}

static const struct rpc_dm del = {
	"DeleteObject", sizeof(struct del), rpc_dm_object_decode, rpc_dm_object_paths, act,
	NULL
};

int rpc_delete_object(struct rpc_req *r)
{
	return rpc_dm_start(r, &del);
}
