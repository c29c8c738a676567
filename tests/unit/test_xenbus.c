// SPDX-License-Identifier: GPL-2.0
/*
 * The backend's xenbus handshake (src/xbstate.c): the paths between
 * states, what each frontend state asks for, and the "mac" key parse.
 */
#include "unit.h"
#include "netbk_logic.h"

#define NR_XB_STATES	9

/* Walk from @cur to @target; return the number of steps, -1 if it loops. */
static int walk(int cur, int target, int *path, int max)
{
	int n = 0;

	for (;;) {
		int next = netbk_xb_next_state(cur, target);

		if (next == cur)
			return n;
		if (n == max)
			return -1;
		path[n++] = next;
		cur = next;
	}
}

UNIT_TEST(xb_probe_goes_initwait)
{
	int path[8];

	CHECK_EQ(walk(NETBK_XB_INITIALISING, NETBK_XB_INITWAIT, path, 8), 1);
	CHECK_EQ(path[0], NETBK_XB_INITWAIT);
}

UNIT_TEST(xb_connect_from_initialising_passes_initwait)
{
	int path[8];

	CHECK_EQ(walk(NETBK_XB_INITIALISING, NETBK_XB_CONNECTED, path, 8), 2);
	CHECK_EQ(path[0], NETBK_XB_INITWAIT);
	CHECK_EQ(path[1], NETBK_XB_CONNECTED);
}

/* netfront waits for Closing, then for Closed: both must be written. */
UNIT_TEST(xb_close_from_connected_passes_closing)
{
	int path[8];

	CHECK_EQ(walk(NETBK_XB_CONNECTED, NETBK_XB_CLOSED, path, 8), 2);
	CHECK_EQ(path[0], NETBK_XB_CLOSING);
	CHECK_EQ(path[1], NETBK_XB_CLOSED);
}

/* A guest reloading xen-netfront: Closed, then Initialising, Connected. */
UNIT_TEST(xb_reconnect_after_close)
{
	int path[8];

	CHECK_EQ(walk(NETBK_XB_CLOSED, NETBK_XB_INITWAIT, path, 8), 1);
	CHECK_EQ(path[0], NETBK_XB_INITWAIT);
	CHECK_EQ(walk(NETBK_XB_CLOSED, NETBK_XB_CONNECTED, path, 8), 2);
	CHECK_EQ(path[0], NETBK_XB_INITWAIT);
	CHECK_EQ(path[1], NETBK_XB_CONNECTED);
}

/* A frontend starting over while connected: disconnect on the way. */
UNIT_TEST(xb_restart_while_connected)
{
	int path[8];

	CHECK_EQ(walk(NETBK_XB_CONNECTED, NETBK_XB_INITWAIT, path, 8), 3);
	CHECK_EQ(path[0], NETBK_XB_CLOSING);
	CHECK_EQ(path[1], NETBK_XB_CLOSED);
	CHECK_EQ(path[2], NETBK_XB_INITWAIT);
}

UNIT_TEST(xb_closing_before_connect)
{
	int path[8];

	CHECK_EQ(walk(NETBK_XB_INITWAIT, NETBK_XB_CLOSED, path, 8), 2);
	CHECK_EQ(path[0], NETBK_XB_CLOSING);
	CHECK_EQ(path[1], NETBK_XB_CLOSED);
}

/* Every pair, including nonsense, ends; Connected only comes from InitWait. */
UNIT_TEST(xb_every_walk_ends_and_connects_only_from_initwait)
{
	int cur, target, i;

	for (cur = -1; cur <= NR_XB_STATES; cur++) {
		for (target = -1; target <= NR_XB_STATES; target++) {
			int path[16];
			int n = walk(cur, target, path, 16);
			int prev = cur;

			CHECK(n >= 0 && n <= 3);
			for (i = 0; i < n; i++) {
				if (path[i] == NETBK_XB_CONNECTED)
					CHECK_EQ(prev, NETBK_XB_INITWAIT);
				CHECK(path[i] != NETBK_XB_INITIALISING);
				CHECK(path[i] != NETBK_XB_UNKNOWN);
				prev = path[i];
			}
		}
	}
}

UNIT_TEST(xb_frontend_actions)
{
	int target = -1;

	CHECK_EQ(netbk_xb_frontend_action(NETBK_XB_INITIALISING, &target),
		 NETBK_FE_GOTO);
	CHECK_EQ(target, NETBK_XB_INITWAIT);
	CHECK_EQ(netbk_xb_frontend_action(NETBK_XB_CONNECTED, &target),
		 NETBK_FE_GOTO);
	CHECK_EQ(target, NETBK_XB_CONNECTED);
	CHECK_EQ(netbk_xb_frontend_action(NETBK_XB_CLOSING, &target),
		 NETBK_FE_GOTO);
	CHECK_EQ(target, NETBK_XB_CLOSING);
	CHECK_EQ(netbk_xb_frontend_action(NETBK_XB_CLOSED, &target),
		 NETBK_FE_CLOSED);
	CHECK_EQ(target, NETBK_XB_CLOSED);
	CHECK_EQ(netbk_xb_frontend_action(NETBK_XB_UNKNOWN, &target),
		 NETBK_FE_GONE);
	CHECK_EQ(target, NETBK_XB_CLOSED);
	CHECK_EQ(netbk_xb_frontend_action(NETBK_XB_INITIALISED, &target),
		 NETBK_FE_NOTHING);
	CHECK_EQ(netbk_xb_frontend_action(NETBK_XB_RECONFIGURING, &target),
		 NETBK_FE_RECONFIGURED);
	CHECK_EQ(netbk_xb_frontend_action(NETBK_XB_INITWAIT, &target),
		 NETBK_FE_BAD);
	CHECK_EQ(netbk_xb_frontend_action(NETBK_XB_RECONFIGURED, &target),
		 NETBK_FE_BAD);
	CHECK_EQ(netbk_xb_frontend_action(9, &target), NETBK_FE_BAD);
	CHECK_EQ(netbk_xb_frontend_action(-1, &target), NETBK_FE_BAD);
}

UNIT_TEST(mac_good)
{
	u8 mac[6];

	CHECK_EQ(netbk_parse_mac("00:16:3e:0a:Bf:ff", mac), 0);
	CHECK_EQ(mac[0], 0x00);
	CHECK_EQ(mac[1], 0x16);
	CHECK_EQ(mac[2], 0x3e);
	CHECK_EQ(mac[3], 0x0a);
	CHECK_EQ(mac[4], 0xbf);
	CHECK_EQ(mac[5], 0xff);
	/* One digit per group, as the stock parser takes it. */
	CHECK_EQ(netbk_parse_mac("0:16:3e:1:2:3", mac), 0);
	CHECK_EQ(mac[0], 0);
	CHECK_EQ(mac[3], 1);
	CHECK_EQ(mac[5], 3);
}

UNIT_TEST(mac_hostile)
{
	static const char *const bad[] = {
		"", ":", "00:16:3e:0a:0b", "00:16:3e:0a:0b:", "00:16:3e:0a:0b:0c:",
		"00:16:3e:0a:0b:0c:0d", "000:16:3e:0a:0b:0c", "00-16-3e-0a-0b-0c",
		"00:16:3e:0a:0b:0g", "00:16:3e:0a:0b:0c ", " 00:16:3e:0a:0b:0c",
		"00::3e:0a:0b:0c", "+0:16:3e:0a:0b:0c", "0x:16:3e:0a:0b:0c",
		"00:16:3e:0a:0b:0c\n", NULL,
	};
	u8 mac[6];
	unsigned int i;

	for (i = 0; bad[i]; i++)
		CHECK_EQ(netbk_parse_mac(bad[i], mac), -1);
	CHECK_EQ(netbk_parse_mac(NULL, mac), -1);
}
