// SPDX-License-Identifier: GPL-2.0
/*
 * netfront-test: load mode. The highest frame rate the backend sustains
 * for one size and one direction:
 *   tx  the guest sends as fast as the ring allows; the rate is what
 *       dom0's vif counted as received (rx_packets), per second
 *   rx  dom0 sends as fast as it can (agent: dom0-inject with the qdisc
 *       bypassed); the rate is what the guest received intact
 */
#include <stdio.h>
#include <stdlib.h>

#include "nft.h"

static unsigned long tx_blast(struct fe *fe, unsigned int size, int seconds)
{
	long long end = now_ms() + seconds * 1000LL;
	unsigned long sent = 0;
	unsigned int i;

	for (i = 0; i < NFT_NBUF; i++)
		frame_build(fe->txbuf + (size_t)i * NFT_PAGE, size, FK_RAW,
			    fe->dom0_mac, fe->mac, 0x10ad0000 | i);
	while (now_ms() < end) {
		int id, n = 0;

		tx_reap(fe);
		while ((id = tx_get_id(fe)) >= 0 &&
		       fe->tx.req_prod_pvt - fe->tx.rsp_cons < RING_SIZE(&fe->tx)) {
			tx_put(fe, id, 0, size, 0);
			n++;
		}
		if (id >= 0) {	/* no ring room for it after all */
			fe->tx_inflight[id] = false;
			fe->tx_free[fe->tx_nfree++] = id;
		}
		if (n) {
			tx_push(fe);
			sent += n;
		} else {
			fe_wait_event(fe, 5);
		}
	}
	tx_wait_idle(fe, 3000);
	return sent;
}

static const char *load_tx(struct fe *fe, unsigned int size, int seconds,
			   char *d, size_t len)
{
	unsigned long notify0 = fe->st.notify, sent;
	long rx = -1, drop = -1;
	long long t0 = now_ms();
	double secs;

	sent = tx_blast(fe, size, seconds);
	secs = (now_ms() - t0) / 1000.0;
	agent_stat(fe, "rx_packets", &rx);
	agent_stat(fe, "rx_dropped", &drop);
	snprintf(d, len,
		 "guest_sent=%lu rsp_ok=%lu dom0_rx=%ld dom0_rx_dropped=%ld notifies=%lu pps=%.0f",
		 sent, fe->st.tx_ok, rx, drop, fe->st.notify - notify0,
		 (rx > 0 ? rx : 0) / secs);
	return rx > 0 ? "measured" : "no-traffic";
}

static const char *load_rx(struct fe *fe, unsigned int size, int seconds,
			   char *d, size_t len)
{
	struct rx_tally t = { .want = ~0u };
	long long t0, end, last = 0;
	char out[200];
	long drop = -1;

	rx_refill(fe, NFT_NBUF);
	if (agent_call(fe, NULL, 0, 10000, "inject-bg %u 0 %d 10ad0000",
		       size, seconds))
		return "no-agent";
	t0 = now_ms();
	end = t0 + (seconds + 3) * 1000LL;
	while (now_ms() < end) {
		if (rx_reap(fe, tally_cb, &t))
			last = now_ms();
		else
			fe_wait_event(fe, 5);
	}
	agent_call(fe, out, sizeof(out), 30000, "inject-wait");
	agent_stat(fe, "tx_dropped", &drop);
	snprintf(d, len, "dom0_%s guest_rx_ok=%u bad=%u vif_tx_dropped=%ld pps=%.0f",
		 out, t.ok, t.bad, drop,
		 t.ok / ((last > t0 ? last - t0 : 1) / 1000.0));
	if (t.bad)
		return "corrupt";
	return t.ok ? "measured" : "no-traffic";
}

int load_run(unsigned int devid, int seconds, unsigned int size,
	     const char *dir)
{
	static struct fe fe;
	const char *o = "no-connect";
	char d[400] = "";

	say("load: %s, %u-byte frames, %d s", dir, size, seconds);
	fe_default_opts(&fe.opt);
	if (fe_open(&fe, devid))
		return 2;
	if (agent_info(&fe)) {
		o = "no-agent";
	} else {
		agent_call(&fe, NULL, 0, 10000, "snap");
		if (!fe_connect(&fe)) {
			if (!strcmp(dir, "tx"))
				o = load_tx(&fe, size, seconds, d, sizeof(d));
			else
				o = load_rx(&fe, size, seconds, d, sizeof(d));
			fe_close(&fe);
		}
	}
	result_put(&fe, "case=load-%s-%u outcome=%s %s", dir, size, o, d);
	fe_release(&fe);
	return strcmp(o, "measured") ? 1 : 0;
}
