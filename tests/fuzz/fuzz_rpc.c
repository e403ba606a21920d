/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for the RPC dispatcher and its handlers: whatever parses as
 * an envelope is dispatched as an ACS request, on an environment like a
 * session's (a data model with the agent's native values; no plugins can
 * run, so requests that need one get 9002; no operations, no transfers),
 * the loop runs until the answer comes, and the answer must be a parsable
 * envelope. Made once, kept across inputs, as a session keeps it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dm_cache.h"
#include "dm_write.h"
#include "log.h"
#include "loop.h"
#include "pluginio.h"
#include "rpc.h"
#include "soap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct loop *loop;
static struct config cfg;
static struct dm_cache *dm;
static struct rpc_env env;

/* A few of the agent's own values, as dm_native gives them. */
static int native_get(void *ctx, struct xbuf *out)
{
	(void)ctx;
	pluginio_write(out, "Device.RootDataModelVersion", "2.19");
	pluginio_write(out, "Device.ManagementServer.URL", "http://acs.example/");
	pluginio_write(out, "Device.ManagementServer.PeriodicInformEnable", "true");
	pluginio_write(out, "Device.ManagementServer.PeriodicInformInterval", "300");
	pluginio_write(out, "Device.ManagementServer.ParameterKey", "");
	return xbuf_error(out);
}

static int native_write(void *ctx, const char *const *paths, const char *const *values,
			size_t n)
{
	(void)ctx;
	(void)paths;
	(void)values;
	(void)n;
	return 0;
}

static void changed(void *ctx)
{
	(void)ctx;
}

static void done_cb(void *ctx, struct xbuf *response)
{
	struct soap_msg *m = NULL;

	if (soap_parse(response->data, response->len, &m) != 0)
		abort();
	soap_msg_free(m);
	*(int *)ctx = 1;
}

static void env_make(void)
{
	log_set_level(LOG_LVL_ERR);
	loop = loop_new();
	cfg.state_dir = "/nonexistent/cwmpd-fuzz";
	cfg.download_max = 1024 * 1024;
	dm = dm_cache_new(&(struct dm_env){ .loop = loop, .native_get = native_get });
	if (!loop || !dm)
		abort();
	env = (struct rpc_env){ .cfg = &cfg, .dm = dm, .native_write = native_write,
				.changed = changed };
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct soap_msg *m = NULL;
	int answered = 0;

	if (!loop)
		env_make();
	if (soap_parse((const char *)data, size, &m) != 0)
		return 0;
	if (m->name && strcmp(m->name, "Fault") != 0) {
		rpc_dispatch(&env, m, done_cb, &answered);
		for (int i = 0; i < 100 && !answered; i++)
			loop_run_once(loop, 10);
		if (!answered)
			abort();        /* an RPC never answered */
	}
	soap_msg_free(m);
	return 0;
}
