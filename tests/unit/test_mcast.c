// SPDX-License-Identifier: GPL-2.0
/*
 * Multicast control (src/mcastlist.c): the frontend's filter list as its
 * MCAST_ADD/DEL requests change it, the answers they get, and the RX
 * filter's verdict on a destination.
 */
#include "unit.h"
#include "netbk_logic.h"

static struct netbk_mcast_list list;

static const u8 g1[6] = { 0x01, 0x00, 0x5e, 0x01, 0x02, 0x03 };
static const u8 g2[6] = { 0x01, 0x00, 0x5e, 0x09, 0x09, 0x09 };
static const u8 v6[6] = { 0x33, 0x33, 0xff, 0x00, 0x00, 0x01 };
static const u8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const u8 ucast[6] = { 0x00, 0x16, 0x3e, 0x01, 0x02, 0x03 };
static const u8 zero[6];

/* The @n-th of many distinct multicast addresses. */
static void group(u8 *addr, unsigned int n)
{
	addr[0] = 0x01;
	addr[1] = 0x00;
	addr[2] = 0x5e;
	addr[3] = (n >> 16) & 0x7f;
	addr[4] = (n >> 8) & 0xff;
	addr[5] = n & 0xff;
}

static void fill(unsigned int n)
{
	unsigned int i;
	u8 a[6];

	for (i = 0; i < n; i++) {
		group(a, i);
		netbk_mcast_add(&list, a);
	}
}

/* A control request as the parser leaves it: extras by type - 1. */
static struct netbk_txpkt pkt;

static void control(const u8 *add, const u8 *del)
{
	memset(&pkt, 0, sizeof(pkt));
	if (add) {
		pkt.extras[NETBK_EXTRA_MCAST_ADD - 1].type = NETBK_EXTRA_MCAST_ADD;
		memcpy(pkt.extras[NETBK_EXTRA_MCAST_ADD - 1].u.mcast_addr, add, 6);
	}
	if (del) {
		pkt.extras[NETBK_EXTRA_MCAST_DEL - 1].type = NETBK_EXTRA_MCAST_DEL;
		memcpy(pkt.extras[NETBK_EXTRA_MCAST_DEL - 1].u.mcast_addr, del, 6);
	}
	pkt.verdict = NETBK_TX_CONTROL;
}

UNIT_TEST(mcast_empty_matches_nothing)
{
	netbk_mcast_clear(&list);
	CHECK_EQ(list.count, 0);
	CHECK(!netbk_mcast_match(&list, g1));
	CHECK(!netbk_mcast_match(&list, bcast));
	/* A free slot is not the all-zero address. */
	CHECK(!netbk_mcast_match(&list, zero));
	CHECK(!netbk_mcast_del(&list, g1));
	CHECK_EQ(list.count, 0);
}

UNIT_TEST(mcast_add_then_del)
{
	netbk_mcast_clear(&list);
	CHECK(netbk_mcast_add(&list, g1));
	CHECK_EQ(list.count, 1);
	CHECK(netbk_mcast_match(&list, g1));
	CHECK(!netbk_mcast_match(&list, g2));
	CHECK(netbk_mcast_del(&list, g1));
	CHECK_EQ(list.count, 0);
	CHECK(!netbk_mcast_match(&list, g1));
	CHECK(!netbk_mcast_del(&list, g1));
}

/* Every octet counts: addresses one bit apart anywhere do not match. */
UNIT_TEST(mcast_every_octet_compared)
{
	unsigned int i, bit;
	u8 a[6];

	netbk_mcast_clear(&list);
	CHECK(netbk_mcast_add(&list, g1));
	for (i = 0; i < 6; i++) {
		for (bit = 0; bit < 8; bit++) {
			memcpy(a, g1, 6);
			a[i] ^= 1u << bit;
			CHECK(!netbk_mcast_match(&list, a));
		}
	}
	CHECK(netbk_mcast_match(&list, g1));
}

/* As stock's list: one entry per add, one delete removes one entry. */
UNIT_TEST(mcast_duplicates_counted)
{
	netbk_mcast_clear(&list);
	CHECK(netbk_mcast_add(&list, g1));
	CHECK(netbk_mcast_add(&list, g1));
	CHECK_EQ(list.count, 2);
	CHECK(netbk_mcast_del(&list, g1));
	CHECK(netbk_mcast_match(&list, g1));
	CHECK(netbk_mcast_del(&list, g1));
	CHECK(!netbk_mcast_match(&list, g1));
	CHECK_EQ(list.count, 0);
}

/* Stock does not check the address: unicast and zero take slots too. */
UNIT_TEST(mcast_any_address_accepted)
{
	netbk_mcast_clear(&list);
	CHECK(netbk_mcast_add(&list, ucast));
	CHECK(netbk_mcast_add(&list, zero));
	CHECK(netbk_mcast_add(&list, bcast));
	CHECK_EQ(list.count, 3);
	CHECK(netbk_mcast_match(&list, zero));
	CHECK(netbk_mcast_del(&list, zero));
	CHECK(!netbk_mcast_match(&list, zero));
	CHECK(netbk_mcast_match(&list, ucast));
	CHECK_EQ(list.count, 2);
}

UNIT_TEST(mcast_full_at_64)
{
	unsigned int i;
	u8 a[6];

	netbk_mcast_clear(&list);
	fill(NETBK_MCAST_MAX);
	CHECK_EQ(list.count, NETBK_MCAST_MAX);
	CHECK(!netbk_mcast_add(&list, v6));
	CHECK(!netbk_mcast_add(&list, g1));
	CHECK_EQ(list.count, NETBK_MCAST_MAX);
	CHECK(!netbk_mcast_match(&list, v6));
	for (i = 0; i < NETBK_MCAST_MAX; i++) {
		group(a, i);
		CHECK(netbk_mcast_match(&list, a));
	}

	/* A delete frees a slot, which the next add takes. */
	group(a, 17);
	CHECK(netbk_mcast_del(&list, a));
	CHECK(netbk_mcast_add(&list, v6));
	CHECK(netbk_mcast_match(&list, v6));
	CHECK(!netbk_mcast_match(&list, a));
	CHECK(!netbk_mcast_add(&list, a));
}

/* A count that disagrees with the slots never makes add overrun. */
UNIT_TEST(mcast_add_never_overruns)
{
	netbk_mcast_clear(&list);
	fill(NETBK_MCAST_MAX);
	list.count = 3;
	CHECK(!netbk_mcast_add(&list, v6));
	CHECK(!netbk_mcast_match(&list, v6));
}

UNIT_TEST(mcast_clear_empties)
{
	netbk_mcast_clear(&list);
	fill(NETBK_MCAST_MAX);
	netbk_mcast_clear(&list);
	CHECK_EQ(list.count, 0);
	CHECK(!netbk_mcast_match(&list, g1));
	fill(NETBK_MCAST_MAX);
	CHECK_EQ(list.count, NETBK_MCAST_MAX);
}

UNIT_TEST(mcast_apply_answers)
{
	netbk_mcast_clear(&list);
	control(g1, NULL);
	CHECK(netbk_mcast_apply(&list, &pkt));
	CHECK(netbk_mcast_match(&list, g1));

	/* Delete: OKAY, whether the address was there or not. */
	control(NULL, g2);
	CHECK(netbk_mcast_apply(&list, &pkt));
	control(NULL, g1);
	CHECK(netbk_mcast_apply(&list, &pkt));
	CHECK(!netbk_mcast_match(&list, g1));
	CHECK_EQ(list.count, 0);

	/* Full: the add is answered ERROR, the list unchanged. */
	fill(NETBK_MCAST_MAX);
	control(v6, NULL);
	CHECK(!netbk_mcast_apply(&list, &pkt));
	CHECK(!netbk_mcast_match(&list, v6));
	CHECK_EQ(list.count, NETBK_MCAST_MAX);

	/* Neither extra: not a control request, nothing changes. */
	netbk_mcast_clear(&list);
	control(NULL, NULL);
	CHECK(!netbk_mcast_apply(&list, &pkt));
	CHECK_EQ(list.count, 0);
}

/* Add and delete in one request: the add alone is done, as stock. */
UNIT_TEST(mcast_apply_add_wins)
{
	u8 a[6];

	netbk_mcast_clear(&list);
	CHECK(netbk_mcast_add(&list, g2));
	control(g1, g2);
	CHECK(netbk_mcast_apply(&list, &pkt));
	CHECK(netbk_mcast_match(&list, g1));
	CHECK(netbk_mcast_match(&list, g2));
	CHECK_EQ(list.count, 2);

	/* Full: ERROR, and the delete beside it is not done either. */
	netbk_mcast_clear(&list);
	fill(NETBK_MCAST_MAX);
	group(a, 5);
	control(v6, a);
	CHECK(!netbk_mcast_apply(&list, &pkt));
	CHECK(netbk_mcast_match(&list, a));
	CHECK_EQ(list.count, NETBK_MCAST_MAX);
}

/* ---- the request as the guest posts it, through the parser ---- */

static struct netbk_txslot slots[4];
static unsigned int nslots;

static void slot_fetch(void *ctx, unsigned int i, struct netbk_txslot *slot)
{
	memset(slot, 0x5a, sizeof(*slot));
	if (i < nslots)
		*slot = slots[i];
}

static void post_control(u8 type, const u8 *addr)
{
	struct netbk_txsrc src = { .fetch = slot_fetch };

	memset(slots, 0, sizeof(slots));
	slots[0].req.flags = NETBK_TXF_EXTRA_INFO;	/* size 0, as conform */
	slots[1].extra.type = type;
	memcpy(slots[1].extra.u.mcast_addr, addr, 6);
	nslots = 2;
	netbk_tx_parse(&src, nslots, 20, &pkt);
}

UNIT_TEST(mcast_parsed_request)
{
	netbk_mcast_clear(&list);
	post_control(NETBK_EXTRA_MCAST_ADD, g1);
	CHECK_EQ(pkt.verdict, NETBK_TX_CONTROL);
	CHECK(netbk_mcast_apply(&list, &pkt));
	CHECK(netbk_mcast_match(&list, g1));
	CHECK(!netbk_mcast_rx_pass(&list, g2));
	CHECK(netbk_mcast_rx_pass(&list, g1));

	post_control(NETBK_EXTRA_MCAST_DEL, g1);
	CHECK_EQ(pkt.verdict, NETBK_TX_CONTROL);
	CHECK(netbk_mcast_apply(&list, &pkt));
	CHECK(!netbk_mcast_rx_pass(&list, g1));
}

/* ---- the RX filter ---- */

UNIT_TEST(mcast_rx_filter)
{
	u8 a[6];

	netbk_mcast_clear(&list);
	CHECK(netbk_mcast_rx_pass(&list, bcast));
	CHECK(netbk_mcast_rx_pass(&list, ucast));
	CHECK(netbk_mcast_rx_pass(&list, zero));
	CHECK(!netbk_mcast_rx_pass(&list, g1));
	CHECK(!netbk_mcast_rx_pass(&list, v6));

	/* Nearly broadcast is multicast. */
	memcpy(a, bcast, 6);
	a[5] = 0xfe;
	CHECK(!netbk_mcast_rx_pass(&list, a));

	CHECK(netbk_mcast_add(&list, v6));
	CHECK(netbk_mcast_rx_pass(&list, v6));
	CHECK(!netbk_mcast_rx_pass(&list, g1));

	/* A full list of others still passes broadcast only. */
	netbk_mcast_clear(&list);
	fill(NETBK_MCAST_MAX);
	CHECK(netbk_mcast_rx_pass(&list, bcast));
	CHECK(!netbk_mcast_rx_pass(&list, v6));
}

/* ---- a hostile frontend's random add/del stream against a model ---- */

static u32 rnd_state;

static u32 rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

UNIT_TEST(mcast_random_against_model)
{
	/* Few distinct addresses, so that duplicates and fills happen. */
	unsigned int model[8] = { 0 }, total = 0, step, i;
	u8 a[6];

	rnd_state = 7;
	netbk_mcast_clear(&list);
	for (step = 0; step < 200000; step++) {
		unsigned int n = rnd() % 8;
		bool ok;

		group(a, n * 0x10101);
		if (rnd() % 3) {
			control(a, NULL);
			ok = netbk_mcast_apply(&list, &pkt);
			CHECK_EQ(ok, total < NETBK_MCAST_MAX);
			if (ok) {
				model[n]++;
				total++;
			}
		} else {
			control(NULL, a);
			CHECK(netbk_mcast_apply(&list, &pkt));
			if (model[n]) {
				model[n]--;
				total--;
			}
		}
		CHECK_EQ(list.count, total);
		if (step % 64)
			continue;
		for (i = 0; i < 8; i++) {
			group(a, i * 0x10101);
			CHECK_EQ(netbk_mcast_match(&list, a), model[i] > 0);
		}
		if (rnd() % 50 == 0) {
			netbk_mcast_clear(&list);
			memset(model, 0, sizeof(model));
			total = 0;
		}
	}
}
