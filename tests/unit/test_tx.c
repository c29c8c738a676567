// SPDX-License-Identifier: GPL-2.0
/*
 * Guest TX checks and copy plans (src/txcheck.c), fed hostile rings.
 *
 * A test ring is an array of slots the parser reads through the same
 * callback type the module uses; the callback notes any read beyond what
 * was posted, which would be a bug in the parser whatever the verdict.
 */
#include <stdlib.h>
#include "unit.h"
#include "netbk_logic.h"

#define FATAL_DEFAULT	20u	/* stock fatal_skb_slots */
/* NETBK_TX_SEGS_MAX of netbk.h (a kernel header). */
#define SEGS_MAX	(2 * (NETBK_LEGACY_SLOTS_MAX + 1) + 2)

struct ring {
	struct netbk_txslot slot[NETBK_TX_RING_SIZE];
	unsigned int n;		/* slots posted */
	int bad_fetch;		/* read at or past n */
};

static struct ring ring;
static struct netbk_txpkt pkt;
static struct netbk_copy_seg segs[SEGS_MAX + 64];

static void ring_fetch(void *ctx, unsigned int i, struct netbk_txslot *slot)
{
	struct ring *r = ctx;

	if (i >= r->n || i >= NETBK_TX_RING_SIZE) {
		r->bad_fetch = 1;
		memset(slot, 0x5a, sizeof(*slot));
		return;
	}
	*slot = r->slot[i];
}

static void ring_reset(void)
{
	memset(&ring, 0, sizeof(ring));
}

static void put_req(u16 offset, u16 flags, u16 size)
{
	struct netbk_txslot *s = &ring.slot[ring.n];

	memset(s, 0, sizeof(*s));
	s->req.gref = 100 + ring.n;
	s->req.id = 1000 + ring.n;
	s->req.offset = offset;
	s->req.flags = flags;
	s->req.size = size;
	ring.n++;
}

static void put_extra(u8 type, u8 flags)
{
	struct netbk_txslot *s = &ring.slot[ring.n];

	memset(s, 0, sizeof(*s));
	s->extra.type = type;
	s->extra.flags = flags;
	ring.n++;
}

static void put_gso(u16 size, u8 type, u8 flags)
{
	put_extra(NETBK_EXTRA_GSO, flags);
	ring.slot[ring.n - 1].extra.u.gso.size = size;
	ring.slot[ring.n - 1].extra.u.gso.type = type;
}

/* A packet of @nfrags follow-ons of @frag bytes each, first slot @own. */
static void put_packet(u16 own, unsigned int nfrags, u16 frag, u16 first_flags)
{
	unsigned int i;

	put_req(0, first_flags | (nfrags ? NETBK_TXF_MORE_DATA : 0),
		own + nfrags * frag);
	for (i = 0; i < nfrags; i++)
		put_req(0, i + 1 < nfrags ? NETBK_TXF_MORE_DATA : 0, frag);
}

static void parse_n(unsigned int avail, unsigned int fatal)
{
	struct netbk_txsrc src = { .fetch = ring_fetch, .ctx = &ring };

	memset(&pkt, 0xee, sizeof(pkt));	/* no reliance on a clean pkt */
	netbk_tx_parse(&src, avail, fatal, &pkt);
}

static void parse(void)
{
	parse_n(ring.n, FATAL_DEFAULT);
}

/* ------------------------------------------------------------------ */
/* Copy plan checker                                                   */

static char plan_err[160];

static bool plan_fail(const char *what, int i)
{
	snprintf(plan_err, sizeof(plan_err), "segment %d: %s", i, what);
	return false;
}

static unsigned int slot_len(const struct netbk_txpkt *p, unsigned int s)
{
	return s ? p->frags[s - 1].size : p->first_len;
}

static unsigned int slot_off(const struct netbk_txpkt *p, unsigned int s)
{
	return s ? p->frags[s - 1].offset : p->first.offset;
}

/*
 * The plan covers every byte of every slot exactly once, in ring order,
 * lands them densely in order in the destination, and no segment crosses
 * a 4 KiB page on either side.
 */
static bool plan_ok(const struct netbk_txpkt *p, const struct netbk_tx_layout *l,
		    const struct netbk_copy_seg *sg, int n, unsigned int len)
{
	unsigned int pos = 0, slot = 0, in_slot = 0, sum = 0;
	int i;

	if (n < 0)
		return plan_fail("plan refused", n);
	for (i = 0; i < n; i++) {
		const struct netbk_copy_seg *s = &sg[i];
		unsigned int want_area, want_off, page_off;

		if (!s->len)
			return plan_fail("empty", i);
		/* Source: the next bytes of the current or a later slot. */
		while (slot <= p->nr_frags && in_slot == slot_len(p, slot)) {
			slot++;
			in_slot = 0;
		}
		if (s->src_slot != slot)
			return plan_fail("source slot out of order", i);
		if (s->src_offset != slot_off(p, slot) + in_slot)
			return plan_fail("source offset not contiguous", i);
		if (s->src_offset + s->len > NETBK_PAGE_SIZE)
			return plan_fail("source crosses a page", i);
		if (in_slot + s->len > slot_len(p, slot))
			return plan_fail("source overruns its slot", i);
		in_slot += s->len;

		/* Destination: exactly at pos, not crossing a page. */
		if (pos < l->linear_len) {
			want_area = 0;
			want_off = pos;
			page_off = (l->linear_page_off + pos) % NETBK_PAGE_SIZE;
			if (pos + s->len > l->linear_len)
				return plan_fail("overruns linear area", i);
		} else {
			want_area = 1 + (pos - l->linear_len) / l->page_size;
			want_off = (pos - l->linear_len) % l->page_size;
			/* The 4 KiB frame inside the (maybe larger) page. */
			page_off = want_off % NETBK_PAGE_SIZE;
			if (want_area > l->nr_pages)
				return plan_fail("past the last page", i);
			if (want_off + s->len > l->page_size)
				return plan_fail("overruns its frag page", i);
		}
		if (s->dst_area != want_area || s->dst_offset != want_off)
			return plan_fail("destination not contiguous", i);
		if (page_off + s->len > NETBK_PAGE_SIZE)
			return plan_fail("destination crosses a page", i);
		pos += s->len;
		sum += s->len;
	}
	if (sum != len) {
		snprintf(plan_err, sizeof(plan_err), "sum %u != length %u",
			 sum, len);
		return false;
	}
	return true;
}

/* Plan @p into the layout a kernel of @page_size pages gives it. */
static int plan_ps(const struct netbk_txpkt *p, unsigned int page_off,
		   unsigned int page_size, struct netbk_tx_layout *l)
{
	unsigned int len = p->first.size;

	l->linear_len = netbk_tx_linear_len(len);
	l->linear_page_off = page_off;
	l->page_size = page_size;
	l->nr_pages = netbk_tx_frag_pages(len, l->linear_len, page_size);
	return netbk_tx_plan_copy(p, l, segs, SEGS_MAX);
}

static int plan(const struct netbk_txpkt *p, unsigned int page_off,
		struct netbk_tx_layout *l)
{
	return plan_ps(p, page_off, NETBK_PAGE_SIZE, l);
}

#define CHECK_PLAN(p, l, n, len)					\
	do {								\
		if (!plan_ok(p, l, segs, n, len)) {			\
			unit_fail(__FILE__, __LINE__, plan_err);	\
			return;						\
		}							\
	} while (0)

#define CHECK_VERDICT(v, r)						\
	do {								\
		CHECK(!ring.bad_fetch);					\
		CHECK_EQ(pkt.verdict, v);				\
		CHECK_EQ(pkt.reason, r);				\
	} while (0)

/* ------------------------------------------------------------------ */
/* OK                                                                  */

UNIT_TEST(tx_ok_single_slot)
{
	struct netbk_tx_layout l;
	int n;

	ring_reset();
	put_req(100, NETBK_TXF_CSUM_BLANK, 60);
	parse();
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
	CHECK_EQ(pkt.slots, 1);
	CHECK_EQ(pkt.first_len, 60);
	CHECK_EQ(pkt.nr_frags, 0);
	CHECK_EQ(pkt.nr_extras, 0);
	CHECK_EQ(pkt.first.id, 1000);
	n = plan(&pkt, 64, &l);
	CHECK_EQ(n, 1);
	CHECK_PLAN(&pkt, &l, n, 60);
	CHECK_EQ(l.nr_pages, 0);
}

UNIT_TEST(tx_ok_exactly_18_followons)
{
	struct netbk_tx_layout l;
	int n;

	ring_reset();
	put_packet(1000, 18, 3000, 0);
	parse();
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
	CHECK_EQ(pkt.slots, 19);
	CHECK_EQ(pkt.nr_frags, 18);
	CHECK_EQ(pkt.nr_data_frags, 18);
	CHECK_EQ(pkt.first_len, 1000);
	CHECK_EQ(pkt.first.size, 55000);
	CHECK_EQ(pkt.frags[17].id, 1018);
	n = plan(&pkt, 4000, &l);
	CHECK(n > 0 && n <= (int)SEGS_MAX);
	CHECK_PLAN(&pkt, &l, n, 55000);
	CHECK_EQ(l.linear_len, NETBK_TX_COPY_LEN);
	CHECK(l.nr_pages <= 17);	/* MAX_SKB_FRAGS, never overflowed */
}

UNIT_TEST(tx_ok_max_size_18_followons)
{
	struct netbk_tx_layout l;
	unsigned int i;
	int n;

	/* 65535 bytes over 19 slots, odd offsets: the worst split case. */
	ring_reset();
	put_req(1, NETBK_TXF_MORE_DATA, 65535);
	for (i = 0; i < 18; i++)
		put_req(1 + i, i < 17 ? NETBK_TXF_MORE_DATA : 0, 3500);
	ring.slot[0].req.offset = 4096 - (65535 - 18 * 3500);
	parse();
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
	CHECK_EQ(pkt.first_len, 65535 - 18 * 3500);
	n = plan(&pkt, 4095, &l);
	CHECK(n > 0);
	CHECK_PLAN(&pkt, &l, n, 65535);
	CHECK_EQ(l.nr_pages, 16);
}

UNIT_TEST(tx_ok_zero_size_followons_xsa448)
{
	struct netbk_tx_layout l;
	int n, i;

	ring_reset();
	put_packet(60, 18, 0, 0);
	parse();
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
	CHECK_EQ(pkt.nr_frags, 18);
	CHECK_EQ(pkt.nr_data_frags, 0);
	CHECK_EQ(pkt.slots, 19);
	n = plan(&pkt, 0, &l);
	CHECK_EQ(n, 1);		/* only the first slot's bytes */
	CHECK_PLAN(&pkt, &l, n, 60);
	CHECK_EQ(l.nr_pages, 0);

	/* Zero-size slots in between data slots carry no frag either. */
	ring_reset();
	put_req(0, NETBK_TXF_MORE_DATA, 3000);
	put_req(0, NETBK_TXF_MORE_DATA, 0);
	put_req(0, NETBK_TXF_MORE_DATA, 2000);
	put_req(4096, 0, 0);	/* offset 4096 size 0 ends at the page end */
	parse();
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
	CHECK_EQ(pkt.nr_data_frags, 1);
	CHECK_EQ(pkt.first_len, 1000);
	n = plan(&pkt, 0, &l);
	CHECK_PLAN(&pkt, &l, n, 3000);
	for (i = 0; i < n; i++)
		CHECK(segs[i].src_slot != 1 && segs[i].src_slot != 3);
}

UNIT_TEST(tx_ok_tiny_slots_under_copy_len_xsa432)
{
	struct netbk_tx_layout l;
	unsigned int off;
	int n, i;

	/* Head + 18 slots, 122 bytes in all: everything is headers. */
	for (off = 0; off < NETBK_PAGE_SIZE; off += 7) {
		ring_reset();
		put_packet(14, 18, 6, 0);
		parse();
		CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
		CHECK_EQ(pkt.first.size, 122);
		n = plan(&pkt, off, &l);
		CHECK(n >= 19 && n <= 20);
		CHECK_PLAN(&pkt, &l, n, 122);
		CHECK_EQ(l.linear_len, 122);
		CHECK_EQ(l.nr_pages, 0);
		for (i = 0; i < n; i++)
			CHECK_EQ(segs[i].dst_area, 0);
	}

	/* Exactly 128 bytes over 19 slots. */
	ring_reset();
	put_packet(20, 18, 6, 0);
	parse();
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
	n = plan(&pkt, 4090, &l);
	CHECK_PLAN(&pkt, &l, n, 128);
}

UNIT_TEST(tx_ok_headers_split_over_1_byte_slots_xsa423)
{
	struct netbk_tx_layout l;
	unsigned int i, linear = 0;
	int n;

	/* 14 bytes, 17 one-byte slots, then the bulk: 2031 bytes. */
	ring_reset();
	put_req(0, NETBK_TXF_MORE_DATA, 14 + 17 + 2000);
	for (i = 0; i < 17; i++)
		put_req(i * 100, NETBK_TXF_MORE_DATA, 1);
	put_req(96, 0, 2000);
	parse();
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
	CHECK_EQ(pkt.nr_frags, 18);
	n = plan(&pkt, 3000, &l);
	CHECK_PLAN(&pkt, &l, n, 2031);
	CHECK_EQ(l.linear_len, NETBK_TX_COPY_LEN);
	for (i = 0; i < (unsigned int)n; i++)
		if (segs[i].dst_area == 0)
			linear += segs[i].len;
	CHECK_EQ(linear, NETBK_TX_COPY_LEN);
	CHECK_EQ(l.nr_pages, 1);

	/* Same, small enough to be wholly linear. */
	ring_reset();
	put_req(0, NETBK_TXF_MORE_DATA, 14 + 17 + 500);
	for (i = 0; i < 17; i++)
		put_req(0, NETBK_TXF_MORE_DATA, 1);
	put_req(0, 0, 500);
	parse();
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
	n = plan(&pkt, 3900, &l);
	CHECK_PLAN(&pkt, &l, n, 531);
	CHECK_EQ(l.linear_len, 531);
	CHECK_EQ(l.nr_pages, 0);
}

UNIT_TEST(tx_ok_extras_accepted)
{
	ring_reset();
	put_req(0, NETBK_TXF_EXTRA_INFO | NETBK_TXF_CSUM_BLANK, 1000);
	put_gso(1448, NETBK_GSO_TCPV4, NETBK_EXTRA_FLAG_MORE);
	put_extra(NETBK_EXTRA_HASH, NETBK_EXTRA_FLAG_MORE);
	ring.slot[2].extra.u.hash.type = 1;
	ring.slot[2].extra.u.hash.value = 0xdeadbeef;
	put_extra(NETBK_EXTRA_XDP, 0);
	parse();
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
	CHECK_EQ(pkt.nr_extras, 3);
	CHECK_EQ(pkt.slots, 4);
	CHECK_EQ(pkt.extras[NETBK_EXTRA_GSO - 1].u.gso.size, 1448);
	CHECK_EQ(pkt.extras[NETBK_EXTRA_HASH - 1].u.hash.value, 0xdeadbeef);
	CHECK_EQ(pkt.extras[NETBK_EXTRA_XDP - 1].type, NETBK_EXTRA_XDP);
	CHECK_EQ(pkt.extras[NETBK_EXTRA_MCAST_ADD - 1].type, 0);

	ring_reset();
	put_req(0, NETBK_TXF_EXTRA_INFO | NETBK_TXF_MORE_DATA, 3000);
	put_gso(1448, NETBK_GSO_TCPV6, 0);
	put_req(0, 0, 2000);
	parse();
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
	CHECK_EQ(pkt.slots, 3);
	CHECK_EQ(pkt.nr_frags, 1);
	CHECK_EQ(pkt.first_len, 1000);
}

UNIT_TEST(tx_ok_page_boundaries)
{
	/* offset + size == 4096 is inside the page. */
	ring_reset();
	put_req(3896, 0, 200);
	parse();
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);

	ring_reset();
	put_req(0, NETBK_TXF_MORE_DATA, 300);
	put_req(3896, 0, 200);
	parse();
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
}

/* ------------------------------------------------------------------ */
/* CONTROL                                                             */

UNIT_TEST(tx_control_mcast)
{
	ring_reset();
	put_req(0, NETBK_TXF_EXTRA_INFO, 0);
	put_extra(NETBK_EXTRA_MCAST_ADD, 0);
	ring.slot[1].extra.u.mcast_addr[0] = 0x01;
	parse();
	CHECK_VERDICT(NETBK_TX_CONTROL, NETBK_TXR_NONE);
	CHECK_EQ(pkt.slots, 2);
	CHECK_EQ(pkt.nr_extras, 1);
	CHECK_EQ(pkt.extras[NETBK_EXTRA_MCAST_ADD - 1].u.mcast_addr[0], 1);

	ring_reset();
	put_req(0, NETBK_TXF_EXTRA_INFO, 0);
	put_gso(0, 99, NETBK_EXTRA_FLAG_MORE);	/* not checked: stock order */
	put_extra(NETBK_EXTRA_MCAST_DEL, 0);
	parse();
	CHECK_VERDICT(NETBK_TX_CONTROL, NETBK_TXR_NONE);
	CHECK_EQ(pkt.slots, 3);

	/* Follow-ons flagged by a control request are not consumed. */
	ring_reset();
	put_req(0, NETBK_TXF_EXTRA_INFO | NETBK_TXF_MORE_DATA, 5);
	put_extra(NETBK_EXTRA_MCAST_ADD, 0);
	parse_n(2, FATAL_DEFAULT);
	CHECK_VERDICT(NETBK_TX_CONTROL, NETBK_TXR_NONE);
	CHECK_EQ(pkt.slots, 2);
}

/* ------------------------------------------------------------------ */
/* ERROR                                                               */

UNIT_TEST(tx_error_19_followons)
{
	unsigned int i;

	ring_reset();
	put_packet(100, 19, 100, 0);
	parse();
	CHECK_VERDICT(NETBK_TX_ERROR, NETBK_TXR_TOO_MANY_SLOTS);
	CHECK_EQ(pkt.slots, 20);
	CHECK_EQ(pkt.nr_frags, 19);
	CHECK_EQ(pkt.reason_arg[0], 19);
	/* Every consumed slot is known, for the error responses. */
	for (i = 0; i < 19; i++)
		CHECK_EQ(pkt.frags[i].id, 1001 + i);

	/* Up to fatal_skb_slots - 1 ... */
	ring_reset();
	put_packet(100, FATAL_DEFAULT, 100, 0);
	parse();
	CHECK_VERDICT(NETBK_TX_ERROR, NETBK_TXR_TOO_MANY_SLOTS);
	CHECK_EQ(pkt.slots, FATAL_DEFAULT + 1);

	/* ... and with extras in front (they are not follow-ons). */
	ring_reset();
	put_req(0, NETBK_TXF_EXTRA_INFO | NETBK_TXF_MORE_DATA, 100 + 19 * 10);
	put_gso(1000, NETBK_GSO_TCPV4, 0);
	for (i = 0; i < 19; i++)
		put_req(0, i < 18 ? NETBK_TXF_MORE_DATA : 0, 10);
	parse();
	CHECK_VERDICT(NETBK_TX_ERROR, NETBK_TXR_TOO_MANY_SLOTS);
	CHECK_EQ(pkt.slots, 21);
	CHECK_EQ(pkt.nr_extras, 1);
}

UNIT_TEST(tx_error_slot_too_big)
{
	ring_reset();
	put_req(0, NETBK_TXF_MORE_DATA, 100);
	put_req(0, NETBK_TXF_MORE_DATA, 50);
	put_req(0, NETBK_TXF_MORE_DATA, 51);	/* 51 > 50 left */
	put_req(0, 0, 10);			/* still consumed */
	parse();
	CHECK_VERDICT(NETBK_TX_ERROR, NETBK_TXR_SLOT_TOO_BIG);
	CHECK_EQ(pkt.reason_arg[0], 51);
	CHECK_EQ(pkt.reason_arg[1], 50);
	CHECK_EQ(pkt.slots, 4);
	CHECK_EQ(pkt.nr_frags, 3);

	/* A >= 64 KiB frame wrapped first->size: buggy, not fatal. */
	ring_reset();
	put_req(0, NETBK_TXF_MORE_DATA, (u16)(65536 + 464));
	put_req(0, 0, 4096);
	parse();
	CHECK_VERDICT(NETBK_TX_ERROR, NETBK_TXR_SLOT_TOO_BIG);
}

UNIT_TEST(tx_error_too_short)
{
	ring_reset();
	put_req(0, 0, 13);
	parse();
	CHECK_VERDICT(NETBK_TX_ERROR, NETBK_TXR_TOO_SHORT);
	CHECK_EQ(pkt.slots, 1);
	CHECK_EQ(pkt.reason_arg[0], 13);

	ring_reset();
	put_req(0, 0, 14);
	parse();
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);

	ring_reset();
	put_req(0, 0, 0);
	parse();
	CHECK_VERDICT(NETBK_TX_ERROR, NETBK_TXR_TOO_SHORT);

	/* Stock compares the first slot's own share, not the total. */
	ring_reset();
	put_req(0, NETBK_TXF_MORE_DATA, 1013);
	put_req(0, 0, 1000);
	parse();
	CHECK_VERDICT(NETBK_TX_ERROR, NETBK_TXR_TOO_SHORT);
	CHECK_EQ(pkt.slots, 2);
	CHECK_EQ(pkt.reason_arg[0], 13);
}

UNIT_TEST(tx_order_error_before_first_slot_checks)
{
	unsigned int i;

	/* Too many slots: the first slot's page is never looked at. */
	ring_reset();
	put_packet(200, 19, 10, 0);
	ring.slot[0].req.offset = 4000;
	parse();
	CHECK_VERDICT(NETBK_TX_ERROR, NETBK_TXR_TOO_MANY_SLOTS);

	/* Too short wins over a first slot crossing the page... */
	ring_reset();
	put_req(4090, 0, 10);
	parse();
	CHECK_VERDICT(NETBK_TX_ERROR, NETBK_TXR_TOO_SHORT);

	/* ... and over a bad GSO extra. */
	ring_reset();
	put_req(0, NETBK_TXF_EXTRA_INFO, 10);
	put_gso(0, NETBK_GSO_TCPV4, 0);
	parse();
	CHECK_VERDICT(NETBK_TX_ERROR, NETBK_TXR_TOO_SHORT);

	ring_reset();
	put_req(0, NETBK_TXF_EXTRA_INFO | NETBK_TXF_MORE_DATA, 100 + 19);
	put_gso(1000, 7, 0);	/* bad type: never looked at */
	for (i = 0; i < 19; i++)
		put_req(0, i < 18 ? NETBK_TXF_MORE_DATA : 0, 1);
	parse();
	CHECK_VERDICT(NETBK_TX_ERROR, NETBK_TXR_TOO_MANY_SLOTS);
}

/* ------------------------------------------------------------------ */
/* FATAL                                                               */

UNIT_TEST(tx_fatal_fatal_skb_slots)
{
	/* 21 follow-ons: the 21st is the fatal_skb_slots'th + 1. */
	ring_reset();
	put_packet(100, FATAL_DEFAULT + 1, 100, 0);
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_MALICIOUS_SLOTS);
	CHECK_EQ(pkt.reason_arg[1], FATAL_DEFAULT);

	/* fatal_skb_slots at its minimum: 18 OK, 19 fatal. */
	ring_reset();
	put_packet(100, 18, 100, 0);
	parse_n(ring.n, 18);
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
	ring_reset();
	put_packet(100, 19, 100, 0);
	parse_n(ring.n, 18);
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_MALICIOUS_SLOTS);

	/* Below the minimum is clamped as stock does. */
	ring_reset();
	put_packet(100, 18, 100, 0);
	parse_n(ring.n, 0);
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);

	/* Way above the ring: the ring limits instead, nothing overruns. */
	ring_reset();
	put_req(0, NETBK_TXF_MORE_DATA, 60000);
	while (ring.n < NETBK_TX_RING_SIZE)
		put_req(0, NETBK_TXF_MORE_DATA, 0);
	parse_n(ring.n, 100000);
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_SLOTS_EXCEED_POSTED);
	parse_n(ring.n, NETBK_TX_RING_SIZE - 10);
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_MALICIOUS_SLOTS);
}

UNIT_TEST(tx_fatal_more_data_past_posted)
{
	ring_reset();
	put_req(0, NETBK_TXF_MORE_DATA, 100);
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_SLOTS_EXCEED_POSTED);

	ring_reset();
	put_req(0, NETBK_TXF_MORE_DATA, 300);
	put_req(0, NETBK_TXF_MORE_DATA, 100);
	put_req(0, NETBK_TXF_MORE_DATA, 100);
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_SLOTS_EXCEED_POSTED);
	CHECK_EQ(pkt.reason_arg[1], 2);

	/* Only what is posted counts, not what sits in the array. */
	ring_reset();
	put_packet(100, 5, 100, 0);
	parse_n(4, FATAL_DEFAULT);
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_SLOTS_EXCEED_POSTED);

	/* Posted-limit is checked before the fatal_skb_slots limit. */
	ring_reset();
	put_packet(100, FATAL_DEFAULT, 10, 0);
	ring.slot[FATAL_DEFAULT].req.flags |= NETBK_TXF_MORE_DATA;
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_SLOTS_EXCEED_POSTED);

	/* Nothing posted at all: nothing read. */
	ring_reset();
	parse_n(0, FATAL_DEFAULT);
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_SLOTS_EXCEED_POSTED);
}

UNIT_TEST(tx_fatal_cross_page)
{
	/* First slot: offset 4000 size 200. */
	ring_reset();
	put_req(4000, 0, 200);
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_CROSS_PAGE);
	CHECK_EQ(pkt.reason_arg[0], 4000);
	CHECK_EQ(pkt.reason_arg[1], 200);

	/* Its own share only: 4000 + (1200 - 1000) crosses. */
	ring_reset();
	put_req(4000, NETBK_TXF_MORE_DATA, 1200);
	put_req(0, 0, 1000);
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_CROSS_PAGE);
	CHECK_EQ(pkt.reason_arg[1], 200);

	/* A follow-on: offset 4000 size 200. */
	ring_reset();
	put_req(0, NETBK_TXF_MORE_DATA, 400);
	put_req(4000, 0, 200);
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_CROSS_PAGE);

	/* A huge offset with size 0. */
	ring_reset();
	put_req(0, NETBK_TXF_MORE_DATA, 400);
	put_req(65535, 0, 0);
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_CROSS_PAGE);

	/* Fatal even once the packet is already an error. */
	ring_reset();
	put_req(0, NETBK_TXF_MORE_DATA, 100);
	put_req(0, NETBK_TXF_MORE_DATA, 200);	/* too big: error */
	put_req(4000, 0, 200);			/* crosses: fatal */
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_CROSS_PAGE);

	ring_reset();
	put_packet(100, 19, 10, 0);		/* too many: error */
	ring.slot[19].req.offset = 4095;	/* slot 19 crosses: fatal */
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_CROSS_PAGE);
}

UNIT_TEST(tx_fatal_extras)
{
	unsigned int t;

	/* Extra flagged, ring ends. */
	ring_reset();
	put_req(0, NETBK_TXF_EXTRA_INFO, 100);
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_MISSING_EXTRA);

	/* Another extra flagged (FLAG_MORE), ring ends. */
	ring_reset();
	put_req(0, NETBK_TXF_EXTRA_INFO, 100);
	put_gso(1000, NETBK_GSO_TCPV4, NETBK_EXTRA_FLAG_MORE);
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_MISSING_EXTRA);

	/* A ring full of chained extras. */
	ring_reset();
	put_req(0, NETBK_TXF_EXTRA_INFO, 100);
	while (ring.n < NETBK_TX_RING_SIZE)
		put_extra(NETBK_EXTRA_HASH, NETBK_EXTRA_FLAG_MORE);
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_MISSING_EXTRA);

	/* Garbage types: 0 and everything from TYPE_MAX up. */
	for (t = 0; t < 256; t++) {
		if (t >= 1 && t < NETBK_EXTRA_TYPE_MAX)
			continue;
		ring_reset();
		put_req(0, NETBK_TXF_EXTRA_INFO, 100);
		put_extra(t, 0);
		parse();
		CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_BAD_EXTRA_TYPE);
		CHECK_EQ(pkt.reason_arg[0], t);
	}

	/* A bad type behind a good one. */
	ring_reset();
	put_req(0, NETBK_TXF_EXTRA_INFO, 100);
	put_gso(1000, NETBK_GSO_TCPV4, NETBK_EXTRA_FLAG_MORE);
	put_extra(NETBK_EXTRA_TYPE_MAX, 0);
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_BAD_EXTRA_TYPE);
}

UNIT_TEST(tx_fatal_gso)
{
	unsigned int t;

	ring_reset();
	put_req(0, NETBK_TXF_EXTRA_INFO, 100);
	put_gso(0, NETBK_GSO_TCPV4, 0);
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_GSO_SIZE_ZERO);

	for (t = 0; t < 256; t++) {
		ring_reset();
		put_req(0, NETBK_TXF_EXTRA_INFO, 100);
		put_gso(1448, t, 0);
		parse();
		CHECK(!ring.bad_fetch);
		if (t == NETBK_GSO_TCPV4 || t == NETBK_GSO_TCPV6) {
			CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
		} else {
			CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_GSO_BAD_TYPE);
			CHECK_EQ(pkt.reason_arg[0], t);
		}
	}

	/* Size zero is reported before the type. */
	ring_reset();
	put_req(0, NETBK_TXF_EXTRA_INFO, 100);
	put_gso(0, 9, 0);
	parse();
	CHECK_VERDICT(NETBK_TX_FATAL, NETBK_TXR_GSO_SIZE_ZERO);
}

/* ------------------------------------------------------------------ */
/* Randomised garbage                                                  */

static u32 rnd_state;

static u32 rnd(void)
{
	/* xorshift32: the same sequence on every host */
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static void fill_garbage(void)
{
	unsigned int i;

	for (i = 0; i < NETBK_TX_RING_SIZE; i++) {
		struct netbk_txslot *s = &ring.slot[i];

		s->req.gref = rnd();
		s->req.offset = rnd() % 8 ? rnd() % 4096 : rnd();
		s->req.flags = rnd() % 4 ? (rnd() & 0xf) : rnd();
		s->req.id = rnd();
		s->req.size = rnd() % 3 ? rnd() % 4200 : rnd();
		s->extra.type = rnd() % 4 ? rnd() % 7 : rnd();
		s->extra.flags = rnd();
		s->extra.u.gso.size = rnd() % 4 ? rnd() : 0;
		s->extra.u.gso.type = rnd() % 4;
		s->extra.u.gso.features = rnd();
	}
}

/* A well-formed packet, then a few random bits flipped in its fields. */
static void fill_mutated(void)
{
	unsigned int nfrags = rnd() % 22, i, own = 14 + rnd() % 2000, mut;
	u16 flags = rnd() & (NETBK_TXF_CSUM_BLANK | NETBK_TXF_DATA_VALIDATED);
	u32 total = own;
	unsigned int sizes[32];

	ring.n = 0;
	for (i = 0; i < nfrags; i++) {
		sizes[i] = rnd() % 5 ? rnd() % 4097 : 0;
		total += sizes[i];
	}
	if (rnd() % 2)
		flags |= NETBK_TXF_EXTRA_INFO;
	put_req(rnd() % (4097 - own),
		flags | (nfrags ? NETBK_TXF_MORE_DATA : 0), (u16)total);
	if (flags & NETBK_TXF_EXTRA_INFO)
		put_gso(1 + rnd() % 9000, 1 + rnd() % 2, 0);
	for (i = 0; i < nfrags; i++)
		put_req(rnd() % (4097 - sizes[i]),
			i + 1 < nfrags ? NETBK_TXF_MORE_DATA : 0, sizes[i]);

	for (mut = rnd() % 3; mut; mut--) {
		struct netbk_txslot *s = &ring.slot[rnd() % ring.n];

		switch (rnd() % 6) {
		case 0:
			s->req.flags ^= 1u << (rnd() % 4);
			break;
		case 1:
			s->req.size ^= 1u << (rnd() % 16);
			break;
		case 2:
			s->req.offset ^= 1u << (rnd() % 13);
			break;
		case 3:
			s->extra.type = rnd() % 8;
			break;
		case 4:
			s->extra.flags ^= 1;
			break;
		default:
			s->extra.u.gso.size = 0;
			break;
		}
	}
}

static bool is_fatal_reason(enum netbk_tx_reason r)
{
	return r == NETBK_TXR_MISSING_EXTRA || r == NETBK_TXR_BAD_EXTRA_TYPE ||
	       r == NETBK_TXR_SLOTS_EXCEED_POSTED ||
	       r == NETBK_TXR_MALICIOUS_SLOTS || r == NETBK_TXR_CROSS_PAGE ||
	       r == NETBK_TXR_GSO_SIZE_ZERO || r == NETBK_TXR_GSO_BAD_TYPE;
}

static bool is_error_reason(enum netbk_tx_reason r)
{
	return r == NETBK_TXR_TOO_MANY_SLOTS || r == NETBK_TXR_SLOT_TOO_BIG ||
	       r == NETBK_TXR_TOO_SHORT;
}

/* In a helper: record the failure and tell the caller to stop. */
#define SANE(expr)							\
	do {								\
		if (!(expr)) {						\
			unit_fail(__FILE__, __LINE__, #expr);		\
			return false;					\
		}							\
	} while (0)

/* Everything a verdict promises, whatever the input. */
static bool check_sane(unsigned int avail)
{
	const struct netbk_extra *gso = &pkt.extras[NETBK_EXTRA_GSO - 1];
	struct netbk_tx_layout l;
	unsigned int i, sum;
	int n;

	SANE(!ring.bad_fetch);
	SANE(pkt.verdict <= NETBK_TX_CONTROL);
	if (pkt.verdict == NETBK_TX_FATAL) {
		SANE(is_fatal_reason(pkt.reason));
		return true;
	}
	if (pkt.verdict == NETBK_TX_ERROR)
		SANE(is_error_reason(pkt.reason));
	else
		SANE(pkt.reason == NETBK_TXR_NONE);
	if (pkt.verdict == NETBK_TX_CONTROL) {
		SANE(pkt.extras[NETBK_EXTRA_MCAST_ADD - 1].type ||
		     pkt.extras[NETBK_EXTRA_MCAST_DEL - 1].type);
		SANE(pkt.nr_frags == 0);
	}
	SANE(pkt.slots >= 1 && pkt.slots <= avail);
	SANE(pkt.slots == 1 + pkt.nr_extras + pkt.nr_frags);
	if (pkt.verdict != NETBK_TX_OK)
		return true;

	SANE(pkt.nr_frags <= NETBK_LEGACY_SLOTS_MAX);
	SANE(pkt.first_len >= NETBK_ETH_HLEN);
	SANE(pkt.first.offset + pkt.first_len <= NETBK_PAGE_SIZE);
	sum = pkt.first_len;
	for (i = 0; i < pkt.nr_frags; i++) {
		SANE(pkt.frags[i].offset + pkt.frags[i].size <= NETBK_PAGE_SIZE);
		sum += pkt.frags[i].size;
	}
	SANE(sum == pkt.first.size);
	if (gso->type) {
		SANE(gso->u.gso.size);
		SANE(gso->u.gso.type == NETBK_GSO_TCPV4 ||
		     gso->u.gso.type == NETBK_GSO_TCPV6);
	}
	/* 4 KiB pages (x86) or 64 KiB ones (arm64): the same guarantees. */
	n = plan_ps(&pkt, rnd() % NETBK_PAGE_SIZE,
		    rnd() % 2 ? NETBK_PAGE_SIZE : NETBK_PAGE_SIZE_MAX, &l);
	SANE(n > 0 && n <= (int)SEGS_MAX);
	if (!plan_ok(&pkt, &l, segs, n, sum)) {
		unit_fail(__FILE__, __LINE__, plan_err);
		return false;
	}
	SANE(l.nr_pages <= 17);
	return true;
}

UNIT_TEST(tx_random_garbage)
{
	unsigned int seed, iter, verdicts[4] = { 0 };

	for (seed = 1; seed <= 8; seed++) {
		rnd_state = seed * 2654435761u;
		for (iter = 0; iter < 4000; iter++) {
			unsigned int avail = 1 + rnd() % NETBK_TX_RING_SIZE;

			ring_reset();
			fill_garbage();
			ring.n = avail;
			parse_n(avail, rnd() % 300);
			if (!check_sane(avail))
				return;
			verdicts[pkt.verdict]++;
		}
	}
	/* The garbage reached every outcome class. */
	CHECK(verdicts[NETBK_TX_OK] && verdicts[NETBK_TX_ERROR] &&
	      verdicts[NETBK_TX_FATAL] && verdicts[NETBK_TX_CONTROL]);
}

UNIT_TEST(tx_random_mutated_packets)
{
	unsigned int seed, iter, verdicts[4] = { 0 };

	for (seed = 1; seed <= 8; seed++) {
		rnd_state = seed * 40503u + 7;
		for (iter = 0; iter < 4000; iter++) {
			unsigned int avail;

			ring_reset();
			fill_mutated();
			/* Sometimes less is posted than the packet needs. */
			avail = rnd() % 8 ? ring.n : 1 + rnd() % ring.n;
			ring.n = avail;
			parse_n(avail, FATAL_DEFAULT);
			if (!check_sane(avail))
				return;
			verdicts[pkt.verdict]++;
		}
	}
	CHECK(verdicts[NETBK_TX_OK] > 1000);
	CHECK(verdicts[NETBK_TX_ERROR] && verdicts[NETBK_TX_FATAL]);
}

/* ------------------------------------------------------------------ */
/* Layout and plan                                                     */

UNIT_TEST(tx_linear_len_and_pages)
{
	unsigned int len, lin, pages;

	CHECK_EQ(netbk_tx_linear_len(0), 0);
	CHECK_EQ(netbk_tx_linear_len(14), 14);
	CHECK_EQ(netbk_tx_linear_len(NETBK_TX_COPY_LEN), NETBK_TX_COPY_LEN);
	CHECK_EQ(netbk_tx_linear_len(1514), 1514);
	CHECK_EQ(netbk_tx_linear_len(NETBK_TX_SMALL_LEN), NETBK_TX_SMALL_LEN);
	CHECK_EQ(netbk_tx_linear_len(NETBK_TX_SMALL_LEN + 1), NETBK_TX_COPY_LEN);
	CHECK_EQ(netbk_tx_linear_len(65535), NETBK_TX_COPY_LEN);
	CHECK_EQ(netbk_tx_frag_pages(65535, NETBK_TX_COPY_LEN, 4096), 16);
	CHECK_EQ(netbk_tx_frag_pages(100, 100, 4096), 0);
	CHECK_EQ(netbk_tx_frag_pages(50, 100, 4096), 0);
	CHECK_EQ(netbk_tx_frag_pages(128 + 4096, 128, 4096), 1);
	CHECK_EQ(netbk_tx_frag_pages(128 + 4097, 128, 4096), 2);

	for (len = 0; len <= 65535; len++) {
		lin = netbk_tx_linear_len(len);
		pages = netbk_tx_frag_pages(len, lin, NETBK_PAGE_SIZE);
		/* At least the headers linear, or all of the packet. */
		CHECK(lin >= NETBK_TX_COPY_LEN || lin == len);
		CHECK(lin <= len);
		CHECK(lin + pages * NETBK_PAGE_SIZE >= len);
		CHECK(!pages || lin + (pages - 1) * NETBK_PAGE_SIZE < len);
		CHECK(pages <= 16);	/* < MAX_SKB_FRAGS (17) */
	}
}

/* Every page size we handle: pages filled in order, the last with the rest. */
UNIT_TEST(tx_frag_layout_page_sizes)
{
	unsigned int ps, len, lin, pages, i, sum;

	for (ps = NETBK_PAGE_SIZE; ps <= NETBK_PAGE_SIZE_MAX; ps *= 2) {
		CHECK(netbk_tx_page_size_ok(ps));
		for (len = 0; len <= 65535; len += len < 9000 ? 1 : 7) {
			lin = netbk_tx_linear_len(len);
			pages = netbk_tx_frag_pages(len, lin, ps);
			CHECK(lin + (unsigned long long)pages * ps >= len);
			CHECK(!pages || lin + (pages - 1) * ps < len);
			sum = lin;
			for (i = 0; i < pages; i++) {
				unsigned int fl = netbk_tx_frag_len(len, lin,
								    ps, i);

				/* Filled, all but the last; none empty. */
				CHECK(fl > 0 && fl <= ps);
				CHECK(i + 1 == pages || fl == ps);
				sum += fl;
			}
			CHECK_EQ(sum, len);
			CHECK_EQ(netbk_tx_frag_len(len, lin, ps, pages), 0);
		}
	}
	/* 64 KiB: a whole 64 KiB packet fits one page, the old way 16. */
	CHECK_EQ(netbk_tx_frag_pages(65535, NETBK_TX_COPY_LEN, 65536), 1);
	CHECK_EQ(netbk_tx_frag_len(65535, NETBK_TX_COPY_LEN, 65536, 0),
		 65535 - NETBK_TX_COPY_LEN);
	CHECK_EQ(netbk_tx_frag_pages(9014, NETBK_TX_COPY_LEN, 65536), 1);
	CHECK_EQ(netbk_tx_frag_pages(9014, NETBK_TX_COPY_LEN, 4096), 3);
	CHECK_EQ(netbk_tx_frag_len(9014, NETBK_TX_COPY_LEN, 4096, 2),
		 9014 - NETBK_TX_COPY_LEN - 2 * 4096);
	/* Page sizes we do not handle: no layout at all. */
	CHECK(!netbk_tx_page_size_ok(0));
	CHECK(!netbk_tx_page_size_ok(2048));
	CHECK(!netbk_tx_page_size_ok(12288));
	CHECK(!netbk_tx_page_size_ok(131072));
	CHECK_EQ(netbk_tx_frag_pages(65535, NETBK_TX_COPY_LEN, 0), 0);
	CHECK_EQ(netbk_tx_frag_pages(65535, NETBK_TX_COPY_LEN, 12288), 0);
}

/*
 * The plan on 64 KiB pages: one frag page takes every follow-on slot,
 * each copy still within one 4 KiB frame of it, and the segment count is
 * the same as with 4 KiB pages (frames split the same way).
 */
UNIT_TEST(tx_plan_64k_pages)
{
	struct netbk_tx_layout l;
	unsigned int i, off;
	int n4, n64;

	/* 65535 bytes over 19 slots at odd offsets. */
	ring_reset();
	put_req(3001, NETBK_TXF_MORE_DATA, 65535);
	for (i = 0; i < 18; i++)
		put_req(i * 37 % 400, i + 1 < 18 ? NETBK_TXF_MORE_DATA : 0,
			i + 1 < 18 ? 3600 : 65535 - 1000 - 17 * 3600);
	ring.slot[0].req.size = 65535;
	parse();
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
	for (off = 0; off < NETBK_PAGE_SIZE; off += 61) {
		n4 = plan_ps(&pkt, off, NETBK_PAGE_SIZE, &l);
		CHECK_PLAN(&pkt, &l, n4, 65535);
		CHECK_EQ(l.nr_pages, 16);
		n64 = plan_ps(&pkt, off, NETBK_PAGE_SIZE_MAX, &l);
		CHECK_PLAN(&pkt, &l, n64, 65535);
		CHECK_EQ(l.nr_pages, 1);
		CHECK_EQ(n64, n4);
		for (i = 0; i < (unsigned int)n64; i++) {
			CHECK(segs[i].dst_area <= 1);
			CHECK(segs[i].dst_offset % NETBK_PAGE_SIZE +
			      segs[i].len <= NETBK_PAGE_SIZE);
		}
		/* 16 KiB pages too. */
		n4 = plan_ps(&pkt, off, 16384, &l);
		CHECK_PLAN(&pkt, &l, n4, 65535);
		CHECK_EQ(l.nr_pages, 4);
	}
	/* A page size we do not handle: no plan. */
	CHECK_EQ(plan_ps(&pkt, 0, 12288, &l), -1);
	l.page_size = 0;
	CHECK_EQ(netbk_tx_plan_copy(&pkt, &l, segs, SEGS_MAX), -1);
}

UNIT_TEST(tx_plan_refuses_what_does_not_fit)
{
	struct netbk_tx_layout l;

	ring_reset();
	put_packet(100, 18, 3000, 0);
	parse();
	CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
	l.linear_len = netbk_tx_linear_len(pkt.first.size);
	l.linear_page_off = 0;
	l.page_size = NETBK_PAGE_SIZE;
	l.nr_pages = netbk_tx_frag_pages(pkt.first.size, l.linear_len,
					 l.page_size);
	/* Room for fewer segments than needed. */
	CHECK_EQ(netbk_tx_plan_copy(&pkt, &l, segs, 5), -1);
	CHECK_EQ(netbk_tx_plan_copy(&pkt, &l, segs, 0), -1);
	/* Destination one page short. */
	l.nr_pages--;
	CHECK_EQ(netbk_tx_plan_copy(&pkt, &l, segs, SEGS_MAX), -1);
	/* A source crossing a page (never from the parser): refused. */
	l.nr_pages++;
	pkt.frags[3].offset = 2000;
	CHECK_EQ(netbk_tx_plan_copy(&pkt, &l, segs, SEGS_MAX), -1);
	pkt.frags[3].offset = 0;
	pkt.nr_frags = NETBK_FATAL_SLOTS_MAX + 1;
	CHECK_EQ(netbk_tx_plan_copy(&pkt, &l, segs, SEGS_MAX), -1);
}

UNIT_TEST(tx_plan_every_linear_offset)
{
	struct netbk_tx_layout l;
	unsigned int off, sizes[] = { 14, 127, 128, 1514, 1536, 1537, 9014,
				      65535 };
	unsigned int k, i;
	int n;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		unsigned int len = sizes[k], left = len, nf = 0;

		/* Fill slots at offset 0 with 4096 bytes, first one last. */
		ring_reset();
		put_req(0, 0, len);
		while (left > 4096 && nf < 18) {
			left -= 4096;
			nf++;
		}
		if (nf) {
			ring.slot[0].req.flags |= NETBK_TXF_MORE_DATA;
			for (i = 0; i < nf; i++)
				put_req(0, i + 1 < nf ? NETBK_TXF_MORE_DATA : 0,
					4096);
		}
		parse();
		CHECK_VERDICT(NETBK_TX_OK, NETBK_TXR_NONE);
		for (off = 0; off < NETBK_PAGE_SIZE; off++) {
			n = plan(&pkt, off, &l);
			CHECK_PLAN(&pkt, &l, n, len);
		}
	}
}

UNIT_TEST(tx_reason_strings)
{
	unsigned int i, j;

	for (i = 0; i < NETBK_TXR_NR; i++) {
		const char *s = netbk_tx_reason_str(i);

		CHECK(s && *s);
		for (j = 0; j < i; j++)
			CHECK(strcmp(s, netbk_tx_reason_str(j)));
	}
	CHECK(!strcmp(netbk_tx_reason_str(NETBK_TXR_NR), "unknown"));
	CHECK(!strcmp(netbk_tx_reason_str((enum netbk_tx_reason)-1), "unknown"));
}
