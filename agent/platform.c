/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The platform boundary (platform.h): the plugins' path and environment,
 * made once per config, and the one place that starts them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "platform.h"

#define ENV_PATH "PATH=/usr/sbin:/usr/bin:/sbin:/bin"
#define LIB_SHELL "/bin/sh"

struct platform {
	struct loop *loop;
	const struct config *cfg;
	char env_platform[64], env_state[512], env_lib[512], env_plugins[512];
	char lib[512];                  /* the shell library's directory */
	char *envp[6];
};

char *platform_lib_dir(const char *plugin_dir)
{
	size_t n = strlen(plugin_dir);
	char *dir;

	while (n > 1 && plugin_dir[n - 1] == '/')
		n--;
	while (n > 0 && plugin_dir[n - 1] != '/')
		n--;
	dir = malloc(n + 4);
	if (dir) {
		memcpy(dir, plugin_dir, n);
		memcpy(dir + n, "lib", 4);
	}
	return dir;
}

void platform_config(struct platform *p, const struct config *c)
{
	char *lib = platform_lib_dir(c->plugin_dir);

	snprintf(p->env_platform, sizeof(p->env_platform), "CWMPD_PLATFORM=%s", c->platform);
	snprintf(p->env_state, sizeof(p->env_state), "CWMPD_STATE_DIR=%s", c->state_dir);
	snprintf(p->env_lib, sizeof(p->env_lib), "CWMPD_LIB=%s", lib ? lib : "");
	snprintf(p->lib, sizeof(p->lib), "%s", lib ? lib : "");
	snprintf(p->env_plugins, sizeof(p->env_plugins), "CWMPD_PLUGIN_DIR=%s", c->plugin_dir);
	free(lib);
	p->envp[0] = p->env_platform;
	p->envp[1] = p->env_state;
	p->envp[2] = p->env_lib;
	p->envp[3] = p->env_plugins;
	p->envp[4] = ENV_PATH;
	p->envp[5] = NULL;
	p->cfg = c;
}

struct platform *platform_new(struct loop *l, const struct config *cfg)
{
	struct platform *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->loop = l;
	platform_config(p, cfg);
	return p;
}

void platform_free(struct platform *p)
{
	free(p);
}

bool platform_has_library(const struct platform *p, const char *script)
{
	char path[512];

	return p && script && !strchr(script, '/') && p->lib[0] &&
	       snprintf(path, sizeof(path), "%s/%s", p->lib, script) < (int)sizeof(path) &&
	       access(path, R_OK) == 0;
}

/* argv: the plugin's name (with library "sh", as busybox wants it to be
 * sh, then the script's path), then c->args; -EINVAL when they do not
 * fit. */
static int make_argv(const struct platform_call *c, const char *script, char **argv)
{
	size_t n, at = 1;

	if (!c->plugin || !c->plugin[0] || strchr(c->plugin, '/') || !c->args || !c->args[0])
		return -EINVAL;
	argv[0] = c->library ? "sh" : (char *)c->plugin;
	if (c->library)
		argv[at++] = (char *)script;
	for (n = 0; n < PLATFORM_ARGS_MAX && c->args[n]; n++)
		argv[n + at] = (char *)c->args[n];
	if (c->args[n])
		return -EINVAL;
	argv[n + at] = NULL;
	return 0;
}

int platform_run(struct platform *p, const struct platform_call *c, plugin_done_cb cb,
		 void *ctx, struct plugin_call **handle)
{
	char path[512], *argv[PLATFORM_ARGS_MAX + 3];
	struct plugin_spec spec = { .path = c->library ? LIB_SHELL : path, .name = c->plugin,
				    .argv = argv, .envp = p->envp,
				    .input = c->input, .input_len = c->input_len,
				    .timeout_ms = c->timeout_ms, .max_output = c->max_output };
	const char *dir = c->library ? p->lib : p->cfg->plugin_dir;
	int rc = make_argv(c, path, argv);

	if (rc == 0 && snprintf(path, sizeof(path), "%s/%s", dir, c->plugin) >= (int)sizeof(path))
		rc = -ENAMETOOLONG;
	if (rc == 0)
		rc = plugin_run(p->loop, &spec, cb, ctx, handle);
	if (rc != 0)
		log_err("platform: cannot run %s %s: %s", c->plugin ? c->plugin : "(none)",
			c->args && c->args[0] ? c->args[0] : "(no verb)", strerror(-rc));
	return rc;
}
