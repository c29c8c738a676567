/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-netback-mt: the objects every part of the driver shares.
 *
 * The unit of work is the queue (a pair of TX/RX rings of one vif). Each
 * queue is served by one netbk group; a group is one dom0 CPU's TX worker
 * and RX worker with their scratch grant-operation arrays. Groups share no
 * lock on the data path: a queue's data is touched only by its group's
 * workers, its interrupt handlers and (RX enqueue) the network stack.
 */
#ifndef NETBK_H
#define NETBK_H

#include <linux/netdevice.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <linux/wait.h>
#include <linux/list.h>
#include <linux/u64_stats_sync.h>
#include <linux/atomic.h>
#include <xen/interface/io/netif.h>
#include <xen/interface/grant_table.h>
#include <xen/grant_table.h>
#include <xen/xenbus.h>
#include <xen/page.h>

#include "netbk_compat.h"
#include "netbk_logic.h"

#define NETBK_NAME		"xen-netback"

#define NETBK_TX_RING_SIZE_K	__CONST_RING_SIZE(xen_netif_tx, XEN_PAGE_SIZE)
#define NETBK_RX_RING_SIZE_K	__CONST_RING_SIZE(xen_netif_rx, XEN_PAGE_SIZE)

/* Guest RX queue bound, in bytes (stock: half a ring of full pages). */
#define NETBK_RX_QUEUE_BYTES	(NETBK_RX_RING_SIZE / 2 * PAGE_SIZE)

/* Packets one queue may handle in one worker pass before the next queue. */
#define NETBK_QUEUE_BUDGET	64

/* Grant-copy operations one group worker issues in one hypercall batch. */
#define NETBK_COPY_BATCH	(2 * NETBK_TX_RING_SIZE)

/*
 * Copy segments of one guest TX packet: each data slot (at most the
 * legacy 18 plus the first) splits at most once on a destination page
 * boundary, and the linear area adds one more split.
 */
#define NETBK_TX_SEGS_MAX	(2 * (NETBK_LEGACY_SLOTS_MAX + 1) + 2)

#define NETBK_QUEUE_NAME_SIZE	(IFNAMSIZ + 5)	/* vifD.H-qN */
#define NETBK_IRQ_NAME_SIZE	(NETBK_QUEUE_NAME_SIZE + 3)

/* ------------------------------------------------------------------ */
/* Module parameters (main.c).                                         */

extern bool netbk_separate_tx_rx_irq;
extern unsigned int netbk_rx_drain_timeout_msecs;
extern unsigned int netbk_rx_stall_timeout_msecs;
extern unsigned int netbk_fatal_skb_slots;
extern unsigned int netbk_max_queues;
extern unsigned int netbk_hash_cache_size;
extern bool netbk_provides_xdp_headroom;
extern bool netbk_bind_workers;
extern int netbk_worker_nice;
extern bool netbk_weigh_workers;

enum netbk_worker_kind {
	NETBK_WORKER_KTHREAD,
	NETBK_WORKER_TASKLET,
};

extern enum netbk_worker_kind netbk_worker_kind;

/* ------------------------------------------------------------------ */
/* Counters.                                                           */

/*
 * A queue's counters as readers get them (netbk_queue_stats_read()): one
 * consistent u64 each. Named from dom0's point of view like the netdev:
 * "rx" is guest TX (packets dom0 receives), "tx" is guest RX.
 */
struct netbk_queue_stats {
	u64 rx_bytes;
	u64 rx_packets;
	u64 tx_bytes;
	u64 tx_packets;
	u64 rx_errors;		/* guest TX packets answered with an error */
	u64 rx_dropped;		/* guest TX packets dropped after copy */
	u64 tx_dropped;		/* guest RX packets dropped (queue, grant) */
	u64 rx_queue_drops;	/* guest RX refused by start_xmit (add it to
				 * tx_dropped to show)
				 */
	u64 tx_mcast_filtered;	/* guest RX multicast not in the frontend's
				 * list (start_xmit; shown in tx_dropped too,
				 * where stock counts them)
				 */

	/* Stock ethtool -S names, kept for operators' scripts. */
	u64 rx_gso_checksum_fixup;
	u64 tx_zerocopy_sent;	/* always 0: we copy, never map */
	u64 tx_zerocopy_success;
	u64 tx_zerocopy_fail;
	u64 tx_frag_overflow;	/* guest TX packets with > MAX_SKB_FRAGS slots */

	/* Ours. */
	u64 tx_copy_ops;	/* grant-copy ops for guest TX */
	u64 rx_copy_ops;	/* grant-copy ops for guest RX */
	u64 copy_errors;	/* grant-copy ops that failed */
	u64 hypercalls;		/* grant-copy hypercalls issued */
	u64 tx_passes;		/* TX worker passes over this queue */
	u64 rx_passes;
	u64 rate_limited;	/* times guest TX waited for credit */
	u64 spurious_events;	/* event with no work (reported to Xen too) */
};

/*
 * The counters themselves, kept by writer so that no two writers share
 * one: the TX worker's and the RX worker's each under their own
 * u64_stats_sync (readers on 32-bit dom0s see no torn value), and the
 * rare ones of start_xmit and the event handlers, which may run on
 * several CPUs at once, atomic.
 */
struct netbk_tx_counters {		/* the group's TX worker only */
	struct u64_stats_sync syncp;
	u64_stats_t rx_bytes;
	u64_stats_t rx_packets;
	u64_stats_t rx_errors;
	u64_stats_t rx_dropped;
	u64_stats_t rx_gso_checksum_fixup;
	u64_stats_t tx_frag_overflow;
	u64_stats_t copy_ops;
	u64_stats_t copy_errors;
	u64_stats_t hypercalls;
	u64_stats_t passes;
	u64_stats_t rate_limited;
};

struct netbk_rx_counters {		/* the group's RX worker only */
	struct u64_stats_sync syncp;
	u64_stats_t tx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_dropped;
	u64_stats_t copy_ops;
	u64_stats_t copy_errors;
	u64_stats_t hypercalls;
	u64_stats_t passes;
};

struct netbk_queue_counters {
	struct netbk_tx_counters tx;
	struct netbk_rx_counters rx;
	atomic64_t rx_queue_drops;	/* start_xmit */
	atomic64_t tx_mcast_filtered;	/* start_xmit */
	atomic64_t spurious_events;	/* event handlers */
};

/* Add @n to one counter of a single writer's set guarded by @syncp. */
/*
 * Counter updates. A kthread worker is preemptible: on a 32-bit dom0 a
 * reader on its CPU with interrupts off (debugfs under group->lock)
 * would spin forever on a writer preempted in mid-update. The irqsave
 * forms make each update atomic there, and cost nothing on 64-bit.
 */
static inline unsigned long netbk_stats_begin(struct u64_stats_sync *syncp)
{
	return u64_stats_update_begin_irqsave(syncp);
}

static inline void netbk_stats_end(struct u64_stats_sync *syncp,
				   unsigned long flags)
{
	u64_stats_update_end_irqrestore(syncp, flags);
}

static inline void netbk_stat_add(struct u64_stats_sync *syncp,
				  u64_stats_t *ctr, u64 n)
{
	unsigned long flags = netbk_stats_begin(syncp);

	u64_stats_add(ctr, n);
	netbk_stats_end(syncp, flags);
}

/* At vif allocation, once: the counters last as long as the vif. */
void netbk_queue_counters_init(struct netbk_queue_counters *c);

/* One worker's counters for the group view (debugfs), its writer only. */
struct netbk_worker_stats {
	struct u64_stats_sync syncp;
	u64_stats_t passes;
	u64_stats_t passes_home;	/* passes that ran on the group's CPU */
	u64_stats_t passes_away;	/* passes that ran elsewhere */
	u64_stats_t hypercalls;
	u64_stats_t copy_ops;
};

/* ------------------------------------------------------------------ */
/* Groups (group.c).                                                   */

struct netbk_queue;

/* One direction's worker of a group: a kthread or a tasklet. */
struct netbk_worker {
	struct netbk_group *group;
	bool is_tx;
	struct list_head work;		/* queues with work, under group->lock */
	unsigned int nr_work;		/* entries on @work, under group->lock */
	struct netbk_queue *current_queue; /* being served, under group->lock */
	struct task_struct *task;	/* NETBK_WORKER_KTHREAD */
	wait_queue_head_t wq;
	struct tasklet_struct tasklet;	/* NETBK_WORKER_TASKLET */
	call_single_data_t csd;		/* schedules the tasklet at home */
	unsigned long ipi_pending;	/* bit 0: IPI sent, handler not done */
	struct netbk_worker_stats stats;	/* this worker only */
};

struct netbk_group {
	unsigned int id;
	unsigned int cpu;		/* home CPU */
	bool cpu_online;
	spinlock_t lock;		/* work lists, current_queue, members */
	unsigned int nr_queues;		/* load, under netbk_groups_lock */
	struct list_head members;	/* all queues served, under lock */
	wait_queue_head_t leave_wq;	/* a leaving queue's workers let go */
	struct netbk_worker tx;
	struct netbk_worker rx;

	/* Scratch for the workers; each is used by one worker only. */
	struct gnttab_copy *tx_copy;	/* NETBK_COPY_BATCH entries */
	struct gnttab_copy *rx_copy;
	struct netbk_txpkt *tx_pkt;	/* parse of the packet at hand */
	struct netbk_copy_seg *tx_segs;	/* its copy plan */

	int last_cpu;			/* CPU of the last pass of either
					 * worker (WRITE_ONCE)
					 */
};

extern struct netbk_group *netbk_groups;	/* vmalloc'd array */
extern unsigned int netbk_nr_groups;

int netbk_groups_init(unsigned int nr_groups);
void netbk_groups_exit(void);
/* Join the least-loaded group (sets queue->group) / leave it for good. */
int netbk_group_add_queue(struct netbk_queue *queue);
void netbk_group_remove_queue(struct netbk_queue *queue);
/* Ask the queue's group to run its TX / RX work soon (any context). */
void netbk_group_kick_tx(struct netbk_queue *queue);
void netbk_group_kick_rx(struct netbk_queue *queue);
/*
 * Issue @nr grant-copy operations without sleeping (any context): those
 * Xen answers GNTST_eagain are re-issued a few times within the call,
 * then left failed. Each operation's status says how it went. Returns the
 * number of hypercalls made.
 */
unsigned int netbk_grant_copy(struct gnttab_copy *ops, unsigned int nr);
/* Pin an event channel's IRQ to the group's CPU. */
void netbk_group_bind_irq(struct netbk_group *group, unsigned int irq);

/* ------------------------------------------------------------------ */
/* Queues and vifs (interface.c).                                      */

/* queue->eoi_pending bits: which handler owes Xen a late EOI. */
#define NETBK_EOI_RX		0x01
#define NETBK_EOI_TX		0x02
#define NETBK_EOI_COMMON	0x04

/* queue->sched bits: set while the queue sits on a worker's list. */
#define NETBK_SCHED_TX		0
#define NETBK_SCHED_RX		1

struct netbk_vif;

struct netbk_queue {
	struct netbk_vif *vif;
	unsigned int id;
	char name[NETBK_QUEUE_NAME_SIZE];

	/* Group membership (group.c). */
	struct netbk_group *group;
	struct list_head member;	/* on group->members */
	struct list_head tx_link;	/* on group->tx.work */
	struct list_head rx_link;	/* on group->rx.work */
	unsigned long sched;
	bool leaving;			/* no more work may be queued */

	/* Event channels; tx_irq == rx_irq when not split. */
	unsigned int tx_irq;
	unsigned int rx_irq;
	atomic_t eoi_pending;
	char tx_irq_name[NETBK_IRQ_NAME_SIZE];
	char rx_irq_name[NETBK_IRQ_NAME_SIZE];

	/* Guest TX (tx.c). */
	struct xen_netif_tx_back_ring tx;
	struct netbk_credit credit;	/* TX worker only */
	/*
	 * A new rate from the rate watch, which the TX worker applies to
	 * @credit at the start of its next pass (netbk_tx_set_rate()).
	 */
	spinlock_t rate_lock;
	u64 rate_bytes;			/* under rate_lock */
	u64 rate_usec;			/* under rate_lock */
	bool rate_pending;		/* set under rate_lock, read racily */
	struct timer_list credit_timer;
	bool rate_limited;		/* TX worker only: the last pass ran
					 * out of credit and credit_timer is
					 * pending; the TX EOI waits for it
					 */

	/* Guest RX (rx.c). */
	struct xen_netif_rx_back_ring rx;
	struct sk_buff_head rx_queue;	/* its lock guards rx_queue_len */
	unsigned int rx_queue_len;	/* bytes queued */
	unsigned int rx_queue_max;
	unsigned int rx_slots_needed;	/* by the head packet */
	unsigned long last_rx_time;	/* jiffies of last guest progress */
	bool stalled;			/* rx.c: guest gave no slots for
					 * stall_timeout, carrier off
					 */
	struct timer_list rx_timer;	/* drain/stall checks while waiting */

	struct netbk_queue_counters stats;	/* kept across connections */
};

struct netbk_vif {
	domid_t domid;
	unsigned int handle;
	struct net_device *dev;
	struct xenbus_device *xbdev;
	u8 fe_dev_addr[ETH_ALEN];

	/* Frontend features. */
	netdev_features_t fe_offloads;	/* netbk_fe_offloads_read() */
	int gso_mask;			/* netbk_fe_gso_mask(fe_offloads) */
	bool rx_notify;			/* feature-rx-notify */
	/* xdp-headroom; written by xenbus while the RX worker reads it. */
	u16 xdp_headroom;

	/* Set once when the frontend misbehaves; see netbk_vif_fatal(). */
	bool disabled;
	struct work_struct disable_work;

	unsigned long status;		/* NETBK_VIF_* bits */
	/*
	 * jiffies; xenbus.c sets 30 ms and stall 0 (no stall detection)
	 * for a frontend without feature-rx-notify, as stock: rx.c then
	 * polls its ring when packets come or expire.
	 */
	unsigned long drain_timeout;
	unsigned long stall_timeout;
	unsigned int stalled_queues;	/* rx.c, under lock */

	struct netbk_queue *queues;
	unsigned int num_queues;	/* connected queues */
	unsigned int max_queues;	/* entries of @queues, for the vif's life */
	bool up;			/* event channels enabled; under rtnl */

	/* Control ring and hash configuration (ctrl.c); NULL without one. */
	struct netbk_ctrl __rcu *ctrl;

	/* Rate limit, as last read from the "rate" key. */
	u64 credit_bytes;
	u64 credit_usec;

	/*
	 * Multicast control (mcast.c): filtering on (request-multicast-control,
	 * kept current by xenbus.c), and the frontend's list, which
	 * start_xmit reads without a lock.
	 */
	bool multicast_control;
	spinlock_t mcast_lock;		/* mcast's writers: TX workers, reset */
	struct netbk_mcast_list mcast;

	/*
	 * stalled_queues, queues' stalled (rx.c), and every carrier change
	 * with what decides it (CONNECTED, disabled as seen by rx.c).
	 */
	spinlock_t lock;
};

#define NETBK_VIF_CONNECTED	0
#define NETBK_VIF_DISABLED	1	/* netbk_vif_fatal() ran; for good */

/* The one log line a misbehaving frontend gets; rate-limited. */
#define netbk_vif_warn(vif, fmt, ...) \
	net_ratelimited_function(netdev_err, (vif)->dev, fmt, ##__VA_ARGS__)

/*
 * Register vif<domid>.<handle> with @max_queues queues (their memory and
 * counters last as long as the vif; queue->vif and ->id are set), its
 * netdev with as many TX and RX queues, one of them in use until connect.
 */
struct netbk_vif *netbk_vif_alloc(struct xenbus_device *xbdev, domid_t domid,
				  unsigned int handle, unsigned int max_queues);
/*
 * Set @queue up afresh for a frontend connection (rate from
 * vif->credit_bytes/usec) and map, join a group, bind; all or nothing.
 * The caller counts it in vif->num_queues, then calls carrier_on.
 */
int netbk_vif_connect_queue(struct netbk_queue *queue,
			    unsigned long tx_ring_ref, unsigned long rx_ring_ref,
			    unsigned int tx_evtchn, unsigned int rx_evtchn);
/*
 * All vif->num_queues queues are connected: the netdev uses as many TX
 * and RX queues (process context, takes rtnl). The disconnect that
 * follows a failure puts it back to one.
 */
int netbk_vif_set_real_queues(struct netbk_vif *vif);
/*
 * Tear down the num_queues connected queues: carrier off (start_xmit and
 * the handlers stop), leave the groups, timers, skbs, IRQs, rings; the
 * netdev back to one queue in use.
 */
void netbk_vif_disconnect(struct netbk_vif *vif);
void netbk_vif_free(struct netbk_vif *vif);
/* Under rtnl inside: MTU clamp, offloads, CONNECTED, carrier, IRQs. */
void netbk_vif_carrier_on(struct netbk_vif *vif);
void netbk_vif_carrier_off(struct netbk_vif *vif);
/*
 * The frontend broke the protocol: log @why once (rate-limited), stop
 * serving the vif, and turn its carrier off from process context. Callable
 * from any context, many times. @why may be a caller's stack buffer: it
 * is logged (or dropped) before this returns, never kept.
 */
void netbk_vif_fatal(struct netbk_vif *vif, const char *why);
/* Re-enable the event channel once a worker has drained the queue's TX. */
void netbk_queue_tx_done(struct netbk_queue *queue);
void netbk_queue_rx_done(struct netbk_queue *queue);

/* ------------------------------------------------------------------ */
/* Multicast control (mcast.c).                                        */

/* At vif allocation: filtering off, the list empty. */
void netbk_vif_mcast_init(struct netbk_vif *vif);
/*
 * At disconnect, once no watch callback, worker or start_xmit can reach
 * the vif's multicast state: filtering off, the list emptied.
 */
void netbk_vif_mcast_reset(struct netbk_vif *vif);
/*
 * The TX worker's half: apply a NETBK_TX_CONTROL packet to the list.
 * Returns true if it is answered XEN_NETIF_RSP_OKAY, false for ERROR.
 */
bool netbk_vif_mcast_control(struct netbk_vif *vif,
			     const struct netbk_txpkt *pkt);
/* start_xmit's half (any context): must this frame for the guest go? */
bool netbk_vif_mcast_drop(const struct netbk_vif *vif,
			  const struct sk_buff *skb);

/* ------------------------------------------------------------------ */
/* Data path (tx.c, rx.c): run by the queue's group worker.            */

/*
 * Serve up to @budget packets of @queue with @group's scratch. Return
 * true if the queue has more work right now (the worker will come back).
 * netbk_tx_action() returns false with req_event re-armed when the ring is
 * drained, and also when the vif is disabled or the queue waits for its
 * credit timer (queue->rate_limited set; the timer kicks the worker, so
 * netbk_queue_tx_done() holds the EOI back until then, as stock does).
 */
bool netbk_tx_action(struct netbk_group *group, struct netbk_queue *queue,
		     unsigned int budget);
bool netbk_rx_action(struct netbk_group *group, struct netbk_queue *queue,
		     unsigned int budget);
bool netbk_tx_has_work(struct netbk_queue *queue);
bool netbk_rx_has_work(struct netbk_queue *queue);

/*
 * The clock of every netbk_credit_*() call in the module (their @now):
 * interface.c sets the rate at connect, the TX worker takes credit and
 * applies new rates, on the same time line.
 */
static inline u64 netbk_credit_clock(void)
{
	return ktime_get_ns();
}

void netbk_tx_credit_timer(struct timer_list *t);
/*
 * Hand @queue's TX worker a new rate ("bytes,usec"; 0: unlimited) and
 * kick it: it applies the rate at the start of its next pass, and a queue
 * waiting for credit looks again at the new rate. Process context (the
 * rate watch), with the queue connected.
 */
void netbk_tx_set_rate(struct netbk_queue *queue, u64 bytes, u64 usec);
void netbk_rx_timer(struct timer_list *t);
/*
 * start_xmit's half of guest RX (any context, netpoll included). Takes
 * ownership of @skb in every case: queues it and kicks the RX worker, or
 * frees it and counts it in tx_mcast_filtered (multicast the frontend
 * filters out) or rx_queue_drops (queue full: the netdev queue is
 * stopped; or too big for netfront). Returns false if it was dropped;
 * the caller must not touch or free @skb either way.
 */
bool netbk_rx_enqueue(struct netbk_queue *queue, struct sk_buff *skb);
/*
 * Set up a queue's guest RX state (rx_queue, rx_queue_max, rx_timer,
 * stall state). interface.c calls it each time it connects the queue,
 * after any earlier netbk_rx_purge(), before IRQs and group. The queue
 * starts not stalled: interface.c turns the carrier on at connect; rx.c
 * turns it off while a queue is stalled and on again when none is.
 */
void netbk_rx_init(struct netbk_queue *queue);
/*
 * Free every queued skb and stop rx_timer (process context). Called at
 * disconnect once start_xmit can no longer reach the queue and the queue
 * has left its group.
 */
void netbk_rx_purge(struct netbk_queue *queue);

/* ------------------------------------------------------------------ */
/* Control ring and Toeplitz hashing (ctrl.c, rxhash.c).               */

struct netbk_ctrl;

/*
 * Map the frontend's control ring, bind its event channel and publish it
 * in vif->ctrl (process context, with the vif's queues connected): its
 * requests are served from then on. All or nothing.
 */
int netbk_ctrl_connect(struct netbk_vif *vif, unsigned long ring_ref,
		       unsigned int evtchn);
/*
 * Tear the control ring down, if there is one (process context): no
 * request is being served and no guest RX reader holds it on return.
 */
void netbk_ctrl_disconnect(struct netbk_vif *vif);
/*
 * Guest RX (start_xmit's context): if the frontend chose the Toeplitz
 * algorithm, set @skb's hash as its flags ask (or clear it when they
 * select no hash for the packet). True if @skb now carries such a hash,
 * which the guest then gets in a hash extra.
 */
bool netbk_hash_skb(const struct netbk_vif *vif, struct sk_buff *skb);
/* ndo_select_queue: mapping[hash % size] once the frontend set hashing. */
u16 netbk_select_queue(struct net_device *dev, struct sk_buff *skb,
		       struct net_device *sb_dev);

/* ------------------------------------------------------------------ */
/* xenbus.c, stats.c */

int netbk_xenbus_init(void);
void netbk_xenbus_exit(void);

extern const struct ethtool_ops netbk_ethtool_ops;
/* A consistent copy of @queue's counters (any context). */
void netbk_queue_stats_read(const struct netbk_queue *queue,
			    struct netbk_queue_stats *s);
void netbk_debugfs_init(void);
void netbk_debugfs_exit(void);

#endif /* NETBK_H */
