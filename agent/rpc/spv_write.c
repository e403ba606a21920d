/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SetParameterValues' checks and write, all or nothing (spv_write.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dm_cache.h"
#include "dm_native.h"
#include "dm_plugin.h"
#include "dm_write.h"
#include "fault.h"
#include "log.h"
#include "notify.h"
#include "pluginio.h"
#include "soap_type.h"
#include "spv_write.h"
#include "tree.h"
#include "types.h"

struct spv_param {
	char *name;
	char *value;                   /* canonical once checked */
	char *xsi_type;                /* local part ("boolean"), or NULL */
	const struct dm_node *node;
	char *old;                     /* the value before, for undo */
};

struct spv_write {
	struct spv_param *p;
	const char **names;            /* p[i].name, for the fill */
	size_t n, room;
	struct soap_param_fault *faults;
	size_t n_faults;
	struct spv_env env;            /* spv_write_run's */
	spv_done_cb done;
	void *done_ctx;
	bool native_written;           /* the config holds the new native values */
	bool deferred;                 /* a plugin applies after the session */
};

struct spv_write *spv_write_new(size_t n)
{
	struct spv_write *s;

	if (n > SPV_MAX_PARAMS)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->room = n;
	s->p = calloc(n + 1, sizeof(*s->p));
	s->names = calloc(n + 1, sizeof(*s->names));
	s->faults = calloc(n + 1, sizeof(*s->faults));
	if (!s->p || !s->names || !s->faults) {
		spv_write_free(s);
		return NULL;
	}
	return s;
}

void spv_write_free(struct spv_write *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->p[i].name);
		free(s->p[i].value);
		free(s->p[i].xsi_type);
		free(s->p[i].old);
	}
	free(s->p);
	free(s->names);
	free(s->faults);
	free(s);
}

int spv_write_add(struct spv_write *s, const char *name, const char *value,
		  const char *xsi_type)
{
	struct spv_param *p;

	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->p[i].name, name) == 0)
			return CWMP_FAULT_INVALID_ARGUMENTS;   /* A.3.2.1: a name twice */
	if (s->n == s->room)
		return CWMP_FAULT_RESOURCES_EXCEEDED;
	p = &s->p[s->n++];
	p->name = strdup(name);
	p->value = strdup(value);
	p->xsi_type = xsi_type ? strdup(xsi_type) : NULL;
	s->names[s->n - 1] = p->name;
	if (!p->name || !p->value || (xsi_type && !p->xsi_type))
		return CWMP_FAULT_INTERNAL_ERROR;
	return 0;
}

const char *const *spv_write_names(const struct spv_write *s, size_t *n)
{
	*n = s->n;
	return s->names;
}

const struct soap_param_fault *spv_write_faults(const struct spv_write *s, size_t *n)
{
	*n = s->n_faults;
	return s->faults;
}

/* ---- checking ---------------------------------------------------------------- */

static void add_fault(struct spv_write *s, const char *name, int code)
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

/* Remember every value before (to undo a half-applied write). 0 or
 * -errno. */
static int keep_old(struct spv_write *s, const struct dm_tree *t)
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

int spv_write_check(struct spv_write *s, const struct dm_tree *t, unsigned platform)
{
	int code;

	for (size_t i = 0; i < s->n; i++) {
		code = t ? check_param(t, &s->p[i], platform) : CWMP_FAULT_INTERNAL_ERROR;
		if (code == CWMP_FAULT_INTERNAL_ERROR)
			return code;
		if (code)
			add_fault(s, s->p[i].name, code);
	}
	if (s->n_faults)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	return keep_old(s, t) == 0 ? 0 : CWMP_FAULT_INTERNAL_ERROR;
}

/* ---- native values ------------------------------------------------------------ */

static bool is_native(const struct spv_param *p)
{
	return (p->node->flags & DM_F_NATIVE) != 0;
}

/* Write the native values (undo false) or their values before (undo
 * true) in one atomic config write. 0 or -errno. */
static int native_write(struct spv_write *s, bool undo)
{
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
		rc = n ? s->env.native_write(s->env.ctx, paths, vals, n) : 0;
	}
	free(paths);
	free(vals);
	return rc;
}

/* dm_write's before-apply step: every plugin staged its values. */
static int native_commit_cb(void *ctx)
{
	struct spv_write *s = ctx;
	int rc = native_write(s, false);

	s->native_written = rc == 0;
	return rc;
}

/* ---- the end ------------------------------------------------------------------ */

static void finish(struct spv_write *s, int fault, int status)
{
	s->done(s->done_ctx, fault, status);
}

static void succeed(struct spv_write *s)
{
	const struct spv_env *env = &s->env;
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
	if ((native || identity) && env->changed) {
		/* Reloading re-reads the config and the Inform's identity
		 * (ProvisioningCode). */
		log_notice("rpc: %s changed by %s", native ? "ManagementServer" : "DeviceInfo",
			   env->by);
		env->changed(env->ctx);
	}
	for (size_t i = 0; env->notify && i < s->n; i++)   /* the ACS's own change */
		notify_acs_set(env->notify, s->p[i].name, s->p[i].value);
	if (env->key)
		dm_cache_parameter_key(env->dm, env->key);
	finish(s, 0, reboot || s->deferred ? 1 : 0);
}

/* The name in s that a plugin's fault line names, or NULL. */
static const char *known_name(const struct spv_write *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->p[i].name, path) == 0)
			return s->p[i].name;
	return NULL;
}

static int plugin_fault_cb(void *ctx, const char *path, const char *value)
{
	struct spv_write *s = ctx;
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
static int plugin_steps(struct spv_write *s, struct dm_write *w, bool undo, size_t *steps)
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
	struct spv_write *s = ctx;

	if (res->err)
		log_err("rpc: SetParameterValues: the values before could not be restored "
			"everywhere: the device may hold part of the request");
	finish(s, CWMP_FAULT_INTERNAL_ERROR, 0);
}

/* An apply failed after others had applied: put the values before back
 * (config and plugins), then 9002. */
static void undo_applied(struct spv_write *s)
{
	struct dm_write *w = dm_write_new(s->env.dm);
	size_t steps = 0;

	log_err("rpc: SetParameterValues: an apply failed after others ran: undoing");
	if (s->native_written && native_write(s, true) != 0)
		log_err("rpc: SetParameterValues: cannot restore the ManagementServer values");
	if (!w || plugin_steps(s, w, true, &steps) != 0 || steps == 0) {
		dm_write_free(w);
		finish(s, CWMP_FAULT_INTERNAL_ERROR, 0);
		return;
	}
	if (dm_write_run(w, undone_cb, s) != 0)        /* w freed either way */
		finish(s, CWMP_FAULT_INTERNAL_ERROR, 0);
}

static void written_cb(void *ctx, const struct dm_write_result *res)
{
	struct spv_write *s = ctx;

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
		finish(s, CWMP_FAULT_INVALID_ARGUMENTS, 0);
		return;
	}
	finish(s, CWMP_FAULT_INTERNAL_ERROR, 0);
}

/* Stage every plugin's values, write the native ones once all were
 * accepted, then apply (dm_write.h). */
void spv_write_run(struct spv_write *s, const struct spv_env *env, spv_done_cb done,
		   void *ctx)
{
	struct dm_write *w = dm_write_new(env->dm);
	size_t steps = 0;

	s->env = *env;
	s->done = done;
	s->done_ctx = ctx;
	if (!w || plugin_steps(s, w, false, &steps) != 0) {
		dm_write_free(w);
		finish(s, CWMP_FAULT_INTERNAL_ERROR, 0);
		return;
	}
	if (steps == 0) {
		dm_write_free(w);
		if (native_write(s, false) != 0)
			finish(s, CWMP_FAULT_INTERNAL_ERROR, 0);
		else
			succeed(s);
		return;
	}
	dm_write_before_apply(w, native_commit_cb, s);
	if (dm_write_run(w, written_cb, s) != 0)
		finish(s, CWMP_FAULT_INTERNAL_ERROR, 0);
}
