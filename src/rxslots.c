// SPDX-License-Identifier: GPL-2.0
/*
 * Guest RX: how many ring slots a packet needs.
 *
 * Data is packed densely into the guest's 4 KiB buffers: every data slot
 * is filled before the next one is used, except the first, which starts
 * after the XDP headroom when the frontend asked for one. Every extra-info
 * segment takes one slot of its own. The RX worker waits for this many
 * slots before it starts a packet, so the count must never be short.
 */
#include "netbk_logic.h"

/*
 * The first slot always carries at least one byte of data: a larger
 * headroom makes no sense (netfront asks for 256 bytes).
 */
static unsigned int netbk_rx_clamp_headroom(unsigned int headroom)
{
	return headroom < NETBK_PAGE_SIZE ? headroom : NETBK_PAGE_SIZE - 1;
}

unsigned int netbk_rx_data_slots(unsigned int len, unsigned int headroom)
{
	/* 64-bit sum: len near UINT_MAX must not wrap to a small count. */
	u64 bytes = (u64)len + netbk_rx_clamp_headroom(headroom);

	/* Even an empty packet gets one response slot. */
	if (len == 0)
		return 1;
	return (unsigned int)((bytes + NETBK_PAGE_SIZE - 1) / NETBK_PAGE_SIZE);
}

unsigned int netbk_rx_slots_needed(const struct netbk_rx_need *need)
{
	unsigned int slots = netbk_rx_data_slots(need->len, need->headroom);

	if (need->gso)
		slots++;
	if (need->hash)
		slots++;
	if (need->xdp)
		slots++;
	return slots;
}

int netbk_rx_headroom_parse(const char *s, unsigned int *headroom)
{
	u64 v;

	if (!s || netbk_parse_u64(&s, &v) || *s != '\0')
		return -1;
	*headroom = v < NETBK_XDP_HEADROOM_MAX ? (unsigned int)v :
						 NETBK_XDP_HEADROOM_MAX;
	return 0;
}
