// SPDX-License-Identifier: GPL-2.0
/* Guest RX slot estimation (src/rxslots.c). */
#include "unit.h"
#include "netbk_logic.h"

static unsigned int need(unsigned int len, bool gso, bool hash, bool xdp,
			 unsigned int headroom)
{
	struct netbk_rx_need n = {
		.len = len, .gso = gso, .hash = hash, .xdp = xdp,
		.headroom = headroom,
	};

	return netbk_rx_slots_needed(&n);
}

UNIT_TEST(rx_data_slots_sizes)
{
	CHECK_EQ(netbk_rx_data_slots(0, 0), 1);	/* still one response */
	CHECK_EQ(netbk_rx_data_slots(1, 0), 1);
	CHECK_EQ(netbk_rx_data_slots(1514, 0), 1);
	CHECK_EQ(netbk_rx_data_slots(4095, 0), 1);
	CHECK_EQ(netbk_rx_data_slots(4096, 0), 1);
	CHECK_EQ(netbk_rx_data_slots(4097, 0), 2);
	CHECK_EQ(netbk_rx_data_slots(8192, 0), 2);
	CHECK_EQ(netbk_rx_data_slots(8193, 0), 3);
	CHECK_EQ(netbk_rx_data_slots(65535, 0), 16);
	CHECK_EQ(netbk_rx_data_slots(65536, 0), 16);
	CHECK_EQ(netbk_rx_data_slots(65537, 0), 17);
	/* The legacy limit: 18 full slots fit, one byte more does not. */
	CHECK_EQ(netbk_rx_data_slots(18 * 4096, 0), NETBK_LEGACY_SLOTS_MAX);
	CHECK(netbk_rx_data_slots(18 * 4096 + 1, 0) > NETBK_LEGACY_SLOTS_MAX);
}

UNIT_TEST(rx_data_slots_headroom)
{
	/* Headroom shortens the first slot only. */
	CHECK_EQ(netbk_rx_data_slots(0, 256), 1);
	CHECK_EQ(netbk_rx_data_slots(1, 256), 1);
	CHECK_EQ(netbk_rx_data_slots(4096 - 256, 256), 1);
	CHECK_EQ(netbk_rx_data_slots(4096 - 255, 256), 2);
	CHECK_EQ(netbk_rx_data_slots(4096, 256), 2);
	CHECK_EQ(netbk_rx_data_slots(4097, 256), 2);
	CHECK_EQ(netbk_rx_data_slots(8192 - 256, 256), 2);
	CHECK_EQ(netbk_rx_data_slots(8192 - 255, 256), 3);
	CHECK_EQ(netbk_rx_data_slots(65535 + 256, 256), 17);
	CHECK_EQ(netbk_rx_data_slots(65535, 256), 17);
	CHECK_EQ(netbk_rx_data_slots(65536 - 256, 256), 16);
	/* A nonsense headroom still leaves a byte per first slot. */
	CHECK_EQ(netbk_rx_data_slots(1, 4096), 1);
	CHECK_EQ(netbk_rx_data_slots(2, 65535), 2);
}

UNIT_TEST(rx_data_slots_no_wrap)
{
	/* Lengths near UINT_MAX must not wrap to a small count. */
	CHECK_EQ(netbk_rx_data_slots(0xffffffffu, 0), 1048576);
	CHECK_EQ(netbk_rx_data_slots(0xffffffffu, 4095), 1048577);
	CHECK(netbk_rx_data_slots(0xfffff000u, 256) > NETBK_LEGACY_SLOTS_MAX);
}

UNIT_TEST(rx_slots_needed_extras)
{
	CHECK_EQ(need(0, false, false, false, 0), 1);
	CHECK_EQ(need(1, false, false, false, 0), 1);
	CHECK_EQ(need(4096, false, false, false, 0), 1);
	CHECK_EQ(need(4097, false, false, false, 0), 2);
	/* Each extra-info segment takes one slot of its own. */
	CHECK_EQ(need(1514, true, false, false, 0), 2);
	CHECK_EQ(need(1514, false, true, false, 0), 2);
	CHECK_EQ(need(1514, false, false, true, 256), 2);
	CHECK_EQ(need(1514, true, true, false, 0), 3);
	CHECK_EQ(need(1514, true, true, true, 256), 4);
	/* A full GSO packet: 16 pages, 17 with headroom, plus extras. */
	CHECK_EQ(need(65535, true, false, false, 0), 17);
	CHECK_EQ(need(65535 + 256, true, false, true, 256), 19);
	CHECK_EQ(need(65535, true, true, true, 256), 20);
}

UNIT_TEST(rx_headroom_parse_good)
{
	unsigned int h = 1;

	CHECK_EQ(netbk_rx_headroom_parse("0", &h), 0);
	CHECK_EQ(h, 0);
	CHECK_EQ(netbk_rx_headroom_parse("256", &h), 0);
	CHECK_EQ(h, 256);
	CHECK_EQ(netbk_rx_headroom_parse("32767", &h), 0);
	CHECK_EQ(h, NETBK_XDP_HEADROOM_MAX);
	/* Above the protocol's limit: cut to it, as stock does. */
	CHECK_EQ(netbk_rx_headroom_parse("32768", &h), 0);
	CHECK_EQ(h, NETBK_XDP_HEADROOM_MAX);
	CHECK_EQ(netbk_rx_headroom_parse("65535", &h), 0);
	CHECK_EQ(h, NETBK_XDP_HEADROOM_MAX);
	CHECK_EQ(netbk_rx_headroom_parse("18446744073709551615", &h), 0);
	CHECK_EQ(h, NETBK_XDP_HEADROOM_MAX);
}

UNIT_TEST(rx_headroom_parse_junk)
{
	static const char *const junk[] = {
		"", "-1", "+256", " 256", "256 ", "0x100", "256k", "abc",
		"18446744073709551616",
	};
	unsigned int i, h = 77;

	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		CHECK_EQ(netbk_rx_headroom_parse(junk[i], &h), -1);
		CHECK_EQ(h, 77);
	}
	CHECK_EQ(netbk_rx_headroom_parse(NULL, &h), -1);
}
