/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder while the operations are written: none is pending. */
#include "agent.h"
#include "ops.h"

int ops_start(struct agent *a)
{
	(void)a;
	return 0;
}

void ops_session_done(struct agent *a, bool ok)
{
	(void)a;
	(void)ok;
}

void ops_reboot_after_session(struct agent *a)
{
	(void)a;
}

void ops_stop(struct agent *a)
{
	(void)a;
}
