/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Inside the agent: what agent.c shares with agent_ctl.c (cwmpctl's side
 * of the agent).
 */
#ifndef CWMP_AGENT_INT_H
#define CWMP_AGENT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "agent.h"
#include "xbuf.h"

/* Something else uses the data model: applies deferred by the last
 * session, or a cwmpctl get or set. */
bool agent_dm_in_use(const struct agent *a);

/* The agent's own values (ManagementServer., RootDataModelVersion, XMPP.);
 * ctx is the agent. */
int agent_native_get(void *ctx, struct xbuf *out);

/* ManagementServer values the ACS (or cwmpctl) set, into the config file. */
int agent_native_write(void *ctx, const char *const *paths, const char *const *values,
		       size_t n);

/* The control socket and its commands; logs its own failure. */
void agent_start_ctl(struct agent *a);

#endif
