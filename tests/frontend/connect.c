// SPDX-License-Identifier: GPL-2.0
/*
 * netfront-test: hostile input at connect time. Each case connects with
 * the good keys, then rewrites or removes one of them (ring references,
 * event channels, request-rx-copy, a feature flag) or flaps its state,
 * and names what the backend made of it. The expected classes are the
 * stock 6.1 driver's (drivers/net/xen-netback/xenbus.c):
 *   - connect() reads the keys when the frontend says Connected; a key it
 *     cannot use ends in xenbus_dev_fatal() (connect_data_rings(): ring
 *     refs and event channels; xenvif_connect_data() and
 *     xenvif_map_frontend_data_rings() in interface.c/netback.c: a grant
 *     that does not map, a port that does not bind). xenbus_dev_fatal()
 *     (drivers/xen/xenbus/xenbus_client.c) logs "ERRNO TEXT" with
 *     dev_err() on vif-D-N, writes it to error/backend/vif/D/N/error in
 *     dom0's home and switches to Closing; set_backend_state() then
 *     switches stock to Connected all the same (backend_switch_state()
 *     after backend_connect()), with the carrier never turned on. Hence
 *     "refused" looks at the error node, the log and the carrier, not at
 *     the state, and then proves a clean connect still works.
 *   - read_xenbus_vif_flags()'s result is ignored by connect(): with
 *     request-rx-copy 0 or missing it returns -EOPNOTSUPP and the vif
 *     connects anyway ("connected").
 *   - feature flags go through xenbus_read_unsigned() ("%u" through the
 *     kernel's vsscanf): "yes" and "-1" do not convert (default 0), and
 *     "999999999999" converts, truncated to 32 bits, to non-zero. Only
 *     feature-sg has an effect dom0 shows at once: without it the vif's
 *     MTU stays at 1500 (xenvif_change_mtu()).
 *   - equal tx and rx ports are one shared channel (xenvif_connect_data()).
 *   - multi-queue-num-queues of 0 or above multi-queue-max-queues ends in
 *     xenbus_dev_fatal() (connect()).
 *   - frontend Initialising from any state walks the backend back to
 *     InitWait (frontend_changed(), set_backend_state()).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "nft.h"

/* The case's opts: the harness leaves the connection to it. */
void o_own_connect(struct fe_opts *o)
{
	o->own_connect = true;
}

/* Until the backend has answered Connected one way or another. */
static int wait_verdict(struct fe *fe, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;
	int s;

	for (;;) {
		s = fe_backend_state(fe);
		if (s == XS_CONNECTED || s == XS_CLOSING || s == XS_CLOSED ||
		    now_ms() >= end)
			return s;
		sleep_ms(20);
	}
}

/* Until the backend's state has held for HOLD_MS (at most TIMEOUT_MS). */
static int wait_settled(struct fe *fe, int hold_ms, int timeout_ms)
{
	long long end = now_ms() + timeout_ms, since = now_ms();
	int s = fe_backend_state(fe), t;

	while (now_ms() < end && now_ms() - since < hold_ms) {
		sleep_ms(20);
		t = fe_backend_state(fe);
		if (t != s) {
			s = t;
			since = now_ms();
		}
	}
	return s;
}

struct be_err {
	long node, log, carrier;
	char text[160];
};

static void be_error(struct fe *fe, struct be_err *e, bool clear)
{
	char out[600];

	e->node = e->log = e->carrier = -1;
	strcpy(e->text, "-");
	if (agent_call(fe, out, sizeof(out), 10000, "be-error%s",
		       clear ? " clear" : "") < 0)
		return;
	e->node = kv_long(out, "error_node", -1);
	e->log = kv_long(out, "dev_log", -1);
	e->carrier = kv_long(out, "carrier", -1);
	kv_get(out, "text", e->text, sizeof(e->text));
}

static void __attribute__((format(printf, 3, 4)))
note(char *d, size_t len, const char *fmt, ...)
{
	size_t n = strlen(d);
	va_list ap;

	if (n + 2 >= len)
		return;
	if (n)
		d[n++] = ' ';
	va_start(ap, fmt);
	vsnprintf(d + n, len - n, fmt, ap);
	va_end(ap);
}

/* The good keys again: close, connect, frames both ways. 1 if so. */
static int clean_reconnect(struct fe *fe, uint32_t seq)
{
	fe_close(fe);
	if (fe_connect(fe))
		return 0;
	return vif_works(fe, seq);
}

typedef int (*edit_fn)(struct fe *fe, char *d, size_t len);

/*
 * Connect with the good keys, EDIT them, say Connected, and judge what
 * the backend did (see the header and cases.c for the classes).
 */
static const char *connect_with(struct fe *fe, char *d, size_t len,
				edit_fn edit, uint32_t seq)
{
	struct be_err e;
	int s, works;

	be_error(fe, &e, true);	/* a node an earlier connection left */
	if (fe_connect_prepare(fe) || fe_write_keys(fe))
		return "no-connect";	/* the harness tries a fresh vif */
	if (edit(fe, d, len))
		return "no-setup";
	fe_set_state(fe, XS_CONNECTED);
	wait_verdict(fe, 8000);
	sleep_ms(500);		/* stock: Closing, then Connected right after */
	s = fe_backend_state(fe);
	be_error(fe, &e, false);
	note(d, len, "be_state=%d error_node=%ld dev_log=%ld carrier=%ld error=%.100s",
	     s, e.node, e.log, e.carrier, e.text);
	if (e.node > 0) {
		if (e.carrier == 1)
			return "half-connected";
		if (e.log == 0)
			return "unlogged";
		works = clean_reconnect(fe, seq);
		note(d, len, "clean_reconnect_works=%d", works);
		return works ? "refused" : "wedged";
	}
	if (s == XS_CONNECTED) {
		fe->connected = true;
		return vif_works(fe, seq) ? "connected" : "broken";
	}
	if (s == XS_CLOSING || s == XS_CLOSED)
		return "closed-silently";
	return "stuck";
}

static int put(struct fe *fe, const char *key, unsigned long v)
{
	return xs_put(fe, XBT_NULL, fe->fe_path, key, "%lu", v);
}

/* ---- ring references ---- */

static int e_ungranted_ref(struct fe *fe, char *d, size_t len)
{
	note(d, len, "tx-ring-ref=%u", BAD_GREF);
	return put(fe, "tx-ring-ref", BAD_GREF);
}

const char *c_ungranted_ref(struct fe *fe, char *d, size_t len)
{
	return connect_with(fe, d, len, e_ungranted_ref, NFT_SEQ_PROBE | 0xc01);
}

/* A page granted to the backend and ended again: a valid-looking ref. */
static int e_revoked_ref(struct fe *fe, char *d, size_t len)
{
	uint32_t ref;
	void *p = xengntshr_share_pages(fe->gs, fe->backend_id, 1, &ref, 1);

	if (!p || xengntshr_unshare(fe->gs, p, 1))
		return -1;
	note(d, len, "rx-ring-ref=%u(ended)", ref);
	return put(fe, "rx-ring-ref", ref);
}

const char *c_revoked_ref(struct fe *fe, char *d, size_t len)
{
	return connect_with(fe, d, len, e_revoked_ref, NFT_SEQ_PROBE | 0xc02);
}

/* A live grant, but to ourselves rather than to the backend's domain. */
static void *misgranted;

static int e_misgranted_ref(struct fe *fe, char *d, size_t len)
{
	uint32_t ref;

	misgranted = xengntshr_share_pages(fe->gs, fe->domid, 1, &ref, 1);
	if (!misgranted)
		return -1;
	memcpy(misgranted, fe->tx_page, NFT_PAGE);
	note(d, len, "tx-ring-ref=%u(granted to domain %u)", ref, fe->domid);
	return put(fe, "tx-ring-ref", ref);
}

const char *c_misgranted_ref(struct fe *fe, char *d, size_t len)
{
	const char *o;

	o = connect_with(fe, d, len, e_misgranted_ref, NFT_SEQ_PROBE | 0xc03);
	if (misgranted)
		xengntshr_unshare(fe->gs, misgranted, 1);
	misgranted = NULL;
	return o;
}

/* ---- event channels ---- */

static int e_no_evtchn(struct fe *fe, char *d, size_t len)
{
	note(d, len, "event-channel keys removed");
	return xs_del(fe, XBT_NULL, fe->fe_path, "event-channel") |
		xs_del(fe, XBT_NULL, fe->fe_path, "event-channel-tx") |
		xs_del(fe, XBT_NULL, fe->fe_path, "event-channel-rx");
}

const char *c_no_evtchn(struct fe *fe, char *d, size_t len)
{
	return connect_with(fe, d, len, e_no_evtchn, NFT_SEQ_PROBE | 0xc04);
}

/* The TX (or only) channel's key set to PORT. */
static int tx_port_key(struct fe *fe, unsigned long port)
{
	return put(fe, fe->opt.split ? "event-channel-tx" : "event-channel",
		   port);
}

static int e_bad_evtchn(struct fe *fe, char *d, size_t len)
{
	note(d, len, "tx port 99999");
	return tx_port_key(fe, 99999);
}

const char *c_bad_evtchn(struct fe *fe, char *d, size_t len)
{
	return connect_with(fe, d, len, e_bad_evtchn, NFT_SEQ_PROBE | 0xc05);
}

/* Split keys, both naming the TX port (whether or not split is offered). */
static int e_same_evtchn(struct fe *fe, char *d, size_t len)
{
	if (fe->port_rx != fe->port_tx)
		xenevtchn_unbind(fe->xce, fe->port_rx);
	fe->port_rx = fe->port_tx;
	note(d, len, "event-channel-tx=event-channel-rx=%u", fe->port_tx);
	return xs_del(fe, XBT_NULL, fe->fe_path, "event-channel") |
		put(fe, "event-channel-tx", fe->port_tx) |
		put(fe, "event-channel-rx", fe->port_tx);
}

const char *c_same_evtchn(struct fe *fe, char *d, size_t len)
{
	return connect_with(fe, d, len, e_same_evtchn, NFT_SEQ_PROBE | 0xc06);
}

/* The port of another device: eth0's (vif 0, the kernel's netfront). */
static int e_foreign_evtchn(struct fe *fe, char *d, size_t len)
{
	char dir[96];
	int port;

	/* With several queues (a multi-vCPU guest) they sit in queue-0/. */
	snprintf(dir, sizeof(dir), "/local/domain/%u/device/vif/0", fe->domid);
	port = xs_get_int(fe, dir, "event-channel-tx", -1);
	if (port < 0)
		port = xs_get_int(fe, dir, "event-channel", -1);
	if (port < 0) {
		snprintf(dir, sizeof(dir), "/local/domain/%u/device/vif/0/queue-0",
			 fe->domid);
		port = xs_get_int(fe, dir, "event-channel-tx", -1);
		if (port < 0)
			port = xs_get_int(fe, dir, "event-channel", -1);
	}
	if (port <= 0) {
		note(d, len, "no port of vif 0 to borrow");
		return -1;
	}
	note(d, len, "tx port %d (vif 0's)", port);
	return tx_port_key(fe, port);
}

const char *c_foreign_evtchn(struct fe *fe, char *d, size_t len)
{
	return connect_with(fe, d, len, e_foreign_evtchn, NFT_SEQ_PROBE | 0xc07);
}

/* ---- request-rx-copy ---- */

static int e_rx_copy_0(struct fe *fe, char *d, size_t len)
{
	note(d, len, "request-rx-copy=0");
	return put(fe, "request-rx-copy", 0);
}

const char *c_rx_copy_0(struct fe *fe, char *d, size_t len)
{
	return connect_with(fe, d, len, e_rx_copy_0, NFT_SEQ_PROBE | 0xc08);
}

static int e_rx_copy_missing(struct fe *fe, char *d, size_t len)
{
	note(d, len, "request-rx-copy removed");
	return xs_del(fe, XBT_NULL, fe->fe_path, "request-rx-copy");
}

const char *c_rx_copy_missing(struct fe *fe, char *d, size_t len)
{
	return connect_with(fe, d, len, e_rx_copy_missing, NFT_SEQ_PROBE | 0xc09);
}

/* ---- multi-queue-num-queues ---- */

static unsigned long nq_value;

static int e_num_queues(struct fe *fe, char *d, size_t len)
{
	note(d, len, "multi-queue-num-queues=%lu (max %d)", nq_value,
	     xs_get_int(fe, fe->be_path, "multi-queue-max-queues", -1));
	return put(fe, "multi-queue-num-queues", nq_value);
}

const char *c_num_queues_0(struct fe *fe, char *d, size_t len)
{
	nq_value = 0;
	return connect_with(fe, d, len, e_num_queues, NFT_SEQ_PROBE | 0xc0e);
}

/* One more queue than offered: nothing was set up for it. */
const char *c_num_queues_many(struct fe *fe, char *d, size_t len)
{
	int max = xs_get_int(fe, fe->be_path, "multi-queue-max-queues", 0);

	if (max < 1) {
		note(d, len, "multi-queue-max-queues not offered");
		return "no-setup";
	}
	nq_value = (unsigned long)max + 1;
	return connect_with(fe, d, len, e_num_queues, NFT_SEQ_PROBE | 0xc0f);
}

/* ---- garbage in a feature flag ---- */

static const char *sg_value;

static int e_feature_sg(struct fe *fe, char *d, size_t len)
{
	note(d, len, "feature-sg=%s", sg_value);
	return xs_put(fe, XBT_NULL, fe->fe_path, "feature-sg", "%s", sg_value);
}

/* Connected with feature-sg = VALUE: did the backend read it as set? */
static const char *feature_case(struct fe *fe, char *d, size_t len,
				const char *value, uint32_t seq)
{
	char out[128];
	const char *o;
	long mtu;

	sg_value = value;
	o = connect_with(fe, d, len, e_feature_sg, seq);
	if (strcmp(o, "connected"))
		return o;
	agent_call(fe, out, sizeof(out), 10000, "mtu 9000");
	mtu = kv_long(out, "mtu", -1);
	agent_call(fe, NULL, 0, 10000, "mtu 1500");
	note(d, len, "mtu9000_gives=%ld", mtu);
	if (mtu == 9000)
		return "feature-on";
	return mtu == 1500 ? "feature-off" : "broken";
}

const char *c_feature_yes(struct fe *fe, char *d, size_t len)
{
	return feature_case(fe, d, len, "yes", NFT_SEQ_PROBE | 0xc0a);
}

const char *c_feature_neg(struct fe *fe, char *d, size_t len)
{
	return feature_case(fe, d, len, "-1", NFT_SEQ_PROBE | 0xc0b);
}

const char *c_feature_huge(struct fe *fe, char *d, size_t len)
{
	return feature_case(fe, d, len, "999999999999", NFT_SEQ_PROBE | 0xc0c);
}

/* ---- the state flapping during connect ---- */

const char *c_state_flap(struct fe *fe, char *d, size_t len)
{
	static const int seq[] = { XS_INITIALISED, XS_INITIALISING,
				   XS_CONNECTED, XS_INITIALISING };
	struct be_err e;
	int i, s, works;

	be_error(fe, &e, true);
	if (fe_connect_prepare(fe) || fe_write_keys(fe))
		return "no-connect";	/* the harness tries a fresh vif */
	for (i = 0; i < 40; i++)
		fe_set_state(fe, seq[i % 4]);
	s = wait_settled(fe, 1000, 8000);
	be_error(fe, &e, false);
	note(d, len, "flaps=%d be_state=%d error_node=%ld error=%.100s", i / 4,
	     s, e.node, e.text);
	if (e.node > 0)
		return "error-node";
	if (s != XS_INITWAIT)
		return s == XS_CONNECTED ? "connected" : "stuck";
	fe_unbind_ports(fe);
	works = !fe_connect(fe) && vif_works(fe, NFT_SEQ_PROBE | 0xc0d);
	note(d, len, "clean_connect_works=%d", works);
	return works ? "settled" : "wedged";
}
