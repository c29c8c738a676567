// SPDX-License-Identifier: GPL-2.0
/*
 * The xenbus backend driver for "vif" devices: the handshake with the
 * toolstack (libxl and its hotplug scripts) and with the frontend.
 *
 * What the peers rely on, in order:
 *  - probe: the features we offer are written, the vif netdev exists and
 *    the "online" uevent (script=, vif=) has gone out before InitWait is
 *    visible: libxl runs "vif-bridge online" when it sees InitWait.
 *  - frontend Connected: its keys are read and checked (every one of them
 *    written by the guest), its rings mapped and its event channels bound;
 *    Connected is written only once the hotplug script has written
 *    "connected" to hotplug-status (the vif is on its bridge by then).
 *  - frontend Closing/Closed: we disconnect and pass Closing then Closed
 *    (netfront waits for both); the vif stays, and a frontend starting over
 *    (Initialising) finds InitWait again, unless the toolstack cleared our
 *    "online" node, in which case the device goes away.
 *  - remove: "offline" uevent, hotplug-status deleted, everything freed.
 *
 * Locking: every callback that changes the backend's state runs in the
 * xenwatch thread (frontend state, hotplug-status, rate and multicast
 * control watches), so they are serialised; remove, which may run
 * elsewhere (sysfs unbind), first unregisters our watches, which waits
 * for their callbacks and drops their pending events.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "netbk.h"

/*
 * Our side of one vif device; the xenbus device's driver data. States are
 * written as NETBK_XB_* (netbk_logic.h), the protocol's enum xenbus_state
 * values.
 */
struct netbk_backend {
	struct xenbus_device *xbdev;
	struct netbk_vif *vif;
	/*
	 * max_queues when probed: offered in multi-queue-max-queues, and
	 * the number of queues the vif has for its life.
	 */
	unsigned int max_queues;
	/* provides_xdp_headroom when probed: feature-xdp-headroom says so. */
	bool xdp_offered;
	/* Our state as the peers will see it (Connected may be deferred). */
	enum xenbus_state state;
	const char *script;		/* the "script" key, for the uevents */
	/* Registered while Connected waits for the hotplug script. */
	struct xenbus_watch hotplug_watch;
	/* Registered while connected. */
	struct xenbus_watch rate_watch;
	struct xenbus_watch mcast_watch;	/* request-multicast-control */
	struct xenbus_watch xdp_watch;		/* xdp-headroom */
};

/* Keeps the uevent callback off a backend that remove is freeing. */
static DEFINE_MUTEX(netbk_uevent_lock);

/* Longest path between two states is 3 steps; more means a bug. */
#define NETBK_BE_MAX_STEPS	8

/* ------------------------------------------------------------------ */
/* Watches                                                             */

/*
 * At most one pending event per watch (the XSA-349 limit): a callback
 * reads the node afresh, so events that pile up while one is queued say
 * nothing new, and whoever can write the node cannot fill dom0's memory.
 */
static bool netbk_watch_one_pending(struct xenbus_watch *watch,
				    const char *path, const char *token)
{
	return watch->nr_pending == 0;
}

/* Also from the watch's own callback (xenbus allows it there). */
static void netbk_unwatch(struct xenbus_watch *watch)
{
	if (!watch->node)
		return;
	unregister_xenbus_watch(watch);
	kfree(watch->node);
	watch->node = NULL;
}

/* ------------------------------------------------------------------ */
/* States                                                              */

static void netbk_be_enter(struct netbk_backend *be, enum xenbus_state state)
{
	dev_dbg(&be->xbdev->dev, "%s -> %s\n", xenbus_strstate(be->state),
		xenbus_strstate(state));
	be->state = state;
	/* Connected becomes visible once the hotplug script has run. */
	if (state == NETBK_XB_CONNECTED && be->hotplug_watch.node)
		return;
	xenbus_switch_state(be->xbdev, state);
}

static void netbk_hotplug_status_changed(struct xenbus_watch *watch,
					 const char *path, const char *token)
{
	struct netbk_backend *be = container_of(watch, struct netbk_backend,
						hotplug_watch);
	static const char connected[] = "connected";
	unsigned int len;
	bool ok;
	char *status;

	status = xenbus_read(XBT_NIL, be->xbdev->nodename, "hotplug-status",
			     &len);
	if (IS_ERR(status))
		return;		/* not written yet (or emptied by libxl) */
	ok = len == sizeof(connected) - 1 && !memcmp(status, connected, len);
	kfree(status);
	if (!ok)
		return;

	netbk_unwatch(&be->hotplug_watch);
	if (be->state == NETBK_XB_CONNECTED)
		xenbus_switch_state(be->xbdev, NETBK_XB_CONNECTED);
}

/* ------------------------------------------------------------------ */
/* The rate limit                                                      */

/* "bytes,usec" in our own directory; absent or malformed: unlimited. */
static void netbk_read_rate(struct netbk_backend *be, u64 *bytes, u64 *usec)
{
	char *rate;

	*bytes = 0;
	*usec = 0;
	rate = xenbus_read(XBT_NIL, be->xbdev->nodename, "rate", NULL);
	if (IS_ERR(rate))
		return;
	if (netbk_credit_parse(rate, bytes, usec)) {
		dev_warn(&be->xbdev->dev, "cannot parse rate \"%s\": traffic unlimited\n",
			 rate);
		*bytes = 0;
		*usec = 0;
	}
	kfree(rate);
}

static void netbk_rate_changed(struct xenbus_watch *watch, const char *path,
			       const char *token)
{
	struct netbk_backend *be = container_of(watch, struct netbk_backend,
						rate_watch);
	struct netbk_vif *vif = be->vif;
	unsigned int i;
	u64 bytes, usec;

	netbk_read_rate(be, &bytes, &usec);
	if (bytes == vif->credit_bytes && usec == vif->credit_usec)
		return;		/* e.g. the event every new watch fires */
	vif->credit_bytes = bytes;
	vif->credit_usec = usec;

	/*
	 * The TX worker spends the credit: it takes the new rate at its next
	 * pass, which this kicks (a queue waiting for credit looks again at
	 * the new rate, and sends its held EOI if the rate now allows).
	 */
	for (i = 0; i < vif->num_queues; i++)
		netbk_tx_set_rate(&vif->queues[i], bytes, usec);
}

/* ------------------------------------------------------------------ */
/* Connect: the frontend's keys, every one written by the guest         */

/* A frontend's number of queues we refuse: said in the log and xenstore. */
static void netbk_refuse_nr_queues(struct xenbus_device *xbdev,
				   const char *why)
{
	net_ratelimited_function(dev_err, &xbdev->dev, "%s\n", why);
	xenbus_dev_fatal(xbdev, -EINVAL, "%s", why);
}

/*
 * multi-queue-num-queues: absent means one queue (keys in the frontend's
 * directory); 1..max_queues of this vif (as offered at probe) are
 * accepted; 0, more, a number past 32 bits or anything but decimal digits
 * fail the connection, as 0 and too many do in stock.
 */
static int netbk_read_nr_queues(struct netbk_backend *be, unsigned int *nr)
{
	struct xenbus_device *xbdev = be->xbdev;
	unsigned int max = be->vif->max_queues;
	enum netbk_nq res;
	unsigned int len = 0;
	char why[128];
	char *val;

	val = xenbus_read(XBT_NIL, xbdev->otherend, "multi-queue-num-queues",
			  &len);
	if (IS_ERR(val)) {
		int err = PTR_ERR(val);

		if (err != -ENOENT) {
			xenbus_dev_fatal(xbdev, err,
					 "reading %s/multi-queue-num-queues",
					 xbdev->otherend);
			return err;
		}
		val = NULL;
		len = 0;
	}
	res = netbk_num_queues_check(val, len, max, nr);
	kfree(val);

	switch (res) {
	case NETBK_NQ_OK:
		return 0;
	case NETBK_NQ_ZERO:
		snprintf(why, sizeof(why),
			 "frontend asked for 0 queues (multi-queue-num-queues)");
		break;
	case NETBK_NQ_TOO_MANY:
		snprintf(why, sizeof(why),
			 "frontend asked for %u queues, more than the %u offered",
			 *nr, max);
		break;
	case NETBK_NQ_HUGE:
		snprintf(why, sizeof(why),
			 "frontend asked for more than 2^32 queues, more than the %u offered",
			 max);
		break;
	case NETBK_NQ_MALFORMED:
	default:
		snprintf(why, sizeof(why),
			 "frontend's multi-queue-num-queues is not a decimal number");
		break;
	}
	netbk_refuse_nr_queues(xbdev, why);
	return -EINVAL;
}

/* The guest's MAC, as the toolstack wrote it in our directory. */
static int netbk_read_mac(struct netbk_backend *be)
{
	struct xenbus_device *xbdev = be->xbdev;
	char *mac;
	int err;

	mac = xenbus_read(XBT_NIL, xbdev->nodename, "mac", NULL);
	if (IS_ERR(mac)) {
		err = PTR_ERR(mac);
		xenbus_dev_fatal(xbdev, err, "reading %s/mac", xbdev->nodename);
		return err;
	}
	err = netbk_parse_mac(mac, be->vif->fe_dev_addr) ? -EINVAL : 0;
	kfree(mac);
	if (err)
		xenbus_dev_fatal(xbdev, err, "parsing %s/mac", xbdev->nodename);
	return err;
}

static bool netbk_fe_flag(struct netbk_backend *be, const char *key)
{
	return xenbus_read_unsigned(be->xbdev->otherend, key, 0) != 0;
}

/* netbk_fe_offloads_read()'s reader. */
static bool netbk_fe_offload_flag(void *be, const char *key)
{
	return netbk_fe_flag(be, key);
}

/*
 * We offer feature-dynamic-multicast-control: the frontend may turn
 * filtering on and off at any time, and we follow its key. The watch
 * lives from connect to disconnect, and every path that ends the vif's
 * connection (or frees @be) unregisters it first, so be->vif is there.
 */
static void netbk_mcast_ctrl_changed(struct xenbus_watch *watch,
				     const char *path, const char *token)
{
	struct netbk_backend *be = container_of(watch, struct netbk_backend,
						mcast_watch);

	WRITE_ONCE(be->vif->multicast_control,
		   netbk_fe_flag(be, "request-multicast-control"));
}

/* ------------------------------------------------------------------ */
/* XDP headroom                                                        */

/*
 * Bytes the frontend wants kept free before the data of each packet's
 * first RX slot: netfront asks for XDP_PACKET_HEADROOM while an XDP
 * program is attached and 0 otherwise. Absent, not offered, or not a
 * number: none. The RX worker samples it once per packet.
 */
static void netbk_read_xdp_headroom(struct netbk_backend *be)
{
	unsigned int headroom = 0;
	char *val;

	BUILD_BUG_ON(NETBK_XDP_HEADROOM_MAX != XEN_NETIF_MAX_XDP_HEADROOM);
	if (be->xdp_offered) {
		val = xenbus_read(XBT_NIL, be->xbdev->otherend, "xdp-headroom",
				  NULL);
		if (!IS_ERR(val)) {
			if (netbk_rx_headroom_parse(val, &headroom))
				dev_warn_ratelimited(&be->xbdev->dev,
						     "%s/xdp-headroom is not a number: no headroom\n",
						     be->xbdev->otherend);
			kfree(val);
		}
	}
	WRITE_ONCE(be->vif->xdp_headroom, headroom);
}

/*
 * netfront says Reconfiguring first and writes xdp-headroom after, so
 * the read on Reconfiguring may see the old value: following the key
 * itself (while connected) makes the new one count as soon as it is
 * there, not at the next reconfiguration.
 */
static void netbk_xdp_headroom_changed(struct xenbus_watch *watch,
				       const char *path, const char *token)
{
	struct netbk_backend *be = container_of(watch, struct netbk_backend,
						xdp_watch);

	netbk_read_xdp_headroom(be);
}

/* A reader for which the frontend wrote no flag at all. */
static bool netbk_fe_no_flag(void *be, const char *key)
{
	return false;
}

/*
 * Copying into the guest's own buffers is the only RX there is. A
 * frontend that does not ask for it (request-rx-copy missing or 0: an
 * rx-flip frontend of long ago, or a broken one) is still connected, as
 * stock connects it, with none of its feature flags read: no SG, GSO or
 * IPv6 checksum offload (IPv4 checksum offload is the protocol's
 * default), the default RX timeouts. request-multicast-control is still
 * followed by its watch, as with stock.
 */
static void netbk_frontend_without_rx_copy(struct netbk_backend *be)
{
	struct netbk_vif *vif = be->vif;

	dev_warn_ratelimited(&be->xbdev->dev,
			     "%s does not request rx-copy (the only RX mode): connecting it without its features\n",
			     be->xbdev->otherend);
	vif->rx_notify = true;
	vif->drain_timeout = msecs_to_jiffies(netbk_rx_drain_timeout_msecs);
	vif->stall_timeout = msecs_to_jiffies(netbk_rx_stall_timeout_msecs);
	WRITE_ONCE(vif->fe_offloads,
		   netbk_fe_offloads_read(netbk_fe_no_flag, be));
	vif->gso_mask = netbk_fe_gso_mask(vif->fe_offloads);
	WRITE_ONCE(vif->multicast_control, false);
	WRITE_ONCE(vif->xdp_headroom, 0);
}

static int netbk_read_frontend_features(struct netbk_backend *be)
{
	struct xenbus_device *xbdev = be->xbdev;
	struct netbk_vif *vif = be->vif;

	if (!xenbus_read_unsigned(xbdev->otherend, "request-rx-copy", 0)) {
		netbk_frontend_without_rx_copy(be);
		return 0;
	}

	vif->rx_notify = netbk_fe_flag(be, "feature-rx-notify");
	if (vif->rx_notify) {
		vif->drain_timeout =
			msecs_to_jiffies(netbk_rx_drain_timeout_msecs);
		vif->stall_timeout =
			msecs_to_jiffies(netbk_rx_stall_timeout_msecs);
	} else {
		/*
		 * It never tells us it posted buffers: poll often, and do not
		 * call it stalled (as stock does).
		 */
		vif->drain_timeout = msecs_to_jiffies(30);
		vif->stall_timeout = 0;
	}

	/* Applied to the netdev by netbk_vif_carrier_on(). */
	WRITE_ONCE(vif->fe_offloads,
		   netbk_fe_offloads_read(netbk_fe_offload_flag, be));
	vif->gso_mask = netbk_fe_gso_mask(vif->fe_offloads);
	/* Sampled now, then followed by mcast_watch. */
	WRITE_ONCE(vif->multicast_control,
		   netbk_fe_flag(be, "request-multicast-control"));
	/* Sampled now, then followed by xdp_watch. */
	netbk_read_xdp_headroom(be);
	return 0;
}

struct netbk_queue_keys {
	unsigned long tx_ring_ref;
	unsigned long rx_ring_ref;
	unsigned int tx_evtchn;
	unsigned int rx_evtchn;
};

/* With one queue the keys sit in the frontend's directory itself. */
static int netbk_read_queue_keys(struct netbk_backend *be, const char *dir,
				 struct netbk_queue_keys *k)
{
	struct xenbus_device *xbdev = be->xbdev;
	int err;

	err = xenbus_gather(XBT_NIL, dir, "tx-ring-ref", "%lu", &k->tx_ring_ref,
			    "rx-ring-ref", "%lu", &k->rx_ring_ref, NULL);
	if (err) {
		xenbus_dev_fatal(xbdev, err, "reading %s/{tx,rx}-ring-ref", dir);
		return err;
	}

	/* Split event channels if it gave both, else one for both. */
	err = xenbus_gather(XBT_NIL, dir, "event-channel-tx", "%u", &k->tx_evtchn,
			    "event-channel-rx", "%u", &k->rx_evtchn, NULL);
	if (!err)
		return 0;
	err = xenbus_scanf(XBT_NIL, dir, "event-channel", "%u", &k->tx_evtchn);
	if (err != 1) {
		err = err < 0 ? err : -EINVAL;
		xenbus_dev_fatal(xbdev, err, "reading %s/event-channel(-tx/-rx)",
				 dir);
		return err;
	}
	k->rx_evtchn = k->tx_evtchn;
	return 0;
}

/*
 * Map, join a group and bind each of the @nr queues in turn: with one
 * queue its keys sit in the frontend's directory itself, with more in
 * queue-0/ .. queue-(nr-1)/. vif->num_queues counts the queues connected
 * so far, so that on a failure the caller's disconnect tears down exactly
 * those (each queue's own connect is all or nothing).
 */
static int netbk_connect_queues(struct netbk_backend *be, unsigned int nr)
{
	struct xenbus_device *xbdev = be->xbdev;
	struct netbk_vif *vif = be->vif;
	struct netbk_queue_keys k;
	size_t size = strlen(xbdev->otherend) + NETBK_QUEUE_DIR_EXTRA;
	unsigned int i;
	char *dir;
	int err = 0;

	dir = kmalloc(size, GFP_KERNEL);
	if (!dir) {
		xenbus_dev_fatal(xbdev, -ENOMEM, "allocating a queue's path");
		return -ENOMEM;
	}
	for (i = 0; i < nr; i++) {
		if (netbk_queue_dir(dir, size, xbdev->otherend, nr, i)) {
			err = -EINVAL;
			xenbus_dev_fatal(xbdev, err, "no path for queue %u", i);
			break;
		}
		err = netbk_read_queue_keys(be, dir, &k);
		if (err)
			break;
		err = netbk_vif_connect_queue(&vif->queues[i], k.tx_ring_ref,
					      k.rx_ring_ref, k.tx_evtchn,
					      k.rx_evtchn);
		if (err) {
			xenbus_dev_fatal(xbdev, err,
					 "queue %u: mapping rings %lu/%lu, event channels %u/%u",
					 i, k.tx_ring_ref, k.rx_ring_ref,
					 k.tx_evtchn, k.rx_evtchn);
			break;
		}
		WRITE_ONCE(vif->num_queues, i + 1);
	}
	kfree(dir);
	if (err)
		return err;

	err = netbk_vif_set_real_queues(vif);
	if (err)
		xenbus_dev_fatal(xbdev, err, "setting the netdev's %u queues",
				 nr);
	return err;
}

/*
 * The control ring, if the frontend gave one (as stock: no ctrl-ring-ref,
 * or one that does not parse, means none). Its queues are connected: the
 * mapping table's queue numbers are checked against their count.
 */
static int netbk_connect_ctrl(struct netbk_backend *be)
{
	struct xenbus_device *xbdev = be->xbdev;
	unsigned long ring_ref;
	unsigned int evtchn;
	int err;

	if (xenbus_scanf(XBT_NIL, xbdev->otherend, "ctrl-ring-ref", "%lu",
			 &ring_ref) != 1)
		return 0;
	err = xenbus_scanf(XBT_NIL, xbdev->otherend, "event-channel-ctrl",
			   "%u", &evtchn);
	if (err != 1) {
		err = err < 0 ? err : -EINVAL;
		xenbus_dev_fatal(xbdev, err, "reading %s/event-channel-ctrl",
				 xbdev->otherend);
		return err;
	}
	err = netbk_ctrl_connect(be->vif, ring_ref, evtchn);
	if (err)
		xenbus_dev_fatal(xbdev, err,
				 "mapping control ring %lu, event channel %u",
				 ring_ref, evtchn);
	return err;
}

static void netbk_be_disconnect(struct netbk_backend *be)
{
	netbk_unwatch(&be->xdp_watch);
	netbk_unwatch(&be->mcast_watch);
	netbk_unwatch(&be->rate_watch);
	netbk_unwatch(&be->hotplug_watch);
	if (be->vif) {
		netbk_vif_disconnect(be->vif);
		netbk_ctrl_disconnect(be->vif);
	}
}

/*
 * InitWait -> Connected. On failure the reason is in xenstore
 * (xenbus_dev_fatal(), which also switched us to Closing) and nothing of
 * the connection is left.
 */
static int netbk_be_connect(struct netbk_backend *be)
{
	struct xenbus_device *xbdev = be->xbdev;
	struct netbk_vif *vif = be->vif;
	unsigned int nr_queues;
	int err;

	err = netbk_read_nr_queues(be, &nr_queues);
	if (!err)
		err = netbk_read_mac(be);
	if (!err)
		err = netbk_read_frontend_features(be);
	if (err)
		return err;
	netbk_read_rate(be, &vif->credit_bytes, &vif->credit_usec);

	err = netbk_connect_queues(be, nr_queues);
	if (!err)
		err = netbk_connect_ctrl(be);
	if (err)
		goto fail;
	netbk_vif_carrier_on(vif);

	err = xenbus_watch_pathfmt(xbdev, &be->rate_watch,
				   netbk_watch_one_pending, netbk_rate_changed,
				   "%s/rate", xbdev->nodename);
	if (err)
		goto fail;
	err = xenbus_watch_pathfmt(xbdev, &be->mcast_watch,
				   netbk_watch_one_pending,
				   netbk_mcast_ctrl_changed,
				   "%s/request-multicast-control",
				   xbdev->otherend);
	if (err)
		goto fail;
	if (be->xdp_offered) {
		err = xenbus_watch_pathfmt(xbdev, &be->xdp_watch,
					   netbk_watch_one_pending,
					   netbk_xdp_headroom_changed,
					   "%s/xdp-headroom", xbdev->otherend);
		if (err)
			goto fail;
	}
	/* Fires at once: hotplug-status may say "connected" already. */
	err = xenbus_watch_pathfmt(xbdev, &be->hotplug_watch,
				   netbk_watch_one_pending,
				   netbk_hotplug_status_changed,
				   "%s/hotplug-status", xbdev->nodename);
	if (err)
		goto fail;
	return 0;

fail:
	netbk_be_disconnect(be);
	return err;
}

/*
 * Walk to @target, one legal state at a time, connecting on the way into
 * Connected and disconnecting on the way out of it.
 */
static void netbk_be_set_state(struct netbk_backend *be,
			       enum xenbus_state target)
{
	unsigned int steps;

	for (steps = 0; steps < NETBK_BE_MAX_STEPS; steps++) {
		enum xenbus_state next = netbk_xb_next_state(be->state, target);

		if (next == be->state)
			return;
		if (be->state == NETBK_XB_CONNECTED)
			netbk_be_disconnect(be);
		if (next == NETBK_XB_CONNECTED && netbk_be_connect(be)) {
			be->state = NETBK_XB_CLOSING;	/* as dev_fatal wrote */
			return;
		}
		netbk_be_enter(be, next);
	}
}

/* ------------------------------------------------------------------ */
/* The frontend                                                        */

static void netbk_frontend_changed(struct xenbus_device *xbdev,
				   enum xenbus_state fe_state)
{
	struct netbk_backend *be = dev_get_drvdata(&xbdev->dev);
	int target = NETBK_XB_UNKNOWN;

	if (!be)
		return;
	dev_dbg(&xbdev->dev, "frontend %s\n", xenbus_strstate(fe_state));

	switch (netbk_xb_frontend_action(fe_state, &target)) {
	case NETBK_FE_NOTHING:
		break;
	case NETBK_FE_GOTO:
		netbk_be_set_state(be, target);
		/* Back from Reconfiguring: say Connected again. */
		if (be->state == NETBK_XB_CONNECTED &&
		    xbdev->state == NETBK_XB_RECONFIGURED)
			xenbus_switch_state(xbdev, NETBK_XB_CONNECTED);
		break;
	case NETBK_FE_RECONFIGURED:
		/* The XDP headroom is what a frontend reconfigures. */
		if (be->state == NETBK_XB_CONNECTED && !be->hotplug_watch.node) {
			netbk_read_xdp_headroom(be);
			xenbus_switch_state(xbdev, NETBK_XB_RECONFIGURED);
		}
		break;
	case NETBK_FE_CLOSED:
		netbk_be_set_state(be, target);
		/* The toolstack keeps the device for a frontend that restarts. */
		if (xenbus_dev_is_online(xbdev))
			break;
		fallthrough;
	case NETBK_FE_GONE:
		netbk_be_set_state(be, NETBK_XB_CLOSED);
		device_unregister(&xbdev->dev);	/* frees be: no more use */
		break;
	case NETBK_FE_BAD:
		xenbus_dev_fatal(xbdev, -EINVAL, "frontend in state %d",
				 fe_state);
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Probe and remove                                                    */

struct netbk_feature {
	const char *key;
	unsigned int val;
};

/* What we offer, and honour (see interface.c, tx.c, rx.c, mcast.c). */
static const struct netbk_feature netbk_features[] = {
	{ "feature-sg", 1 },
	{ "feature-gso-tcpv4", 1 },
	{ "feature-gso-tcpv6", 1 },
	{ "feature-ipv6-csum-offload", 1 },
	{ "feature-rx-copy", 1 },
	{ "feature-rx-flip", 0 },
	/* Filtering the frontend may switch on and off while connected. */
	{ "feature-multicast-control", 1 },
	{ "feature-dynamic-multicast-control", 1 },
	{ "feature-ctrl-ring", 1 },
};

static int netbk_write_features_once(struct netbk_backend *be,
				     struct xenbus_transaction xbt,
				     const char **failed)
{
	const char *dir = be->xbdev->nodename;
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(netbk_features); i++) {
		*failed = netbk_features[i].key;
		err = xenbus_printf(xbt, dir, netbk_features[i].key, "%u",
				    netbk_features[i].val);
		if (err)
			return err;
	}
	/* 0 when switched off: what a stock driver bound before wrote goes. */
	*failed = "feature-xdp-headroom";
	return xenbus_printf(xbt, dir, "feature-xdp-headroom", "%u",
			     be->xdp_offered ? 1 : 0);
}

static int netbk_write_features(struct netbk_backend *be)
{
	struct xenbus_device *xbdev = be->xbdev;
	struct xenbus_transaction xbt;
	const char *failed;
	int err;

	do {
		err = xenbus_transaction_start(&xbt);
		if (err) {
			xenbus_dev_fatal(xbdev, err, "starting transaction");
			return err;
		}
		err = netbk_write_features_once(be, xbt, &failed);
		if (err) {
			xenbus_transaction_end(xbt, 1);
			xenbus_dev_fatal(xbdev, err, "writing %s", failed);
			return err;
		}
		err = xenbus_transaction_end(xbt, 0);
	} while (err == -EAGAIN);

	if (err) {
		xenbus_dev_fatal(xbdev, err, "completing transaction");
		return err;
	}

	/* Optional ones, as stock: a frontend copes without them. */
	err = xenbus_printf(XBT_NIL, xbdev->nodename,
			    "feature-split-event-channels", "%u",
			    netbk_separate_tx_rx_irq ? 1 : 0);
	if (err)
		dev_dbg(&xbdev->dev, "writing feature-split-event-channels: %d\n",
			err);
	/* The vif gets this many queues (netbk_create_vif()). */
	err = xenbus_printf(XBT_NIL, xbdev->nodename, "multi-queue-max-queues",
			    "%u", be->max_queues);
	if (err)
		dev_dbg(&xbdev->dev, "writing multi-queue-max-queues: %d\n",
			err);
	return 0;
}

static int netbk_read_script(struct netbk_backend *be)
{
	char *script;

	script = xenbus_read(XBT_NIL, be->xbdev->nodename, "script", NULL);
	if (IS_ERR(script)) {
		xenbus_dev_fatal(be->xbdev, PTR_ERR(script), "reading script");
		return PTR_ERR(script);
	}
	be->script = script;
	return 0;
}

/* The netdev, then the "online" uevent that starts the hotplug script. */
static int netbk_create_vif(struct netbk_backend *be)
{
	struct xenbus_device *xbdev = be->xbdev;
	struct netbk_vif *vif;
	unsigned int handle;
	int err;

	err = xenbus_scanf(XBT_NIL, xbdev->nodename, "handle", "%u", &handle);
	if (err != 1) {
		err = err < 0 ? err : -EINVAL;
		xenbus_dev_fatal(xbdev, err, "reading handle");
		return err;
	}
	if (xbdev->otherend_id <= 0 ||
	    xbdev->otherend_id >= DOMID_FIRST_RESERVED) {
		xenbus_dev_fatal(xbdev, -EINVAL, "frontend domain %d",
				 xbdev->otherend_id);
		return -EINVAL;
	}

	vif = netbk_vif_alloc(xbdev, xbdev->otherend_id, handle,
			      be->max_queues);
	if (IS_ERR(vif)) {
		xenbus_dev_fatal(xbdev, PTR_ERR(vif), "creating vif%d.%u",
				 xbdev->otherend_id, handle);
		return PTR_ERR(vif);
	}
	be->vif = vif;

	kobject_uevent(&xbdev->dev.kobj, KOBJ_ONLINE);
	return 0;
}

static void netbk_set_backend(struct xenbus_device *xbdev,
			      struct netbk_backend *be)
{
	mutex_lock(&netbk_uevent_lock);
	dev_set_drvdata(&xbdev->dev, be);
	mutex_unlock(&netbk_uevent_lock);
}

static void netbk_remove_backend(struct xenbus_device *xbdev)
{
	struct netbk_backend *be = dev_get_drvdata(&xbdev->dev);

	if (!be)
		return;
	/* First: no callback of ours runs after this. */
	netbk_unwatch(&be->hotplug_watch);
	netbk_unwatch(&be->rate_watch);
	netbk_unwatch(&be->mcast_watch);
	netbk_unwatch(&be->xdp_watch);

	xenbus_rm(XBT_NIL, xbdev->nodename, "hotplug-status");
	if (be->vif) {
		/* While the vif and its name still exist: vif-bridge offline. */
		kobject_uevent(&xbdev->dev.kobj, KOBJ_OFFLINE);
		netbk_be_disconnect(be);
	}
	netbk_set_backend(xbdev, NULL);

	if (be->vif)
		netbk_vif_free(be->vif);
	kfree(be->script);
	kfree(be);
}

NETBK_DEFINE_XENBUS_REMOVE(netbk_remove, netbk_remove_backend)

static int netbk_probe(struct xenbus_device *xbdev,
		       const struct xenbus_device_id *id)
{
	struct netbk_backend *be;
	unsigned int param;
	int err;

	be = kzalloc(sizeof(*be), GFP_KERNEL);
	if (!be) {
		xenbus_dev_fatal(xbdev, -ENOMEM, "allocating backend");
		return -ENOMEM;
	}
	be->xbdev = xbdev;
	be->state = NETBK_XB_INITIALISING;
	param = READ_ONCE(netbk_max_queues);
	be->max_queues = netbk_max_queues_clamp(param);
	if (be->max_queues != param)
		dev_info(&xbdev->dev, "max_queues=%u: this vif gets %u queues at most\n",
			 param, be->max_queues);
	be->xdp_offered = READ_ONCE(netbk_provides_xdp_headroom);
	netbk_set_backend(xbdev, be);

	err = netbk_write_features(be);
	if (!err)
		err = netbk_read_script(be);
	if (!err)
		err = netbk_create_vif(be);
	if (err) {
		netbk_remove_backend(xbdev);
		return err;
	}

	/*
	 * Only now: libxl runs the hotplug script on InitWait. If the
	 * frontend is already there (a rebind through sysfs), its state
	 * watch fires right after probe and takes us on from here.
	 */
	netbk_be_enter(be, NETBK_XB_INITWAIT);
	return 0;
}

/* Environment of the hotplug uevents, for the vif-* scripts. */
static int netbk_uevent(struct xenbus_device *xbdev,
			struct kobj_uevent_env *env)
{
	struct netbk_backend *be;
	int err = 0;

	mutex_lock(&netbk_uevent_lock);
	be = dev_get_drvdata(&xbdev->dev);
	if (be && be->script)
		err = add_uevent_var(env, "script=%s", be->script);
	if (!err && be && be->vif)
		err = add_uevent_var(env, "vif=%s", be->vif->dev->name);
	mutex_unlock(&netbk_uevent_lock);
	return err;
}

static const struct xenbus_device_id netbk_ids[] = {
	{ "vif" },
	{ "" }
};

static struct xenbus_driver netbk_driver = {
	.ids			= netbk_ids,
	.probe			= netbk_probe,
	.remove			= netbk_remove,
	.uevent			= netbk_uevent,
	.otherend_changed	= netbk_frontend_changed,
	/* Unbinding leaves the device's state alone, for a driver to come. */
	.allow_rebind		= true,
};

/*
 * Unload is refused while a vif is bound: xenbus itself holds a module
 * reference for each device bound to this driver (xenbus_dev_probe()).
 */
int netbk_xenbus_init(void)
{
	return xenbus_register_backend(&netbk_driver);
}

void netbk_xenbus_exit(void)
{
	xenbus_unregister_driver(&netbk_driver);
}
