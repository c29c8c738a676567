// SPDX-License-Identifier: GPL-2.0
/*
 * Toeplitz hashing (src/hash.c): the published Microsoft RSS verification
 * vectors with the standard 40-byte key, tuples, queue choice and the
 * hash cache's bookkeeping.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include "unit.h"
#include "netbk_logic.h"

#define NR_ELEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* The key of Microsoft's "Verifying the RSS Hash Calculation". */
static const u8 ms_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

struct vector {
	const char *dst, *src;
	u16 dport, sport;
	u32 with_tcp, ip_only;
};

static const struct vector v4[] = {
	{ "161.142.100.80", "66.9.149.187", 1766, 2794,
	  0x51ccc178, 0x323e8fc2 },
	{ "65.69.140.83", "199.92.111.2", 4739, 14230,
	  0xc626b0ea, 0xd718262a },
	{ "12.22.207.184", "24.19.198.95", 38024, 12898,
	  0x5c2b394a, 0xd2d0a5de },
	{ "209.142.163.6", "38.27.205.30", 2217, 48228,
	  0xafc7327f, 0x82989176 },
	{ "202.188.127.2", "153.39.163.191", 1303, 44251,
	  0x10e828a2, 0x5d1809c5 },
};

static const struct vector v6[] = {
	{ "3ffe:2501:200:3::1", "3ffe:2501:200:1fff::7", 1766, 2794,
	  0x40207d3d, 0x2cc18cd5 },
	{ "ff02::1", "3ffe:501:8::260:97ff:fe40:efab", 4739, 14230,
	  0xdde51bbf, 0x0f0c461c },
	{ "fe80::200:f8ff:fe21:67cf", "3ffe:1900:4545:3:200:f8ff:fe21:67cf",
	  38024, 44251, 0x02d1feef, 0x4b61e985 },
};

static void flow_of(const struct vector *v, bool ipv6, bool tcp,
		    struct netbk_flow *f)
{
	u16 sport = htons(v->sport), dport = htons(v->dport);
	int af = ipv6 ? AF_INET6 : AF_INET;

	memset(f, 0, sizeof(*f));
	f->ipv6 = ipv6;
	f->tcp = tcp;
	if (inet_pton(af, v->src, f->src) != 1 ||
	    inet_pton(af, v->dst, f->dst) != 1)
		abort();
	memcpy(f->sport, &sport, 2);
	memcpy(f->dport, &dport, 2);
}

/* The hash of a vector's flow with @flags, through the module's tuple. */
static u32 hash_of(const struct vector *v, bool ipv6, bool tcp, u32 flags,
		   unsigned int *len, unsigned int *type)
{
	u8 tuple[NETBK_HASH_TUPLE_MAX];
	struct netbk_flow f;

	flow_of(v, ipv6, tcp, &f);
	*len = netbk_hash_tuple(flags, &f, tuple, type);
	return netbk_toeplitz(ms_key, sizeof(ms_key), tuple, *len);
}

UNIT_TEST(toeplitz_ms_ipv4_tcp)
{
	unsigned int i, len, type;

	for (i = 0; i < NR_ELEMS(v4); i++) {
		CHECK_EQ(hash_of(&v4[i], false, true, NETBK_HASH_FLAGS_ALL,
				 &len, &type), v4[i].with_tcp);
		CHECK_EQ(len, 12);
		CHECK_EQ(type, NETBK_HASH_TYPE_IPV4_TCP);
	}
}

UNIT_TEST(toeplitz_ms_ipv4)
{
	unsigned int i, len, type;

	for (i = 0; i < NR_ELEMS(v4); i++) {
		/* Not TCP: the address-only hash even with TCP allowed. */
		CHECK_EQ(hash_of(&v4[i], false, false, NETBK_HASH_FLAGS_ALL,
				 &len, &type), v4[i].ip_only);
		CHECK_EQ(len, 8);
		CHECK_EQ(type, NETBK_HASH_TYPE_IPV4);
		/* TCP, but only the address hash asked for. */
		CHECK_EQ(hash_of(&v4[i], false, true,
				 BIT(NETBK_HASH_TYPE_IPV4), &len, &type),
			 v4[i].ip_only);
		CHECK_EQ(type, NETBK_HASH_TYPE_IPV4);
	}
}

UNIT_TEST(toeplitz_ms_ipv6_tcp)
{
	unsigned int i, len, type;

	for (i = 0; i < NR_ELEMS(v6); i++) {
		CHECK_EQ(hash_of(&v6[i], true, true, NETBK_HASH_FLAGS_ALL,
				 &len, &type), v6[i].with_tcp);
		CHECK_EQ(len, 36);
		CHECK_EQ(type, NETBK_HASH_TYPE_IPV6_TCP);
	}
}

UNIT_TEST(toeplitz_ms_ipv6)
{
	unsigned int i, len, type;

	for (i = 0; i < NR_ELEMS(v6); i++) {
		CHECK_EQ(hash_of(&v6[i], true, false, NETBK_HASH_FLAGS_ALL,
				 &len, &type), v6[i].ip_only);
		CHECK_EQ(len, 32);
		CHECK_EQ(type, NETBK_HASH_TYPE_IPV6);
		CHECK_EQ(hash_of(&v6[i], true, true,
				 BIT(NETBK_HASH_TYPE_IPV6), &len, &type),
			 v6[i].ip_only);
	}
}

UNIT_TEST(toeplitz_short_and_empty_key)
{
	static const u8 data[36] = { 0xff, 0x80, 0x01, 0x55 };
	u8 padded[40] = { 0 };
	u32 h;

	/* No key at all: every hash is 0 (netif.h: an empty key). */
	CHECK_EQ(netbk_toeplitz(NULL, 0, data, sizeof(data)), 0);
	/* A short key hashes as the same key padded with zero octets. */
	memcpy(padded, ms_key, 7);
	h = netbk_toeplitz(ms_key, 7, data, sizeof(data));
	CHECK_EQ(h, netbk_toeplitz(padded, sizeof(padded), data, sizeof(data)));
	/* The first input bit XORs in the key's first 32 bits. */
	CHECK_EQ(netbk_toeplitz(ms_key, 40, (const u8 *)"\x80", 1), 0x6d5a56da);
	/*
	 * The last bit of 36 octets uses key bits 287 .. 318: the result's
	 * low bit is the key's last bit but one (bit 319 is never used).
	 */
	memset(padded, 0, sizeof(padded));
	padded[39] = 0x03;
	{
		u8 last[36] = { 0 };

		last[35] = 0x01;
		CHECK_EQ(netbk_toeplitz(padded, 40, last, 36), 1);
	}
	/* No input, no hash. */
	CHECK_EQ(netbk_toeplitz(ms_key, 40, data, 0), 0);
}

UNIT_TEST(hash_tuple_flags)
{
	u8 tuple[NETBK_HASH_TUPLE_MAX];
	struct netbk_flow f;
	unsigned int type = 99;

	flow_of(&v4[0], false, true, &f);
	/* No flag for this family: no hash, tuple untouched. */
	CHECK_EQ(netbk_hash_tuple(0, &f, tuple, &type), 0);
	CHECK_EQ(netbk_hash_tuple(BIT(NETBK_HASH_TYPE_IPV6) |
				  BIT(NETBK_HASH_TYPE_IPV6_TCP), &f, tuple,
				  &type), 0);
	/* Only TCP allowed, flow not TCP (a fragment): none. */
	f.tcp = false;
	CHECK_EQ(netbk_hash_tuple(BIT(NETBK_HASH_TYPE_IPV4_TCP), &f, tuple,
				  &type), 0);
	f.tcp = true;
	CHECK_EQ(netbk_hash_tuple(BIT(NETBK_HASH_TYPE_IPV4_TCP), &f, tuple,
				  &type), 12);
	CHECK_EQ(type, NETBK_HASH_TYPE_IPV4_TCP);
	/* Order: source address, destination address, ports. */
	CHECK(!memcmp(tuple, f.src, 4) && !memcmp(tuple + 4, f.dst, 4));
	CHECK(!memcmp(tuple + 8, f.sport, 2) && !memcmp(tuple + 10, f.dport, 2));

	flow_of(&v6[1], true, true, &f);
	CHECK_EQ(netbk_hash_tuple(BIT(NETBK_HASH_TYPE_IPV4) |
				  BIT(NETBK_HASH_TYPE_IPV4_TCP), &f, tuple,
				  &type), 0);
	CHECK_EQ(netbk_hash_tuple(NETBK_HASH_FLAGS_ALL, &f, tuple, &type), 36);
	CHECK(!memcmp(tuple, f.src, 16) && !memcmp(tuple + 16, f.dst, 16));
}

UNIT_TEST(hash_queue_choice)
{
	struct netbk_hash_cfg *cfg = calloc(1, sizeof(*cfg));
	unsigned int i;

	CHECK(cfg);
	/* No table: modulo the queues. */
	CHECK_EQ(netbk_hash_queue(cfg, 7, 4), 3);
	CHECK_EQ(netbk_hash_queue(cfg, 0xffffffff, 1), 0);
	CHECK_EQ(netbk_hash_queue(cfg, 5, 0), 0);
	/* A table: mapping[hash % size]. */
	cfg->size = 8;
	for (i = 0; i < 8; i++)
		cfg->mapping[i] = i % 3;
	CHECK_EQ(netbk_hash_queue(cfg, 13, 3), 13 % 8 % 3);
	CHECK_EQ(netbk_hash_queue(cfg, 0xffffffff, 3), 7 % 3);
	/* An entry that no longer names a queue goes to queue 0. */
	cfg->mapping[5] = 9;
	CHECK_EQ(netbk_hash_queue(cfg, 5, 3), 0);
	CHECK_EQ(netbk_hash_queue(cfg, 5, 0), 0);
	/* A size the handler never allows is not used to index. */
	cfg->size = NETBK_HASH_MAPPING_MAX + 1;
	CHECK_EQ(netbk_hash_queue(cfg, 1000, 3), 1000 % 3);
	free(cfg);
}

/* ---- the hash cache ---- */

static void tag_of(u8 *tag, unsigned int n)
{
	memset(tag, 0, NETBK_HASH_TUPLE_MAX);
	memcpy(tag, &n, sizeof(n));
}

UNIT_TEST(hash_cache_hit_miss)
{
	struct netbk_hash_entry *e = calloc(4, sizeof(*e));
	u8 tag[NETBK_HASH_TUPLE_MAX], other[NETBK_HASH_TUPLE_MAX];
	int i;

	CHECK(e);
	tag_of(tag, 1);
	tag_of(other, 2);
	CHECK_EQ(netbk_hash_cache_find(e, 4, 0, tag, 12), -1);
	i = netbk_hash_cache_insert(e, 4, 0, tag, 12, 0xabcd, 100);
	CHECK(i >= 0);
	CHECK_EQ(netbk_hash_cache_find(e, 4, 0, tag, 12), i);
	CHECK_EQ(e[i].val, 0xabcd);
	/* Same octets, another length: another tuple. */
	CHECK_EQ(netbk_hash_cache_find(e, 4, 0, tag, 8), -1);
	CHECK_EQ(netbk_hash_cache_find(e, 4, 0, other, 12), -1);
	/* Inserting it again refreshes the one entry, no duplicate. */
	CHECK_EQ(netbk_hash_cache_insert(e, 4, 0, tag, 12, 0xabcd, 200), i);
	CHECK_EQ(e[i].used, 200);
	/* Nothing stored for nonsense. */
	CHECK_EQ(netbk_hash_cache_insert(e, 0, 0, tag, 12, 1, 1), -1);
	CHECK_EQ(netbk_hash_cache_insert(e, 4, 0, tag, 0, 1, 1), -1);
	CHECK_EQ(netbk_hash_cache_insert(e, 4, 0, tag, NETBK_HASH_TUPLE_MAX + 1,
					 1, 1), -1);
	CHECK_EQ(netbk_hash_cache_find(e, 4, 0, tag, 0), -1);
	CHECK_EQ(netbk_hash_cache_find(e, 4, 0, tag, 255), -1);
	netbk_hash_cache_clear(e, 4);
	CHECK_EQ(netbk_hash_cache_find(e, 4, 0, tag, 12), -1);
	free(e);
}

UNIT_TEST(hash_cache_key_generations)
{
	struct netbk_hash_entry *e = calloc(4, sizeof(*e));
	u8 tag[NETBK_HASH_TUPLE_MAX];
	int i, j;

	CHECK(e);
	tag_of(tag, 7);
	i = netbk_hash_cache_insert(e, 4, 1, tag, 12, 0x1111, 10);
	CHECK(i >= 0);
	/* A hash computed with the previous key never answers for the next. */
	CHECK_EQ(netbk_hash_cache_find(e, 4, 2, tag, 12), -1);
	/* A late insert under the old key does not shadow the new one. */
	j = netbk_hash_cache_insert(e, 4, 2, tag, 12, 0x2222, 11);
	CHECK(j >= 0 && j != i);
	CHECK_EQ(e[netbk_hash_cache_find(e, 4, 2, tag, 12)].val, 0x2222);
	CHECK_EQ(e[netbk_hash_cache_find(e, 4, 1, tag, 12)].val, 0x1111);
	free(e);
}

UNIT_TEST(hash_cache_lru_bound)
{
	enum { NR = 8 };
	struct netbk_hash_entry *e = calloc(NR, sizeof(*e));
	u8 tag[NETBK_HASH_TUPLE_MAX];
	unsigned int n, live;
	u32 now = 1000;

	CHECK(e);
	for (n = 0; n < NR; n++) {
		tag_of(tag, n);
		CHECK(netbk_hash_cache_insert(e, NR, 0, tag, 12, n, now++) >= 0);
	}
	/* Use tuple 0 again: tuple 1 is now the least recently used. */
	tag_of(tag, 0);
	e[netbk_hash_cache_find(e, NR, 0, tag, 12)].used = now++;
	tag_of(tag, 100);
	netbk_hash_cache_insert(e, NR, 0, tag, 12, 100, now++);
	tag_of(tag, 1);
	CHECK_EQ(netbk_hash_cache_find(e, NR, 0, tag, 12), -1);
	tag_of(tag, 0);
	CHECK(netbk_hash_cache_find(e, NR, 0, tag, 12) >= 0);

	/* Many more flows than entries: never more than NR held. */
	for (n = 200; n < 1200; n++) {
		tag_of(tag, n);
		netbk_hash_cache_insert(e, NR, 0, tag, 12, n, now++);
	}
	for (live = 0, n = 0; n < NR; n++)
		live += e[n].len != 0;
	CHECK_EQ(live, NR);
	/* The NR most recent are the ones held. */
	for (n = 1200 - NR; n < 1200; n++) {
		tag_of(tag, n);
		CHECK(netbk_hash_cache_find(e, NR, 0, tag, 12) >= 0);
	}
	free(e);
}

UNIT_TEST(hash_cache_clock_wraps)
{
	enum { NR = 3 };
	struct netbk_hash_entry e[NR];
	u8 tag[NETBK_HASH_TUPLE_MAX];
	unsigned int n;

	memset(e, 0, sizeof(e));
	/* Stamps on both sides of the clock's wrap. */
	for (n = 0; n < NR; n++) {
		tag_of(tag, n);
		netbk_hash_cache_insert(e, NR, 0, tag, 12, n, 0xfffffffeu + n);
	}
	/* Oldest is the one stamped 0xfffffffe, although numerically big. */
	CHECK_EQ(netbk_hash_cache_victim(e, NR, 5), 0);
	/* A stamp just after now (a racing hit) counts as fresh. */
	e[1].used = 6;
	CHECK_EQ(netbk_hash_cache_victim(e, NR, 5), 0);
	e[0].used = 6;
	CHECK_EQ(netbk_hash_cache_victim(e, NR, 5), 2);
	/* A free entry goes first. */
	e[1].len = 0;
	CHECK_EQ(netbk_hash_cache_victim(e, NR, 5), 1);
}
