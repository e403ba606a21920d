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
 * 9002 when reading the model or the plugin fails.
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
#include "schema.h"
#include "soap.h"
#include "tree.h"

#define DELETE_NAME_MAX 256     /* ObjectName: xsd string(256) */

struct del {
	struct rpc_req *r;
	char name[DELETE_NAME_MAX + 1];
	char key[CWMP_STATE_KEY_MAX + 1];
	uint32_t node;          /* the table's schema node */
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
	struct rpc_req *r = d->r;
	int fault = 0, rc;

	if (res->err) {
		log_warn("rpc: DeleteObject %s: the plugin failed (%s)", d->name,
			 strerror(-res->err));
		fault = CWMP_FAULT_INTERNAL_ERROR;
	} else {
		log_notice("rpc: DeleteObject: %s deleted", d->name);
		dm_cache_parameter_key(r->env->dm, d->key);
		rc = instances_forget(r->env->cfg->state_dir, d->name);
		if (rc != 0)
			log_warn("rpc: DeleteObject %s: counters below it kept: %s", d->name,
				 strerror(-rc));
		forget_attrs(r->env->cfg->state_dir, d->name);
		xbuf_printf(&r->body, "<cwmp:DeleteObjectResponse><Status>%d</Status>"
			    "</cwmp:DeleteObjectResponse>",
			    dm_schema[d->node].flags & DM_F_REBOOT ? 1 : 0);
	}
	free(d);
	rpc_complete(r, fault);
}

/* The tree is filled: check the instance exists and start the plugin.
 * 0 (deleted_cb will run) or a fault code. */
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

static int start(struct del *d)
{
	const struct rpc_env *env = d->r->env;
	struct dm_tree *t = dm_cache_tree(env->dm);
	struct dm_tree_pos pos;
	struct dm_write *w;
	int rc;

	if (!t || dm_tree_resolve(t, d->name, &pos) != 0 || pos.kind != DM_TREE_INSTANCE)
		return CWMP_FAULT_INVALID_PARAMETER_NAME;
	rc = reserve(env->cfg->state_dir, d->name);
	if (rc != 0) {
		log_err("rpc: DeleteObject %s: cannot keep its number used: %s", d->name,
			strerror(-rc));
		return CWMP_FAULT_INTERNAL_ERROR;
	}
	w = dm_write_new(env->dm);
	rc = w ? dm_write_add(w, dm_plugin_of(d->node), "delete", d->name, NULL, NULL, 0)
	       : -ENOMEM;
	if (rc == 0)
		rc = dm_write_run(w, deleted_cb, d);    /* takes w */
	else
		dm_write_free(w);
	if (rc != 0)
		log_err("rpc: DeleteObject %s: cannot run the plugin: %s", d->name, strerror(-rc));
	return rc ? CWMP_FAULT_INTERNAL_ERROR : 0;
}

static void filled_cb(void *ctx, int err)
{
	struct del *d = ctx;
	struct rpc_req *r = d->r;
	int fault = err ? CWMP_FAULT_INTERNAL_ERROR : start(d);

	if (fault) {
		free(d);
		rpc_complete(r, fault);
	}
}

int rpc_delete_object(struct rpc_req *r)
{
	struct del *d = calloc(1, sizeof(*d));
	const char *paths[1];
	long node = -1;
	int fault = 0;

	if (!d)
		return CWMP_FAULT_RESOURCES_EXCEEDED;
	d->r = r;
	if (soap_child_text(r->args, "ObjectName", d->name, sizeof(d->name)) != 0 ||
	    soap_child_text(r->args, "ParameterKey", d->key, sizeof(d->key)) != 0)
		fault = CWMP_FAULT_INVALID_ARGUMENTS;
	else if ((node = instances_table_node(d->name)) < 0)
		fault = CWMP_FAULT_INVALID_PARAMETER_NAME;
	if (fault) {
		free(d);
		return fault;
	}
	d->node = (uint32_t)node;
	paths[0] = d->name;
	if (dm_cache_fill(r->env->dm, paths, 1, filled_cb, d) != 0) {
		log_warn("rpc: DeleteObject: cannot read the data model");
		free(d);
		return CWMP_FAULT_INTERNAL_ERROR;
	}
	return RPC_PENDING;
}
