// SPDX-License-Identifier: GPL-2.0
/*
 * Guest RX: packets from dom0's network stack to the guest.
 *
 * start_xmit queues a packet on its queue's rx_queue (bounded in bytes)
 * and kicks the queue's group. The group's RX worker then copies packets
 * into the buffers the guest posted on its RX ring, with grant-copy
 * operations batched over several packets per hypercall, and answers each
 * buffer with a response. A packet waits at the head of the queue until
 * the ring holds all the slots it needs, so a packet is never split
 * between passes; while it waits, rx_timer brings the worker back for the
 * drain timeout (drop what is too old) and the stall timeout (carrier off
 * while the guest gives no buffers).
 *
 * The guest owns the RX ring and can change it under our feet: its
 * requests are read only by netbk_rx_fetch(), once each, into a private
 * copy. The response slots we write are only read back by the guest.
 */

#include <linux/jiffies.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <xen/events.h>

#include "netbk.h"

/* Extra-info segments a packet carries, in the order they are sent. */
#define NETBK_RX_EXTRA_GSO	BIT(0)
#define NETBK_RX_EXTRA_HASH	BIT(1)
#define NETBK_RX_EXTRA_XDP	BIT(2)

/*
 * Per-packet state in skb->cb: decided at enqueue (so that the slot count
 * the worker waits for is the count it uses), then bookkeeping while the
 * packet is copied.
 */
struct netbk_rx_cb {
	unsigned long expires;	/* jiffies: dropped if still queued then */
	unsigned int slots;	/* ring slots: data plus extras */
	u16 data_slots;
	u16 headroom;		/* bytes left free in the first slot */
	u8 gso_type;		/* XEN_NETIF_GSO_TYPE_*, NONE: no GSO extra */
	u8 extras;		/* NETBK_RX_EXTRA_* */
	/* While being copied: */
	bool failed;		/* one of its copy operations failed */
	u16 ops;		/* its operations in the current batch */
	RING_IDX first;		/* ring index of its first slot */
	unsigned int used;	/* ring slots it took */
};

#define NETBK_RX_CB(skb)	((struct netbk_rx_cb *)(skb)->cb)

/* One private copy of a guest RX request. */
struct netbk_rx_req {
	u16 id;
	grant_ref_t gref;
};

/* The copy operations of one pass, and the packets they belong to. */
struct netbk_rx_batch {
	struct netbk_group *group;
	struct gnttab_copy *ops;	/* the group's scratch */
	unsigned int nr_ops;
	struct sk_buff_head done;	/* every slot answered, in ring order */
	struct sk_buff *cur;		/* being built; its ops come last */
};

/* Where the copy of a packet's data has got to. */
struct netbk_rx_src {
	struct sk_buff *skb;
	struct sk_buff *iter;	/* skb, then the members of its frag_list */
	int frag;		/* -1: iter's linear area */
	unsigned int off;	/* bytes of the current piece already copied */
	unsigned int remaining;	/* bytes of the packet not yet copied */
};

/*
 * THE one reader of guest RX requests. Every other part of this file
 * works on the private copy made here; the guest may rewrite the shared
 * slot at any time, so it is read exactly once per request. Only the id
 * (echoed back) and the grant reference (checked by Xen when it copies)
 * are used; neither needs checking here.
 */
static void netbk_rx_fetch(struct netbk_queue *queue, RING_IDX idx,
			   struct netbk_rx_req *req)
{
	const struct xen_netif_rx_request *shared =
		RING_GET_REQUEST(&queue->rx, idx);

	req->id = READ_ONCE(shared->id);
	req->gref = READ_ONCE(shared->gref);
}

/* ------------------------------------------------------------------ */
/* What a packet needs                                                  */

static unsigned int netbk_rx_gso_type(const struct netbk_vif *vif,
				      const struct sk_buff *skb)
{
	unsigned int type;

	if (!skb_is_gso(skb))
		return XEN_NETIF_GSO_TYPE_NONE;
	if (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV4)
		type = XEN_NETIF_GSO_TYPE_TCPV4;
	else if (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV6)
		type = XEN_NETIF_GSO_TYPE_TCPV6;
	else
		return XEN_NETIF_GSO_TYPE_NONE;

	/* As stock: no extra for a type the frontend did not ask for. */
	return vif->gso_mask & (1 << type) ? type : XEN_NETIF_GSO_TYPE_NONE;
}

/*
 * Hook: as stock, a hash extra goes with a packet once the frontend has
 * set the Toeplitz algorithm through the control ring; rxhash.c sets the
 * skb's hash for it (and says whether the flags give this packet one).
 */
static bool netbk_rx_wants_hash(const struct netbk_vif *vif,
				struct sk_buff *skb)
{
	return netbk_hash_skb(vif, skb);
}

/*
 * The first slot starts after the XDP headroom the frontend asked for
 * (read once: xenbus may change it under us). A headroom of a page or
 * more leaves one byte of data, as the pure logic counts it, so that the
 * count and the copy agree. Stock would start the copy past the page.
 */
static unsigned int netbk_rx_headroom(const struct netbk_vif *vif)
{
	return min_t(unsigned int, READ_ONCE(vif->xdp_headroom),
		     XEN_PAGE_SIZE - 1);
}

/* Decide the packet's extras and slots; false if netfront cannot take it. */
static bool netbk_rx_plan(const struct netbk_vif *vif, struct sk_buff *skb)
{
	struct netbk_rx_cb *cb = NETBK_RX_CB(skb);
	struct netbk_rx_need need = { .len = skb->len };
	unsigned int data_slots;
	/* First: the hash select_queue stashed in cb, before cb is ours. */
	bool hash = netbk_rx_wants_hash(vif, skb);

	cb->gso_type = netbk_rx_gso_type(vif, skb);
	cb->extras = 0;
	if (cb->gso_type != XEN_NETIF_GSO_TYPE_NONE)
		cb->extras |= NETBK_RX_EXTRA_GSO;
	if (hash)
		cb->extras |= NETBK_RX_EXTRA_HASH;
	need.headroom = netbk_rx_headroom(vif);
	if (need.headroom)
		cb->extras |= NETBK_RX_EXTRA_XDP;

	need.gso = cb->extras & NETBK_RX_EXTRA_GSO;
	need.hash = cb->extras & NETBK_RX_EXTRA_HASH;
	need.xdp = cb->extras & NETBK_RX_EXTRA_XDP;

	/* netfront drops a packet of more data slots than the legacy 18. */
	data_slots = netbk_rx_data_slots(need.len, need.headroom);
	if (data_slots > NETBK_LEGACY_SLOTS_MAX)
		return false;

	cb->data_slots = data_slots;
	cb->headroom = need.headroom;
	cb->slots = netbk_rx_slots_needed(&need);
	return true;
}

/* ------------------------------------------------------------------ */
/* The internal queue                                                   */

static struct netdev_queue *netbk_rx_txq(struct netbk_queue *queue)
{
	return netdev_get_tx_queue(queue->vif->dev, queue->id);
}

bool netbk_rx_enqueue(struct netbk_queue *queue, struct sk_buff *skb)
{
	struct netbk_vif *vif = queue->vif;
	unsigned long flags;

	if (unlikely(netbk_vif_mcast_drop(vif, skb))) {
		atomic64_inc(&queue->stats.tx_mcast_filtered);
		dev_kfree_skb_any(skb);
		return false;
	}
	if (!netbk_rx_plan(vif, skb))
		goto drop;
	NETBK_RX_CB(skb)->expires = jiffies + vif->drain_timeout;

	spin_lock_irqsave(&queue->rx_queue.lock, flags);
	if (queue->rx_queue_len >= queue->rx_queue_max) {
		/*
		 * Full (XSA-392): stop the stack instead of queueing without
		 * bound; the worker wakes it once the queue has drained.
		 */
		netif_tx_stop_queue(netbk_rx_txq(queue));
		spin_unlock_irqrestore(&queue->rx_queue.lock, flags);
		goto drop;
	}
	if (skb_queue_empty(&queue->rx_queue))
		WRITE_ONCE(queue->rx_slots_needed, NETBK_RX_CB(skb)->slots);
	__skb_queue_tail(&queue->rx_queue, skb);
	queue->rx_queue_len += skb->len;
	spin_unlock_irqrestore(&queue->rx_queue.lock, flags);

	netbk_group_kick_rx(queue);
	return true;

drop:
	atomic64_inc(&queue->stats.rx_queue_drops);
	dev_kfree_skb_any(skb);
	return false;
}

/*
 * Take the head packet off the queue (only if it has expired, when
 * @expired_only), keep the head's slot count current and wake the stack
 * once the queue is below its bound.
 */
static struct sk_buff *netbk_rx_dequeue(struct netbk_queue *queue,
					bool expired_only)
{
	struct sk_buff *skb, *head;
	unsigned long flags;

	spin_lock_irqsave(&queue->rx_queue.lock, flags);
	skb = skb_peek(&queue->rx_queue);
	if (skb && expired_only &&
	    time_before(jiffies, NETBK_RX_CB(skb)->expires))
		skb = NULL;
	if (skb) {
		__skb_unlink(skb, &queue->rx_queue);
		head = skb_peek(&queue->rx_queue);
		WRITE_ONCE(queue->rx_slots_needed,
			   head ? NETBK_RX_CB(head)->slots : 0);
		queue->rx_queue_len -= skb->len;
		if (queue->rx_queue_len < queue->rx_queue_max &&
		    netif_tx_queue_stopped(netbk_rx_txq(queue)))
			netif_tx_wake_queue(netbk_rx_txq(queue));
	}
	spin_unlock_irqrestore(&queue->rx_queue.lock, flags);

	return skb;
}

/* Packets queued for a guest hold memory (maybe other guests' pages). */
static void netbk_rx_drop_expired(struct netbk_queue *queue)
{
	struct sk_buff *skb;

	while ((skb = netbk_rx_dequeue(queue, true))) {
		netbk_stat_add(&queue->stats.rx.syncp,
			       &queue->stats.rx.tx_dropped, 1);
		kfree_skb(skb);
	}
}

void netbk_rx_purge(struct netbk_queue *queue)
{
	struct sk_buff_head purge;
	unsigned long flags;

	timer_delete_sync(&queue->rx_timer);

	/*
	 * Not through netbk_rx_dequeue(): it would wake the netdev queue
	 * that disconnect has just stopped.
	 */
	__skb_queue_head_init(&purge);
	spin_lock_irqsave(&queue->rx_queue.lock, flags);
	skb_queue_splice_init(&queue->rx_queue, &purge);
	queue->rx_queue_len = 0;
	WRITE_ONCE(queue->rx_slots_needed, 0);
	spin_unlock_irqrestore(&queue->rx_queue.lock, flags);
	__skb_queue_purge(&purge);
}

void netbk_rx_init(struct netbk_queue *queue)
{
	BUILD_BUG_ON(sizeof(struct netbk_rx_cb) >
		     sizeof_field(struct sk_buff, cb));

	skb_queue_head_init(&queue->rx_queue);
	queue->rx_queue_len = 0;
	queue->rx_queue_max = NETBK_RX_QUEUE_BYTES;
	queue->rx_slots_needed = 0;
	queue->last_rx_time = jiffies;
	queue->stalled = false;
	timer_setup(&queue->rx_timer, netbk_rx_timer, 0);
}

/* ------------------------------------------------------------------ */
/* Ring slots                                                           */

/* Requests the guest has posted and we have not used. */
static RING_IDX netbk_rx_posted(const struct netbk_queue *queue)
{
	return READ_ONCE(queue->rx.sring->req_prod) - queue->rx.req_cons;
}

/*
 * Does the ring hold the slots the head packet needs? If not, ask the
 * guest for an event as soon as it posts anything, and look again: it
 * may have posted before it could see the request. A guest that keeps
 * moving req_prod without posting enough cannot keep us here: after a
 * few rounds we wait for its event or for rx_timer. @prod is the
 * req_prod that was judged.
 */
static bool netbk_rx_slots_available(struct netbk_queue *queue, RING_IDX *prod)
{
	unsigned int needed = READ_ONCE(queue->rx_slots_needed);
	unsigned int tries = 4;
	RING_IDX p;

	if (!needed)
		return false;

	p = READ_ONCE(queue->rx.sring->req_prod);
	while (tries--) {
		if (p - queue->rx.req_cons >= needed) {
			*prod = p;
			return true;
		}
		WRITE_ONCE(queue->rx.sring->req_event, p + 1);
		/* The event request is visible before req_prod is read again. */
		virt_mb();
		if (READ_ONCE(queue->rx.sring->req_prod) == p)
			break;
		p = READ_ONCE(queue->rx.sring->req_prod);
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Walking a packet's data                                              */

static void netbk_rx_src_init(struct netbk_rx_src *src, struct sk_buff *skb)
{
	src->skb = skb;
	src->iter = skb;
	src->frag = -1;
	src->off = 0;
	src->remaining = skb->len;
}

static unsigned int netbk_rx_piece_len(const struct netbk_rx_src *src)
{
	if (src->frag < 0)
		return skb_headlen(src->iter);
	return skb_frag_size(&skb_shinfo(src->iter)->frags[src->frag]);
}

/* Move to the next piece that has data left; false if there is none. */
static bool netbk_rx_src_settle(struct netbk_rx_src *src)
{
	while (src->iter) {
		if (src->off < netbk_rx_piece_len(src))
			return true;
		src->off = 0;
		src->frag++;
		if (src->frag < skb_shinfo(src->iter)->nr_frags)
			continue;
		src->iter = src->iter == src->skb ?
			    skb_shinfo(src->skb)->frag_list : src->iter->next;
		src->frag = -1;
	}
	return false;
}

/*
 * The current source position as a page and an offset in it, and how many
 * bytes may be copied from there without leaving the piece or the 4 KiB
 * source frame (a grant copy works on one frame at each end).
 */
static unsigned int netbk_rx_src_chunk(struct netbk_rx_src *src,
				       struct page **page, unsigned int *pg_off)
{
	unsigned int len, frame_left;

	if (!netbk_rx_src_settle(src))
		return 0;

	len = netbk_rx_piece_len(src) - src->off;
	if (src->frag < 0) {
		const u8 *data = src->iter->data + src->off;

		*page = virt_to_page(data);
		*pg_off = offset_in_page(data);
	} else {
		const skb_frag_t *frag = &skb_shinfo(src->iter)->frags[src->frag];
		unsigned int off = skb_frag_off(frag) + src->off;

		*page = nth_page(skb_frag_page(frag), off >> PAGE_SHIFT);
		*pg_off = off & ~PAGE_MASK;
	}

	frame_left = XEN_PAGE_SIZE - (*pg_off & ~XEN_PAGE_MASK);
	return min3(len, frame_left, src->remaining);
}

/* ------------------------------------------------------------------ */
/* Copying and answering                                                */

static void netbk_rx_flush(struct netbk_queue *queue,
			   struct netbk_rx_batch *batch);

static void netbk_rx_copy_source(struct gnttab_copy *op, struct page *page,
				 unsigned int pg_off)
{
	struct xen_page_foreign *foreign = xen_page_foreign(page);

	op->source.offset = pg_off & ~XEN_PAGE_MASK;
	if (foreign) {
		/* A page another guest granted to dom0: copy from its grant. */
		op->source.domid = foreign->domid;
		op->source.u.ref = foreign->gref;
		op->flags |= GNTCOPY_source_gref;
	} else {
		op->source.domid = DOMID_SELF;
		op->source.u.gmfn = pfn_to_gfn(page_to_xen_pfn(page) +
					       (pg_off >> XEN_PAGE_SHIFT));
	}
}

/*
 * Add one copy operation from the packet's current position into the
 * guest buffer @req at @dst_off. Returns the bytes it covers: never past a
 * source frame, a source piece or the destination slot; 0 if the packet
 * has no data left where its length says it has (a malformed skb).
 */
static unsigned int netbk_rx_add_copy(struct netbk_queue *queue,
				      struct netbk_rx_batch *batch,
				      struct netbk_rx_src *src,
				      const struct netbk_rx_req *req,
				      unsigned int dst_off)
{
	struct gnttab_copy *op;
	unsigned int pg_off, len;
	struct page *page;

	len = netbk_rx_src_chunk(src, &page, &pg_off);
	if (WARN_ON_ONCE(!len))
		return 0;
	len = min_t(unsigned int, len, XEN_PAGE_SIZE - dst_off);

	if (batch->nr_ops == NETBK_COPY_BATCH)
		netbk_rx_flush(queue, batch);

	op = &batch->ops[batch->nr_ops++];
	op->flags = GNTCOPY_dest_gref;
	netbk_rx_copy_source(op, page, pg_off);
	op->dest.domid = queue->vif->domid;
	op->dest.u.ref = req->gref;
	op->dest.offset = dst_off;
	op->len = len;
	NETBK_RX_CB(batch->cur)->ops++;

	src->off += len;
	src->remaining -= len;
	return len;
}

static u16 netbk_rx_first_flags(const struct sk_buff *skb)
{
	u16 flags = 0;

	/* The guest sees what dom0 knows of the checksum, as with stock. */
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		flags |= XEN_NETRXF_csum_blank | XEN_NETRXF_data_validated;
	else if (skb->ip_summed == CHECKSUM_UNNECESSARY)
		flags |= XEN_NETRXF_data_validated;
	if (NETBK_RX_CB(skb)->extras)
		flags |= XEN_NETRXF_extra_info;
	return flags;
}

/* Fill the next ring slot with data, up to its 4 KiB, and answer it. */
static void netbk_rx_data_slot(struct netbk_queue *queue,
			       struct netbk_rx_batch *batch,
			       struct netbk_rx_src *src, bool first)
{
	struct sk_buff *skb = src->skb;
	struct xen_netif_rx_response rsp;
	struct netbk_rx_req req;
	unsigned int start = first ? NETBK_RX_CB(skb)->headroom : 0;
	unsigned int off = start;
	unsigned int len;

	netbk_rx_fetch(queue, queue->rx.req_cons, &req);

	while (off < XEN_PAGE_SIZE && src->remaining) {
		len = netbk_rx_add_copy(queue, batch, src, &req, off);
		if (!len) {
			/* Cannot copy what is not there: fail the packet. */
			NETBK_RX_CB(skb)->failed = true;
			src->remaining = 0;
			break;
		}
		off += len;
	}

	rsp.id = req.id;
	rsp.offset = start;
	rsp.flags = first ? netbk_rx_first_flags(skb) : 0;
	if (src->remaining)
		rsp.flags |= XEN_NETRXF_more_data;
	rsp.status = off - start;
	*RING_GET_RESPONSE(&queue->rx, queue->rx.req_cons) = rsp;
	queue->rx.req_cons++;
}

static void netbk_rx_fill_hash(const struct sk_buff *skb,
			       struct xen_netif_extra_info *extra)
{
	bool ipv4 = skb->protocol == htons(ETH_P_IP);
	u32 hash = skb_get_hash_raw(skb);

	extra->u.hash.algorithm = XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ;
	if (skb->l4_hash)
		extra->u.hash.type = ipv4 ? _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP :
					    _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP;
	else
		extra->u.hash.type = ipv4 ? _XEN_NETIF_CTRL_HASH_TYPE_IPV4 :
					    _XEN_NETIF_CTRL_HASH_TYPE_IPV6;
	/* In the guest's byte order, which is ours (as stock does). */
	memcpy(extra->u.hash.value, &hash, sizeof(extra->u.hash.value));
}

/* One extra-info segment of type @bit into the next ring slot. */
static void netbk_rx_extra_slot(struct netbk_queue *queue,
				const struct sk_buff *skb, unsigned int bit,
				bool more)
{
	const struct netbk_rx_cb *cb = NETBK_RX_CB(skb);
	struct xen_netif_extra_info extra = { 0 };

	BUILD_BUG_ON(sizeof(extra) != sizeof(struct xen_netif_rx_response));

	switch (bit) {
	case NETBK_RX_EXTRA_GSO:
		extra.type = XEN_NETIF_EXTRA_TYPE_GSO;
		extra.u.gso.type = cb->gso_type;
		extra.u.gso.size = skb_shinfo(skb)->gso_size;
		break;
	case NETBK_RX_EXTRA_HASH:
		extra.type = XEN_NETIF_EXTRA_TYPE_HASH;
		netbk_rx_fill_hash(skb, &extra);
		break;
	case NETBK_RX_EXTRA_XDP:
		extra.type = XEN_NETIF_EXTRA_TYPE_XDP;
		extra.u.xdp.headroom = cb->headroom;
		break;
	}
	if (more)
		extra.flags = XEN_NETIF_EXTRA_FLAG_MORE;

	/* An extra segment answers a request in place of a response. */
	*(struct xen_netif_extra_info *)RING_GET_RESPONSE(&queue->rx,
							   queue->rx.req_cons) = extra;
	queue->rx.req_cons++;
}

static void netbk_rx_extra_slots(struct netbk_queue *queue,
				 const struct sk_buff *skb)
{
	unsigned long extras = NETBK_RX_CB(skb)->extras;
	unsigned int bit;

	while (extras) {
		bit = extras & -extras;
		extras &= ~(unsigned long)bit;
		netbk_rx_extra_slot(queue, skb, bit, extras != 0);
	}
}

/*
 * Lay one packet out on the ring: the first data slot, its extras, the
 * rest of its data. Its copy operations join the batch; its responses
 * are written now and fixed up if a copy fails, before they are pushed.
 */
static void netbk_rx_build(struct netbk_queue *queue,
			   struct netbk_rx_batch *batch, struct sk_buff *skb)
{
	struct netbk_rx_cb *cb = NETBK_RX_CB(skb);
	struct netbk_rx_src src;
	unsigned int slot;

	cb->first = queue->rx.req_cons;
	cb->ops = 0;
	cb->failed = false;
	batch->cur = skb;
	netbk_rx_src_init(&src, skb);

	netbk_rx_data_slot(queue, batch, &src, true);
	netbk_rx_extra_slots(queue, skb);
	/* Never more slots than were waited for, whatever the skb says. */
	for (slot = 1; slot < cb->data_slots && src.remaining; slot++)
		netbk_rx_data_slot(queue, batch, &src, false);
	if (WARN_ON_ONCE(src.remaining))
		cb->failed = true;	/* more_data promised a slot too many */

	cb->used = queue->rx.req_cons - cb->first;
	queue->rx.rsp_prod_pvt = queue->rx.req_cons;
	batch->cur = NULL;
	__skb_queue_tail(&batch->done, skb);
}

/* Note the outcome of @skb's operations, which start at @op. */
static struct gnttab_copy *netbk_rx_check_ops(struct netbk_queue *queue,
					      struct sk_buff *skb,
					      struct gnttab_copy *op)
{
	struct netbk_rx_cb *cb = NETBK_RX_CB(skb);
	unsigned int i;

	for (i = 0; i < cb->ops; i++, op++) {
		if (likely(op->status == GNTST_okay))
			continue;
		/* The guest's own bad grant: only its packet suffers. */
		cb->failed = true;
		netbk_stat_add(&queue->stats.rx.syncp,
			       &queue->stats.rx.copy_errors, 1);
	}
	cb->ops = 0;
	return op;
}

/* Account a packet whose responses are all written, and free it. */
static void netbk_rx_complete(struct netbk_queue *queue, struct sk_buff *skb)
{
	const struct netbk_rx_cb *cb = NETBK_RX_CB(skb);
	struct netbk_rx_counters *rxc = &queue->stats.rx;
	unsigned int nr_extras = hweight8(cb->extras);
	unsigned long sflags;
	unsigned int i;

	if (!cb->failed) {
		sflags = netbk_stats_begin(&rxc->syncp);
		u64_stats_inc(&rxc->tx_packets);
		u64_stats_add(&rxc->tx_bytes, skb->len);
		netbk_stats_end(&rxc->syncp, sflags);
		consume_skb(skb);
		return;
	}

	/* Every data slot says error, so netfront drops the whole packet. */
	for (i = 0; i < cb->used; i++) {
		if (i >= 1 && i <= nr_extras)
			continue;	/* an extra segment, not a response */
		WRITE_ONCE(RING_GET_RESPONSE(&queue->rx, cb->first + i)->status,
			   XEN_NETIF_RSP_ERROR);
	}
	netbk_stat_add(&rxc->syncp, &rxc->tx_dropped, 1);
	kfree_skb(skb);
}

/*
 * Issue the batch's copies, mark the packets they failed, then push the
 * responses of every finished packet and tell the guest if it asked. The
 * packet being built (batch->cur) keeps its unpushed responses.
 */
static void netbk_rx_flush(struct netbk_queue *queue,
			   struct netbk_rx_batch *batch)
{
	struct netbk_worker_stats *ws = &batch->group->rx.stats;
	struct netbk_rx_counters *rxc = &queue->stats.rx;
	struct gnttab_copy *op = batch->ops;
	unsigned long sflags;
	struct sk_buff *skb;
	int notify;

	if (batch->nr_ops) {
		unsigned int calls = netbk_grant_copy(batch->ops,
						      batch->nr_ops);

		sflags = netbk_stats_begin(&rxc->syncp);
		u64_stats_add(&rxc->hypercalls, calls);
		u64_stats_add(&rxc->copy_ops, batch->nr_ops);
		netbk_stats_end(&rxc->syncp, sflags);
		sflags = netbk_stats_begin(&ws->syncp);
		u64_stats_add(&ws->hypercalls, calls);
		u64_stats_add(&ws->copy_ops, batch->nr_ops);
		netbk_stats_end(&ws->syncp, sflags);

		/* Operations are in packet order, the unfinished one last. */
		skb_queue_walk(&batch->done, skb)
			op = netbk_rx_check_ops(queue, skb, op);
		if (batch->cur)
			op = netbk_rx_check_ops(queue, batch->cur, op);
		WARN_ON_ONCE(op != batch->ops + batch->nr_ops);
		batch->nr_ops = 0;
	}

	if (skb_queue_empty(&batch->done))
		return;
	while ((skb = __skb_dequeue(&batch->done)))
		netbk_rx_complete(queue, skb);

	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&queue->rx, notify);
	if (notify)
		notify_remote_via_irq(queue->rx_irq);
}

/* ------------------------------------------------------------------ */
/* Stall and drain                                                      */

static bool netbk_rx_stalled(const struct netbk_queue *queue)
{
	const struct netbk_vif *vif = queue->vif;
	unsigned int needed = READ_ONCE(queue->rx_slots_needed);

	return vif->stall_timeout && !queue->stalled &&
	       netbk_rx_posted(queue) < needed &&
	       time_after(jiffies, queue->last_rx_time + vif->stall_timeout);
}

static bool netbk_rx_ready(const struct netbk_queue *queue)
{
	unsigned int needed = READ_ONCE(queue->rx_slots_needed);

	if (!queue->stalled)
		return false;
	/* No stall detection (no feature-rx-notify): never stay stalled. */
	return !queue->vif->stall_timeout || netbk_rx_posted(queue) >= needed;
}

/*
 * Mark the queue stalled or ready. As stock, the carrier goes off when a
 * first queue of the vif stalls (packets are then dropped by the stack,
 * not queued here) and on when none is stalled. The count is taken from
 * the queues' flags, under vif->lock, so that it cannot drift.
 */
static void netbk_rx_set_stalled(struct netbk_queue *queue, bool stalled)
{
	struct netbk_vif *vif = queue->vif;
	unsigned int i, n = stalled;
	unsigned long flags;

	spin_lock_irqsave(&vif->lock, flags);
	queue->stalled = stalled;
	for (i = 0; i < READ_ONCE(vif->num_queues); i++)
		if (&vif->queues[i] != queue && vif->queues[i].stalled)
			n++;
	vif->stalled_queues = n;

	if (stalled && n == 1) {
		netdev_info(vif->dev, "Guest Rx stalled\n");
		netif_carrier_off(vif->dev);
	} else if (!stalled && n == 0 && !READ_ONCE(vif->disabled) &&
		   test_bit(NETBK_VIF_CONNECTED, &vif->status)) {
		netdev_info(vif->dev, "Guest Rx ready\n");
		netif_carrier_on(vif->dev);
	}
	spin_unlock_irqrestore(&vif->lock, flags);

	if (!stalled)
		queue->last_rx_time = jiffies;	/* detect the next stall anew */
}

static void netbk_rx_check_stall(struct netbk_queue *queue)
{
	if (netbk_rx_stalled(queue))
		netbk_rx_set_stalled(queue, true);
	else if (netbk_rx_ready(queue))
		netbk_rx_set_stalled(queue, false);
}

/*
 * The head packet waits for slots: come back when it expires, or when the
 * guest will have given no slots for the stall timeout, whichever is
 * first. The guest's event may of course bring the worker back sooner.
 */
static void netbk_rx_arm_timer(struct netbk_queue *queue)
{
	const struct netbk_vif *vif = queue->vif;
	unsigned long when = 0, stall, flags;
	struct sk_buff *head;

	spin_lock_irqsave(&queue->rx_queue.lock, flags);
	head = skb_peek(&queue->rx_queue);
	if (head)
		when = NETBK_RX_CB(head)->expires;
	spin_unlock_irqrestore(&queue->rx_queue.lock, flags);
	if (!head)
		return;

	if (vif->stall_timeout && !queue->stalled) {
		stall = queue->last_rx_time + vif->stall_timeout + 1;
		if (time_before(stall, when))
			when = stall;
	}
	mod_timer(&queue->rx_timer, when);
}

void netbk_rx_timer(struct timer_list *t)
{
	struct netbk_queue *queue = timer_container_of(queue, t, rx_timer);

	netbk_group_kick_rx(queue);
}

/* ------------------------------------------------------------------ */
/* The RX worker's entry points                                         */

bool netbk_rx_has_work(struct netbk_queue *queue)
{
	RING_IDX prod;

	return netbk_rx_slots_available(queue, &prod) ||
	       netbk_rx_stalled(queue) || netbk_rx_ready(queue);
}

bool netbk_rx_action(struct netbk_group *group, struct netbk_queue *queue,
		     unsigned int budget)
{
	struct netbk_vif *vif = queue->vif;
	struct netbk_rx_batch batch;
	unsigned int done = 0;
	struct sk_buff *skb;
	RING_IDX prod;
	bool more;

	if (READ_ONCE(vif->disabled))
		return false;

	batch.group = group;
	batch.ops = group->rx_copy;
	batch.nr_ops = 0;
	batch.cur = NULL;
	__skb_queue_head_init(&batch.done);

	while (done < budget && netbk_rx_slots_available(queue, &prod)) {
		if (unlikely(RING_REQUEST_PROD_OVERFLOW(&queue->rx, prod))) {
			netbk_vif_fatal(vif, "guest RX ring overflow");
			break;
		}
		/* Read the requests only after req_prod that covers them. */
		virt_rmb();
		skb = netbk_rx_dequeue(queue, false);
		if (!skb)
			break;
		netbk_rx_build(queue, &batch, skb);
		done++;
	}
	netbk_rx_flush(queue, &batch);

	if (READ_ONCE(vif->disabled))
		return false;
	if (done)
		queue->last_rx_time = jiffies;

	netbk_rx_check_stall(queue);
	netbk_rx_drop_expired(queue);

	more = done == budget && netbk_rx_slots_available(queue, &prod);
	if (!more && !skb_queue_empty_lockless(&queue->rx_queue))
		netbk_rx_arm_timer(queue);
	return more;
}
