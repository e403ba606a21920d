/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The driver of the data model RPCs (rpc_dm.h).
 */
#include <stdlib.h>

#include "config.h"
#include "dm_cache.h"
#include "fault.h"
#include "instances.h"
#include "log.h"
#include "rpc_dm.h"
#include "schema.h"

static void run_free(struct rpc_dm_run *run)
{
	if (run->d->fini)
		run->d->fini(run);
	free(run);
}

void rpc_dm_finish(struct rpc_dm_run *run, int fault)
{
	rpc_complete(run->r, fault);    /* may read the state (SetParameterValuesFault) */
	run_free(run);
}

static void filled_cb(void *ctx, int err)
{
	struct rpc_dm_run *run = ctx;
	int fault = CWMP_FAULT_INTERNAL_ERROR;

	if (err)
		log_warn("rpc: %s: cannot read the data model: %d", run->d->name, err);
	else
		fault = run->d->act(run, dm_cache_tree(run->r->env->dm));
	if (fault != RPC_PENDING)
		rpc_dm_finish(run, fault);
}

int rpc_dm_start(struct rpc_req *r, const struct rpc_dm *d)
{
	struct rpc_dm_run *run = calloc(1, d->size);
	const char *const *paths = NULL;
	size_t n;
	int fault, rc;

	if (!run)
		return CWMP_FAULT_INTERNAL_ERROR;
	run->r = r;
	run->d = d;
	fault = d->decode(run, r->args);
	if (fault) {
		run_free(run);
		return fault;
	}
	n = d->paths(run, &paths);
	rc = dm_cache_fill(r->env->dm, paths, n, filled_cb, run);
	if (rc != 0) {
		log_warn("rpc: %s: cannot read the data model: %d", d->name, rc);
		run_free(run);
		return CWMP_FAULT_INTERNAL_ERROR;
	}
	return RPC_PENDING;
}

int rpc_dm_object_decode(struct rpc_dm_run *run, const xmlNode *args)
{
	struct rpc_dm_object *o = (struct rpc_dm_object *)run;
	long node;

	if (soap_child_text(args, "ObjectName", o->name, sizeof(o->name)) != 0 ||
	    soap_child_text(args, "ParameterKey", o->key, sizeof(o->key)) != 0)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	node = instances_table_node(o->name, rpc_dm_platform(run->r));
	if (node < 0)
		return CWMP_FAULT_INVALID_PARAMETER_NAME;
	o->node = (uint32_t)node;
	return 0;
}

unsigned rpc_dm_platform(const struct rpc_req *r)
{
	return r->env->cfg ? dm_platform_bit(r->env->cfg->platform) : 0;
}

size_t rpc_dm_object_paths(struct rpc_dm_run *run, const char *const **out)
{
	struct rpc_dm_object *o = (struct rpc_dm_object *)run;

	o->paths[0] = o->name;
	*out = o->paths;
	return 1;
}
