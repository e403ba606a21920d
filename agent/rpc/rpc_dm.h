/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one driver of the data model RPCs (GetParameterNames/Values/
 * Attributes, SetParameterValues/Attributes, AddObject, DeleteObject):
 * decode the arguments into the handler's own state, fill the session's
 * data model with the paths they name, then act on the tree -- answer at
 * once, or start a write and finish when it ends. A handler is a const
 * struct rpc_dm of these steps; the driver owns the state from start to
 * finish, so no handler repeats the alloc / fill / callback / complete
 * skeleton or its error paths.
 */
#ifndef CWMP_RPC_DM_H
#define CWMP_RPC_DM_H

#include <stddef.h>
#include <stdint.h>

#include "cwmp_state.h"

#include "rpc.h"
#include "soap.h"

struct dm_tree;

/* The first member of every handler's state. */
struct rpc_dm_run {
	struct rpc_req *r;
	const struct rpc_dm *d;
};

struct rpc_dm {
	const char *name;               /* the RPC, for the log */
	size_t size;                    /* of the state (starts with struct rpc_dm_run) */
	/* The request's arguments into the state: 0 or a fault code. */
	int (*decode)(struct rpc_dm_run *run, const xmlNode *args);
	/* The ACS paths the data model must hold (owned by the state). */
	size_t (*paths)(struct rpc_dm_run *run, const char *const **out);
	/* The tree is filled: write the answer into run->r->body and return 0,
	 * or a fault code, or RPC_PENDING and call rpc_dm_finish later. */
	int (*act)(struct rpc_dm_run *run, struct dm_tree *t);
	/* Free what the state holds (not the state); NULL: nothing. */
	void (*fini)(struct rpc_dm_run *run);
};

#define RPC_OBJECT_NAME_MAX 256         /* ObjectName: xsd string(256) */

/* The state AddObject and DeleteObject start with: their arguments and the
 * one path they fill. */
struct rpc_dm_object {
	struct rpc_dm_run run;
	char name[RPC_OBJECT_NAME_MAX + 1];     /* ObjectName */
	char key[CWMP_STATE_KEY_MAX + 1];       /* ParameterKey */
	uint32_t node;                          /* the table's schema node */
	const char *paths[1];
};

/* Their decode step: ObjectName and ParameterKey (9003 when missing or too
 * long), a name that is a plugin-backed table or instance of one, writable
 * on the platform in use (9005 when not). */
int rpc_dm_object_decode(struct rpc_dm_run *run, const xmlNode *args);

/* The platform in use as dm_node_writable wants it (dm_platform_bit of
 * cpe.platform): what the ACS may write depends on it. */
unsigned rpc_dm_platform(const struct rpc_req *r);

/* Their paths step: the object. */
size_t rpc_dm_object_paths(struct rpc_dm_run *run, const char *const **out);

/* Run handler d on r: the handler's return value (a fault code, or
 * RPC_PENDING). */
int rpc_dm_start(struct rpc_req *r, const struct rpc_dm *d);

/* For an act that returned RPC_PENDING: end with fault (0: the answer is
 * written); the request is completed (r->param_faults may point into the
 * state), then the state freed. */
void rpc_dm_finish(struct rpc_dm_run *run, int fault);

#endif
