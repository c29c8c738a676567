// SPDX-License-Identifier: GPL-2.0
/*
 * Guest RX hashing: the Toeplitz hash of a packet for the guest, with the
 * configuration its frontend set on the control ring, and the queue that
 * hash steers the packet to.
 *
 * This runs where start_xmit and ndo_select_queue run: on any CPU, many
 * at once, with bottom halves off (or in hard IRQ, for netpoll), always
 * under rcu_read_lock(). The control ring and the configuration it points
 * to are freed or reused only a grace period after they stop being
 * visible (src/ctrl.c). The hash cache is the one thing written here; see
 * include/netbk_ctrl.h for why that needs no lock on lookups.
 *
 * The hash is taken over the packet's own IP header, as netif.h defines
 * the hash types: the flow dissector stops at an encapsulation (stock's
 * goes on and hashes what a tunnel carries). As stock, only packets whose
 * skb->protocol is IPv4 or IPv6 are hashed; any other is steered as if
 * its hash were 0, and gets no hash extra.
 *
 * Each packet is hashed once: ndo_select_queue (which the stack calls
 * only with more than one queue) leaves what it found in a stash at the
 * end of skb->cb, and start_xmit's planning takes it from there.
 */

#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/flow_dissector.h>
#include <net/pkt_sched.h>

#include "netbk_ctrl.h"

/* ------------------------------------------------------------------ */
/* The hash cache                                                       */

int netbk_hash_cache_init(struct netbk_hash_cache *cache, unsigned int nr)
{
	spin_lock_init(&cache->lock);
	seqcount_init(&cache->seq);
	cache->nr = 0;
	cache->entries = NULL;
	if (!nr)
		return 0;
	cache->entries = kvcalloc(nr, sizeof(*cache->entries), GFP_KERNEL);
	if (!cache->entries)
		return -ENOMEM;
	cache->nr = nr;
	return 0;
}

/* Once no RX reader can reach the cache any more. */
void netbk_hash_cache_free(struct netbk_hash_cache *cache)
{
	kvfree(cache->entries);
	cache->entries = NULL;
	cache->nr = 0;
}

void netbk_hash_cache_flush(struct netbk_hash_cache *cache)
{
	unsigned long flags;

	if (!cache->nr)
		return;
	spin_lock_irqsave(&cache->lock, flags);
	write_seqcount_begin(&cache->seq);
	netbk_hash_cache_clear(cache->entries, cache->nr);
	write_seqcount_end(&cache->seq);
	spin_unlock_irqrestore(&cache->lock, flags);
}

/*
 * The cached hash of @tuple under key @gen. A miss when an update runs
 * meanwhile: raw_seqcount_begin() does not wait for it, the retry check
 * fails instead, so a sender never spins here.
 */
static bool netbk_hash_cache_lookup(struct netbk_hash_cache *cache, u32 gen,
				    const u8 *tuple, unsigned int len, u32 now,
				    u32 *val)
{
	struct netbk_hash_entry *e;
	unsigned int seq;
	int i;

	if (!cache->nr)
		return false;
	seq = raw_seqcount_begin(&cache->seq);
	i = netbk_hash_cache_find(cache->entries, cache->nr, gen, tuple, len);
	if (i < 0)
		return false;
	e = &cache->entries[i];
	*val = e->val;
	if (read_seqcount_retry(&cache->seq, seq))
		return false;
	/*
	 * The use stamp is only advice for choosing a victim: senders that
	 * race here all store about the same time; skip the store (and the
	 * cache line bouncing) when it would not change it.
	 */
	if (READ_ONCE(e->used) != now)
		WRITE_ONCE(e->used, now);
	return true;
}

/* Remember a new hash, unless another CPU is updating the cache now. */
static void netbk_hash_cache_add(struct netbk_hash_cache *cache, u32 gen,
				 const u8 *tuple, unsigned int len, u32 val,
				 u32 now)
{
	unsigned long flags;

	if (!cache->nr || !spin_trylock_irqsave(&cache->lock, flags))
		return;
	write_seqcount_begin(&cache->seq);
	netbk_hash_cache_insert(cache->entries, cache->nr, gen, tuple, len,
				val, now);
	write_seqcount_end(&cache->seq);
	spin_unlock_irqrestore(&cache->lock, flags);
}

static u32 netbk_hash_of_tuple(struct netbk_ctrl *ctrl,
			       const struct netbk_hash_cfg *cfg,
			       const u8 *tuple, unsigned int len)
{
	u32 now = (u32)jiffies;
	u32 val;

	if (netbk_hash_cache_lookup(&ctrl->cache, cfg->key_gen, tuple, len,
				    now, &val))
		return val;
	val = netbk_toeplitz(cfg->key, sizeof(cfg->key), tuple, len);
	netbk_hash_cache_add(&ctrl->cache, cfg->key_gen, tuple, len, val, now);
	return val;
}

/* ------------------------------------------------------------------ */
/* Packets                                                              */

/* Does @flags ask for any hash of @skb's network protocol? */
static bool netbk_hash_wants_proto(const struct sk_buff *skb, u32 flags,
				   bool *ipv6)
{
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		*ipv6 = false;
		return flags & (BIT(NETBK_HASH_TYPE_IPV4) |
				BIT(NETBK_HASH_TYPE_IPV4_TCP));
	case htons(ETH_P_IPV6):
		*ipv6 = true;
		return flags & (BIT(NETBK_HASH_TYPE_IPV6) |
				BIT(NETBK_HASH_TYPE_IPV6_TCP));
	default:
		return false;
	}
}

/* The addresses and ports of @skb's IP header, as netif.h hashes them. */
static bool netbk_hash_flow(const struct sk_buff *skb, u32 flags,
			    struct netbk_flow *flow)
{
	struct flow_keys keys;
	u16 addr_type;
	bool ipv6;

	if (!netbk_hash_wants_proto(skb, flags, &ipv6))
		return false;
	memset(&keys, 0, sizeof(keys));
	if (!skb_flow_dissect_flow_keys(skb, &keys,
					FLOW_DISSECTOR_F_STOP_AT_ENCAP))
		return false;
	/* A header too short for its addresses leaves them out: no hash. */
	addr_type = ipv6 ? FLOW_DISSECTOR_KEY_IPV6_ADDRS :
			   FLOW_DISSECTOR_KEY_IPV4_ADDRS;
	if (keys.control.addr_type != addr_type)
		return false;

	memset(flow, 0, sizeof(*flow));
	flow->ipv6 = ipv6;
	flow->tcp = keys.basic.ip_proto == IPPROTO_TCP &&
		    !(keys.control.flags & FLOW_DIS_IS_FRAGMENT);
	if (ipv6) {
		memcpy(flow->src, &keys.addrs.v6addrs.src, 16);
		memcpy(flow->dst, &keys.addrs.v6addrs.dst, 16);
	} else {
		memcpy(flow->src, &keys.addrs.v4addrs.src, 4);
		memcpy(flow->dst, &keys.addrs.v4addrs.dst, 4);
	}
	memcpy(flow->sport, &keys.ports.src, 2);
	memcpy(flow->dport, &keys.ports.dst, 2);
	return true;
}

/*
 * Set @skb's hash as @cfg says; cleared if @cfg selects none for it.
 * Returns true if it now carries a hash, its value in *@hash.
 */
static bool netbk_hash_set(struct netbk_ctrl *ctrl,
			   const struct netbk_hash_cfg *cfg,
			   struct sk_buff *skb, u32 *hash, bool *l4)
{
	u8 tuple[NETBK_HASH_TUPLE_MAX];
	struct netbk_flow flow;
	unsigned int len = 0, type;

	*hash = 0;
	*l4 = false;
	if (netbk_hash_flow(skb, cfg->flags, &flow))
		len = netbk_hash_tuple(cfg->flags, &flow, tuple, &type);
	if (!len) {
		skb_clear_hash(skb);
		return false;
	}
	*hash = netbk_hash_of_tuple(ctrl, cfg, tuple, len);
	/* rx.c names the type in the hash extra from l4_hash and protocol. */
	*l4 = type == NETBK_HASH_TYPE_IPV4_TCP || type == NETBK_HASH_TYPE_IPV6_TCP;
	__skb_set_sw_hash(skb, *hash, *l4);
	return true;
}

/* ------------------------------------------------------------------ */
/* The stash: ndo_select_queue's hash, for start_xmit                  */

/*
 * What netbk_select_queue() found, in the last bytes of skb->cb. Between
 * the two calls the skb may pass a qdisc and its classifiers (struct
 * tc_skb_cb: the start of cb, checked below) and GSO segmentation (struct
 * skb_gso_cb at SKB_GSO_CB_OFFSET, which writes csum and csum_start
 * together; the magic sits under the one and the hash under the other, so
 * that such a write spoils the magic). A stash whose magic or key
 * generation does not match is not used: the packet is hashed again.
 */
struct netbk_hash_stash {
	u16 magic;
	u8 flags;			/* NETBK_STASH_* */
	u8 key_gen;			/* low byte of cfg->key_gen */
	u32 hash;
};

#define NETBK_STASH_MAGIC	0x6e62	/* "nb" */
#define NETBK_STASH_HASHED	0x01	/* a hash (else none for the packet) */
#define NETBK_STASH_L4		0x02	/* of a TCP tuple */

#define NETBK_STASH_OFFSET \
	(sizeof_field(struct sk_buff, cb) - sizeof(struct netbk_hash_stash))

/* Known at build time: a kernel whose tc cb reaches it gets no stash. */
#define NETBK_STASH_USABLE	(sizeof(struct tc_skb_cb) <= NETBK_STASH_OFFSET)

static struct netbk_hash_stash *netbk_stash(struct sk_buff *skb)
{
	return (struct netbk_hash_stash *)(skb->cb + NETBK_STASH_OFFSET);
}

/*
 * The magic of @skb's own stash. Bytes another layer left in cb (TCP's
 * timestamps, a stash of another vif's that a redirect carried over)
 * match it only by chance: and they are read only where select_queue ran
 * for this vif, which writes or clears the stash every time.
 */
static u16 netbk_stash_magic(const struct sk_buff *skb)
{
	return NETBK_STASH_MAGIC ^ (u16)hash_ptr(skb, 16);
}

static void netbk_stash_put(struct sk_buff *skb,
			    const struct netbk_hash_cfg *cfg, bool hashed,
			    u32 hash, bool l4)
{
	struct netbk_hash_stash *st = netbk_stash(skb);

	if (!NETBK_STASH_USABLE)
		return;
	st->magic = netbk_stash_magic(skb);
	st->flags = (hashed ? NETBK_STASH_HASHED : 0) |
		    (l4 ? NETBK_STASH_L4 : 0);
	st->key_gen = (u8)cfg->key_gen;
	st->hash = hash;
}

/*
 * Take the stash (it is used once): true if it holds the hash of @cfg's
 * key for @skb, which then carries that hash again (or none).
 */
static bool netbk_stash_take(struct sk_buff *skb,
			     const struct netbk_hash_cfg *cfg, bool *hashed)
{
	struct netbk_hash_stash *st = netbk_stash(skb);
	bool ok;

	if (!NETBK_STASH_USABLE)
		return false;
	ok = st->magic == netbk_stash_magic(skb) &&
	     st->key_gen == (u8)cfg->key_gen;
	st->magic = 0;
	if (!ok)
		return false;
	*hashed = st->flags & NETBK_STASH_HASHED;
	if (*hashed)
		__skb_set_sw_hash(skb, st->hash, st->flags & NETBK_STASH_L4);
	else
		skb_clear_hash(skb);
	return true;
}

/*
 * Under rcu_read_lock(): the vif's control ring and the configuration in
 * force, if the frontend chose Toeplitz hashing.
 */
static const struct netbk_hash_cfg *
netbk_hash_cfg_toeplitz(const struct netbk_vif *vif, struct netbk_ctrl **ctrl)
{
	const struct netbk_hash_cfg *cfg;

	*ctrl = rcu_dereference(vif->ctrl);
	if (!*ctrl)
		return NULL;
	cfg = rcu_dereference((*ctrl)->cfg);
	return cfg->alg == NETBK_HASH_ALG_TOEPLITZ ? cfg : NULL;
}

/*
 * Called for every packet queued for the guest. With several queues
 * ndo_select_queue has hashed it already and left the result in the
 * stash; with one the stack does not call it, and a hash set by someone
 * else (RPS, a socket) must not go to the guest as a Toeplitz hash: so
 * without a stash it is hashed here.
 */
bool netbk_hash_skb(const struct netbk_vif *vif, struct sk_buff *skb)
{
	const struct netbk_hash_cfg *cfg;
	struct netbk_ctrl *ctrl;
	bool hashed = false, l4;
	u32 hash;

	rcu_read_lock();
	cfg = netbk_hash_cfg_toeplitz(vif, &ctrl);
	/* One queue: the stack did not call select_queue, cb is not ours. */
	if (cfg && (vif->dev->real_num_tx_queues < 2 ||
		    !netbk_stash_take(skb, cfg, &hashed)))
		hashed = netbk_hash_set(ctrl, cfg, skb, &hash, &l4);
	rcu_read_unlock();
	return hashed;
}

/*
 * The guest RX queue: mapping[hash % size] of the Toeplitz hash once the
 * frontend set hashing up (the hash stashed for start_xmit), else the
 * stack's hash of the flow reduced to the number of queues.
 */
u16 netbk_select_queue(struct net_device *dev, struct sk_buff *skb,
		       struct net_device *sb_dev)
{
	struct netbk_vif *vif = netdev_priv(dev);
	unsigned int nr_queues = READ_ONCE(vif->num_queues);
	const struct netbk_hash_cfg *cfg;
	struct netbk_ctrl *ctrl;
	bool hashed, l4;
	u32 hash;
	u16 queue;

	/* Not connected: start_xmit drops it, any queue will do. */
	if (!nr_queues)
		return 0;

	rcu_read_lock();
	cfg = netbk_hash_cfg_toeplitz(vif, &ctrl);
	if (cfg) {
		hashed = netbk_hash_set(ctrl, cfg, skb, &hash, &l4);
		netbk_stash_put(skb, cfg, hashed, hash, l4);
		queue = netbk_hash_queue(cfg, hash, nr_queues);
	} else {
		/* Hashing was off: a stash start_xmit finds is not this one. */
		if (NETBK_STASH_USABLE)
			netbk_stash(skb)->magic = 0;
		queue = netbk_queue_of_hash(skb_get_hash(skb), nr_queues);
	}
	rcu_read_unlock();
	return queue;
}
