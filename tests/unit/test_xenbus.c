// SPDX-License-Identifier: GPL-2.0
/*
 * The backend's xenbus handshake (src/xbstate.c): the paths between
 * states, what each frontend state asks for, the "mac" key parse, and
 * the frontend's offload flags.
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

/* ------------------------------------------------------------------ */
/* The frontend's offload flags (netbk_fe_offloads_*).                 */

#define ALL_OFFLOADS	(NETIF_F_SG | NETIF_F_TSO | NETIF_F_TSO6 | \
			 NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM)

/* A frontend directory: the flags set non-zero, and the keys asked for. */
struct fe_dir {
	const char *set[8];
	const char *asked[16];
	unsigned int nr_asked;
};

static bool fe_dir_flag(void *ctx, const char *key)
{
	struct fe_dir *dir = ctx;
	unsigned int i;

	if (dir->nr_asked < 16)
		dir->asked[dir->nr_asked++] = key;
	for (i = 0; i < 8 && dir->set[i]; i++)
		if (!strcmp(dir->set[i], key))
			return true;
	return false;
}

static bool fe_dir_asked(const struct fe_dir *dir, const char *key)
{
	unsigned int i;

	for (i = 0; i < dir->nr_asked; i++)
		if (!strcmp(dir->asked[i], key))
			return true;
	return false;
}

UNIT_TEST(fe_offloads_reads_each_flag_once)
{
	static const char *const keys[] = {
		"feature-sg", "feature-gso-tcpv4", "feature-gso-tcpv6",
		"feature-no-csum-offload", "feature-ipv6-csum-offload",
	};
	struct fe_dir dir = { .set = { NULL } };
	unsigned int i;

	netbk_fe_offloads_read(fe_dir_flag, &dir);
	CHECK_EQ(dir.nr_asked, 5);
	for (i = 0; i < 5; i++)
		CHECK(fe_dir_asked(&dir, keys[i]));
}

UNIT_TEST(fe_offloads_none_set_leaves_ipv4_csum)
{
	struct fe_dir dir = { .set = { NULL } };

	/* Checksum offload is the one a frontend must refuse. */
	CHECK_EQ(netbk_fe_offloads_read(fe_dir_flag, &dir), NETIF_F_IP_CSUM);
}

UNIT_TEST(fe_offloads_each_flag_its_feature)
{
	static const struct {
		const char *key;
		netdev_features_t feature;
	} rows[] = {
		{ "feature-sg", NETIF_F_SG },
		{ "feature-gso-tcpv4", NETIF_F_TSO },
		{ "feature-gso-tcpv6", NETIF_F_TSO6 },
		{ "feature-ipv6-csum-offload", NETIF_F_IPV6_CSUM },
	};
	unsigned int i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct fe_dir dir = { .set = { rows[i].key } };

		CHECK_EQ(netbk_fe_offloads_read(fe_dir_flag, &dir),
			 rows[i].feature | NETIF_F_IP_CSUM);
	}
}

UNIT_TEST(fe_offloads_all_set)
{
	struct fe_dir dir = { .set = {
		"feature-sg", "feature-gso-tcpv4", "feature-gso-tcpv6",
		"feature-no-csum-offload", "feature-ipv6-csum-offload",
		"feature-rx-notify",
	} };

	CHECK_EQ(netbk_fe_offloads_read(fe_dir_flag, &dir),
		 ALL_OFFLOADS & ~NETIF_F_IP_CSUM);
}

UNIT_TEST(fe_offloads_fix_drops_only_what_is_not_taken)
{
	netdev_features_t other = NETIF_F_FRAGLIST | NETIF_F_RXCSUM;

	CHECK_EQ(netbk_fe_offloads_fix(ALL_OFFLOADS | other, ALL_OFFLOADS),
		 ALL_OFFLOADS | other);
	CHECK_EQ(netbk_fe_offloads_fix(ALL_OFFLOADS | other, 0), other);
	CHECK_EQ(netbk_fe_offloads_fix(ALL_OFFLOADS | other,
				       NETBK_FE_OFFLOADS_DEFAULT),
		 NETIF_F_SG | NETIF_F_IP_CSUM | other);
	CHECK_EQ(netbk_fe_offloads_fix(ALL_OFFLOADS | other, NETIF_F_TSO6),
		 NETIF_F_TSO6 | other);
	/* It never adds a feature the stack did not ask for. */
	CHECK_EQ(netbk_fe_offloads_fix(0, ALL_OFFLOADS), 0);
	CHECK_EQ(netbk_fe_offloads_fix(NETIF_F_SG, ALL_OFFLOADS), NETIF_F_SG);
}

UNIT_TEST(fe_offloads_gso_mask)
{
	CHECK_EQ(netbk_fe_gso_mask(0), 0);
	CHECK_EQ(netbk_fe_gso_mask(NETBK_FE_OFFLOADS_DEFAULT), 0);
	CHECK_EQ(netbk_fe_gso_mask(NETIF_F_TSO), BIT(NETBK_GSO_TCPV4));
	CHECK_EQ(netbk_fe_gso_mask(NETIF_F_TSO6), BIT(NETBK_GSO_TCPV6));
	CHECK_EQ(netbk_fe_gso_mask(ALL_OFFLOADS),
		 BIT(NETBK_GSO_TCPV4) | BIT(NETBK_GSO_TCPV6));
}

UNIT_TEST(fe_offloads_mtu_max)
{
	/* ETH_MAX_MTU - VLAN_ETH_HLEN with fragments, ETH_DATA_LEN without. */
	CHECK_EQ(netbk_fe_mtu_max(NETIF_F_SG), 65517);
	CHECK_EQ(netbk_fe_mtu_max(ALL_OFFLOADS), 65517);
	CHECK_EQ(netbk_fe_mtu_max(ALL_OFFLOADS & ~NETIF_F_SG), 1500);
	CHECK_EQ(netbk_fe_mtu_max(0), 1500);
	CHECK_EQ(netbk_fe_mtu_max(NETBK_FE_OFFLOADS_DEFAULT), 65517);
}
