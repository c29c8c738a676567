// SPDX-License-Identifier: GPL-2.0
/*
 * Multicast control, the vif's side (the list itself is pure logic, in
 * mcastlist.c). The frontend edits its filter list with MCAST_ADD/DEL
 * requests on its TX ring, and turns filtering on and off with its
 * request-multicast-control key (xenbus.c keeps vif->multicast_control
 * current). While filtering is on, multicast frames for the guest whose
 * destination is not in the list are dropped at start_xmit, as stock
 * drops them; the list is kept whether filtering is on or not, as
 * netif.h says it may be amended either way.
 *
 * Locking, and why not stock's RCU list:
 *  - writers (the TX worker applying a request; disconnect clearing the
 *    list) take mcast_lock. One queue's TX worker never runs twice at
 *    once, but the queues of a multi-queue vif have workers in different
 *    groups, and stock's lockless writers would race there. BH-safe, as
 *    a worker may be a tasklet.
 *  - the reader (start_xmit, any context, netpoll's included) takes no
 *    lock: the list is an array inside the vif, never freed while the
 *    netdev exists, whose slots are read and written whole. A lookup
 *    racing an add or a delete sees each slot before or after it, the
 *    same outcome as a frame arriving a moment earlier or later. (On a
 *    32-bit dom0 a 64-bit slot may be read torn: one frame filtered
 *    wrongly, never memory touched out of place.)
 * So nothing is allocated on a guest's request, and nothing waits for a
 * grace period at disconnect.
 */

#include <linux/if_packet.h>
#include <linux/skbuff.h>

#include "netbk.h"

void netbk_vif_mcast_init(struct netbk_vif *vif)
{
	spin_lock_init(&vif->mcast_lock);
	netbk_mcast_clear(&vif->mcast);
	vif->multicast_control = false;
}

/* Filtering off and the list emptied, for the next frontend connection. */
void netbk_vif_mcast_reset(struct netbk_vif *vif)
{
	WRITE_ONCE(vif->multicast_control, false);
	spin_lock_bh(&vif->mcast_lock);
	netbk_mcast_clear(&vif->mcast);
	spin_unlock_bh(&vif->mcast_lock);
}

bool netbk_vif_mcast_control(struct netbk_vif *vif,
			     const struct netbk_txpkt *pkt)
{
	bool ok;

	spin_lock_bh(&vif->mcast_lock);
	ok = netbk_mcast_apply(&vif->mcast, pkt);
	spin_unlock_bh(&vif->mcast_lock);
	/* Not a protocol error: the frontend hears ERROR, dom0's log no more. */
	if (!ok)
		netdev_dbg(vif->dev, "multicast add refused: %u addresses already\n",
			   NETBK_MCAST_MAX);
	return ok;
}

/*
 * As stock, only frames the stack marked multicast on their way in are
 * looked at (a bridge port's eth_type_trans() sets pkt_type): broadcast
 * frames are PACKET_BROADCAST, and frames dom0 itself sends out through
 * the bridge are let through.
 */
bool netbk_vif_mcast_drop(const struct netbk_vif *vif,
			  const struct sk_buff *skb)
{
	u8 buf[ETH_ALEN];
	const u8 *dest;

	if (likely(!READ_ONCE(vif->multicast_control)) ||
	    skb->pkt_type != PACKET_MULTICAST)
		return false;
	/* skb->data is the Ethernet header here; a runt has no destination. */
	dest = skb_header_pointer(skb, 0, ETH_ALEN, buf);
	return !dest || !netbk_mcast_rx_pass(&vif->mcast, dest);
}
