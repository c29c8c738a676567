// SPDX-License-Identifier: GPL-2.0
/*
 * Guest TX, pure logic: the checks every packet a guest posts must pass,
 * and the plan of grant copies that brings it into dom0 memory.
 *
 * The parser works on private copies handed out by the caller's fetch
 * callback, so nothing it checks can change under it. Its checks run in
 * the order the stock 6.1 driver runs them, so that a given hostile
 * packet gets the same outcome (fatal, error or accepted) from both:
 *
 *   1. extra-info slots: present and of a known type        (fatal)
 *   2. multicast add/del extras: a control request, done
 *   3. follow-on slots, one at a time: posted, fewer than
 *      fatal_skb_slots (fatal); more than the legacy 18 or
 *      larger than the bytes left (error, but keep going
 *      for the fatal checks); inside one 4 KiB page (fatal)
 *   4. the first slot's own bytes: at least ETH_HLEN (error),
 *      inside one page (fatal)
 *   5. the GSO extra: size and type                           (fatal)
 */

#include "netbk_logic.h"

static const char * const netbk_tx_reasons[NETBK_TXR_NR] = {
	[NETBK_TXR_NONE]		= "no error",
	[NETBK_TXR_MISSING_EXTRA]	= "missing extra info (extras read, slots posted)",
	[NETBK_TXR_BAD_EXTRA_TYPE]	= "invalid extra info type (type)",
	[NETBK_TXR_SLOTS_EXCEED_POSTED]	= "more slots than posted (follow-ons, posted)",
	[NETBK_TXR_MALICIOUS_SLOTS]	= "too many slots, malicious (follow-ons, fatal_skb_slots)",
	[NETBK_TXR_CROSS_PAGE]		= "slot crosses a page boundary (offset, size)",
	[NETBK_TXR_GSO_SIZE_ZERO]	= "GSO size is zero",
	[NETBK_TXR_GSO_BAD_TYPE]	= "bad GSO type (type)",
	[NETBK_TXR_TOO_MANY_SLOTS]	= "too many slots (follow-ons, limit)",
	[NETBK_TXR_SLOT_TOO_BIG]	= "slot larger than remaining size (size, remaining)",
	[NETBK_TXR_TOO_SHORT]		= "packet too short (first slot bytes, minimum)",
};

const char *netbk_tx_reason_str(enum netbk_tx_reason reason)
{
	if ((unsigned int)reason >= NETBK_TXR_NR)
		return "unknown";
	return netbk_tx_reasons[reason];
}

static void netbk_tx_verdict(struct netbk_txpkt *pkt,
			     enum netbk_tx_verdict verdict,
			     enum netbk_tx_reason reason, u32 arg0, u32 arg1)
{
	pkt->verdict = verdict;
	pkt->reason = reason;
	pkt->reason_arg[0] = arg0;
	pkt->reason_arg[1] = arg1;
}

static bool netbk_tx_crosses_page(const struct netbk_txreq *req, u32 size)
{
	return (u32)req->offset + size > NETBK_PAGE_SIZE;
}

/* Step 1: the extras that follow the first slot. False if fatal. */
static bool netbk_tx_parse_extras(const struct netbk_txsrc *src,
				  unsigned int avail, struct netbk_txpkt *pkt)
{
	struct netbk_txslot slot;

	do {
		if (pkt->slots >= avail) {
			netbk_tx_verdict(pkt, NETBK_TX_FATAL,
					 NETBK_TXR_MISSING_EXTRA,
					 pkt->nr_extras, avail);
			return false;
		}
		src->fetch(src->ctx, pkt->slots, &slot);
		pkt->slots++;
		pkt->nr_extras++;

		if (!slot.extra.type || slot.extra.type >= NETBK_EXTRA_TYPE_MAX) {
			netbk_tx_verdict(pkt, NETBK_TX_FATAL,
					 NETBK_TXR_BAD_EXTRA_TYPE,
					 slot.extra.type, 0);
			return false;
		}
		/* A later extra of the same type replaces an earlier one. */
		pkt->extras[slot.extra.type - 1] = slot.extra;
	} while (slot.extra.flags & NETBK_EXTRA_FLAG_MORE);

	return true;
}

/*
 * Step 3: the follow-on slots. Every slot consumed is kept (the error
 * path answers each by id), and the slots after a first error are still
 * read and checked for the fatal conditions, as stock does. @remaining
 * counts down from the packet's length in 16 bits like the protocol's
 * size field; once a slot overshoots the packet is an error anyway.
 * Returns false if fatal; *@remaining is left as the first slot's share.
 */
static bool netbk_tx_parse_frags(const struct netbk_txsrc *src,
				 unsigned int avail, unsigned int fatal_slots,
				 struct netbk_txpkt *pkt, u16 *remaining,
				 enum netbk_tx_reason *drop)
{
	unsigned int posted = avail - pkt->slots;
	struct netbk_txslot slot;
	unsigned int n = 0;
	u16 flags = pkt->first.flags;

	while (flags & NETBK_TXF_MORE_DATA) {
		if (n >= posted) {
			netbk_tx_verdict(pkt, NETBK_TX_FATAL,
					 NETBK_TXR_SLOTS_EXCEED_POSTED,
					 n + 1, posted);
			return false;
		}
		if (n >= fatal_slots) {
			netbk_tx_verdict(pkt, NETBK_TX_FATAL,
					 NETBK_TXR_MALICIOUS_SLOTS,
					 n + 1, fatal_slots);
			return false;
		}
		if (*drop == NETBK_TXR_NONE && n >= NETBK_LEGACY_SLOTS_MAX)
			*drop = NETBK_TXR_TOO_MANY_SLOTS;

		src->fetch(src->ctx, pkt->slots + n, &slot);
		pkt->frags[n] = slot.req;

		if (*drop == NETBK_TXR_NONE && slot.req.size > *remaining) {
			*drop = NETBK_TXR_SLOT_TOO_BIG;
			pkt->reason_arg[0] = slot.req.size;
			pkt->reason_arg[1] = *remaining;
		}
		*remaining = (u16)(*remaining - slot.req.size);
		n++;
		pkt->nr_frags = n;

		if (netbk_tx_crosses_page(&slot.req, slot.req.size)) {
			pkt->slots += n;
			netbk_tx_verdict(pkt, NETBK_TX_FATAL,
					 NETBK_TXR_CROSS_PAGE,
					 slot.req.offset, slot.req.size);
			return false;
		}
		if (slot.req.size)
			pkt->nr_data_frags++;
		flags = slot.req.flags;
	}

	pkt->slots += n;
	return true;
}

/* Step 5: a GSO extra must describe something the stack can segment. */
static void netbk_tx_check_gso(struct netbk_txpkt *pkt)
{
	const struct netbk_extra *gso = &pkt->extras[NETBK_EXTRA_GSO - 1];

	if (!gso->type)
		return;
	if (!gso->u.gso.size) {
		netbk_tx_verdict(pkt, NETBK_TX_FATAL, NETBK_TXR_GSO_SIZE_ZERO,
				 0, 0);
		return;
	}
	if (gso->u.gso.type != NETBK_GSO_TCPV4 &&
	    gso->u.gso.type != NETBK_GSO_TCPV6)
		netbk_tx_verdict(pkt, NETBK_TX_FATAL, NETBK_TXR_GSO_BAD_TYPE,
				 gso->u.gso.type, 0);
}

static void netbk_tx_pkt_reset(struct netbk_txpkt *pkt)
{
	unsigned int i;

	/* frags[] is large and only read up to nr_frags: not cleared. */
	for (i = 0; i < NETBK_EXTRA_TYPE_MAX - 1; i++)
		pkt->extras[i] = (struct netbk_extra){ 0 };
	pkt->first = (struct netbk_txreq){ 0 };
	pkt->first_len = 0;
	pkt->nr_frags = 0;
	pkt->nr_data_frags = 0;
	pkt->nr_extras = 0;
	pkt->slots = 0;
	netbk_tx_verdict(pkt, NETBK_TX_OK, NETBK_TXR_NONE, 0, 0);
}

void netbk_tx_parse(const struct netbk_txsrc *src, unsigned int avail,
		    unsigned int fatal_slots, struct netbk_txpkt *pkt)
{
	enum netbk_tx_reason drop = NETBK_TXR_NONE;
	struct netbk_txslot slot;
	u16 remaining;

	netbk_tx_pkt_reset(pkt);

	/* Callers only parse when a slot was posted; never read past it. */
	if (!avail) {
		netbk_tx_verdict(pkt, NETBK_TX_FATAL,
				 NETBK_TXR_SLOTS_EXCEED_POSTED, 1, 0);
		return;
	}
	/* As stock clamps the parameter; the bound also keeps frags[] safe. */
	if (fatal_slots < NETBK_FATAL_SLOTS_MIN)
		fatal_slots = NETBK_FATAL_SLOTS_MIN;
	if (fatal_slots > NETBK_FATAL_SLOTS_MAX)
		fatal_slots = NETBK_FATAL_SLOTS_MAX;

	src->fetch(src->ctx, 0, &slot);
	pkt->first = slot.req;
	pkt->slots = 1;

	if ((pkt->first.flags & NETBK_TXF_EXTRA_INFO) &&
	    !netbk_tx_parse_extras(src, avail, pkt))
		return;

	/* Step 2: a multicast request carries no packet (nor follow-ons). */
	if (pkt->extras[NETBK_EXTRA_MCAST_ADD - 1].type ||
	    pkt->extras[NETBK_EXTRA_MCAST_DEL - 1].type) {
		netbk_tx_verdict(pkt, NETBK_TX_CONTROL, NETBK_TXR_NONE, 0, 0);
		return;
	}

	remaining = pkt->first.size;
	if (!netbk_tx_parse_frags(src, avail, fatal_slots, pkt, &remaining,
				  &drop))
		return;
	if (drop == NETBK_TXR_TOO_MANY_SLOTS)
		netbk_tx_verdict(pkt, NETBK_TX_ERROR, drop, pkt->nr_frags,
				 NETBK_LEGACY_SLOTS_MAX);
	if (drop == NETBK_TXR_SLOT_TOO_BIG)
		netbk_tx_verdict(pkt, NETBK_TX_ERROR, drop,
				 pkt->reason_arg[0], pkt->reason_arg[1]);
	if (drop != NETBK_TXR_NONE)
		return;

	/* Step 4: the first slot's own share, what is left of the size. */
	pkt->first_len = remaining;
	if (remaining < NETBK_ETH_HLEN) {
		netbk_tx_verdict(pkt, NETBK_TX_ERROR, NETBK_TXR_TOO_SHORT,
				 remaining, NETBK_ETH_HLEN);
		return;
	}
	if (netbk_tx_crosses_page(&pkt->first, remaining)) {
		netbk_tx_verdict(pkt, NETBK_TX_FATAL, NETBK_TXR_CROSS_PAGE,
				 pkt->first.offset, remaining);
		return;
	}

	netbk_tx_check_gso(pkt);
}

/*
 * A packet of up to NETBK_TX_SMALL_LEN bytes goes wholly into the linear
 * area; a larger one gets NETBK_TX_COPY_LEN bytes of headers there and
 * the rest in frag pages, each filled before the next.
 */
unsigned int netbk_tx_linear_len(unsigned int pkt_len)
{
	if (pkt_len <= NETBK_TX_SMALL_LEN)
		return pkt_len;
	return NETBK_TX_COPY_LEN;
}

bool netbk_tx_page_size_ok(unsigned int page_size)
{
	return page_size >= NETBK_PAGE_SIZE &&
	       page_size <= NETBK_PAGE_SIZE_MAX &&
	       !(page_size & (page_size - 1));
}

unsigned int netbk_tx_frag_pages(unsigned int pkt_len, unsigned int linear,
				 unsigned int page_size)
{
	if (pkt_len <= linear || !netbk_tx_page_size_ok(page_size))
		return 0;
	return (pkt_len - linear - 1) / page_size + 1;
}

unsigned int netbk_tx_frag_len(unsigned int pkt_len, unsigned int linear,
			       unsigned int page_size, unsigned int i)
{
	unsigned int start;

	if (i >= netbk_tx_frag_pages(pkt_len, linear, page_size))
		return 0;
	start = linear + i * page_size;	/* < pkt_len: no overflow */
	return pkt_len - start < page_size ? pkt_len - start : page_size;
}

/* Where byte @pos of the packet lands, and how much fits from there. */
static void netbk_tx_dst_at(const struct netbk_tx_layout *layout,
			    unsigned int pos, struct netbk_copy_seg *seg,
			    unsigned int *room)
{
	unsigned int in_page;

	if (pos < layout->linear_len) {
		/* The linear area may start mid-page and cross a page. */
		in_page = (layout->linear_page_off + pos) % NETBK_PAGE_SIZE;
		seg->dst_area = 0;
		seg->dst_offset = pos;
		*room = NETBK_PAGE_SIZE - in_page;
		if (*room > layout->linear_len - pos)
			*room = layout->linear_len - pos;
		return;
	}
	/* A frag page is filled; a copy stops at each 4 KiB frame in it. */
	pos -= layout->linear_len;
	seg->dst_area = 1 + pos / layout->page_size;
	seg->dst_offset = pos % layout->page_size;
	*room = NETBK_PAGE_SIZE - seg->dst_offset % NETBK_PAGE_SIZE;
}

/* Split one source slot into segments; false if it does not fit. */
static bool netbk_tx_plan_slot(const struct netbk_tx_layout *layout,
			       unsigned int slot, unsigned int offset,
			       unsigned int len, unsigned int *pos,
			       struct netbk_copy_seg *segs, unsigned int max,
			       unsigned int *n)
{
	unsigned long long capacity = layout->linear_len +
		(unsigned long long)layout->nr_pages * layout->page_size;
	unsigned int room;

	/* Sources never cross a page (the parser saw to it): insist. */
	if (offset + len > NETBK_PAGE_SIZE)
		return false;

	while (len) {
		struct netbk_copy_seg *seg;

		if (*n >= max || *pos >= capacity)
			return false;
		seg = &segs[*n];
		netbk_tx_dst_at(layout, *pos, seg, &room);
		if (room > len)
			room = len;
		seg->src_slot = slot;
		seg->src_offset = offset;
		seg->len = room;
		(*n)++;
		*pos += room;
		offset += room;
		len -= room;
	}
	return true;
}

int netbk_tx_plan_copy(const struct netbk_txpkt *pkt,
		       const struct netbk_tx_layout *layout,
		       struct netbk_copy_seg *segs, unsigned int max)
{
	unsigned int pos = 0, n = 0, i;

	if (pkt->nr_frags > NETBK_FATAL_SLOTS_MAX ||
	    !netbk_tx_page_size_ok(layout->page_size))
		return -1;
	if (!netbk_tx_plan_slot(layout, 0, pkt->first.offset, pkt->first_len,
				&pos, segs, max, &n))
		return -1;
	for (i = 0; i < pkt->nr_frags; i++) {
		const struct netbk_txreq *req = &pkt->frags[i];

		/* Zero-size slots carry nothing: no segment, no frag. */
		if (!netbk_tx_plan_slot(layout, i + 1, req->offset, req->size,
					&pos, segs, max, &n))
			return -1;
	}
	return n;
}
