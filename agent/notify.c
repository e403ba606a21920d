/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder while notifications are written: nothing is watched. */
#include "agent.h"
#include "notify.h"

int notify_start(struct agent *a)
{
	(void)a;
	return 0;
}

void notify_reload(struct agent *a)
{
	(void)a;
}

void notify_poll_now(struct agent *a)
{
	(void)a;
}

void notify_acs_set(struct agent *a, const char *path, const char *value)
{
	(void)a;
	(void)path;
	(void)value;
}

size_t notify_inform_params(struct agent *a, struct param_value *out, size_t max)
{
	(void)a;
	(void)out;
	(void)max;
	return 0;
}

void notify_session_done(struct agent *a, bool ok)
{
	(void)a;
	(void)ok;
}

void notify_stop(struct agent *a)
{
	(void)a;
}
