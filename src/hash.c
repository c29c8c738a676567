// SPDX-License-Identifier: GPL-2.0
/*
 * Toeplitz hashing of guest RX, as netif.h defines it for the control
 * ring: which tuple a flow is hashed over, the hash itself, which queue a
 * hash steers to, and the bookkeeping of the hash cache.
 *
 * Toeplitz: for every set bit of the input, counting from the most
 * significant bit of its first octet, the 32 key bits that start at the
 * same bit position are XORed into the result. Here the 32 key bits for
 * input bit b of octet i are cut out of the 40-bit window of key octets
 * i .. i + 4, so the work is one window load per input octet.
 */
#include "netbk_logic.h"

#ifdef __KERNEL__
#include <linux/string.h>
#else
#include <string.h>
#endif

/* Key octet @i, or 0 past the key (netif.h: unset octets are zero). */
static u64 netbk_key_octet(const u8 *key, unsigned int key_len,
			   unsigned int i)
{
	return i < key_len ? key[i] : 0;
}

/* Key octets @i .. @i + 4, the first one in the top byte of 40 bits. */
static u64 netbk_key_window(const u8 *key, unsigned int key_len,
			    unsigned int i)
{
	u64 w = 0;
	unsigned int k;

	for (k = 0; k < 5; k++)
		w = (w << 8) | netbk_key_octet(key, key_len, i + k);
	return w;
}

u32 netbk_toeplitz(const u8 *key, unsigned int key_len, const u8 *data,
		   unsigned int len)
{
	u32 hash = 0;
	unsigned int i, bit;

	for (i = 0; i < len; i++) {
		u64 window;

		if (!data[i])
			continue;
		window = netbk_key_window(key, key_len, i);
		/* Bit 7 of the octet is the first: key bits 0 .. 31 of it. */
		for (bit = 0; bit < 8; bit++)
			if (data[i] & (0x80u >> bit))
				hash ^= (u32)(window >> (8 - bit));
	}
	return hash;
}

static unsigned int netbk_tuple_put(u8 *tuple, unsigned int at, const u8 *p,
				    unsigned int len)
{
	memcpy(tuple + at, p, len);
	return at + len;
}

unsigned int netbk_hash_tuple(u32 flags, const struct netbk_flow *flow,
			      u8 *tuple, unsigned int *type)
{
	unsigned int addr_len = flow->ipv6 ? 16 : 4;
	unsigned int l3 = flow->ipv6 ? NETBK_HASH_TYPE_IPV6 :
				       NETBK_HASH_TYPE_IPV4;
	unsigned int l4 = flow->ipv6 ? NETBK_HASH_TYPE_IPV6_TCP :
				       NETBK_HASH_TYPE_IPV4_TCP;
	unsigned int n = 0;

	/* netif.h: the maximal type the frontend asked for. */
	if (flow->tcp && (flags & BIT(l4)))
		*type = l4;
	else if (flags & BIT(l3))
		*type = l3;
	else
		return 0;

	n = netbk_tuple_put(tuple, n, flow->src, addr_len);
	n = netbk_tuple_put(tuple, n, flow->dst, addr_len);
	if (*type == l4) {
		n = netbk_tuple_put(tuple, n, flow->sport, 2);
		n = netbk_tuple_put(tuple, n, flow->dport, 2);
	}
	return n;
}

unsigned int netbk_hash_queue(const struct netbk_hash_cfg *cfg, u32 hash,
			      unsigned int nr_queues)
{
	u32 queue;

	if (!nr_queues)
		return 0;
	if (!cfg->size || cfg->size > NETBK_HASH_MAPPING_MAX)
		return netbk_queue_of_hash(hash, nr_queues);
	queue = cfg->mapping[hash % cfg->size];
	/* Checked when set; the queue count may have changed since. */
	return queue < nr_queues ? queue : 0;
}

/* ------------------------------------------------------------------ */
/* The hash cache                                                       */

int netbk_hash_cache_find(const struct netbk_hash_entry *e, unsigned int nr,
			  u32 gen, const u8 *tag, unsigned int len)
{
	unsigned int i;

	if (!len || len > NETBK_HASH_TUPLE_MAX)
		return -1;
	for (i = 0; i < nr; i++)
		if (e[i].len == len && e[i].gen == gen &&
		    !memcmp(e[i].tag, tag, len))
			return (int)i;
	return -1;
}

/*
 * Ticks since @used. The clock wraps; a stamp a racing user wrote just
 * after @now was read is "in the future" and counts as just used.
 */
static u32 netbk_hash_age(u32 used, u32 now)
{
	u32 age = now - used;

	return age > 0x7fffffffu ? 0 : age;
}

unsigned int netbk_hash_cache_victim(const struct netbk_hash_entry *e,
				     unsigned int nr, u32 now)
{
	unsigned int i, best = 0;
	u32 best_age = 0;

	for (i = 0; i < nr; i++) {
		u32 age;

		if (!e[i].len)
			return i;
		age = netbk_hash_age(e[i].used, now);
		if (i == 0 || age > best_age) {
			best = i;
			best_age = age;
		}
	}
	return best;
}

int netbk_hash_cache_insert(struct netbk_hash_entry *e, unsigned int nr,
			    u32 gen, const u8 *tag, unsigned int len, u32 val,
			    u32 now)
{
	int i;

	if (!nr || !len || len > NETBK_HASH_TUPLE_MAX)
		return -1;
	i = netbk_hash_cache_find(e, nr, gen, tag, len);
	if (i < 0) {
		i = (int)netbk_hash_cache_victim(e, nr, now);
		memcpy(e[i].tag, tag, len);
		e[i].len = (u8)len;
		e[i].gen = gen;
	}
	e[i].val = val;
	e[i].used = now;
	return i;
}

void netbk_hash_cache_clear(struct netbk_hash_entry *e, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		e[i].len = 0;
}
