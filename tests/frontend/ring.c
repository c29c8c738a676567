// SPDX-License-Identifier: GPL-2.0
/*
 * netfront-test: the frontend itself. Grants, event channels, xenstore
 * keys, the state machine, and the TX, RX and control ring primitives.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

#include "nft.h"

void fe_default_opts(struct fe_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->sg = true;
	o->gso4 = true;
	o->gso6 = true;
	o->rx_notify = true;
	o->no_csum = true;
	o->split = true;
	o->rx_post = NFT_NBUF;
}

static int read_self(struct fe *fe)
{
	unsigned int len;
	char *v = xs_read(fe->xs, XBT_NULL, "domid", &len);

	if (!v)
		return -errno;
	fe->domid = atoi(v);
	free(v);
	return 0;
}

/* xenstore and the paths of device/vif/DEVID and data/nft. */
int fe_open_xs(struct fe *fe, unsigned int devid)
{
	fe->devid = devid;
	fe->xs = xs_open(0);
	if (!fe->xs || read_self(fe)) {
		say("xenstore: cannot open or read my domid");
		return -1;
	}
	snprintf(fe->fe_path, sizeof(fe->fe_path),
		 "/local/domain/%u/device/vif/%u", fe->domid, devid);
	snprintf(fe->data_path, sizeof(fe->data_path),
		 "/local/domain/%u/data/nft", fe->domid);
	return 0;
}

/* Handles and paths for device/vif/DEVID; nothing is granted yet. */
int fe_open(struct fe *fe, unsigned int devid)
{
	char *v;

	if (fe_open_xs(fe, devid))
		return -1;
	v = xs_get(fe, fe->fe_path, "backend");
	if (!v) {
		say("%s/backend: no such vif", fe->fe_path);
		return -1;
	}
	snprintf(fe->be_path, sizeof(fe->be_path), "%s", v);
	free(v);
	fe->backend_id = xs_get_int(fe, fe->fe_path, "backend-id", 0);
	v = xs_get(fe, fe->fe_path, "mac");
	if (!v || parse_mac(v, fe->mac))
		memcpy(fe->mac, "\x02\x00\x00\x00\x00\x01", 6);
	free(v);
	fe->gs = xengntshr_open(NULL, 0);
	fe->xce = xenevtchn_open(NULL, 0);
	fe->frame = malloc(NFT_MAX_FRAME + NFT_PAGE);
	if (!fe->gs || !fe->xce || !fe->frame) {
		say("cannot open gntalloc/evtchn (modules loaded? root?)");
		return -1;
	}
	fe->rx_repost = true;
	return 0;
}

static void *share(struct fe *fe, int count, uint32_t *refs, int writable)
{
	void *p = xengntshr_share_pages(fe->gs, fe->backend_id, count, refs,
					writable);

	if (!p)
		say("gntalloc: sharing %d pages failed: %s", count,
		    strerror(errno));
	return p;
}

static int alloc_rings(struct fe *fe)
{
	fe->tx_page = share(fe, 1, &fe->tx_ref, 1);
	fe->rx_page = share(fe, 1, &fe->rx_ref, 1);
	fe->txbuf = share(fe, NFT_NBUF, fe->txref, 0);
	fe->rxbuf = share(fe, NFT_NBUF, fe->rxref, 1);
	if (!fe->tx_page || !fe->rx_page || !fe->txbuf || !fe->rxbuf)
		return -1;
	return 0;
}

static int alloc_ctrl(struct fe *fe)
{
	fe->ctrl_page = share(fe, 1, &fe->ctrl_ref, 1);
	fe->ctrl_buf = share(fe, 1, &fe->ctrl_buf_ref, 0);
	if (!fe->ctrl_page || !fe->ctrl_buf)
		return -1;
	return 0;
}

/* Empty rings, for a first connection and for every reconnection. */
static void init_rings(struct fe *fe)
{
	SHARED_RING_INIT((netif_tx_sring_t *)fe->tx_page);
	SHARED_RING_INIT((netif_rx_sring_t *)fe->rx_page);
	FRONT_RING_INIT(&fe->tx, (netif_tx_sring_t *)fe->tx_page, NFT_PAGE);
	FRONT_RING_INIT(&fe->rx, (netif_rx_sring_t *)fe->rx_page, NFT_PAGE);
	if (!fe->has_ctrl)
		return;
	SHARED_RING_INIT((xen_netif_ctrl_sring_t *)fe->ctrl_page);
	FRONT_RING_INIT(&fe->ctrl, (xen_netif_ctrl_sring_t *)fe->ctrl_page,
			NFT_PAGE);
}

static int bind_port(struct fe *fe, evtchn_port_t *port)
{
	xenevtchn_port_or_error_t p;

	p = xenevtchn_bind_unbound_port(fe->xce, fe->backend_id);
	if (p < 0) {
		say("evtchn: bind_unbound_port failed: %s", strerror(errno));
		return -1;
	}
	*port = p;
	return 0;
}

static int bind_ports(struct fe *fe)
{
	if (bind_port(fe, &fe->port_tx))
		return -1;
	if (!fe->opt.split)
		fe->port_rx = fe->port_tx;
	else if (bind_port(fe, &fe->port_rx))
		return -1;
	if (fe->has_ctrl && bind_port(fe, &fe->port_ctrl))
		return -1;
	return 0;
}

static void tx_init_ids(struct fe *fe)
{
	int i;

	fe->tx_nfree = 0;
	for (i = NFT_NBUF - 1; i >= 0; i--) {
		fe->tx_free[fe->tx_nfree++] = i;
		fe->tx_inflight[i] = false;
	}
}

/* Keys a previous connection may have left that this one does not set. */
static const char *const fe_keys[] = {
	"tx-ring-ref", "rx-ring-ref", "event-channel", "event-channel-tx",
	"event-channel-rx", "request-rx-copy", "feature-rx-notify",
	"feature-sg", "feature-gso-tcpv4", "feature-gso-tcpv6",
	"feature-no-csum-offload", "feature-ipv6-csum-offload",
	"request-multicast-control", "ctrl-ring-ref", "event-channel-ctrl",
	"multi-queue-num-queues", NULL
};

static int put_flag(struct fe *fe, xs_transaction_t t, const char *key,
		    bool on)
{
	return on ? xs_put(fe, t, fe->fe_path, key, "1") : 0;
}

static int write_keys_once(struct fe *fe, xs_transaction_t t)
{
	const char *d = fe->fe_path;
	const struct fe_opts *o = &fe->opt;
	int i, err = 0;

	for (i = 0; fe_keys[i]; i++)
		err |= xs_del(fe, t, d, fe_keys[i]);
	err |= xs_put(fe, t, d, "tx-ring-ref", "%u", fe->tx_ref);
	err |= xs_put(fe, t, d, "rx-ring-ref", "%u", fe->rx_ref);
	if (o->split) {
		err |= xs_put(fe, t, d, "event-channel-tx", "%u", fe->port_tx);
		err |= xs_put(fe, t, d, "event-channel-rx", "%u", fe->port_rx);
	} else {
		err |= xs_put(fe, t, d, "event-channel", "%u", fe->port_tx);
	}
	err |= xs_put(fe, t, d, "request-rx-copy", "1");
	err |= put_flag(fe, t, "feature-rx-notify", o->rx_notify);
	err |= put_flag(fe, t, "feature-sg", o->sg);
	err |= put_flag(fe, t, "feature-gso-tcpv4", o->gso4);
	err |= put_flag(fe, t, "feature-gso-tcpv6", o->gso6);
	err |= put_flag(fe, t, "feature-no-csum-offload", o->no_csum);
	err |= put_flag(fe, t, "feature-ipv6-csum-offload", o->ipv6_csum);
	err |= put_flag(fe, t, "request-multicast-control", o->mcast);
	if (fe->has_ctrl) {
		err |= xs_put(fe, t, d, "ctrl-ring-ref", "%u", fe->ctrl_ref);
		err |= xs_put(fe, t, d, "event-channel-ctrl", "%u",
			      fe->port_ctrl);
	}
	return err;
}

/* All connection keys in one transaction, retried while it races. */
static int write_keys(struct fe *fe)
{
	int tries;

	for (tries = 0; tries < 20; tries++) {
		xs_transaction_t t = xs_transaction_start(fe->xs);

		if (t == XBT_NULL)
			return -1;
		if (write_keys_once(fe, t)) {
			xs_transaction_end(fe->xs, t, true);
			return -1;
		}
		if (xs_transaction_end(fe->xs, t, false))
			return 0;
		if (errno != EAGAIN)
			return -1;
	}
	return -1;
}

/*
 * Up to the keys: the backend in InitWait, the rings granted and
 * initialised, the channels bound, the RX buffers posted. 0 if so.
 */
int fe_connect_prepare(struct fe *fe)
{
	int s = fe_backend_state(fe);

	/* a vif left Closed by an earlier run: Initialising again */
	if (s == XS_CLOSED || s == XS_CLOSING)
		fe_reconnect_prepare(fe);
	s = fe_wait_backend_state(fe, XS_INITWAIT, 15000);

	if (s != XS_INITWAIT) {
		say("backend %s is in state %d, not InitWait", fe->be_path, s);
		return -1;
	}
	if (fe->opt.split &&
	    xs_get_int(fe, fe->be_path, "feature-split-event-channels", 0) != 1)
		fe->opt.split = false;
	fe->has_ctrl = fe->opt.ctrl &&
		xs_get_int(fe, fe->be_path, "feature-ctrl-ring", 0) == 1;
	if (!fe->tx_page && alloc_rings(fe))
		return -1;
	if (fe->has_ctrl && !fe->ctrl_page && alloc_ctrl(fe))
		return -1;
	init_rings(fe);
	if (bind_ports(fe))
		return -1;
	tx_init_ids(fe);
	rx_post(fe, fe->opt.rx_post, false);
	return 0;
}

/* The connection keys for what fe_connect_prepare() set up. */
int fe_write_keys(struct fe *fe)
{
	if (write_keys(fe)) {
		say("writing the connection keys failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Grant everything, bind the channels, post RX buffers, write the keys
 * and go Connected. 0 once the backend is Connected too.
 */
int fe_connect(struct fe *fe)
{
	int s;

	if (fe_connect_prepare(fe) || fe_write_keys(fe))
		return -1;
	fe_set_state(fe, XS_CONNECTED);
	s = fe_wait_backend_state(fe, XS_CONNECTED, 15000);
	if (s != XS_CONNECTED) {
		say("backend did not connect (state %d)", s);
		return -1;
	}
	fe->connected = true;
	return 0;
}

void fe_unbind_ports(struct fe *fe)
{
	if (fe->port_tx)
		xenevtchn_unbind(fe->xce, fe->port_tx);
	if (fe->port_rx && fe->port_rx != fe->port_tx)
		xenevtchn_unbind(fe->xce, fe->port_rx);
	if (fe->port_ctrl)
		xenevtchn_unbind(fe->xce, fe->port_ctrl);
	fe->port_tx = fe->port_rx = fe->port_ctrl = 0;
}

/*
 * Closing, then Closed once the backend has answered Closing: the
 * backend has unmapped everything when it reports Closing. 0 if it
 * followed, -1 if it stayed where it was.
 */
int fe_close(struct fe *fe)
{
	int s, err = 0;

	fe_set_state(fe, XS_CLOSING);
	s = fe_wait_backend_state(fe, XS_CLOSING, 10000);
	if (s != XS_CLOSING && s != XS_CLOSED) {
		say("backend stayed in state %d after Closing", s);
		err = -1;
	}
	fe_set_state(fe, XS_CLOSED);
	s = fe_wait_backend_state(fe, XS_CLOSED, 5000);
	if (s != XS_CLOSED && !err) {
		say("backend in state %d after Closed", s);
		err = -1;
	}
	fe->connected = false;
	fe_unbind_ports(fe);
	return err;
}

/* After fe_close: Initialising again, ready for another fe_connect. */
int fe_reconnect_prepare(struct fe *fe)
{
	fe_set_state(fe, XS_INITIALISING);
	return fe_wait_backend_state(fe, XS_INITWAIT, 10000) == XS_INITWAIT ?
		0 : -1;
}

void fe_release(struct fe *fe)
{
	fe_unbind_ports(fe);
	if (fe->tx_page)
		xengntshr_unshare(fe->gs, fe->tx_page, 1);
	if (fe->rx_page)
		xengntshr_unshare(fe->gs, fe->rx_page, 1);
	if (fe->txbuf)
		xengntshr_unshare(fe->gs, fe->txbuf, NFT_NBUF);
	if (fe->rxbuf)
		xengntshr_unshare(fe->gs, fe->rxbuf, NFT_NBUF);
	if (fe->ctrl_page)
		xengntshr_unshare(fe->gs, fe->ctrl_page, 1);
	if (fe->ctrl_buf)
		xengntshr_unshare(fe->gs, fe->ctrl_buf, 1);
	if (fe->gs)
		xengntshr_close(fe->gs);
	if (fe->xce)
		xenevtchn_close(fe->xce);
	if (fe->xs)
		xs_close(fe->xs);
	free(fe->frame);
	memset(fe, 0, sizeof(*fe));
}

void fe_kick(struct fe *fe, evtchn_port_t port)
{
	xenevtchn_notify(fe->xce, port);
	fe->st.notify++;
}

/* Wait for an event on any of our ports; 1 if one came, 0 on timeout. */
int fe_wait_event(struct fe *fe, int timeout_ms)
{
	struct pollfd pfd = { .fd = xenevtchn_fd(fe->xce), .events = POLLIN };
	xenevtchn_port_or_error_t p;
	int got = 0;

	if (poll(&pfd, 1, timeout_ms) <= 0)
		return 0;
	while ((p = xenevtchn_pending(fe->xce)) >= 0) {
		xenevtchn_unmask(fe->xce, p);
		fe->st.events++;
		got = 1;
		pfd.revents = 0;
		if (poll(&pfd, 1, 0) <= 0)
			break;
	}
	return got;
}

/* ---- TX ---- */

int tx_get_id(struct fe *fe)
{
	int id;

	if (!fe->tx_nfree)
		return -1;
	id = fe->tx_free[--fe->tx_nfree];
	fe->tx_inflight[id] = true;
	fe->tx_answered[id] = false;
	return id;
}

/* One TX slot at the private producer index, for buffer ID. */
netif_tx_request_t *tx_put(struct fe *fe, int id, uint16_t off,
			   uint16_t size, uint16_t flags)
{
	netif_tx_request_t *req;

	req = RING_GET_REQUEST(&fe->tx, fe->tx.req_prod_pvt);
	req->gref = fe->txref[id & (NFT_NBUF - 1)];
	req->offset = off;
	req->flags = flags;
	req->id = id;
	req->size = size;
	fe->tx.req_prod_pvt++;
	return req;
}

netif_extra_info_t *tx_put_extra(struct fe *fe, uint8_t type, bool more)
{
	netif_extra_info_t *ex;

	ex = (netif_extra_info_t *)RING_GET_REQUEST(&fe->tx,
						    fe->tx.req_prod_pvt);
	memset(ex, 0, sizeof(*ex));
	ex->type = type;
	ex->flags = more ? XEN_NETIF_EXTRA_FLAG_MORE : 0;
	fe->tx.req_prod_pvt++;
	return ex;
}

void tx_push(struct fe *fe)
{
	int notify;

	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&fe->tx, notify);
	if (notify)
		fe_kick(fe, fe->port_tx);
}

static void tx_record(struct fe *fe, const netif_tx_response_t *rsp)
{
	unsigned int id = rsp->id;

	if (rsp->status == NETIF_RSP_NULL) {
		fe->st.tx_null++;
		return;
	}
	if (rsp->status == NETIF_RSP_OKAY)
		fe->st.any_ok++;
	else if (rsp->status == NETIF_RSP_DROPPED)
		fe->st.any_dropped++;
	else
		fe->st.any_err++;
	if (id >= NFT_NBUF || !fe->tx_inflight[id]) {
		fe->st.tx_bogus++;
		return;
	}
	fe->tx_inflight[id] = false;
	fe->tx_answered[id] = true;
	fe->tx_status[id] = rsp->status;
	fe->tx_free[fe->tx_nfree++] = id;
	if (rsp->status == NETIF_RSP_OKAY)
		fe->st.tx_ok++;
	else if (rsp->status == NETIF_RSP_DROPPED)
		fe->st.tx_dropped++;
	else
		fe->st.tx_err++;
}

/* Consume every TX response there is; returns how many. */
int tx_reap(struct fe *fe)
{
	int n = 0, more;

	do {
		RING_IDX prod = fe->tx.sring->rsp_prod;
		RING_IDX i;

		xen_rmb();
		for (i = fe->tx.rsp_cons; i != prod; i++, n++)
			tx_record(fe, RING_GET_RESPONSE(&fe->tx, i));
		fe->tx.rsp_cons = prod;
		RING_FINAL_CHECK_FOR_RESPONSES(&fe->tx, more);
	} while (more);
	return n;
}

/* Until every posted TX slot has its response; 0 if so. */
int tx_wait_idle(struct fe *fe, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;

	for (;;) {
		tx_reap(fe);
		if (fe->tx.rsp_cons == fe->tx.req_prod_pvt)
			return 0;
		if (now_ms() >= end)
			return -1;
		fe_wait_event(fe, 20);
	}
}

static unsigned int tx_ring_free(struct fe *fe)
{
	return RING_SIZE(&fe->tx) - (fe->tx.req_prod_pvt - fe->tx.rsp_cons);
}

/*
 * Queue one frame of LEN bytes in N slots of SIZES[i] bytes, each in its
 * own buffer at offset 0, with FLAGS on the first slot and the extra EX
 * after it. Returns the first slot's id, or -EAGAIN when there is no
 * room (reap and retry).
 */
int tx_send_v(struct fe *fe, const uint8_t *frame, unsigned int len,
	      const unsigned int *sizes, unsigned int n, uint16_t flags,
	      const netif_extra_info_t *ex)
{
	unsigned int off = 0, i;
	int first = -1;

	if (n + (ex ? 1 : 0) > tx_ring_free(fe) || n > fe->tx_nfree)
		return -EAGAIN;
	for (i = 0; i < n; i++) {
		int id = tx_get_id(fe);
		uint16_t f = i + 1 < n ? NETTXF_more_data : 0;

		if (sizes[i])
			memcpy(fe->txbuf + (size_t)id * NFT_PAGE, frame + off,
			       sizes[i]);
		if (!i) {
			first = id;
			f |= flags | (ex ? NETTXF_extra_info : 0);
			tx_put(fe, id, 0, len, f);
			if (ex)
				*tx_put_extra(fe, ex->type, false) = *ex;
		} else {
			tx_put(fe, id, 0, sizes[i], f);
		}
		off += sizes[i];
	}
	fe->st.tx_frames++;
	return first;
}

/* tx_send_v with slots of CHUNK bytes (the last one shorter). */
int tx_send(struct fe *fe, const uint8_t *frame, unsigned int len,
	    unsigned int chunk, uint16_t flags, const netif_extra_info_t *ex)
{
	unsigned int sizes[NFT_NBUF], n = 0, off;

	if (!len || !chunk || chunk > NFT_PAGE)
		return -EINVAL;
	for (off = 0; off < len && n < NFT_NBUF; off += chunk)
		sizes[n++] = len - off < chunk ? len - off : chunk;
	return tx_send_v(fe, frame, len, sizes, n, flags, ex);
}

/* ---- RX ---- */

unsigned int rx_outstanding(struct fe *fe)
{
	return fe->rx.req_prod_pvt - fe->rx.rsp_cons;
}

/*
 * Post up to N RX requests. The request at ring index i uses buffer
 * i % NFT_NBUF and id i % NFT_NBUF, as netfront does, so a response's
 * buffer is known from its index even when the slot carries an extra.
 */
unsigned int rx_post(struct fe *fe, unsigned int n, bool notify)
{
	unsigned int done = 0;
	int kick;

	while (done < n && rx_outstanding(fe) < RING_SIZE(&fe->rx)) {
		RING_IDX i = fe->rx.req_prod_pvt++;
		netif_rx_request_t *req = RING_GET_REQUEST(&fe->rx, i);

		req->id = i & (NFT_NBUF - 1);
		req->gref = fe->rxref[i & (NFT_NBUF - 1)];
		done++;
	}
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&fe->rx, kick);
	if (kick && notify && fe->connected)
		fe_kick(fe, fe->port_rx);
	return done;
}

/* Slots from CONS that make up one whole frame, or 0 if incomplete. */
static unsigned int rx_frame_slots(struct fe *fe, RING_IDX cons,
				   RING_IDX prod)
{
	RING_IDX i = cons;
	netif_rx_response_t *rsp;
	bool more_extra, more_data;

	if (i == prod)
		return 0;
	rsp = RING_GET_RESPONSE(&fe->rx, i++);
	more_data = rsp->flags & NETRXF_more_data;
	more_extra = rsp->flags & NETRXF_extra_info;
	while (more_extra) {
		netif_extra_info_t *ex;

		if (i == prod)
			return 0;
		ex = (netif_extra_info_t *)RING_GET_RESPONSE(&fe->rx, i++);
		more_extra = ex->flags & XEN_NETIF_EXTRA_FLAG_MORE;
	}
	while (more_data) {
		if (i == prod)
			return 0;
		rsp = RING_GET_RESPONSE(&fe->rx, i++);
		more_data = rsp->flags & NETRXF_more_data;
	}
	return i - cons;
}

/*
 * One data slot into F. SKIP bytes at the start of what the response
 * says are not the frame's (see rx_assemble()).
 */
static void rx_data(struct fe *fe, struct rx_frame *f, RING_IDX i,
		    const netif_rx_response_t *rsp, unsigned int skip)
{
	unsigned int buf = i & (NFT_NBUF - 1);
	unsigned int off = rsp->offset + skip;
	int size = rsp->status - (int)skip;

	if (rsp->id != buf)
		fe->st.rx_bad_id++;
	if (rsp->status < 0) {
		if (!f->status)
			f->status = rsp->status;
		return;
	}
	if (size < 0 || off + size > NFT_PAGE ||
	    f->len + size > NFT_MAX_FRAME) {
		if (!f->status)
			f->status = -1000;
		return;
	}
	memcpy(f->data + f->len, fe->rxbuf + (size_t)buf * NFT_PAGE + off,
	       size);
	f->len += size;
}

/* The XDP extra's headroom among F's extras; -1 if there is none. */
static int rx_xdp_headroom(const struct rx_frame *f)
{
	unsigned int i;

	for (i = 0; i < f->nextra; i++)
		if (f->extra[i].type == NFT_EXTRA_TYPE_XDP)
			return f->extra[i].u.pad[0];
	return -1;
}

static void rx_assemble(struct fe *fe, struct rx_frame *f, RING_IDX cons,
			unsigned int slots)
{
	netif_rx_response_t *rsp = RING_GET_RESPONSE(&fe->rx, cons);
	bool more_extra = rsp->flags & NETRXF_extra_info;
	RING_IDX i = cons + 1;

	int headroom;

	memset(f, 0, sizeof(*f));
	f->data = fe->frame;
	f->slots = slots;
	f->flags = rsp->flags;
	f->offset = rsp->offset;
	while (more_extra) {
		netif_extra_info_t *ex;

		ex = (netif_extra_info_t *)RING_GET_RESPONSE(&fe->rx, i++);
		if (f->nextra < XEN_NETIF_EXTRA_TYPE_MAX)
			f->extra[f->nextra++] = *ex;
		fe->st.rx_extras++;
		more_extra = ex->flags & XEN_NETIF_EXTRA_FLAG_MORE;
	}
	/*
	 * With an XDP extra, netfront takes the first slot's data to start
	 * at the headroom, whatever the offset says. The stock backend
	 * answers offset 0 with the headroom counted in the status; ours
	 * gives the offset. Read both as netfront does, minus the headroom
	 * bytes stock counts (f->offset keeps what the response said).
	 */
	headroom = rx_xdp_headroom(f);
	rx_data(fe, f, cons, rsp, headroom > rsp->offset ?
		(unsigned int)(headroom - rsp->offset) : 0);
	for (; i != cons + slots; i++)
		rx_data(fe, f, i, RING_GET_RESPONSE(&fe->rx, i), 0);
}

/* Hand every complete received frame to CB; returns how many. */
int rx_reap(struct fe *fe, rx_cb cb, void *arg)
{
	struct rx_frame f;
	int n = 0, more, last = -1;

	/* Loop while frames come; an incomplete frame waits for its rest. */
	while (n != last) {
		RING_IDX prod = fe->rx.sring->rsp_prod;
		unsigned int slots;

		last = n;
		xen_rmb();
		while ((slots = rx_frame_slots(fe, fe->rx.rsp_cons, prod))) {
			rx_assemble(fe, &f, fe->rx.rsp_cons, slots);
			fe->rx.rsp_cons += slots;
			if (f.status)
				fe->st.rx_err++;
			else
				fe->st.rx_frames++;
			if (cb)
				cb(fe, &f, arg);
			if (fe->rx_repost)
				rx_post(fe, slots, true);
			n++;
		}
		RING_FINAL_CHECK_FOR_RESPONSES(&fe->rx, more);
		if (!more)
			break;
	}
	return n;
}

/* ---- control ring ---- */

/* One control request; its status, or -1 when no answer came. */
int ctrl_call(struct fe *fe, uint16_t type, uint32_t d0, uint32_t d1,
	      uint32_t d2, uint32_t *data)
{
	static uint16_t next_id = 1;
	struct xen_netif_ctrl_request *req;
	long long end = now_ms() + 3000;
	uint16_t id = next_id++;
	int notify;

	if (!fe->has_ctrl)
		return -1;
	req = RING_GET_REQUEST(&fe->ctrl, fe->ctrl.req_prod_pvt++);
	req->id = id;
	req->type = type;
	req->data[0] = d0;
	req->data[1] = d1;
	req->data[2] = d2;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&fe->ctrl, notify);
	if (notify)
		fe_kick(fe, fe->port_ctrl);
	while (now_ms() < end) {
		RING_IDX prod = fe->ctrl.sring->rsp_prod;

		xen_rmb();
		while (fe->ctrl.rsp_cons != prod) {
			struct xen_netif_ctrl_response *rsp;

			rsp = RING_GET_RESPONSE(&fe->ctrl, fe->ctrl.rsp_cons++);
			fe->ctrl.sring->rsp_event = fe->ctrl.rsp_cons + 1;
			if (rsp->id != id)
				continue;
			if (data)
				*data = rsp->data;
			return rsp->status;
		}
		fe_wait_event(fe, 20);
	}
	return -1;
}
