/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder while transfers are written: the queue is empty. */
#include "agent.h"
#include "transfers.h"

int transfers_start(struct agent *a)
{
	(void)a;
	return 0;
}

int transfers_next_request(struct agent *a, struct xbuf *out, enum cwmp_ns ns, const char *id)
{
	(void)a;
	(void)out;
	(void)ns;
	(void)id;
	return 0;
}

void transfers_response(struct agent *a, const struct soap_msg *m)
{
	(void)a;
	(void)m;
}

void transfers_session_done(struct agent *a, bool ok)
{
	(void)a;
	(void)ok;
}

void transfers_stop(struct agent *a)
{
	(void)a;
}
