// SPDX-License-Identifier: GPL-2.0
/*
 * The vif: its net_device, its queues' rings and event channels, and the
 * switch that turns a misbehaving frontend off.
 *
 * A queue's memory lives as long as the vif (so that the netdev's stats
 * and ethtool may read it at any time); what a frontend connection sets
 * up in it (rings, event channels, group membership, timers) is set up
 * by netbk_vif_connect_queue() and torn down by netbk_vif_disconnect(),
 * which may happen many times over the vif's life.
 *
 * Event channels use the late-EOI protocol: a handler that finds work
 * hands it to the queue's group worker and leaves the EOI pending; the
 * worker issues it once it has drained that work (netbk_queue_*_done()),
 * so a frontend cannot make dom0 take events faster than it serves them.
 * An event without work is EOIed at once and reported to Xen as spurious.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/mm.h>
#include <linux/rtnetlink.h>
#include <xen/events.h>

#include "netbk.h"

/* The numerically largest non-broadcast address: a bridge never picks it. */
static const u8 netbk_dummy_mac[ETH_ALEN] = {
	0xfe, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/* netbk_logic.h spells these out for the unit tests. */
static_assert(NETBK_MTU_MAX + VLAN_ETH_HLEN == ETH_MAX_MTU);
static_assert(NETBK_MTU_NO_SG == ETH_DATA_LEN);

static bool netbk_vif_connected(struct netbk_vif *vif)
{
	return test_bit(NETBK_VIF_CONNECTED, &vif->status);
}

/* ------------------------------------------------------------------ */
/* Event channels                                                      */

/*
 * Whether an event is for the workers now. While the vif is down the EOI
 * stays pending (the channel masked): netbk_vif_up() kicks the workers,
 * whose passes end in the EOI. A disabled vif's events are never EOIed:
 * its channels stay masked until disconnect, so a hostile frontend
 * cannot keep dom0 busy.
 */
static bool netbk_queue_serving(struct netbk_queue *queue)
{
	return READ_ONCE(queue->vif->up) && !READ_ONCE(queue->vif->disabled);
}

/* True if the event's EOI is left pending (for a worker, or for good). */
static bool netbk_queue_tx_event(struct netbk_queue *queue)
{
	if (!netbk_queue_serving(queue))
		return true;
	if (!netbk_tx_has_work(queue))
		return false;
	netbk_group_kick_tx(queue);
	return true;
}

static bool netbk_queue_rx_event(struct netbk_queue *queue)
{
	if (!netbk_queue_serving(queue))
		return true;
	if (!netbk_rx_has_work(queue))
		return false;
	netbk_group_kick_rx(queue);
	return true;
}

/* Nothing to do for this event: EOI it now and tell Xen it was spurious. */
static void netbk_queue_spurious(struct netbk_queue *queue, int irq,
				 int eoi_bit)
{
	atomic_andnot(eoi_bit, &queue->eoi_pending);
	atomic64_inc(&queue->stats.spurious_events);
	xen_irq_lateeoi(irq, XEN_EOI_FLAG_SPURIOUS);
}

static irqreturn_t netbk_tx_interrupt(int irq, void *dev_id)
{
	struct netbk_queue *queue = dev_id;

	atomic_or(NETBK_EOI_TX, &queue->eoi_pending);
	if (!netbk_queue_tx_event(queue))
		netbk_queue_spurious(queue, irq, NETBK_EOI_TX);
	return IRQ_HANDLED;
}

static irqreturn_t netbk_rx_interrupt(int irq, void *dev_id)
{
	struct netbk_queue *queue = dev_id;

	atomic_or(NETBK_EOI_RX, &queue->eoi_pending);
	if (!netbk_queue_rx_event(queue))
		netbk_queue_spurious(queue, irq, NETBK_EOI_RX);
	return IRQ_HANDLED;
}

/* One event channel for both directions (no feature-split-event-channels). */
static irqreturn_t netbk_interrupt(int irq, void *dev_id)
{
	struct netbk_queue *queue = dev_id;
	bool tx, rx;

	atomic_or(NETBK_EOI_COMMON, &queue->eoi_pending);
	tx = netbk_queue_tx_event(queue);
	rx = netbk_queue_rx_event(queue);
	if (!tx && !rx)
		netbk_queue_spurious(queue, irq, NETBK_EOI_COMMON);
	return IRQ_HANDLED;
}

/*
 * A worker drained one direction: issue the EOI its event owes. On a
 * shared channel the first direction done issues it; the event that may
 * follow finds the other direction's work, if any is left, on its own.
 */
static void netbk_queue_eoi(struct netbk_queue *queue, int eoi_bit,
			    unsigned int irq)
{
	int bits = eoi_bit | NETBK_EOI_COMMON;

	if (READ_ONCE(queue->vif->disabled))
		return;
	if (atomic_fetch_andnot(bits, &queue->eoi_pending) & bits)
		xen_irq_lateeoi(irq, 0);
}

/*
 * Called by the TX worker only, after its pass over @queue. A queue out of
 * credit keeps its EOI, as stock does: a guest over its rate cannot make
 * dom0 take its events any faster than the rate lets its packets go. The
 * pass its credit timer kicks issues it (the timer is pending whenever
 * rate_limited is set; disconnect unbinds the channel, EOI pending or not,
 * and the next connection starts with none).
 */
void netbk_queue_tx_done(struct netbk_queue *queue)
{
	if (queue->rate_limited)
		return;
	netbk_queue_eoi(queue, NETBK_EOI_TX, queue->tx_irq);
}

void netbk_queue_rx_done(struct netbk_queue *queue)
{
	netbk_queue_eoi(queue, NETBK_EOI_RX, queue->rx_irq);
}

static void netbk_queue_irqs_enable(struct netbk_queue *queue)
{
	enable_irq(queue->tx_irq);
	if (queue->rx_irq != queue->tx_irq)
		enable_irq(queue->rx_irq);
}

static void netbk_queue_irqs_disable(struct netbk_queue *queue)
{
	disable_irq(queue->tx_irq);
	if (queue->rx_irq != queue->tx_irq)
		disable_irq(queue->rx_irq);
}

/*
 * Serve the frontend: enable its event channels, then kick both workers
 * once, so that requests posted while we were down (and the EOIs left
 * pending then) are dealt with. @up goes first: a handler that runs from
 * here on serves its event. Under rtnl; idempotent.
 */
static void netbk_vif_up(struct netbk_vif *vif)
{
	unsigned int i;

	ASSERT_RTNL();
	if (vif->up || !netbk_vif_connected(vif) || READ_ONCE(vif->disabled) ||
	    !netif_running(vif->dev))
		return;
	WRITE_ONCE(vif->up, true);
	for (i = 0; i < vif->num_queues; i++) {
		struct netbk_queue *queue = &vif->queues[i];

		netbk_queue_irqs_enable(queue);
		netbk_group_kick_tx(queue);
		netbk_group_kick_rx(queue);
	}
}

/* Stop taking the frontend's events (workers finish what they have). */
static void netbk_vif_down(struct netbk_vif *vif)
{
	unsigned int i;

	ASSERT_RTNL();
	if (!vif->up)
		return;
	WRITE_ONCE(vif->up, false);
	for (i = 0; i < vif->num_queues; i++)
		netbk_queue_irqs_disable(&vif->queues[i]);
}

/* ------------------------------------------------------------------ */
/* Carrier and the disable switch                                      */

/*
 * All queues are connected: clamp the MTU to what the frontend can take,
 * apply its offloads, and start serving it.
 */
void netbk_vif_carrier_on(struct netbk_vif *vif)
{
	struct net_device *dev = vif->dev;
	bool on;

	rtnl_lock();
	/* The core holds MTU changes to max_mtu from here on. */
	dev->max_mtu = netbk_fe_mtu_max(vif->fe_offloads);
	if (dev->mtu > dev->max_mtu)
		dev_set_mtu(dev, dev->max_mtu);
	netdev_update_features(dev);

	/*
	 * The carrier changes under vif->lock, together with what rx.c's
	 * stall detection checks there before it turns the carrier back on
	 * (CONNECTED, disabled): see also carrier_off and disable_work.
	 */
	spin_lock_irq(&vif->lock);
	set_bit(NETBK_VIF_CONNECTED, &vif->status);
	on = !READ_ONCE(vif->disabled);
	if (on)
		netif_carrier_on(dev);
	spin_unlock_irq(&vif->lock);

	if (on)
		netif_tx_wake_all_queues(dev);
	netbk_vif_up(vif);
	rtnl_unlock();
}

/*
 * Stop serving the frontend. When this returns no start_xmit is running
 * and none will reach the queues (they see the CONNECTED bit clear), and
 * no event handler runs. The carrier stays off: a queue's stall check,
 * which may still run in its worker, finds CONNECTED clear.
 */
void netbk_vif_carrier_off(struct netbk_vif *vif)
{
	struct net_device *dev = vif->dev;
	bool was_connected;

	rtnl_lock();
	spin_lock_irq(&vif->lock);
	was_connected = test_and_clear_bit(NETBK_VIF_CONNECTED, &vif->status);
	if (was_connected)
		netif_carrier_off(dev);
	spin_unlock_irq(&vif->lock);

	if (was_connected) {
		/* Takes each tx lock: waits out a start_xmit in flight. */
		netif_tx_disable(dev);
		netbk_vif_down(vif);
	}
	rtnl_unlock();
}

/*
 * Process context, as XSA-90 taught: rtnl must never be taken from the
 * workers (a tasklet, or a kthread that rtnl holders may wait for).
 */
static void netbk_vif_disable_work(struct work_struct *work)
{
	struct netbk_vif *vif = container_of(work, struct netbk_vif,
					     disable_work);

	rtnl_lock();
	/*
	 * Under vif->lock: a stall check that saw vif->disabled clear has
	 * turned the carrier on before this, and any later one sees it set.
	 */
	spin_lock_irq(&vif->lock);
	netif_carrier_off(vif->dev);
	spin_unlock_irq(&vif->lock);
	netbk_vif_down(vif);
	rtnl_unlock();
}

void netbk_vif_fatal(struct netbk_vif *vif, const char *why)
{
	if (test_and_set_bit(NETBK_VIF_DISABLED, &vif->status))
		return;
	WRITE_ONCE(vif->disabled, true);
	netbk_vif_warn(vif, "frontend of domain %u broke the protocol (%s): vif disabled\n",
		       vif->domid, why);
	schedule_work(&vif->disable_work);
}

/* ------------------------------------------------------------------ */
/* net_device                                                          */

static int netbk_open(struct net_device *dev)
{
	struct netbk_vif *vif = netdev_priv(dev);

	netbk_vif_up(vif);
	netif_tx_start_all_queues(dev);
	return 0;
}

static int netbk_stop(struct net_device *dev)
{
	struct netbk_vif *vif = netdev_priv(dev);

	netbk_vif_down(vif);
	netif_tx_stop_all_queues(dev);
	return 0;
}

/*
 * Packets for the guest (guest RX), on the queue netbk_select_queue()
 * chose (the stack does not ask it with one queue: queue 0). The index is
 * checked all the same: connected queues are set up before CONNECTED and
 * torn down after this has stopped running (netbk_vif_disconnect()).
 */
static netdev_tx_t netbk_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct netbk_vif *vif = netdev_priv(dev);
	unsigned int nr_queues = READ_ONCE(vif->num_queues);

	if (unlikely(!netbk_vif_connected(vif) || READ_ONCE(vif->disabled) ||
		     !nr_queues)) {
		dev_core_stats_tx_dropped_inc(dev);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	/* Owns the skb from here, dropped or not. */
	netbk_rx_enqueue(&vif->queues[netbk_queue_of_hash(skb_get_queue_mapping(skb),
							  nr_queues)],
			 skb);
	return NETDEV_TX_OK;
}

static void netbk_get_stats64(struct net_device *dev,
			      struct rtnl_link_stats64 *stats)
{
	struct netbk_vif *vif = netdev_priv(dev);
	struct netbk_queue_stats s;
	unsigned int i;

	for (i = 0; i < vif->max_queues; i++) {
		netbk_queue_stats_read(&vif->queues[i], &s);
		stats->rx_bytes += s.rx_bytes;
		stats->rx_packets += s.rx_packets;
		stats->tx_bytes += s.tx_bytes;
		stats->tx_packets += s.tx_packets;
		stats->rx_errors += s.rx_errors;
		stats->rx_dropped += s.rx_dropped;
		stats->tx_dropped += s.tx_dropped + s.rx_queue_drops +
				     s.tx_mcast_filtered;
	}
}

/* The stack gets no offload the frontend has not taken. */
static netdev_features_t netbk_fix_features(struct net_device *dev,
					    netdev_features_t features)
{
	struct netbk_vif *vif = netdev_priv(dev);

	return netbk_fe_offloads_fix(features, READ_ONCE(vif->fe_offloads));
}

static const struct net_device_ops netbk_netdev_ops = {
	.ndo_open		= netbk_open,
	.ndo_stop		= netbk_stop,
	.ndo_start_xmit		= netbk_start_xmit,
	.ndo_select_queue	= netbk_select_queue,
	.ndo_get_stats64	= netbk_get_stats64,
	.ndo_fix_features	= netbk_fix_features,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

static void netbk_vif_setup_netdev(struct net_device *dev,
				   struct xenbus_device *xbdev)
{
	SET_NETDEV_DEV(dev, &xbdev->dev);
	dev->netdev_ops = &netbk_netdev_ops;
	dev->ethtool_ops = &netbk_ethtool_ops;
	dev->hw_features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			   NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_FRAGLIST;
	dev->features = dev->hw_features | NETIF_F_RXCSUM;
	dev->min_mtu = ETH_MIN_MTU;
	/* What a frontend may take; netbk_vif_carrier_on() sets its own. */
	dev->max_mtu = NETBK_MTU_MAX;
	/* The hotplug script may change it (and the MTU) before connect. */
	eth_hw_addr_set(dev, netbk_dummy_mac);
	netif_carrier_off(dev);
}

struct netbk_vif *netbk_vif_alloc(struct xenbus_device *xbdev, domid_t domid,
				  unsigned int handle, unsigned int max_queues)
{
	struct net_device *dev;
	struct netbk_vif *vif;
	char name[IFNAMSIZ];
	unsigned int i;
	int err;

	/* vif<domid>.<handle>, whole: a cut name could clash with another. */
	if (snprintf(name, sizeof(name), "vif%u.%u", domid, handle) >=
	    (int)sizeof(name))
		return ERR_PTR(-ENAMETOOLONG);

	if (!max_queues || max_queues > NETBK_QUEUES_MAX)
		return ERR_PTR(-EINVAL);
	dev = alloc_netdev_mq(sizeof(*vif), name, NET_NAME_UNKNOWN, ether_setup,
			      max_queues);
	if (!dev)
		return ERR_PTR(-ENOMEM);

	vif = netdev_priv(dev);
	vif->dev = dev;
	vif->xbdev = xbdev;
	vif->domid = domid;
	vif->handle = handle;
	vif->fe_offloads = NETBK_FE_OFFLOADS_DEFAULT;
	vif->drain_timeout = msecs_to_jiffies(netbk_rx_drain_timeout_msecs);
	vif->stall_timeout = msecs_to_jiffies(netbk_rx_stall_timeout_msecs);
	spin_lock_init(&vif->lock);
	INIT_WORK(&vif->disable_work, netbk_vif_disable_work);
	netbk_vif_mcast_init(vif);

	vif->queues = kvcalloc(max_queues, sizeof(*vif->queues), GFP_KERNEL);
	if (!vif->queues) {
		err = -ENOMEM;
		goto fail;
	}
	vif->max_queues = max_queues;
	for (i = 0; i < vif->max_queues; i++) {
		vif->queues[i].vif = vif;
		vif->queues[i].id = i;
		netbk_queue_counters_init(&vif->queues[i].stats);
	}

	netbk_vif_setup_netdev(dev, xbdev);
	/* One in use until a frontend connects more (no rtnl: unregistered). */
	err = netif_set_real_num_tx_queues(dev, 1);
	if (!err)
		err = netif_set_real_num_rx_queues(dev, 1);
	if (!err)
		err = register_netdev(dev);
	if (err) {
		netdev_warn(dev, "cannot register: %d\n", err);
		goto fail;
	}
	return vif;

fail:
	kvfree(vif->queues);
	free_netdev(dev);
	return ERR_PTR(err);
}

/* The vif is disconnected; free it and its netdev. */
void netbk_vif_free(struct netbk_vif *vif)
{
	struct netbk_queue *queues = vif->queues;

	/* Before unregister_netdev: the work takes rtnl. */
	cancel_work_sync(&vif->disable_work);
	unregister_netdev(vif->dev);
	free_netdev(vif->dev);	/* vif is the netdev's private area */
	kvfree(queues);
}

/* ------------------------------------------------------------------ */
/* Connect and disconnect                                              */

/*
 * Attach to one shared ring page of the frontend. Its producer indexes
 * are the frontend's: after a rebind they are mid-flight, so start where
 * the last responses stopped, but only if what it claims is pending fits
 * in the ring.
 */
static void *netbk_map_ring(struct netbk_queue *queue, unsigned long ref,
			    int *err)
{
	grant_ref_t gref = ref;
	void *addr;

	if (ref > U32_MAX) {	/* grant_ref_t is 32 bits: not a grant */
		*err = -EINVAL;
		return NULL;
	}
	*err = xenbus_map_ring_valloc(queue->vif->xbdev, &gref, 1, &addr);
	return *err ? NULL : addr;
}

static void netbk_unmap_ring(struct netbk_queue *queue, void *addr)
{
	if (addr)
		xenbus_unmap_ring_vfree(queue->vif->xbdev, addr);
}

static int netbk_attach_tx_ring(struct netbk_queue *queue, void *addr)
{
	struct xen_netif_tx_sring *sring = addr;
	RING_IDX req_prod = READ_ONCE(sring->req_prod);
	RING_IDX rsp_prod = READ_ONCE(sring->rsp_prod);

	BACK_RING_ATTACH(&queue->tx, sring, rsp_prod, XEN_PAGE_SIZE);
	if (req_prod - rsp_prod > RING_SIZE(&queue->tx))
		return -EIO;
	return 0;
}

static int netbk_attach_rx_ring(struct netbk_queue *queue, void *addr)
{
	struct xen_netif_rx_sring *sring = addr;
	RING_IDX req_prod = READ_ONCE(sring->req_prod);
	RING_IDX rsp_prod = READ_ONCE(sring->rsp_prod);

	BACK_RING_ATTACH(&queue->rx, sring, rsp_prod, XEN_PAGE_SIZE);
	if (req_prod - rsp_prod > RING_SIZE(&queue->rx))
		return -EIO;
	return 0;
}

static void netbk_queue_unmap_rings(struct netbk_queue *queue)
{
	netbk_unmap_ring(queue, queue->rx.sring);
	queue->rx.sring = NULL;
	netbk_unmap_ring(queue, queue->tx.sring);
	queue->tx.sring = NULL;
}

/* Map both rings or neither. */
static int netbk_queue_map_rings(struct netbk_queue *queue,
				 unsigned long tx_ring_ref,
				 unsigned long rx_ring_ref)
{
	void *tx_addr, *rx_addr;
	int err;

	tx_addr = netbk_map_ring(queue, tx_ring_ref, &err);
	if (!tx_addr)
		return err;
	rx_addr = netbk_map_ring(queue, rx_ring_ref, &err);
	if (!rx_addr)
		goto fail;

	err = netbk_attach_tx_ring(queue, tx_addr);
	if (!err)
		err = netbk_attach_rx_ring(queue, rx_addr);
	if (!err)
		return 0;

	netbk_unmap_ring(queue, rx_addr);
fail:
	netbk_unmap_ring(queue, tx_addr);
	queue->tx.sring = NULL;
	queue->rx.sring = NULL;
	return err;
}

static void netbk_queue_unbind_irqs(struct netbk_queue *queue)
{
	if (queue->rx_irq && queue->rx_irq != queue->tx_irq)
		unbind_from_irqhandler(queue->rx_irq, queue);
	if (queue->tx_irq)
		unbind_from_irqhandler(queue->tx_irq, queue);
	queue->tx_irq = 0;
	queue->rx_irq = 0;
}

/* Bind, keep it off until the vif goes up, and pin it to the group. */
static int netbk_queue_bind_one(struct netbk_queue *queue, unsigned int evtchn,
				irq_handler_t handler, const char *name,
				unsigned int *irq)
{
	int err;

	err = bind_interdomain_evtchn_to_irqhandler_lateeoi(queue->vif->xbdev,
							    evtchn, handler, 0,
							    name, queue);
	if (err < 0)
		return err;
	/* Read by the group's CPU hotplug callback, which re-pins it. */
	WRITE_ONCE(*irq, err);
	disable_irq(err);
	netbk_group_bind_irq(queue->group, err);
	return 0;
}

/* On failure, what was bound stays bound: the caller unbinds it. */
static int netbk_queue_bind_irqs(struct netbk_queue *queue,
				 unsigned int tx_evtchn, unsigned int rx_evtchn)
{
	int err;

	if (tx_evtchn == rx_evtchn) {
		err = netbk_queue_bind_one(queue, tx_evtchn, netbk_interrupt,
					   queue->name, &queue->tx_irq);
		WRITE_ONCE(queue->rx_irq, queue->tx_irq);
		return err;
	}

	snprintf(queue->tx_irq_name, sizeof(queue->tx_irq_name), "%s-tx",
		 queue->name);
	snprintf(queue->rx_irq_name, sizeof(queue->rx_irq_name), "%s-rx",
		 queue->name);
	err = netbk_queue_bind_one(queue, tx_evtchn, netbk_tx_interrupt,
				   queue->tx_irq_name, &queue->tx_irq);
	if (!err)
		err = netbk_queue_bind_one(queue, rx_evtchn, netbk_rx_interrupt,
					   queue->rx_irq_name, &queue->rx_irq);
	return err;
}

/*
 * A fresh start for a new frontend connection. The counters stay (they
 * are the vif's, for as long as its netdev lives): everything around them
 * is cleared, never they, as ethtool may be reading them.
 */
static void netbk_queue_reset(struct netbk_queue *queue, struct netbk_vif *vif,
			      unsigned int id)
{
	size_t stats_start = offsetof(struct netbk_queue, stats);
	size_t stats_end = offsetofend(struct netbk_queue, stats);

	memset(queue, 0, stats_start);
	memset((char *)queue + stats_end, 0, sizeof(*queue) - stats_end);
	queue->vif = vif;
	queue->id = id;
	snprintf(queue->name, sizeof(queue->name), "%s-q%u", vif->dev->name,
		 id);
	INIT_LIST_HEAD(&queue->member);
	INIT_LIST_HEAD(&queue->tx_link);
	INIT_LIST_HEAD(&queue->rx_link);
	atomic_set(&queue->eoi_pending, 0);
	spin_lock_init(&queue->rate_lock);
	netbk_credit_set(&queue->credit, vif->credit_bytes, vif->credit_usec,
			 netbk_credit_clock());
	timer_setup(&queue->credit_timer, netbk_tx_credit_timer, 0);
	netbk_rx_init(queue);
}

/* Undo the parts of a connection that come after the rings. */
static void netbk_queue_stop(struct netbk_queue *queue)
{
	/* No handler runs (disabled or unbound); wait out the workers. */
	netbk_group_remove_queue(queue);
	timer_delete_sync(&queue->credit_timer);
	netbk_rx_purge(queue);
}

int netbk_vif_connect_queue(struct netbk_queue *queue,
			    unsigned long tx_ring_ref, unsigned long rx_ring_ref,
			    unsigned int tx_evtchn, unsigned int rx_evtchn)
{
	struct netbk_vif *vif = queue->vif;
	int err;

	netbk_queue_reset(queue, vif, queue->id);

	err = netbk_queue_map_rings(queue, tx_ring_ref, rx_ring_ref);
	if (err)
		return err;

	err = netbk_group_add_queue(queue);
	if (err)
		goto fail_unmap;

	/* Rings mapped and a group to kick: the handlers may run now. */
	err = netbk_queue_bind_irqs(queue, tx_evtchn, rx_evtchn);
	if (err)
		goto fail_leave;
	return 0;

fail_leave:
	/* Out of the group before any IRQ goes: hotplug re-pins members'. */
	netbk_queue_stop(queue);
	netbk_queue_unbind_irqs(queue);
fail_unmap:
	netbk_queue_unmap_rings(queue);
	return err;
}

int netbk_vif_set_real_queues(struct netbk_vif *vif)
{
	unsigned int n = vif->num_queues;
	int err;

	rtnl_lock();
	err = netif_set_real_num_tx_queues(vif->dev, n);
	if (!err)
		err = netif_set_real_num_rx_queues(vif->dev, n);
	rtnl_unlock();
	return err;
}

/*
 * Tear down every connected queue. The order matters: first nothing new
 * reaches the queues (carrier off: start_xmit and the handlers), then the
 * workers let go of them, then their timers, skbs, IRQs and rings go.
 */
void netbk_vif_disconnect(struct netbk_vif *vif)
{
	unsigned int i, n = vif->num_queues;

	netbk_vif_carrier_off(vif);
	WRITE_ONCE(vif->num_queues, 0);
	synchronize_net();

	for (i = 0; i < n; i++) {
		struct netbk_queue *queue = &vif->queues[i];

		netbk_queue_stop(queue);
		netbk_queue_unbind_irqs(queue);
		netbk_queue_unmap_rings(queue);
	}
	/*
	 * A worker that took packets off a queue after carrier_off may have
	 * woken its netdev queue; none is left to do so now. The stack stops
	 * choosing among queues that are gone (fewer queues never fail).
	 */
	rtnl_lock();
	netif_tx_disable(vif->dev);
	netif_set_real_num_tx_queues(vif->dev, 1);
	netif_set_real_num_rx_queues(vif->dev, 1);
	rtnl_unlock();
	/* The workers have let go, start_xmit is out: the list goes now. */
	netbk_vif_mcast_reset(vif);
}
