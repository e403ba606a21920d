/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SetParameterValues, all or nothing. The session's tree is filled for the
 * names, then every parameter is checked (it exists: 9005, is writable on
 * the platform in use: 9008, its xsi:type and value fit the schema:
 * 9006/9007, a native value suits its config option: 9007); any refusal answers 9003 with one
 * SetParameterValuesFault per refused parameter and changes nothing.
 * Each plugin gets its values in one "set" call (staged); when all
 * accepted, the native values (ManagementServer) are written to the config
 * file in one atomic rewrite, then every plugin applies (dm_write.h). A
 * plugin that refuses (path<TAB>fault lines) or fails reverts every plugin
 * and nothing is written; an apply that fails after others ran is undone
 * by setting the values before again (config and plugins). On
 * success the ParameterKey is stored and Status is 1 when a value takes
 * effect only after a reboot, or when a plugin deferred its apply to
 * after the session (dm_deferred.h: e.g. OpenWrt's network reload). The ACS's native changes (URL, periodic
 * inform, retry policy, credentials) take effect when the session ends.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "config.h"
#include "dm_cache.h"
#include "dm_native.h"
#include "dm_plugin.h"
#include "dm_write.h"
#include "fault.h"
#include "log.h"
#include "notify.h"
#include "pluginio.h"
#include "rpc.h"
#include "rpc_dm.h"
#include "soap.h"
#include "soap_type.h"
#include "tree.h"
#include "types.h"

#define SPV_MAX_PARAMS 1024
#define XSI_NS "http://www.w3.org/2001/XMLSchema-instance"

struct spv_param {
	char *name;
	char *value;                   /* canonical once checked */
	char *xsi_type;                /* local part ("boolean"), or NULL */
	const struct dm_node *node;
	char *old;                     /* native: the value before, for undo */
};

/* The driver's state (rpc_dm.h). */
struct spv {
	struct rpc_dm_run run;
	const char **names;            /* p[i].name, for the fill */
	struct spv_param *p;
	size_t n;
	char key[CWMP_STATE_KEY_MAX + 1];
	struct soap_param_fault *faults;
	size_t n_faults;
	bool native_written;           /* the config holds the new native values */
	bool deferred;                 /* a plugin applies after the session */
};

static void fini(struct rpc_dm_run *run)
{
	struct spv *s = (struct spv *)run;

	free(s->names);
	for (size_t i = 0; i < s->n; i++) {
		free(s->p[i].name);
		free(s->p[i].value);
		free(s->p[i].xsi_type);
		free(s->p[i].old);
	}
	free(s->p);
	free(s->faults);
}

/* fault, with the per-parameter faults attached to a 9003. */
static int with_faults(struct spv *s, int fault)
{
	struct rpc_req *r = s->run.r;

	if (fault == CWMP_FAULT_INVALID_ARGUMENTS && s->n_faults) {
		r->param_faults = s->faults;
		r->n_param_faults = s->n_faults;
	}
	return fault;
}

/* Answer; s is freed (rpc_dm_finish). */
static void spv_complete(struct spv *s, int fault)
{
	rpc_dm_finish(&s->run, with_faults(s, fault));
}

/* ---- reading the request -------------------------------------------------- */

/* The local part of the Value's xsi:type ("xsd:boolean" -> "boolean")
 * into *out (a new string, or NULL when absent). 0 or -ENOMEM. */
static int xsi_type_of(xmlNode *v, char **out)
{
	xmlChar *t = xmlGetNsProp(v, (const xmlChar *)"type", (const xmlChar *)XSI_NS);
	const char *colon;

	*out = NULL;
	if (!t)
		return 0;
	colon = strchr((const char *)t, ':');
	*out = strdup(colon ? colon + 1 : (const char *)t);
	xmlFree(t);
	return *out ? 0 : -ENOMEM;
}

static int read_param(xmlNode *pvs, struct spv_param *p)
{
	xmlNode *name = soap_child(pvs, "Name");
	xmlNode *value = soap_child(pvs, "Value");

	if (!name || !value)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	int fault;

	if ((fault = rpc_text(name, &p->name)) != 0 || (fault = rpc_text(value, &p->value)) != 0)
		return fault;
	if (xsi_type_of(value, &p->xsi_type) != 0)
		return CWMP_FAULT_INTERNAL_ERROR;
	return 0;
}

static bool duplicate(const struct spv *s, size_t upto, const char *name)
{
	for (size_t i = 0; i < upto; i++)
		if (strcmp(s->p[i].name, name) == 0)
			return true;
	return false;
}

/* Fill s from the request: 0 or a fault code. */
static int decode(struct rpc_dm_run *run, const xmlNode *args)
{
	struct spv *s = (struct spv *)run;
	xmlNode *list = soap_child(args, "ParameterList");
	xmlNode *pvs;
	size_t n = 0;
	int fault;

	if (!list || soap_child_text(args, "ParameterKey", s->key, sizeof(s->key)) != 0)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	for (pvs = soap_child(list, "ParameterValueStruct"); pvs; pvs = soap_next(pvs))
		n++;
	if (n > SPV_MAX_PARAMS)
		return CWMP_FAULT_RESOURCES_EXCEEDED;
	s->p = calloc(n + 1, sizeof(*s->p));
	s->faults = calloc(n + 1, sizeof(*s->faults));
	if (!s->p || !s->faults)
		return CWMP_FAULT_INTERNAL_ERROR;
	for (pvs = soap_child(list, "ParameterValueStruct"); pvs; pvs = soap_next(pvs)) {
		fault = read_param(pvs, &s->p[s->n++]);
		if (fault)
			return fault;
		if (duplicate(s, s->n - 1, s->p[s->n - 1].name))
			return CWMP_FAULT_INVALID_ARGUMENTS;   /* A.3.2.1: a name twice */
	}
	s->names = calloc(s->n + 1, sizeof(char *));
	if (!s->names)
		return CWMP_FAULT_INTERNAL_ERROR;
	for (size_t i = 0; i < s->n; i++)
		s->names[i] = s->p[i].name;
	return 0;
}

/* ---- checking ---------------------------------------------------------------- */

static void add_fault(struct spv *s, const char *name, int code)
{
	s->faults[s->n_faults].name = name;
	s->faults[s->n_faults].code = code;
	s->faults[s->n_faults].string = NULL;
	s->n_faults++;
}

/* Canonical value of p (replaces p->value). 0 or a fault code. */
static int canonicalize(struct spv_param *p)
{
	size_t len = strlen(p->value) + 8;
	char *c = malloc(len);

	if (!c || dm_value_canonical(p->node, p->value, c, len) != 0) {
		free(c);
		return CWMP_FAULT_INTERNAL_ERROR;
	}
	free(p->value);
	p->value = c;
	return 0;
}

/* The fault code for one parameter, 0 when it may be set on the platform
 * (dm_platform_bit). */
static int check_param(const struct dm_tree *t, struct spv_param *p, unsigned platform)
{
	struct dm_tree_pos pos;
	int rc;

	if (dm_tree_resolve(t, p->name, &pos) != 0 || pos.kind != DM_TREE_PARAM)
		return CWMP_FAULT_INVALID_PARAMETER_NAME;
	p->node = &dm_schema[pos.schema];
	if (!dm_node_writable(p->node, platform))
		return CWMP_FAULT_NON_WRITABLE_PARAMETER;
	rc = soap_type_check(p->node, p->value, p->xsi_type);
	if (rc == -EPROTOTYPE)
		return CWMP_FAULT_INVALID_PARAMETER_TYPE;
	if (rc != 0)
		return CWMP_FAULT_INVALID_PARAMETER_VALUE;
	if (canonicalize(p) != 0)
		return CWMP_FAULT_INTERNAL_ERROR;
	if ((p->node->flags & DM_F_NATIVE) && dm_native_check(p->name, p->value) != 0)
		return CWMP_FAULT_INVALID_PARAMETER_VALUE;
	return 0;
}

/* Check every parameter: 0, 9003 with faults listed, or another fault. */
static int check_all(struct spv *s, const struct dm_tree *t)
{
	int code;

	for (size_t i = 0; i < s->n; i++) {
		code = t ? check_param(t, &s->p[i], rpc_dm_platform(s->run.r))
			 : CWMP_FAULT_INTERNAL_ERROR;
		if (code == CWMP_FAULT_INTERNAL_ERROR)
			return code;
		if (code)
			add_fault(s, s->p[i].name, code);
	}
	return s->n_faults ? CWMP_FAULT_INVALID_ARGUMENTS : 0;
}

/* ---- native values ------------------------------------------------------------ */

static bool is_native(const struct spv_param *p)
{
	return (p->node->flags & DM_F_NATIVE) != 0;
}

/* Write the native values (undo false) or their values before (undo
 * true) in one atomic config write. 0 or -errno. */
static int native_write(struct spv *s, bool undo)
{
	const struct rpc_env *env = s->run.r->env;
	const char **paths = calloc(s->n + 1, sizeof(char *));
	const char **vals = calloc(s->n + 1, sizeof(char *));
	size_t n = 0;
	int rc = -ENOMEM;

	if (paths && vals) {
		for (size_t i = 0; i < s->n; i++) {
			if (!is_native(&s->p[i]))
				continue;
			paths[n] = s->p[i].name;
			vals[n++] = undo ? s->p[i].old : s->p[i].value;
		}
		rc = n ? env->native_write(env->ctx, paths, vals, n) : 0;
	}
	free(paths);
	free(vals);
	return rc;
}

/* dm_write's before-apply step: every plugin staged its values. */
static int native_commit_cb(void *ctx)
{
	struct spv *s = ctx;
	int rc = native_write(s, false);

	s->native_written = rc == 0;
	return rc;
}

/* Remember every value before (to undo a half-applied write). 0 or
 * -errno. */
static int keep_old(struct spv *s, const struct dm_tree *t)
{
	struct dm_tree_value v;

	for (size_t i = 0; i < s->n; i++) {
		if (dm_tree_get(t, s->p[i].name, &v) != 0)
			return -ENOENT;
		s->p[i].old = strdup(v.value ? v.value : "");
		if (!s->p[i].old)
			return -ENOMEM;
	}
	return 0;
}

/* ---- the end ------------------------------------------------------------------ */

static void succeed(struct spv *s)
{
	const struct rpc_env *env = s->run.r->env;
	struct dm_tree *t = dm_cache_tree(env->dm);
	bool reboot = false, native = false, identity = false;

	for (size_t i = 0; i < s->n; i++) {
		reboot |= (s->p[i].node->flags & DM_F_REBOOT) != 0;
		identity |= strncmp(s->p[i].name, "Device.DeviceInfo.", 18) == 0;
		if (is_native(&s->p[i])) {
			native = true;
			if (t)   /* the session sees the new value; the agent reloads later */
				dm_tree_set(t, s->p[i].name, s->p[i].value);
		}
	}
	if (native || identity) {
		/* Reloading re-reads the config and the Inform's identity
		 * (ProvisioningCode) once the session is over. */
		env->changed(env->ctx);
		log_notice("rpc: %s changed by the ACS: applied after the session",
			   native ? "ManagementServer" : "DeviceInfo");
	}
	for (size_t i = 0; i < s->n; i++)   /* the ACS's own change: not notified */
		notify_acs_set(env->notify, s->p[i].name, s->p[i].value);
	dm_cache_parameter_key(env->dm, s->key);
	xbuf_printf(&s->run.r->body, "<cwmp:SetParameterValuesResponse><Status>%d</Status>"
		    "</cwmp:SetParameterValuesResponse>", reboot || s->deferred ? 1 : 0);
	spv_complete(s, 0);
}

/* The name in s that a plugin's fault line names, or NULL. */
static const char *known_name(const struct spv *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->p[i].name, path) == 0)
			return s->p[i].name;
	return NULL;
}

static int plugin_fault_cb(void *ctx, const char *path, const char *value)
{
	struct spv *s = ctx;
	const char *name = known_name(s, path);
	char *end;
	long code = strtol(value, &end, 10);

	if (!name || *end || s->n_faults == s->n)
		return 0;      /* not ours: ignored */
	/* 9001 (the platform cannot change it) or 9005..9008; anything
	 * else a plugin says about a value is taken as 9007. */
	if (code != CWMP_FAULT_REQUEST_DENIED && (code < CWMP_FAULT_INVALID_PARAMETER_NAME ||
						  code > CWMP_FAULT_NON_WRITABLE_PARAMETER))
		code = CWMP_FAULT_INVALID_PARAMETER_VALUE;
	add_fault(s, name, (int)code);
	return 0;
}

/* One "set" step per plugin with its lines, new values or (undo) the
 * values before. 0 or -errno. */
static int plugin_steps(struct spv *s, struct dm_write *w, bool undo, size_t *steps)
{
	struct xbuf lines;
	int rc = 0;

	*steps = 0;
	for (uint16_t idx = 1; idx < dm_plugins_len && rc == 0; idx++) {
		xbuf_init(&lines, PLUGIN_MAX_OUTPUT);
		for (size_t i = 0; i < s->n; i++)
			if (!is_native(&s->p[i]) && s->p[i].node->plugin == idx)
				pluginio_write(&lines, s->p[i].name,
					       undo ? s->p[i].old : s->p[i].value);
		rc = xbuf_error(&lines);
		if (rc == 0 && lines.len) {
			rc = dm_write_add(w, idx, "set", NULL, NULL, lines.data, lines.len);
			(*steps)++;
		}
		xbuf_fini(&lines);
	}
	return rc;
}

static void undone_cb(void *ctx, const struct dm_write_result *res)
{
	struct spv *s = ctx;

	if (res->err)
		log_err("rpc: SetParameterValues: the values before could not be restored "
			"everywhere: the device may hold part of the request");
	spv_complete(s, CWMP_FAULT_INTERNAL_ERROR);
}

/* An apply failed after others had applied: put the values before back
 * (config and plugins), then answer 9002. */
static void undo_applied(struct spv *s)
{
	struct dm_write *w = dm_write_new(s->run.r->env->dm);
	size_t steps = 0;

	log_err("rpc: SetParameterValues: an apply failed after others ran: undoing");
	if (s->native_written && native_write(s, true) != 0)
		log_err("rpc: SetParameterValues: cannot restore the ManagementServer values");
	if (!w || plugin_steps(s, w, true, &steps) != 0 || steps == 0) {
		dm_write_free(w);
		spv_complete(s, CWMP_FAULT_INTERNAL_ERROR);
		return;
	}
	if (dm_write_run(w, undone_cb, s) != 0)        /* w freed either way */
		spv_complete(s, CWMP_FAULT_INTERNAL_ERROR);
}

static void written_cb(void *ctx, const struct dm_write_result *res)
{
	struct spv *s = ctx;

	if (res->err == 0) {
		s->deferred = res->deferred;
		succeed(s);
		return;
	}
	if (res->applied && res->err != -ECANCELED) {
		undo_applied(s);
		return;
	}
	if (res->err == -EPERM)
		pluginio_parse(res->out, res->out_len, plugin_fault_cb, s, NULL);
	if (res->err == -EPERM && s->n_faults) {
		spv_complete(s, CWMP_FAULT_INVALID_ARGUMENTS);
		return;
	}
	spv_complete(s, CWMP_FAULT_INTERNAL_ERROR);
}

/* Checked: stage every plugin's values, write the native ones once all
 * were accepted, then apply (dm_write.h). */
static void write_all(struct spv *s)
{
	struct dm_write *w = dm_write_new(s->run.r->env->dm);
	size_t steps = 0;

	if (!w || plugin_steps(s, w, false, &steps) != 0) {
		dm_write_free(w);
		spv_complete(s, CWMP_FAULT_INTERNAL_ERROR);
		return;
	}
	if (steps == 0) {
		dm_write_free(w);
		if (native_write(s, false) != 0)
			spv_complete(s, CWMP_FAULT_INTERNAL_ERROR);
		else
			succeed(s);
		return;
	}
	dm_write_before_apply(w, native_commit_cb, s);
	if (dm_write_run(w, written_cb, s) != 0)
		spv_complete(s, CWMP_FAULT_INTERNAL_ERROR);
}

static size_t paths(struct rpc_dm_run *run, const char *const **out)
{
	struct spv *s = (struct spv *)run;

	*out = s->names;
	return s->n;
}

/* The tree is filled: check every value, keep the old ones, write. */
static int act(struct rpc_dm_run *run, struct dm_tree *t)
{
	struct spv *s = (struct spv *)run;
	int fault = check_all(s, t);

	if (fault == 0 && keep_old(s, t) != 0)
		fault = CWMP_FAULT_INTERNAL_ERROR;
	if (fault)
		return with_faults(s, fault);
	write_all(s);                   /* ends with spv_complete */
	return RPC_PENDING;
}

static const struct rpc_dm spv = {
	"SetParameterValues", sizeof(struct spv), decode, paths, act, fini
};

int rpc_set_parameter_values(struct rpc_req *r)
{
	return rpc_dm_start(r, &spv);
}
