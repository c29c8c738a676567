/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control ring of a vif and the hash state it sets, shared by
 * src/ctrl.c (the ring, the requests, the configuration's updates) and
 * src/rxhash.c (hashing packets for the guest with it). The rest of the
 * driver sees only struct netbk_ctrl's name and the functions of netbk.h.
 *
 * Lifetime: allocated when the frontend connects with a control ring,
 * published in vif->ctrl (RCU) once complete; unpublished and freed after
 * a grace period at disconnect. Guest RX reads it under rcu_read_lock().
 */
#ifndef NETBK_CTRL_H
#define NETBK_CTRL_H

#include <linux/seqlock.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "netbk.h"

/* The hash cache's size: hash_cache_size, read at connect, at most this. */
#define NETBK_HASH_CACHE_MAX	1024u

/*
 * Recently hashed tuples. Lookups take no lock: they run on every CPU
 * that sends to the guest, inside a seqcount read section, and a lookup
 * that races an update is a miss (the hash is computed instead), never a
 * retry. Updates (insert on a miss, flush on a new key) hold @lock; a
 * sender that finds it taken does not wait: it just does not insert.
 */
struct netbk_hash_cache {
	spinlock_t lock;		/* updates */
	seqcount_t seq;			/* bumped around each update */
	unsigned int nr;		/* entries, fixed at connect; 0: off */
	struct netbk_hash_entry *entries;
};

struct netbk_ctrl {
	struct netbk_vif *vif;
	struct xen_netif_ctrl_back_ring ring;
	unsigned int irq;
	char irq_name[NETBK_IRQ_NAME_SIZE];
	/* Serves the requests, one at a time, in process context. */
	struct work_struct work;
	atomic_t eoi_pending;		/* an event waits for the work's EOI */
	/* One page of ours: grant copies land here, then are checked. */
	void *scratch;
	/*
	 * The configuration in force, read by guest RX. Only the work
	 * replaces it, with @spare once a request has built it there, and
	 * takes the old one back as its spare after a grace period.
	 */
	struct netbk_hash_cfg __rcu *cfg;
	struct netbk_hash_cfg *spare;
	struct netbk_hash_cache cache;
};

/* rxhash.c */
int netbk_hash_cache_init(struct netbk_hash_cache *cache, unsigned int nr);
void netbk_hash_cache_flush(struct netbk_hash_cache *cache);
void netbk_hash_cache_free(struct netbk_hash_cache *cache);

#endif /* NETBK_CTRL_H */
