// SPDX-License-Identifier: GPL-2.0
/*
 * netfront-test: conform mode. Feature negotiation (also without
 * feature-sg and without feature-rx-notify), frames of known content
 * both ways, multicast control and the control ring, with the answers
 * the stock 6.1 driver gives. Every case's good outcome is "conform".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "nft.h"

static uint8_t buf[NFT_MAX_FRAME];

/* Append to DETAIL. */
static void __attribute__((format(printf, 3, 4)))
note(char *d, size_t len, const char *fmt, ...)
{
	size_t n = strlen(d);
	va_list ap;

	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(d + n, len - n, fmt, ap);
	va_end(ap);
}

/* ---- what the backend advertises ---- */

struct feature {
	const char *key;
	const char *want;	/* NULL: any value, but present */
	bool optional;		/* absent is no mismatch (its case is n/a) */
};

static const struct feature features[] = {
	{ "feature-sg", "1", false },
	{ "feature-gso-tcpv4", "1", false },
	{ "feature-gso-tcpv6", "1", false },
	{ "feature-ipv6-csum-offload", "1", false },
	{ "feature-rx-copy", "1", false },
	{ "feature-rx-flip", "0", false },
	{ "feature-multicast-control", "1", true },
	{ "feature-dynamic-multicast-control", "1", true },
	{ "feature-split-event-channels", "1", false },
	{ "multi-queue-max-queues", NULL, false },
	{ "feature-xdp-headroom", NULL, true },
	{ "feature-ctrl-ring", "1", true },
	{ "hotplug-status", "connected", false },
	{ NULL }
};

/*
 * What the project's module (src/xenbus.c) writes, exactly: every one of
 * these with this value and no other feature-* or multi-queue-* key.
 * "split" stands for feature-split-event-channels, 1 unless its
 * separate_tx_rx_irq parameter is off; "maxq" for its max_queues
 * parameter (as it was when the vif was probed; within 1..128); "xdp"
 * for its provides_xdp_headroom parameter (as when probed). Keep in
 * step with netbk_write_features().
 */
static const struct feature ours_features[] = {
	{ "feature-sg", "1", false },
	{ "feature-gso-tcpv4", "1", false },
	{ "feature-gso-tcpv6", "1", false },
	{ "feature-ipv6-csum-offload", "1", false },
	{ "feature-rx-copy", "1", false },
	{ "feature-rx-flip", "0", false },
	{ "feature-multicast-control", "1", false },
	{ "feature-dynamic-multicast-control", "1", false },
	{ "feature-ctrl-ring", "1", false },
	{ "feature-xdp-headroom", "xdp", false },
	{ "feature-split-event-channels", "split", false },
	{ "multi-queue-max-queues", "maxq", false },
	{ NULL }
};

/* Ours: the exact key set above, listed from the backend's directory. */
static const char *ours_exact(struct fe *fe, const char *module, char *d,
			      size_t len)
{
	const struct feature *f;
	const char *o = "conform";
	char split[8] = "", maxq[16] = "", xdp[8] = "";
	unsigned int i, n = 0;
	char **keys;

	kv_get(module, "split", split, sizeof(split));
	kv_get(module, "maxq", maxq, sizeof(maxq));
	kv_get(module, "xdp", xdp, sizeof(xdp));
	for (f = ours_features; f->key; f++) {
		const char *want = f->want;
		char *v = xs_get(fe, fe->be_path, f->key);

		if (!strcmp(want, "split"))
			want = strcmp(split, "N") ? "1" : "0";
		else if (!strcmp(want, "maxq"))
			want = maxq;
		else if (!strcmp(want, "xdp"))
			want = strcmp(xdp, "N") ? "1" : "0";
		if (!v || strcmp(v, want)) {
			note(d, len, "ours: %s=%s, not %s ", f->key,
			     v ? v : "-", want);
			o = "mismatch";
		}
		free(v);
	}
	keys = xs_directory(fe->xs, XBT_NULL, fe->be_path, &n);
	if (!keys) {
		/* Values checked; extra keys could not be: said, not judged. */
		note(d, len, "ours: backend directory not listed (extra keys unchecked) ");
		return o;
	}
	for (i = 0; i < n; i++) {
		if (strncmp(keys[i], "feature-", 8) &&
		    strncmp(keys[i], "multi-queue-", 12))
			continue;
		for (f = ours_features; f->key; f++)
			if (!strcmp(f->key, keys[i]))
				break;
		if (!f->key) {
			note(d, len, "ours: unexpected %s ", keys[i]);
			o = "mismatch";
		}
	}
	free(keys);
	return o;
}

static const char *c_features(struct fe *fe, char *d, size_t len)
{
	const struct feature *f;
	const char *o = "conform";
	char module[200];

	for (f = features; f->key; f++) {
		char *v = xs_get(fe, fe->be_path, f->key);

		note(d, len, "%s=%s ", f->key, v ? v : "-");
		if (!v && !f->optional)
			o = "mismatch";
		else if (v && f->want && strcmp(v, f->want))
			o = "mismatch";
		free(v);
	}
	if (xs_get_int(fe, fe->be_path, "multi-queue-max-queues", 0) < 1)
		o = "mismatch";
	/* The project's module is held to what it writes, nothing optional. */
	if (!agent_call(fe, module, sizeof(module), 10000, "module")) {
		note(d, len, "%s ", module);
		if (kv_long(module, "ours", 0) == 1 &&
		    strcmp(ours_exact(fe, module, d, len), "conform"))
			o = "mismatch";
	} else if (!fe->no_agent) {
		note(d, len, "module=unknown ");
		o = "mismatch";
	}
	return o;
}

/* ---- frames both ways with every feature on ---- */

static int send_known(struct fe *fe, struct judge *j, uint32_t seq,
		      enum frame_kind k, unsigned int len, unsigned int chunk,
		      uint16_t flags, const netif_extra_info_t *ex)
{
	len = frame_build(buf, len, k, fe->dom0_mac, fe->mac, seq);
	judge_expect(j, seq);
	return tx_send(fe, buf, len, chunk, flags, ex);
}

/* TX frames of several sizes and slot counts, and a TCPv4 GSO frame. */
static const char *tx_sizes(struct fe *fe, char *d, size_t len, bool sg)
{
	netif_extra_info_t gso = { .type = XEN_NETIF_EXTRA_TYPE_GSO };
	struct judge j;

	judge_begin(fe, &j);
	send_known(fe, &j, 0xc0000060, FK_RAW, 60, NFT_PAGE, 0, NULL);
	send_known(fe, &j, 0xc0001514, FK_RAW, 1514, NFT_PAGE, 0, NULL);
	if (sg) {
		send_known(fe, &j, 0xc0004000, FK_RAW, 4000, 2048, 0, NULL);
		send_known(fe, &j, 0xc0009000, FK_RAW, 9000, NFT_PAGE, 0,
			   NULL);
		gso.u.gso.type = XEN_NETIF_GSO_TYPE_TCPV4;
		gso.u.gso.size = 1448;
		send_known(fe, &j, 0xc0000350, FK_TCP4, 3000, 2048,
			   NETTXF_csum_blank | NETTXF_data_validated, &gso);
	}
	tx_push(fe);
	fe_kick(fe, fe->port_tx);
	tx_wait_idle(fe, 3000);
	return judge_tx(fe, &j, d, len);
}

static bool rx_sizes(struct fe *fe, char *d, size_t len)
{
	int a = probe_rx(fe, 0xd0000060, 60);
	int b = probe_rx(fe, 0xd0001514, 1514);

	note(d, len, "rx60=%d rx1514=%d ", a, b);
	return a == 1 && b == 1;
}

static const char *c_basic(struct fe *fe, char *d, size_t len)
{
	char tx[600] = "";
	const char *o = tx_sizes(fe, tx, sizeof(tx), true);
	unsigned int slots = 0;
	int jumbo = 0;
	bool rx;

	note(d, len, "tx=%s [%s] ", o, tx);
	rx = rx_sizes(fe, d, len);
	if (!agent_call(fe, NULL, 0, 10000, "mtu 9000")) {
		jumbo = probe_rx_slots(fe, 0xd0008000, 8000, &slots);
		agent_call(fe, NULL, 0, 10000, "mtu 1500");
	}
	note(d, len, "rx8000=%d slots=%u split=%d", jumbo, slots,
	     fe->opt.split);
	if (strcmp(o, "delivered"))
		return o;
	return rx && jumbo == 1 && slots >= 2 ? "conform" : "mismatch";
}

/* ---- without feature-sg: MTU held at 1500 ---- */

static void o_nosg(struct fe_opts *o)
{
	o->sg = false;
}

static const char *c_nosg(struct fe *fe, char *d, size_t len)
{
	char info[256] = "", tx[600] = "";
	const char *o;
	long mtu;
	int big;

	agent_call(fe, info, sizeof(info), 10000, "info");
	mtu = kv_long(info, "mtu", -1);
	big = agent_call(fe, NULL, 0, 10000, "mtu 9000");
	o = tx_sizes(fe, tx, sizeof(tx), false);
	note(d, len, "mtu=%ld mtu9000_refused=%d tx=%s ", mtu, big != 0, o);
	if (!rx_sizes(fe, d, len) || strcmp(o, "delivered"))
		return "mismatch";
	if (!big)
		agent_call(fe, NULL, 0, 10000, "mtu 1500");
	return mtu > 0 && mtu <= 1500 && big != 0 ? "conform" : "mismatch";
}

/* ---- without feature-rx-notify: backend polls, no stall detection ---- */

static void o_nonotify(struct fe_opts *o)
{
	o->rx_notify = false;
	o->rx_post = 0;
}

static const char *c_nonotify(struct fe *fe, char *d, size_t len)
{
	struct rx_tally t = { .want = 0xd1000001 };
	int stayed, back;
	long long end;

	/* slots posted without any notification must still be used */
	rx_post(fe, 64, false);
	agent_call(fe, NULL, 0, 10000, "inject 1 1514 %x", t.want);
	fe->rx_repost = false;
	for (end = now_ms() + 3000; now_ms() < end && !t.got_want;)
		if (!rx_reap(fe, tally_cb, &t))
			fe_wait_event(fe, 20);
	/* use up the rest, then no slots at all for longer than a stall */
	agent_call(fe, NULL, 0, 30000, "inject 80 200 d1000100");
	rx_drain(fe, 500, NULL);
	agent_call(fe, NULL, 0, 10000, "inject-bg 1000 50 7 d1000200");
	stayed = agent_wait_carrier(fe, 0, 7) != 0;
	agent_call(fe, NULL, 0, 30000, "inject-wait");
	fe->rx_repost = true;
	rx_post(fe, NFT_NBUF, false);
	back = probe_rx(fe, 0xd1000002, 1514);
	note(d, len, "rx_unnotified=%d carrier_stayed_on=%d rx_after=%d",
	     t.got_want && t.want_ok, stayed, back);
	return t.got_want && t.want_ok && stayed && back == 1 ?
		"conform" : "mismatch";
}

/* ---- one event channel instead of split ones ---- */

static void o_single(struct fe_opts *o)
{
	o->split = false;
}

static const char *c_single(struct fe *fe, char *d, size_t len)
{
	char tx[600] = "";
	const char *o = tx_sizes(fe, tx, sizeof(tx), true);
	char *split = xs_get(fe, fe->fe_path, "event-channel-tx");
	bool rx;

	note(d, len, "tx=%s ", o);
	rx = rx_sizes(fe, d, len);
	free(split);
	if (split || fe->port_rx != fe->port_tx)
		return "setup";
	return !strcmp(o, "delivered") && rx ? "conform" : "mismatch";
}

/* ---- multicast control ---- */

static void o_mcast(struct fe_opts *o)
{
	o->mcast = true;
}

static int mcast_req(struct fe *fe, uint8_t type, const uint8_t *addr)
{
	netif_extra_info_t *ex;
	long long end;
	int id = tx_get_id(fe);

	tx_put(fe, id, 0, 0, NETTXF_extra_info);
	ex = tx_put_extra(fe, type, false);
	memcpy(ex->u.mcast.addr, addr, 6);
	tx_push(fe);
	fe_kick(fe, fe->port_tx);
	for (end = now_ms() + 2000; now_ms() < end; fe_wait_event(fe, 20)) {
		tx_reap(fe);
		if (fe->tx_answered[id])
			return fe->tx_status[id];
	}
	return -100;
}

/* Whether a frame dom0 sends through the bridge to ADDR arrives. */
static int mcast_arrives(struct fe *fe, const uint8_t *addr, uint32_t seq)
{
	struct rx_tally t = { .want = seq };
	char mac[20];
	long long end;

	fmt_mac(mac, addr);
	if (agent_call(fe, NULL, 0, 10000, "inject-br 1 200 %x %s", seq, mac))
		return -1;
	for (end = now_ms() + 1500; now_ms() < end && !t.got_want;)
		if (!rx_reap(fe, tally_cb, &t))
			fe_wait_event(fe, 20);
	return t.got_want;
}

static const char *c_mcast(struct fe *fe, char *d, size_t len)
{
	static const uint8_t g1[6] = { 0x01, 0x00, 0x5e, 0x01, 0x02, 0x03 };
	static const uint8_t g2[6] = { 0x01, 0x00, 0x5e, 0x09, 0x09, 0x09 };
	int add, in1, in2, del, gone;
	long drop0 = -1, drop1 = -1;

	if (xs_get_int(fe, fe->be_path, "feature-dynamic-multicast-control",
		       0) != 1) {
		note(d, len, "feature-dynamic-multicast-control not offered");
		return "n/a";
	}
	sleep_ms(300);	/* the backend reads request-multicast-control */
	add = mcast_req(fe, XEN_NETIF_EXTRA_TYPE_MCAST_ADD, g1);
	agent_stat(fe, "tx_dropped", &drop0);
	in1 = mcast_arrives(fe, g1, 0xd2000001);
	in2 = mcast_arrives(fe, g2, 0xd2000002);
	del = mcast_req(fe, XEN_NETIF_EXTRA_TYPE_MCAST_DEL, g1);
	gone = mcast_arrives(fe, g1, 0xd2000003);
	agent_stat(fe, "tx_dropped", &drop1);
	note(d, len, "add=%d joined_arrives=%d other_arrives=%d del=%d left_arrives=%d filtered=%ld",
	     add, in1, in2, del, gone, drop1 - drop0);
	/* Both drivers count a filtered frame in the vif's tx_dropped. */
	return add == 0 && in1 == 1 && in2 == 0 && del == 0 && gone == 0 &&
	       drop0 >= 0 && drop1 - drop0 >= 2 ? "conform" : "mismatch";
}

/* ---- control ring ---- */

static void o_ctrl(struct fe_opts *o)
{
	o->ctrl = true;
}

static const struct ctrl_step conform_steps[] = {
	{ XEN_NETIF_CTRL_TYPE_GET_HASH_FLAGS, 0, 0, 0, 0, ST_NOTSUP, -1,
	  "flags-before-alg" },
	{ XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM, 99, 0, 0, 0, ST_INVAL, -1,
	  "alg99" },
	{ XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM,
	  XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ, 0, 0, 0, ST_OK, -1,
	  "toeplitz" },
	{ XEN_NETIF_CTRL_TYPE_GET_HASH_FLAGS, 0, 0, 0, 0, ST_OK, 0xf,
	  "get-flags" },
	{ XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS, 0x10, 0, 0, 0, ST_INVAL, -1,
	  "flags0x10" },
	{ XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS,
	  XEN_NETIF_CTRL_HASH_TYPE_IPV4 | XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP, 0,
	  0, 0, ST_OK, -1, "flags-ipv4" },
	{ XEN_NETIF_CTRL_TYPE_SET_HASH_KEY, CTRL_REF, 40, 0, 0, ST_OK, -1,
	  "key40" },
	{ XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE, 0, 0, 0, 0, ST_OK, 128,
	  "max-mapping" },
	{ XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 64, 0, 0, 0, ST_OK, -1,
	  "size64" },
	{ XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING, CTRL_REF, 64, 0, 0, ST_OK, -1,
	  "mapping" },
	{ XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE, 0, 0, 0, 0, ST_NOTSUP, -1,
	  "gref-mapping" },
	{ XEN_NETIF_CTRL_TYPE_INVALID, 0, 0, 0, 0, ST_NOTSUP, -1, "type0" },
	{ 99, 0, 0, 0, 0, ST_NOTSUP, -1, "type99" },
	{ 0 }
};

/* With a hash configured, an IPv4/TCP frame from dom0 carries it. */
static int rx_hash_extra(struct fe *fe)
{
	struct rx_tally t = { .want = 0xd3000001 };
	long long end;

	rx_refill(fe, NFT_NBUF);
	/* bypassing the qdisc, the driver's select_queue (which sets the
	 * hash) runs even with one queue, as it would with several
	 */
	if (agent_call(fe, NULL, 0, 10000, "inject 1 400 %x tcp4 - bypass",
		       t.want))
		return -1;
	for (end = now_ms() + 3000; now_ms() < end && !t.got_want;)
		if (!rx_reap(fe, tally_cb, &t))
			fe_wait_event(fe, 20);
	return t.got_want && t.want_ok ? (int)t.hash_extras : -1;
}

static const char *c_ctrl(struct fe *fe, char *d, size_t len)
{
	const char *o;
	int hash;

	if (!fe->has_ctrl) {
		note(d, len, "feature-ctrl-ring not offered");
		return "n/a";
	}
	o = ctrl_steps(fe, conform_steps, d, len, "conform");
	hash = rx_hash_extra(fe);
	note(d, len, "rx_hash_extras=%d", hash);
	if (strcmp(o, "conform"))
		return o;
	return hash > 0 ? "conform" : "mismatch";
}

/* ---- XDP headroom, reconfigured while connected ---- */

/*
 * Ask for HEADROOM as a frontend does when it attaches or detaches an
 * XDP program: Reconfiguring, the backend answers Reconfigured, then
 * Connected again. The key is written first: netfront writes it after
 * Reconfiguring, a race the stock driver loses when its xenbus thread is
 * quicker than the guest (ours also follows the key itself). After the
 * frontend's Connected, ours says Connected; stock stays at Reconfigured
 * (its own record of its state never left Connected), which netfront
 * does not mind: either passes, *BE_STATE says which.
 */
static int xdp_reconfigure(struct fe *fe, unsigned int headroom,
			   int *be_state)
{
	if (xs_put(fe, XBT_NULL, fe->fe_path, "xdp-headroom", "%u",
		   headroom) || fe_set_state(fe, XS_RECONFIGURING))
		return -1;
	if (fe_wait_backend_state(fe, XS_RECONFIGURED, 5000) !=
	    XS_RECONFIGURED)
		return -2;
	if (fe_set_state(fe, XS_CONNECTED))
		return -1;
	*be_state = fe_wait_backend_state(fe, XS_CONNECTED, 3000);
	return *be_state == XS_CONNECTED || *be_state == XS_RECONFIGURED ?
		0 : -3;
}

/* One frame of SIZE from dom0: intact where netfront reads it, with an
 * XDP extra saying HEADROOM (none when HEADROOM is 0)? The first slot's
 * offset is noted, not judged: ours says HEADROOM there, stock says 0
 * and counts the headroom in the status (netfront reads both alike).
 */
static bool xdp_rx_ok(struct fe *fe, uint32_t seq, unsigned int size,
		      unsigned int headroom, char *d, size_t len)
{
	struct rx_tally t = { .want = seq };
	long long end;

	if (rx_outstanding(fe) < 32)
		rx_refill(fe, NFT_NBUF);
	if (agent_call(fe, NULL, 0, 10000, "inject 1 %u %x", size, seq))
		return false;
	for (end = now_ms() + 3000; now_ms() < end && !t.got_want;)
		if (!rx_reap(fe, tally_cb, &t))
			fe_wait_event(fe, 20);
	note(d, len, "rx%u: got=%d intact=%d offset=%u xdp=%d ", size,
	     t.got_want, t.want_ok, t.want_offset, t.want_xdp);
	return t.got_want && t.want_ok &&
	       t.want_xdp == (headroom ? (int)headroom : -1);
}

static const char *c_xdp(struct fe *fe, char *d, size_t len)
{
	bool on = false, off = false;
	int r, s = -1;

	if (xs_get_int(fe, fe->be_path, "feature-xdp-headroom", 0) != 1) {
		note(d, len, "feature-xdp-headroom not offered");
		return "n/a";
	}
	r = xdp_reconfigure(fe, 256, &s);
	note(d, len, "reconf256=%d be_state=%d ", r, s);
	if (!r) {
		on = xdp_rx_ok(fe, 0xd5000001, 1514, 256, d, len);
		/*
		 * Noted, not judged: netfront drops a packet of several
		 * slots while its XDP program is attached, and stock starts
		 * every slot's data after the headroom (ours only the first).
		 */
		if (!agent_call(fe, NULL, 0, 10000, "mtu 9000")) {
			xdp_rx_ok(fe, 0xd5000002, 8000, 256, d, len);
			agent_call(fe, NULL, 0, 10000, "mtu 1500");
		}
	}
	r = xdp_reconfigure(fe, 0, &s);
	note(d, len, "reconf0=%d be_state=%d ", r, s);
	if (!r)
		off = xdp_rx_ok(fe, 0xd5000003, 1514, 0, d, len);
	return on && off ? "conform" : "mismatch";
}

/* ---- close and connect again on the same vif ---- */

static const char *c_reconnect(struct fe *fe, char *d, size_t len)
{
	int tx1, rx1, closed, again, tx2 = 0, rx2 = 0;

	tx1 = probe_tx(fe, 0xd4000001);
	rx1 = probe_rx(fe, 0xd4000002, 600);
	closed = fe_close(fe) == 0;
	again = closed && !fe_reconnect_prepare(fe) && !fe_connect(fe);
	if (again) {
		tx2 = probe_tx(fe, 0xd4000003);
		rx2 = probe_rx(fe, 0xd4000004, 600);
	}
	note(d, len, "before: tx=%d rx=%d closed=%d reconnected=%d after: tx=%d rx=%d",
	     tx1, rx1, closed, again, tx2, rx2);
	return tx1 == 1 && rx1 == 1 && again && tx2 == 1 && rx2 == 1 ?
		"conform" : "mismatch";
}

const struct nft_case conform_cases[] = {
	{ "features", "-", "conform", "what the backend advertises", NULL,
	  c_features },
	{ "basic", "-", "conform",
	  "frames both ways, multi-slot, GSO, jumbo RX", NULL, c_basic },
	{ "no-sg", "-", "conform", "without feature-sg: MTU held at 1500",
	  o_nosg, c_nosg },
	{ "no-rx-notify", "-", "conform",
	  "without feature-rx-notify: slots used unnotified, no stall",
	  o_nonotify, c_nonotify },
	{ "single-evtchn", "-", "conform", "one event channel for TX and RX",
	  o_single, c_single },
	{ "mcast", "-", "conform", "multicast control add/del filtering",
	  o_mcast, c_mcast },
	{ "ctrl", "-", "conform", "control ring requests and hash extras",
	  o_ctrl, c_ctrl },
	{ "xdp-headroom", "-", "conform",
	  "XDP headroom asked for and given up while connected", NULL,
	  c_xdp },
	{ "reconnect", "-", "conform",
	  "Closing/Closed then Initialising and Connected again", NULL,
	  c_reconnect },
	{ NULL }
};
