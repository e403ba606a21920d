/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SetParameterAttributes: reads every SetParameterAttributesStruct (at most
 * SPA_MAX_STRUCTS), fills the session's tree for their names (instances
 * must exist), checks them all, then applies them in order to the stored
 * attributes (attrs.h) and writes the file once, before answering: all or
 * nothing. The ParameterKey does not change.
 *
 * Faults: a missing or malformed field, a NotificationChange or
 * AccessListChange that is not an xsd:boolean, a Notification that is not
 * an int 0..6, or an AccessList entry other than "Subscriber" is 9003;
 * Notification 3..6 (Lightweight Notification, not implemented) is 9009;
 * so is Notification 2 on a canDeny parameter, or on a partial path with a
 * canDeny parameter anywhere below it in the schema, and a Notification
 * other than 2 on a forceEnabled parameter named by its own path (a
 * partial path above one is accepted: forceEnabled parameters read 2
 * whatever is stored). An unknown name or one longer than
 * PLUGINIO_MAX_PATH is 9005; more than SPA_MAX_STRUCTS structs or more
 * entries than the store holds 9004; a file that cannot be written 9002.
 * Notification and AccessList are read only when their Change flag is true.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "attrs.h"
#include "dm_cache.h"
#include "fault.h"
#include "log.h"
#include "pluginio.h"
#include "rpc.h"
#include "rpc_dm.h"
#include "soap.h"
#include "tree.h"

#define SPA_MAX_STRUCTS 1024
#define NO_CHANGE (-1)

struct spa_item {
	char *name;                     /* owned, as the ACS sent it */
	int notify;                     /* 0..ATTRS_NOTIFY_MAX or NO_CHANGE */
	int access;                     /* ATTRS_ACCESS_* bits or NO_CHANGE */
	const struct dm_node *param;    /* the parameter's node; NULL for a partial path */
};

/* The driver's state (rpc_dm.h). */
struct spa_req {
	struct rpc_dm_run run;
	struct spa_item *items;
	const char **names;             /* items[i].name, for dm_cache_fill */
	size_t n;
};

static void fini(struct rpc_dm_run *run)
{
	struct spa_req *s = (struct spa_req *)run;

	for (size_t i = 0; i < s->n; i++)
		free(s->items[i].name);
	free(s->items);
	free(s->names);
}

static int flag_read(const xmlNode *st, const char *name, bool *out)
{
	char buf[16];

	if (soap_child_text(st, name, buf, sizeof(buf)) != 0 || soap_parse_bool(buf, out) != 0)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	return 0;
}

/* Notification: an xsd:int 0..6, spaces around allowed. */
static int notify_read(const xmlNode *st, int *out)
{
	char buf[16], *end;
	long v;

	if (soap_child_text(st, "Notification", buf, sizeof(buf)) != 0)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	errno = 0;
	v = strtol(buf, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (end == buf || *end != '\0' || errno != 0 || v < 0 || v > 6)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	if (v > ATTRS_NOTIFY_MAX)
		return CWMP_FAULT_NOTIFICATION_REJECTED;
	*out = (int)v;
	return 0;
}

static int access_read(const xmlNode *st, int *out)
{
	xmlNode *list = soap_child(st, "AccessList"), *s;
	int bits = 0, fault = 0;

	if (!list)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	for (s = soap_child(list, "string"); s && !fault; s = soap_next(s)) {
		char *v;

		fault = rpc_text(s, &v);
		if (!fault && strcmp(v, ATTRS_SUBSCRIBER) != 0)
			fault = CWMP_FAULT_INVALID_ARGUMENTS;
		bits |= ATTRS_ACCESS_SUBSCRIBER;
		free(v);
	}
	*out = bits;
	return fault;
}

static int item_read(const xmlNode *st, struct spa_item *it)
{
	bool change;
	int fault;

	it->notify = it->access = NO_CHANGE;
	fault = rpc_text(soap_child(st, "Name"), &it->name);
	if (fault)
		return fault;
	if (strlen(it->name) > PLUGINIO_MAX_PATH)
		return CWMP_FAULT_INVALID_PARAMETER_NAME;
	fault = flag_read(st, "NotificationChange", &change);
	if (fault == 0 && change)
		fault = notify_read(st, &it->notify);
	if (fault == 0)
		fault = flag_read(st, "AccessListChange", &change);
	if (fault == 0 && change)
		fault = access_read(st, &it->access);
	return fault;
}

/* The ParameterList into s: 0 or a fault code. */
static int decode(struct rpc_dm_run *run, const xmlNode *args)
{
	struct spa_req *s = (struct spa_req *)run;
	xmlNode *list = soap_child(args, "ParameterList");
	xmlNode *st;
	size_t n = 0;
	int fault = 0;

	if (!list)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	for (st = soap_child(list, "SetParameterAttributesStruct"); st; st = soap_next(st))
		if (++n > SPA_MAX_STRUCTS)
			return CWMP_FAULT_RESOURCES_EXCEEDED;
	s->items = calloc(n + 1, sizeof(*s->items));
	s->names = calloc(n + 1, sizeof(*s->names));
	if (!s->items || !s->names)
		return CWMP_FAULT_INTERNAL_ERROR;
	st = soap_child(list, "SetParameterAttributesStruct");
	for (; st && fault == 0; st = soap_next(st), s->n++) {
		fault = item_read(st, &s->items[s->n]);
		s->names[s->n] = s->items[s->n].name;
	}
	return fault;
}

/* Whether any parameter at or below schema node idx has notify class cls. */
static bool subtree_has(uint32_t idx, enum dm_notify cls)
{
	const struct dm_node *d = &dm_schema[idx];

	if (d->type != DM_T_OBJECT)
		return d->notify == cls;
	for (uint32_t i = 0; i < d->n_children; i++)
		if (subtree_has(d->first_child + i, cls))
			return true;
	return false;
}

/* Resolve one item in the tree and check it against the schema's
 * activeNotify rules: 0 or a fault code. */
static int item_check(const struct dm_tree *t, struct spa_item *it)
{
	struct dm_tree_pos pos;
	uint32_t idx;

	if (!t || dm_tree_resolve(t, it->name, &pos) != 0)
		return CWMP_FAULT_INVALID_PARAMETER_NAME;
	idx = pos.kind == DM_TREE_ROOT ? 0 : pos.schema;
	it->param = pos.kind == DM_TREE_PARAM ? &dm_schema[idx] : NULL;
	if (it->notify == 2 && subtree_has(idx, DM_N_CAN_DENY))
		return CWMP_FAULT_NOTIFICATION_REJECTED;
	if (it->notify != NO_CHANGE && it->notify != 2 && it->param &&
	    it->param->notify == DM_N_FORCE_ENABLED)
		return CWMP_FAULT_NOTIFICATION_REJECTED;
	return 0;
}

/* Apply every item to the stored attributes and save them: 0 or a fault. */
static int apply(struct spa_req *s)
{
	const char *dir = s->run.r->env->cfg->state_dir;
	struct attrs *at = NULL;
	int rc = attrs_load(dir, &at);

	for (size_t i = 0; rc == 0 && i < s->n; i++) {
		const struct spa_item *it = &s->items[i];

		if (it->notify != NO_CHANGE)
			rc = attrs_set_notification(at, it->name, it->notify, it->param);
		if (rc == 0 && it->access != NO_CHANGE)
			rc = attrs_set_access(at, it->name, (unsigned)it->access);
	}
	if (rc == 0)
		rc = attrs_save(at, dir);
	attrs_free(at);
	if (rc == 0)
		return 0;
	log_warn("rpc: SetParameterAttributes: cannot store the attributes in %s: %d", dir, rc);
	return fault_from_errno(rc);
}

static size_t paths(struct rpc_dm_run *run, const char *const **out)
{
	struct spa_req *s = (struct spa_req *)run;

	*out = s->names;
	return s->n;
}

static int act(struct rpc_dm_run *run, struct dm_tree *t)
{
	struct spa_req *s = (struct spa_req *)run;
	int fault = 0;

	for (size_t i = 0; fault == 0 && i < s->n; i++)
		fault = item_check(t, &s->items[i]);
	if (fault == 0)
		fault = apply(s);
	if (fault == 0)
		xbuf_adds(&run->r->body, "<cwmp:SetParameterAttributesResponse/>");
	return fault;
}

static const struct rpc_dm spa = {
	"SetParameterAttributes", sizeof(struct spa_req), decode, paths, act, fini
};

int rpc_set_parameter_attributes(struct rpc_req *r)
{
	return rpc_dm_start(r, &spa);
}
