/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One UDP connection request decided (udp_cr_rx.h): parsed, checked
 * against cpe.username and cpe.password and the wall clock, and either a
 * "6 CONNECTION REQUEST" or a line in the log (rate limited).
 */
#include <time.h>

#include "log.h"
#include "loop.h"
#include "udp_cr_rx.h"

static void refused(struct udp_cr_rx *rx, const char *peer, const char *why)
{
	if (!cr_quiet_due(&rx->refused, loop_now_ms()))
		return;
	log_notice("stun: UDP connection request from %s dropped: %s "
		   "(%u more dropped since the last message)", peer, why, rx->refused.hidden);
	rx->refused.hidden = 0;
}

void udp_cr_rx_datagram(struct udp_cr_rx *rx, const struct config *cfg, struct events *ev,
			const char *buf, size_t len, const char *peer)
{
	struct udp_cr_req r;
	enum udp_cr_verdict v;

	if (!cfg->enable)
		return;                 /* EnableCWMP false: no connection requests */
	if (udp_cr_parse(buf, len, &r) != 0) {
		refused(rx, peer, "not a UDP connection request");
		return;
	}
	v = udp_cr_check(&rx->seen, &r, cfg->cr_username, cfg->cr_password, (int64_t)time(NULL));
	switch (v) {
	case UDP_CR_OK:
		log_notice("stun: UDP connection request from %s accepted", peer);
		events_raise(ev, EV_CONNECTION_REQUEST, "");
		break;
	case UDP_CR_REPLAY:
		/* GenieACS sends each request three times: the copies land here */
		log_info("stun: UDP connection request from %s: id %.*s seen before; dropped",
			 peer, (int)r.id.len, r.id.p);
		break;
	default:
		refused(rx, peer, udp_cr_verdict_str(v));
		break;
	}
}
