/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The platform boundary (platform.h): the plugins' path and environment,
 * made once per config, and the one place that starts them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "platform.h"

#define ENV_PATH "PATH=/usr/sbin:/usr/bin:/sbin:/bin"

struct platform {
	struct loop *loop;
	const struct config *cfg;
	char env_platform[64], env_state[512], env_lib[512];
	char *envp[5];
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
	free(lib);
	p->envp[0] = p->env_platform;
	p->envp[1] = p->env_state;
	p->envp[2] = p->env_lib;
	p->envp[3] = ENV_PATH;
	p->envp[4] = NULL;
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

/* argv = plugin name, then c->args; -EINVAL when they do not fit. */
static int make_argv(const struct platform_call *c, char **argv)
{
	size_t n;

	if (!c->plugin || !c->plugin[0] || strchr(c->plugin, '/') || !c->args || !c->args[0])
		return -EINVAL;
	argv[0] = (char *)c->plugin;
	for (n = 0; n < PLATFORM_ARGS_MAX && c->args[n]; n++)
		argv[n + 1] = (char *)c->args[n];
	if (c->args[n])
		return -EINVAL;
	argv[n + 1] = NULL;
	return 0;
}

int platform_run(struct platform *p, const struct platform_call *c, plugin_done_cb cb,
		 void *ctx, struct plugin_call **handle)
{
	char path[512], *argv[PLATFORM_ARGS_MAX + 2];
	struct plugin_spec spec = { .path = path, .argv = argv, .envp = p->envp,
				    .input = c->input, .input_len = c->input_len,
				    .timeout_ms = c->timeout_ms, .max_output = c->max_output };
	int rc = make_argv(c, argv);

	if (rc == 0 && snprintf(path, sizeof(path), "%s/%s", p->cfg->plugin_dir, c->plugin) >=
			       (int)sizeof(path))
		rc = -ENAMETOOLONG;
	if (rc == 0)
		rc = plugin_run(p->loop, &spec, cb, ctx, handle);
	if (rc != 0)
		log_err("platform: cannot run %s %s: %s", c->plugin ? c->plugin : "(none)",
			c->args && c->args[0] ? c->args[0] : "(no verb)", strerror(-rc));
	return rc;
}
