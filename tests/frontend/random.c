// SPDX-License-Identifier: GPL-2.0
/*
 * netfront-test: random mode. Batches of ring garbage with some
 * structure (slot chains, extras, flags, offsets, sizes, grants), each
 * batch generated from (seed, batch number) alone, so a run is
 * reproducible from its printed seed: the same seed writes the same
 * requests into the same ring slots, batch after batch, as long as the
 * backend answers every slot (it does, unless it disables the vif).
 * --mild leaves out everything stock disables the vif for (crossing a
 * page, bad extras, GSO size 0 or a bad GSO type, more than
 * fatal_skb_slots follow-on slots, a chain left open, an impossible
 * req_prod), keeping its error-class garbage (runts, 19-20 follow-on
 * slots, slots larger than the packet, bad grants): stock answers all
 * of it and the vif lives through the whole run.
 */
#include <stdio.h>
#include <stdlib.h>

#include "nft.h"

struct rng {
	uint64_t s;
	bool mild;	/* never what stock treats as fatal */
};

static uint64_t rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t below(struct rng *r, uint32_t n)
{
	return n ? rnd(r) % n : 0;
}

/* True PERMILLE times in a thousand. */
static bool chance(struct rng *r, unsigned int permille)
{
	return below(r, 1000) < permille;
}

/* Something stock disables the vif for, PERMILLE in a thousand (never
 * in mild mode).
 */
static bool fatal_chance(struct rng *r, unsigned int permille)
{
	return chance(r, permille) && !r->mild;
}

static unsigned int free_slots(struct fe *fe)
{
	return RING_SIZE(&fe->tx) - (fe->tx.req_prod_pvt - fe->tx.rsp_cons);
}

static uint32_t rand_gref(struct fe *fe, struct rng *r, unsigned int id)
{
	if (!chance(r, 30))
		return fe->txref[id];
	return chance(r, 500) ? BAD_GREF : (uint32_t)rnd(r);
}

/*
 * One slot whose data is OWN bytes (SIZE is the packet's for a head):
 * the offset keeps it in its page, except now and then.
 */
static void rand_slot(struct fe *fe, struct rng *r, uint16_t size,
		      unsigned int own, uint16_t flags)
{
	unsigned int id = below(r, NFT_NBUF);
	netif_tx_request_t *req = tx_put(fe, id, 0, size, flags);

	req->gref = rand_gref(fe, r, id);
	if (fatal_chance(r, 10))
		req->offset = below(r, 4200);
	else
		req->offset = own < NFT_PAGE ? below(r, NFT_PAGE - own + 1) : 0;
}

/* Extras: GSO, multicast add/del, hash; bad types and sizes rarely. */
static void rand_extras(struct fe *fe, struct rng *r)
{
	unsigned int n = 1 + below(r, 2), i;

	for (i = 0; i < n; i++) {
		bool more = i + 1 < n || fatal_chance(r, 20);
		uint8_t type = 1 + below(r, XEN_NETIF_EXTRA_TYPE_MAX - 1);
		netif_extra_info_t *ex;

		if (fatal_chance(r, 30))
			type = chance(r, 500) ? 0 : 5 + below(r, 251);
		ex = tx_put_extra(fe, type, more);
		ex->u.gso.size = 1 + below(r, 9000);
		ex->u.gso.type = 1 + below(r, 2);
		if (fatal_chance(r, 30))
			ex->u.gso.size = 0;
		if (fatal_chance(r, 30))
			ex->u.gso.type = chance(r, 500) ? 0 : 3 + below(r, 250);
		ex->u.gso.features = below(r, 2);
		/* the address overlays the GSO fields: only for multicast */
		if ((type == XEN_NETIF_EXTRA_TYPE_MCAST_ADD ||
		     type == XEN_NETIF_EXTRA_TYPE_MCAST_DEL) && chance(r, 500))
			memset(ex->u.mcast.addr, 0xff & rnd(r), 6);
	}
}

/*
 * One packet: a head, maybe extras, follow-on slots (now and then 19 or
 * 20 of them: error; more only when not mild: fatal), sizes that add up
 * (now and then the head claims less: error; runts: error).
 */
static void rand_packet(struct fe *fe, struct rng *r)
{
	unsigned int w = below(r, 100), n, i, total = 0, size[32];
	uint16_t flags;
	bool extra = chance(r, 80);

	n = w < 50 ? 1 : w < 85 ? 2 + below(r, 4) : 6 + below(r, 15);
	if (chance(r, 20))
		n = 20 + below(r, 2);		/* 19 or 20 follow-on slots */
	if (fatal_chance(r, 10))
		n = 22 + below(r, 4);		/* more than fatal_skb_slots */
	if (n + 3 > free_slots(fe))
		return;
	for (i = 0; i < n; i++) {
		size[i] = chance(r, 900) ? below(r, 1600) : below(r, NFT_PAGE + 1);
		total += size[i];
	}
	if (chance(r, 30))
		size[0] = total = below(r, 14);	/* runt (with follow-ons: short) */
	else if (chance(r, 20) && total)
		total = below(r, total);	/* a slot larger than the rest */
	flags = below(r, 4) & (NETTXF_csum_blank | NETTXF_data_validated);
	if (n > 1)
		flags |= NETTXF_more_data;
	if (extra)
		flags |= NETTXF_extra_info;
	rand_slot(fe, r, total, size[0], flags);
	if (extra)
		rand_extras(fe, r);
	for (i = 1; i < n; i++) {
		bool last = i + 1 == n;

		rand_slot(fe, r, size[i], size[i],
			  !last || fatal_chance(r, 5) ? NETTXF_more_data : 0);
	}
}

/* Batch B of the run with SEED: up to 4 packets, rarely a bad req_prod. */
static void rand_batch(struct fe *fe, unsigned long long seed, long b,
		       bool mild)
{
	struct rng r = { seed ^ (uint64_t)b * 0xd1b54a32d192ed03ULL, mild };
	unsigned int n = 1 + below(&r, 4), i;

	for (i = 0; i < n; i++)
		rand_packet(fe, &r);
	tx_push(fe);
	if (fatal_chance(&r, 5)) {
		xen_wmb();
		fe->tx.sring->req_prod = fe->tx.req_prod_pvt + 257 +
			below(&r, 1000);
	}
	fe_kick(fe, fe->port_tx);
}

/* Fill every TX buffer with a plausible frame once. */
static void fill_buffers(struct fe *fe)
{
	unsigned int i;

	for (i = 0; i < NFT_NBUF; i++)
		frame_build(fe->txbuf + (size_t)i * NFT_PAGE, NFT_PAGE, FK_RAW,
			    fe->dom0_mac, fe->mac, 0x7a000000 | i);
}

/* Longer than rx_stall_timeout_msecs plus rx_drain_timeout_msecs. */
#define NFT_STUCK_MS	20000

static const char *random_loop(struct fe *fe, unsigned long long seed,
			       int seconds, long batches, bool mild,
			       long *done)
{
	long long end = now_ms() + seconds * 1000LL;
	char out[64];
	long b;

	for (b = 0; (batches < 0 || b < batches) && now_ms() < end; b++) {
		rand_batch(fe, seed, b, mild);
		*done = b + 1;
		if (!tx_wait_idle(fe, 1000))
			continue;
		if (!agent_call(fe, out, sizeof(out), 5000, "carrier") &&
		    kv_long(out, "carrier", 1) == 0)
			return "fatal";
		/*
		 * Slow is not stuck: a backend may hold a request for as
		 * long as dom0 holds its frame (stock maps frags and answers
		 * when the skb is freed, and a frame queued for a slow
		 * guest waits for rx_drain_timeout_msecs), and TCG with
		 * slub_debug is slow. Stuck is no answer for much longer
		 * than any of that.
		 */
		if (tx_wait_idle(fe, NFT_STUCK_MS))
			return fe->no_agent ? "fatal-or-stuck" : "stuck";
	}
	return "alive";
}

int random_run(unsigned int devid, unsigned long long seed, int seconds,
	       long batches, bool mild)
{
	static struct fe fe;
	const char *o = "no-connect";
	long done = 0;
	int works = -1;

	say("random: seed=%llu seconds=%d batches=%ld%s (replay: random --seed %llu --batches N%s)",
	    seed, seconds, batches, mild ? " mild" : "", seed,
	    mild ? " --mild" : "");
	fe_default_opts(&fe.opt);
	if (fe_open(&fe, devid))
		return 2;
	memset(fe.dom0_mac, 0xff, 6);
	fe.no_agent = getenv("NFT_NO_AGENT") != NULL;
	if (!fe.no_agent && agent_info(&fe))
		fe.no_agent = true;
	agent_call(&fe, NULL, 0, 10000, "snap");
	agent_call(&fe, NULL, 0, 10000, "cap-start");
	if (!fe_connect(&fe)) {
		fill_buffers(&fe);
		o = random_loop(&fe, seed, seconds, batches, mild, &done);
		if (!strcmp(o, "alive"))
			works = vif_works(&fe, NFT_SEQ_PROBE | 0x7a);
		fe_close(&fe);
	}
	agent_call(&fe, NULL, 0, 10000, "cap-stop");
	result_put(&fe, "case=random%s seed=%llu batches=%ld outcome=%s%s%ld works=%d slots=%u rsp_ok=%lu rsp_err=%lu rsp_dropped=%lu rsp_null=%lu",
		   mild ? "-mild" : "", seed, done, o,
		   strcmp(o, "alive") ? "@" : "/",
		   strcmp(o, "alive") ? done - 1 : done, works,
		   fe.tx.req_prod_pvt, fe.st.any_ok, fe.st.any_err,
		   fe.st.any_dropped, fe.st.tx_null);
	fe_release(&fe);
	return !strcmp(o, "stuck") || works == 0 ? 1 : 0;
}
