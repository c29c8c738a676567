// SPDX-License-Identifier: GPL-2.0
/*
 * Guest TX: the packets a guest sends, copied into dom0 and handed to the
 * network stack.
 *
 * A pass of the group's TX worker over one queue reads each packet's ring
 * slots once into private copies (netbk_tx_fetch(), the only reader of the
 * TX ring), lets netbk_tx_parse() classify it as stock does, and then:
 * answers it with errors, disables the vif, answers a control request, or
 * builds an skb and plans the grant copies that fill it. Copies of several
 * packets go to Xen in one hypercall; each packet is answered and delivered
 * once its own copies are known to have succeeded.
 *
 * We never grant-map: every byte is copied into memory dom0 owns, so an
 * skb never outlives its grants and nothing is held across passes.
 *
 * Only the queue's group TX worker makes TX responses and moves req_cons:
 * a queue belongs to one group, and a group's TX worker (one kthread or
 * one tasklet) never runs twice at once. So the response ring needs no
 * lock. The credit timer only kicks the worker; it touches no ring state.
 */

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/page.h>

#include "netbk.h"

/* What the answer and the delivery of a copied packet need, in skb->cb. */
struct netbk_tx_cb {
	u16 ids[NETBK_LEGACY_SLOTS_MAX + 1];	/* first slot, then follow-ons */
	u16 first_op;		/* its copy ops in group->tx_copy */
	u16 nr_extras;		/* extra slots after the first: RSP_NULL */
	u8 nr_ids;
	u8 nr_ops;
	u8 flags;		/* the first slot's checksum flags */
};

#define NETBK_TX_CB(skb)	((struct netbk_tx_cb *)(skb)->cb)

/* The packets built in this pass whose copies have not been issued yet. */
struct netbk_tx_batch {
	struct sk_buff_head skbs;
	unsigned int nr_ops;
};

/* The parser's view of the ring: slots by offset from @cons. */
struct netbk_tx_ring_src {
	struct netbk_queue *queue;
	RING_IDX cons;
	struct netbk_txslot first;	/* slot 0, already copied */
};

enum netbk_tx_step {
	NETBK_TX_STEP_DONE,	/* one packet consumed */
	NETBK_TX_STEP_EMPTY,	/* nothing posted */
	NETBK_TX_STEP_STOP,	/* disabled or out of credit: wait for a kick */
};

/* ------------------------------------------------------------------ */
/* The ring                                                            */

/*
 * THE one place in the driver that reads guest TX requests (make check
 * counts the ring-request accessors in this file: exactly one, here).
 * The whole 12-byte entry is copied once, through a volatile access, and
 * both of its meanings (request, extra info) are decoded from that one
 * private copy: the guest may rewrite the slot at any time, but nothing
 * we check can change after the check.
 */
static void netbk_tx_fetch(struct netbk_queue *queue, RING_IDX idx,
			   struct netbk_txslot *slot)
{
	union {
		struct xen_netif_tx_request req;
		struct xen_netif_extra_info extra;
	} e;

	BUILD_BUG_ON(sizeof(e) != sizeof(struct xen_netif_tx_request));
	RING_COPY_REQUEST(&queue->tx, idx, &e.req);

	slot->req.gref = e.req.gref;
	slot->req.offset = e.req.offset;
	slot->req.flags = e.req.flags;
	slot->req.id = e.req.id;
	slot->req.size = e.req.size;

	memset(&slot->extra, 0, sizeof(slot->extra));
	slot->extra.type = e.extra.type;
	slot->extra.flags = e.extra.flags;
	switch (e.extra.type) {
	case XEN_NETIF_EXTRA_TYPE_GSO:
		slot->extra.u.gso.size = e.extra.u.gso.size;
		slot->extra.u.gso.type = e.extra.u.gso.type;
		slot->extra.u.gso.features = e.extra.u.gso.features;
		break;
	case XEN_NETIF_EXTRA_TYPE_MCAST_ADD:
	case XEN_NETIF_EXTRA_TYPE_MCAST_DEL:
		memcpy(slot->extra.u.mcast_addr, e.extra.u.mcast.addr, ETH_ALEN);
		break;
	case XEN_NETIF_EXTRA_TYPE_HASH:
		slot->extra.u.hash.type = e.extra.u.hash.type;
		slot->extra.u.hash.algorithm = e.extra.u.hash.algorithm;
		/* Host byte order, as stock reads it. */
		memcpy(&slot->extra.u.hash.value, e.extra.u.hash.value,
		       sizeof(slot->extra.u.hash.value));
		break;
	default:
		break;
	}
}

/* netbk_tx_parse()'s callback; slot 0 was copied for the credit check. */
static void netbk_tx_src_fetch(void *ctx, unsigned int i,
			       struct netbk_txslot *slot)
{
	struct netbk_tx_ring_src *src = ctx;

	if (!i) {
		*slot = src->first;
		return;
	}
	netbk_tx_fetch(src->queue, src->cons + i, slot);
}

/* One response, plus RSP_NULL for each extra slot that followed it. */
static void netbk_tx_respond(struct netbk_queue *queue, u16 id, s8 status,
			     unsigned int nr_extras)
{
	RING_IDX i = queue->tx.rsp_prod_pvt;
	struct xen_netif_tx_response *rsp;

	rsp = RING_GET_RESPONSE(&queue->tx, i++);
	rsp->id = id;
	rsp->status = status;
	while (nr_extras--) {
		rsp = RING_GET_RESPONSE(&queue->tx, i++);
		rsp->status = XEN_NETIF_RSP_NULL;
	}
	queue->tx.rsp_prod_pvt = i;
}

/* Answer every slot of a parsed packet with @status. */
static void netbk_tx_answer_pkt(struct netbk_queue *queue,
				const struct netbk_txpkt *pkt, s8 status)
{
	unsigned int i;

	netbk_tx_respond(queue, pkt->first.id, status, pkt->nr_extras);
	for (i = 0; i < pkt->nr_frags; i++)
		netbk_tx_respond(queue, pkt->frags[i].id, status, 0);
}

/* Answer every slot of a built packet with @status. */
static void netbk_tx_answer_skb(struct netbk_queue *queue, struct sk_buff *skb,
				s8 status)
{
	const struct netbk_tx_cb *cb = NETBK_TX_CB(skb);
	unsigned int i;

	netbk_tx_respond(queue, cb->ids[0], status, cb->nr_extras);
	for (i = 1; i < cb->nr_ids; i++)
		netbk_tx_respond(queue, cb->ids[i], status, 0);
}

static void netbk_tx_push(struct netbk_queue *queue)
{
	int notify;

	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&queue->tx, notify);
	if (notify)
		notify_remote_via_irq(queue->tx_irq);
}

static bool netbk_tx_vif_disabled(const struct netbk_vif *vif)
{
	return READ_ONCE(vif->disabled) ||
	       test_bit(NETBK_VIF_DISABLED, &vif->status);
}

/* Down (or disabled): requests wait in the ring, as stock leaves them. */
static bool netbk_tx_vif_serving(const struct netbk_vif *vif)
{
	return READ_ONCE(vif->up) && !netbk_tx_vif_disabled(vif);
}

/* ------------------------------------------------------------------ */
/* Credit                                                              */

/*
 * The credit timer only hands the queue back to its group's worker. It
 * leaves queue->rate_limited alone: only the worker writes it, at the
 * start of a pass and when the pass runs out of credit, so that a held
 * EOI (netbk_queue_tx_done()) is always owed by a pass still to come.
 */
void netbk_tx_credit_timer(struct timer_list *t)
{
	struct netbk_queue *queue = timer_container_of(queue, t, credit_timer);

	netbk_group_kick_tx(queue);
}

void netbk_tx_set_rate(struct netbk_queue *queue, u64 bytes, u64 usec)
{
	spin_lock_bh(&queue->rate_lock);
	queue->rate_bytes = bytes;
	queue->rate_usec = usec;
	WRITE_ONCE(queue->rate_pending, true);
	spin_unlock_bh(&queue->rate_lock);
	netbk_group_kick_tx(queue);
}

/*
 * The TX worker takes a rate the watch handed it: the credit is only
 * ever changed by the worker that spends it.
 */
static void netbk_tx_apply_rate(struct netbk_queue *queue)
{
	u64 bytes, usec;

	if (likely(!READ_ONCE(queue->rate_pending)))
		return;
	spin_lock_bh(&queue->rate_lock);
	bytes = queue->rate_bytes;
	usec = queue->rate_usec;
	WRITE_ONCE(queue->rate_pending, false);
	spin_unlock_bh(&queue->rate_lock);

	netbk_credit_set(&queue->credit, bytes, usec, netbk_credit_clock());
}

/*
 * May a packet of @size bytes go now? If not, the queue waits for its
 * credit timer (set to when the next window opens), not for the guest:
 * the timer is armed before rate_limited is set, and nothing but
 * disconnect stops it (a new rate from the watch kicks the worker
 * besides), so the pass it kicks is the one that ends the wait and sends
 * the held EOI.
 */
static bool netbk_tx_credit_ok(struct netbk_queue *queue, unsigned int size)
{
	unsigned long delay;
	u64 now, retry;

	/* The common case: no rate, and no clock read per packet. */
	if (netbk_credit_unlimited(&queue->credit))
		return true;
	now = netbk_credit_clock();
	if (netbk_credit_take(&queue->credit, size, now, &retry))
		return true;

	delay = (s64)(retry - now) > 0 ? nsecs_to_jiffies(retry - now) : 0;
	/* A rate with a window of years must not wrap the timer. */
	delay = min_t(unsigned long, delay, MAX_JIFFY_OFFSET);
	mod_timer(&queue->credit_timer, jiffies + delay + 1);
	queue->rate_limited = true;
	netbk_stat_add(&queue->stats.tx.syncp, &queue->stats.tx.rate_limited,
		       1);
	return false;
}

/* ------------------------------------------------------------------ */
/* Building a packet                                                   */

/*
 * An skb laid out as netbk_tx_linear_len()/netbk_tx_frag_pages() say:
 * the linear area, then frag pages of PAGE_SIZE, each filled (one 64 KiB
 * page holds what sixteen 4 KiB slots carry). A packet is at most 64 KiB,
 * so the pages always fit the frags (18 slots never overflow
 * MAX_SKB_FRAGS).
 */
static struct sk_buff *netbk_tx_alloc_skb(struct net_device *dev,
					  unsigned int len,
					  struct netbk_tx_layout *layout)
{
	const gfp_t gfp = GFP_ATOMIC | __GFP_NOWARN;
	unsigned int linear = netbk_tx_linear_len(len);
	unsigned int pages = netbk_tx_frag_pages(len, linear, PAGE_SIZE);
	struct sk_buff *skb;
	unsigned int i;

	BUILD_BUG_ON((0xffff - NETBK_TX_COPY_LEN + PAGE_SIZE - 1) /
		     PAGE_SIZE > MAX_SKB_FRAGS);
	BUILD_BUG_ON(NETBK_PAGE_SIZE != XEN_PAGE_SIZE);
	/* A power of two, as netbk_tx_page_size_ok() also insists. */
	BUILD_BUG_ON(XEN_PAGE_SIZE > PAGE_SIZE);
	BUILD_BUG_ON(NETBK_PAGE_SIZE_MAX < PAGE_SIZE);

	skb = __netdev_alloc_skb_ip_align(dev, linear, gfp);
	if (!skb)
		return NULL;
	skb_put(skb, linear);

	for (i = 0; i < pages; i++) {
		struct page *page = alloc_page(gfp);

		if (!page) {
			kfree_skb(skb);
			return NULL;
		}
		skb_add_rx_frag(skb, i, page, 0,
				netbk_tx_frag_len(len, linear, PAGE_SIZE, i),
				PAGE_SIZE);
	}

	layout->linear_len = linear;
	layout->linear_page_off = xen_offset_in_page(skb->data);
	layout->page_size = PAGE_SIZE;
	layout->nr_pages = pages;
	return skb;
}

/* Turn the copy plan into grant-copy operations from the guest's grants. */
static void netbk_tx_fill_ops(const struct netbk_vif *vif, struct sk_buff *skb,
			      const struct netbk_txpkt *pkt,
			      const struct netbk_copy_seg *segs, unsigned int n,
			      struct gnttab_copy *ops)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct netbk_copy_seg *seg = &segs[i];
		const struct netbk_txreq *req = seg->src_slot ?
			&pkt->frags[seg->src_slot - 1] : &pkt->first;
		struct gnttab_copy *op = &ops[i];

		op->source.u.ref = req->gref;
		op->source.domid = vif->domid;
		op->source.offset = seg->src_offset;
		op->dest.domid = DOMID_SELF;
		if (!seg->dst_area) {
			void *addr = skb->data + seg->dst_offset;

			op->dest.u.gmfn = virt_to_gfn(addr);
			op->dest.offset = xen_offset_in_page(addr);
		} else {
			skb_frag_t *frag =
				&skb_shinfo(skb)->frags[seg->dst_area - 1];
			struct page *page = skb_frag_page(frag);

			/* The 4 KiB frame of the page the segment lands in. */
			op->dest.u.gmfn = pfn_to_gfn(page_to_xen_pfn(page) +
					(seg->dst_offset >> XEN_PAGE_SHIFT));
			op->dest.offset = seg->dst_offset & ~XEN_PAGE_MASK;
		}
		op->len = seg->len;
		op->flags = GNTCOPY_source_gref;
		op->status = GNTST_general_error;
	}
}

static void netbk_tx_set_cb(struct sk_buff *skb, const struct netbk_txpkt *pkt,
			    unsigned int first_op, unsigned int nr_ops)
{
	struct netbk_tx_cb *cb = NETBK_TX_CB(skb);
	unsigned int i;

	BUILD_BUG_ON(sizeof(*cb) > sizeof(skb->cb));
	BUILD_BUG_ON(NETBK_COPY_BATCH > U16_MAX);

	cb->ids[0] = pkt->first.id;
	for (i = 0; i < pkt->nr_frags; i++)
		cb->ids[i + 1] = pkt->frags[i].id;
	cb->nr_ids = pkt->nr_frags + 1;
	cb->nr_extras = pkt->nr_extras;
	cb->first_op = first_op;
	cb->nr_ops = nr_ops;
	cb->flags = pkt->first.flags &
		    (XEN_NETTXF_csum_blank | XEN_NETTXF_data_validated);
}

/* GSO and hash extras: checked by the parser, applied here. */
static void netbk_tx_set_extras(struct sk_buff *skb,
				const struct netbk_txpkt *pkt)
{
	const struct netbk_extra *gso = &pkt->extras[XEN_NETIF_EXTRA_TYPE_GSO - 1];
	const struct netbk_extra *hash =
		&pkt->extras[XEN_NETIF_EXTRA_TYPE_HASH - 1];

	if (gso->type) {
		skb_shinfo(skb)->gso_size = gso->u.gso.size;
		skb_shinfo(skb)->gso_type =
			gso->u.gso.type == XEN_NETIF_GSO_TYPE_TCPV4 ?
			SKB_GSO_TCPV4 : SKB_GSO_TCPV6;
		/*
		 * Not SKB_GSO_DODGY: that would make every NIC without
		 * NETIF_F_GSO_ROBUST segment guest TSO in software. The
		 * headers are parsed by skb_checksum_setup() and gso_segs is
		 * computed at delivery, as stock does.
		 */
	}

	if (hash->type) {
		switch (hash->u.hash.type) {
		case _XEN_NETIF_CTRL_HASH_TYPE_IPV4:
		case _XEN_NETIF_CTRL_HASH_TYPE_IPV6:
			skb_set_hash(skb, hash->u.hash.value, PKT_HASH_TYPE_L3);
			break;
		case _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP:
		case _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP:
			skb_set_hash(skb, hash->u.hash.value, PKT_HASH_TYPE_L4);
			break;
		default:
			break;
		}
	}
}

static void netbk_tx_flush(struct netbk_group *group, struct netbk_queue *queue,
			   struct netbk_tx_batch *batch);

/*
 * An accepted packet: allocate its skb, queue its copies in the batch.
 * Failure to allocate answers the packet with errors, as stock does.
 */
static void netbk_tx_build(struct netbk_group *group, struct netbk_queue *queue,
			   struct netbk_tx_batch *batch,
			   const struct netbk_txpkt *pkt)
{
	struct netbk_tx_layout layout;
	struct sk_buff *skb;
	int n;

	skb = netbk_tx_alloc_skb(queue->vif->dev, pkt->first.size, &layout);
	if (unlikely(!skb))
		goto drop;

	/* Cannot fail for a parsed packet; refuse rather than trust that. */
	n = netbk_tx_plan_copy(pkt, &layout, group->tx_segs, NETBK_TX_SEGS_MAX);
	if (WARN_ON_ONCE(n <= 0)) {
		kfree_skb(skb);
		goto drop;
	}

	if (batch->nr_ops + n > NETBK_COPY_BATCH)
		netbk_tx_flush(group, queue, batch);
	netbk_tx_fill_ops(queue->vif, skb, pkt, group->tx_segs, n,
			  group->tx_copy + batch->nr_ops);
	netbk_tx_set_cb(skb, pkt, batch->nr_ops, n);
	netbk_tx_set_extras(skb, pkt);
	batch->nr_ops += n;
	__skb_queue_tail(&batch->skbs, skb);

	/* Stock would have needed a frag list: count it, we did not. */
	if (pkt->nr_data_frags > MAX_SKB_FRAGS)
		netbk_stat_add(&queue->stats.tx.syncp,
			       &queue->stats.tx.tx_frag_overflow, 1);
	return;

drop:
	netbk_stat_add(&queue->stats.tx.syncp, &queue->stats.tx.rx_dropped,
		       1);
	netbk_tx_answer_pkt(queue, pkt, XEN_NETIF_RSP_ERROR);
}

/* ------------------------------------------------------------------ */
/* Copying and delivering                                              */

/* Did all of the packet's copies succeed? Count those that did not. */
static bool netbk_tx_copied(struct netbk_group *group,
			    struct netbk_queue *queue, struct sk_buff *skb)
{
	const struct netbk_tx_cb *cb = NETBK_TX_CB(skb);
	const struct gnttab_copy *op = group->tx_copy + cb->first_op;
	unsigned int i, failed = 0;

	for (i = 0; i < cb->nr_ops; i++, op++) {
		if (likely(op->status == GNTST_okay))
			continue;
		if (!failed)
			netdev_dbg(queue->vif->dev,
				   "guest TX copy failed: status %d ref %u\n",
				   op->status, op->source.u.ref);
		failed++;
	}
	if (failed)
		netbk_stat_add(&queue->stats.tx.syncp,
			       &queue->stats.tx.copy_errors, failed);
	return !failed;
}

/*
 * Checksum and GSO state, as the stack wants it. A GSO packet must be
 * CHECKSUM_PARTIAL; some frontends forget csum_blank on GSO packets, so
 * such a packet is fixed up (and counted) rather than dropped. False if
 * the packet's headers do not allow it.
 */
static bool netbk_tx_set_csum(struct netbk_queue *queue, struct sk_buff *skb,
			      u8 flags)
{
	bool recalc = false;
	int hdrlen;

	if (flags & XEN_NETTXF_csum_blank)
		skb->ip_summed = CHECKSUM_PARTIAL;
	else if (flags & XEN_NETTXF_data_validated)
		skb->ip_summed = CHECKSUM_UNNECESSARY;

	if (skb_is_gso(skb) && skb->ip_summed != CHECKSUM_PARTIAL) {
		netbk_stat_add(&queue->stats.tx.syncp,
			       &queue->stats.tx.rx_gso_checksum_fixup, 1);
		skb->ip_summed = CHECKSUM_PARTIAL;
		recalc = true;
	}
	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    skb_checksum_setup(skb, recalc))
		return false;

	skb_probe_transport_header(skb);
	if (!skb_is_gso(skb))
		return true;

	/* skb_checksum_setup() found the TCP header; segments follow it. */
	if (!skb_transport_header_was_set(skb))
		return false;
	hdrlen = skb_tcp_all_headers(skb);
	if (hdrlen >= skb->len)
		return false;
	skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(skb->len - hdrlen,
						 skb_shinfo(skb)->gso_size);
	return true;
}

static void netbk_tx_deliver(struct netbk_queue *queue, struct sk_buff *skb)
{
	struct netbk_tx_counters *txc = &queue->stats.tx;
	struct net_device *dev = queue->vif->dev;
	u8 flags = NETBK_TX_CB(skb)->flags;
	unsigned long sflags;

	memset(skb->cb, 0, sizeof(skb->cb));
	skb->dev = dev;
	skb->protocol = eth_type_trans(skb, dev);
	skb_reset_network_header(skb);

	if (unlikely(!netbk_tx_set_csum(queue, skb, flags))) {
		netdev_dbg(dev, "guest TX: bad headers for offload, dropped\n");
		netbk_stat_add(&txc->syncp, &txc->rx_dropped, 1);
		kfree_skb(skb);
		return;
	}

	sflags = netbk_stats_begin(&txc->syncp);
	u64_stats_inc(&txc->rx_packets);
	u64_stats_add(&txc->rx_bytes, skb->len);
	netbk_stats_end(&txc->syncp, sflags);
	netif_receive_skb(skb);
}

/*
 * Issue the batch's copies in one hypercall, answer every packet (the
 * guest may reuse its buffers from then on), then deliver those whose
 * copies all succeeded. A failed copy fails only its own packet.
 */
static void netbk_tx_flush(struct netbk_group *group, struct netbk_queue *queue,
			   struct netbk_tx_batch *batch)
{
	struct netbk_worker_stats *ws = &group->tx.stats;
	struct netbk_tx_counters *txc = &queue->stats.tx;
	struct sk_buff_head ready;
	unsigned long sflags;
	struct sk_buff *skb;
	unsigned int calls;

	if (!batch->nr_ops)
		return;

	calls = netbk_grant_copy(group->tx_copy, batch->nr_ops);
	sflags = netbk_stats_begin(&txc->syncp);
	u64_stats_add(&txc->hypercalls, calls);
	u64_stats_add(&txc->copy_ops, batch->nr_ops);
	netbk_stats_end(&txc->syncp, sflags);
	sflags = netbk_stats_begin(&ws->syncp);
	u64_stats_add(&ws->hypercalls, calls);
	u64_stats_add(&ws->copy_ops, batch->nr_ops);
	netbk_stats_end(&ws->syncp, sflags);
	batch->nr_ops = 0;

	__skb_queue_head_init(&ready);
	while ((skb = __skb_dequeue(&batch->skbs))) {
		if (likely(netbk_tx_copied(group, queue, skb))) {
			netbk_tx_answer_skb(queue, skb, XEN_NETIF_RSP_OKAY);
			__skb_queue_tail(&ready, skb);
		} else {
			netbk_tx_answer_skb(queue, skb, XEN_NETIF_RSP_ERROR);
			netbk_stat_add(&txc->syncp, &txc->rx_dropped, 1);
			kfree_skb(skb);
		}
	}
	netbk_tx_push(queue);

	if (skb_queue_empty(&ready))
		return;
	/* kthread workers run in process context: the stack wants BHs off. */
	local_bh_disable();
	while ((skb = __skb_dequeue(&ready)))
		netbk_tx_deliver(queue, skb);
	local_bh_enable();
}

/* ------------------------------------------------------------------ */
/* The pass                                                            */

static void netbk_tx_fatal(struct netbk_queue *queue,
			   const struct netbk_txpkt *pkt)
{
	char why[128];

	snprintf(why, sizeof(why), "guest TX: %s: %u, %u",
		 netbk_tx_reason_str(pkt->reason),
		 pkt->reason_arg[0], pkt->reason_arg[1]);
	netbk_vif_fatal(queue->vif, why);
}

/*
 * Multicast control: the request changes the vif's filter list and is
 * answered with its verdict (ERROR only for an add to a full list).
 */
static void netbk_tx_control(struct netbk_queue *queue,
			     const struct netbk_txpkt *pkt)
{
	bool ok = netbk_vif_mcast_control(queue->vif, pkt);

	netbk_tx_answer_pkt(queue, pkt,
			    ok ? XEN_NETIF_RSP_OKAY : XEN_NETIF_RSP_ERROR);
}

/* Requests posted and not consumed; the caller checked the bound. */
static unsigned int netbk_tx_posted(struct netbk_queue *queue, RING_IDX prod)
{
	unsigned int req = prod - queue->tx.req_cons;
	/* Slots whose responses are still due may not be reused yet. */
	unsigned int rsp = NETBK_TX_RING_SIZE_K -
			   (queue->tx.req_cons - queue->tx.rsp_prod_pvt);

	return min(req, rsp);
}

/* Consume one packet (or stop). */
static enum netbk_tx_step netbk_tx_one(struct netbk_group *group,
				       struct netbk_queue *queue,
				       struct netbk_tx_batch *batch)
{
	struct netbk_tx_ring_src rsrc = {
		.queue = queue,
		.cons = queue->tx.req_cons,
	};
	struct netbk_txsrc src = { .fetch = netbk_tx_src_fetch, .ctx = &rsrc };
	struct netbk_txpkt *pkt = group->tx_pkt;
	RING_IDX prod = READ_ONCE(queue->tx.sring->req_prod);
	unsigned int avail;

	if (unlikely(prod - rsrc.cons > NETBK_TX_RING_SIZE_K)) {
		char why[96];

		snprintf(why, sizeof(why),
			 "guest TX: impossible number of requests: req_prod %u, req_cons %u",
			 prod, rsrc.cons);
		netbk_vif_fatal(queue->vif, why);
		return NETBK_TX_STEP_STOP;
	}
	avail = netbk_tx_posted(queue, prod);
	if (!avail)
		return NETBK_TX_STEP_EMPTY;
	virt_rmb();	/* the requests were written before req_prod */

	netbk_tx_fetch(queue, rsrc.cons, &rsrc.first);
	if (!netbk_tx_credit_ok(queue, rsrc.first.req.size))
		return NETBK_TX_STEP_STOP;

	netbk_tx_parse(&src, avail, READ_ONCE(netbk_fatal_skb_slots), pkt);
	switch (pkt->verdict) {
	case NETBK_TX_FATAL:
		netbk_tx_fatal(queue, pkt);
		return NETBK_TX_STEP_STOP;
	case NETBK_TX_ERROR:
		netdev_dbg(queue->vif->dev, "guest TX: %s: %u, %u\n",
			   netbk_tx_reason_str(pkt->reason),
			   pkt->reason_arg[0], pkt->reason_arg[1]);
		netbk_stat_add(&queue->stats.tx.syncp,
			       &queue->stats.tx.rx_errors, 1);
		netbk_tx_answer_pkt(queue, pkt, XEN_NETIF_RSP_ERROR);
		break;
	case NETBK_TX_CONTROL:
		netbk_tx_control(queue, pkt);
		break;
	case NETBK_TX_OK:
		netbk_tx_build(group, queue, batch, pkt);
		break;
	}
	queue->tx.req_cons += pkt->slots;
	return NETBK_TX_STEP_DONE;
}

/*
 * Serve up to @budget packets. Everything built is copied, answered and
 * delivered before we return. Returns true if requests are pending; if
 * false, req_event has been re-armed by the final check (so the guest's
 * next request raises an event) and the caller may EOI; or the vif is
 * down or disabled, or the queue waits for its credit timer
 * (queue->rate_limited set: netbk_queue_tx_done() keeps the EOI for the
 * pass the timer brings).
 */
bool netbk_tx_action(struct netbk_group *group, struct netbk_queue *queue,
		     unsigned int budget)
{
	enum netbk_tx_step step = NETBK_TX_STEP_DONE;
	struct netbk_tx_batch batch;
	unsigned int done = 0;
	int more;

	/* The worker is back: whatever held the EOI, this pass decides anew. */
	queue->rate_limited = false;
	netbk_tx_apply_rate(queue);
	if (unlikely(!queue->tx.sring || !netbk_tx_vif_serving(queue->vif)))
		return false;

	__skb_queue_head_init(&batch.skbs);
	batch.nr_ops = 0;

	while (done < budget) {
		step = netbk_tx_one(group, queue, &batch);
		if (step != NETBK_TX_STEP_DONE)
			break;
		done++;
	}

	netbk_tx_flush(group, queue, &batch);
	netbk_tx_push(queue);

	if (step == NETBK_TX_STEP_STOP)
		return false;
	RING_FINAL_CHECK_FOR_REQUESTS(&queue->tx, more);
	return more;
}

/* Guest TX work pending? A disabled vif has none: its events are spurious. */
bool netbk_tx_has_work(struct netbk_queue *queue)
{
	if (!queue->tx.sring || netbk_tx_vif_disabled(queue->vif))
		return false;
	return RING_HAS_UNCONSUMED_REQUESTS(&queue->tx);
}
