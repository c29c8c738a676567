// SPDX-License-Identifier: GPL-2.0
/*
 * Multicast control, pure logic: the list of addresses a frontend asked
 * to receive (XEN_NETIF_EXTRA_TYPE_MCAST_ADD/DEL extras on its TX ring),
 * and the RX filter's verdict on a destination address.
 *
 * The answers are stock's: an add is refused (ERROR) only when the list
 * already holds NETBK_MCAST_MAX addresses; stock does not look at the
 * address, so neither do we (a unicast address takes a slot and simply
 * never matches). A delete is always OKAY, found or not.
 *
 * The list is a fixed array of 64-bit keys, not stock's RCU list: no
 * allocation on a guest's request, nothing to free after a grace period,
 * and a lookup that reads each slot in one access, so the RX path needs
 * no lock while the TX worker adds and deletes (see struct
 * netbk_mcast_list). The price is a scan of all 64 slots per multicast
 * frame, which is a few cache lines.
 */
#include "netbk_logic.h"

/* Marks a slot in use, so that 00:00:00:00:00:00 has a key too. */
#define NETBK_MCAST_USED	((u64)1 << 48)

static u64 netbk_mcast_key(const u8 *addr)
{
	u64 key = NETBK_MCAST_USED;
	unsigned int i;

	for (i = 0; i < NETBK_ETH_ALEN; i++)
		key |= (u64)addr[i] << (8 * (NETBK_ETH_ALEN - 1 - i));
	return key;
}

/* Index of the first slot holding @key (0: a free slot), or -1. */
static int netbk_mcast_find(const struct netbk_mcast_list *list, u64 key)
{
	unsigned int i;

	for (i = 0; i < NETBK_MCAST_MAX; i++)
		if (READ_ONCE(list->slot[i]) == key)
			return (int)i;
	return -1;
}

void netbk_mcast_clear(struct netbk_mcast_list *list)
{
	unsigned int i;

	for (i = 0; i < NETBK_MCAST_MAX; i++)
		WRITE_ONCE(list->slot[i], 0);
	list->count = 0;
}

bool netbk_mcast_add(struct netbk_mcast_list *list, const u8 *addr)
{
	int i;

	if (list->count >= NETBK_MCAST_MAX)
		return false;
	i = netbk_mcast_find(list, 0);
	if (i < 0)		/* count says otherwise: refuse, never overrun */
		return false;
	WRITE_ONCE(list->slot[i], netbk_mcast_key(addr));
	list->count++;
	return true;
}

bool netbk_mcast_del(struct netbk_mcast_list *list, const u8 *addr)
{
	int i = netbk_mcast_find(list, netbk_mcast_key(addr));

	if (i < 0)
		return false;
	WRITE_ONCE(list->slot[i], 0);
	if (list->count)
		list->count--;
	return true;
}

bool netbk_mcast_match(const struct netbk_mcast_list *list, const u8 *addr)
{
	return netbk_mcast_find(list, netbk_mcast_key(addr)) >= 0;
}

bool netbk_mcast_apply(struct netbk_mcast_list *list,
		       const struct netbk_txpkt *pkt)
{
	const struct netbk_extra *add = &pkt->extras[NETBK_EXTRA_MCAST_ADD - 1];
	const struct netbk_extra *del = &pkt->extras[NETBK_EXTRA_MCAST_DEL - 1];

	if (add->type)
		return netbk_mcast_add(list, add->u.mcast_addr);
	if (del->type) {
		netbk_mcast_del(list, del->u.mcast_addr);
		return true;
	}
	return false;
}

static bool netbk_mcast_is_broadcast(const u8 *addr)
{
	unsigned int i;

	for (i = 0; i < NETBK_ETH_ALEN; i++)
		if (addr[i] != 0xff)
			return false;
	return true;
}

bool netbk_mcast_rx_pass(const struct netbk_mcast_list *list, const u8 *dest)
{
	/* The group bit: the first bit on the wire, bit 0 of octet 0. */
	if (!(dest[0] & 0x01) || netbk_mcast_is_broadcast(dest))
		return true;
	return netbk_mcast_match(list, dest);
}
