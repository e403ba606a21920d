/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The notification poller's view of the agent (notify_agent.c): its own
 * forced-inform values and how an observed value meets the attributes.
 */
#ifndef CWMP_NOTIFY_AGENT_H
#define CWMP_NOTIFY_AGENT_H

#include <stdbool.h>
#include <stdint.h>

#include "notify_set.h"
#include "schema.h"

struct notify_env;
struct attrs;

/* The identity is known and not being fetched again (after a reload). */
bool notify_identity_stable(const struct notify_env *e);

/* Give s the value of path (schema node, source src) when its effective
 * Notification is 1 or 2: notify_set_observe's result, or 0. */
int notify_observe_node(struct notify_set *s, const struct attrs *at, const char *path,
			const char *value, const struct dm_node *node, uint16_t src);

/* Compare the agent's forced-inform values (SoftwareVersion, ...,
 * ConnectionRequestURL, STUNEnable) and ConnReqJabberID: how many changed
 * (> 0), 0, or -errno. */
int notify_observe_agent(const struct notify_env *e, struct notify_set *s,
			 const struct attrs *at);

/* The source a poll gives path: NOTIFY_SRC_AGENT for the agent's own
 * values, else the plugin backing it (0: native or unknown). ctx unused
 * (a notify_set_parse resolver). */
uint16_t notify_source_of(void *ctx, const char *path);

#endif
