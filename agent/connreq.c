/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder while the connection request server is written: nothing
 * listens. */
#include "agent.h"
#include "connreq.h"

int connreq_start(struct agent *a)
{
	(void)a;
	return 0;
}

void connreq_reload(struct agent *a)
{
	(void)a;
}

void connreq_stop(struct agent *a)
{
	(void)a;
}
