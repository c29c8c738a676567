// SPDX-License-Identifier: GPL-2.0
/*
 * The backend's side of the xenbus handshake, as pure logic: which state
 * the backend passes through on its way to the state the frontend asks
 * for, what the frontend's state asks for, the parse of the "mac" key, and
 * what the frontend's offload flags mean for its vif; the frontend's
 * number of queues and where each queue's keys are.
 *
 * The states are those libxl, the hotplug scripts and xen-netfront know
 * (the stock netback's): InitWait once the vif exists, Connected once the
 * rings are mapped, Closing then Closed on the way out, and from Closed
 * back to InitWait when a frontend starts over (a guest reloading
 * xen-netfront). Every path is short and every edge is one the peers
 * expect: netfront waits to see Closing and then Closed when it goes.
 */
#include "netbk_logic.h"

#ifdef __KERNEL__
#include <linux/string.h>
#else
#include <string.h>
#endif

static int netbk_xb_from_initialising(int target)
{
	switch (target) {
	case NETBK_XB_INITWAIT:
	case NETBK_XB_CONNECTED:
	case NETBK_XB_CLOSING:
		return NETBK_XB_INITWAIT;
	case NETBK_XB_CLOSED:
		return NETBK_XB_CLOSED;
	}
	return NETBK_XB_INITIALISING;
}

static int netbk_xb_from_initwait(int target)
{
	switch (target) {
	case NETBK_XB_CONNECTED:
		return NETBK_XB_CONNECTED;
	case NETBK_XB_CLOSING:
	case NETBK_XB_CLOSED:
		return NETBK_XB_CLOSING;
	}
	return NETBK_XB_INITWAIT;
}

static int netbk_xb_from_connected(int target)
{
	switch (target) {
	case NETBK_XB_INITWAIT:	/* the frontend starts over: close first */
	case NETBK_XB_CLOSING:
	case NETBK_XB_CLOSED:
		return NETBK_XB_CLOSING;
	}
	return NETBK_XB_CONNECTED;
}

static int netbk_xb_from_closing(int target)
{
	switch (target) {
	case NETBK_XB_INITWAIT:
	case NETBK_XB_CONNECTED:
	case NETBK_XB_CLOSED:
		return NETBK_XB_CLOSED;
	}
	return NETBK_XB_CLOSING;
}

static int netbk_xb_from_closed(int target)
{
	switch (target) {
	case NETBK_XB_INITWAIT:
	case NETBK_XB_CONNECTED:
		return NETBK_XB_INITWAIT;
	case NETBK_XB_CLOSING:
		return NETBK_XB_CLOSING;
	}
	return NETBK_XB_CLOSED;
}

int netbk_xb_next_state(int cur, int target)
{
	if (cur == target)
		return cur;

	switch (cur) {
	case NETBK_XB_INITIALISING:
		return netbk_xb_from_initialising(target);
	case NETBK_XB_INITWAIT:
		return netbk_xb_from_initwait(target);
	case NETBK_XB_CONNECTED:
		return netbk_xb_from_connected(target);
	case NETBK_XB_CLOSING:
		return netbk_xb_from_closing(target);
	case NETBK_XB_CLOSED:
		return netbk_xb_from_closed(target);
	}
	return cur;	/* a state the backend never takes: stay */
}

enum netbk_fe_action netbk_xb_frontend_action(int fe_state, int *target)
{
	switch (fe_state) {
	case NETBK_XB_INITIALISING:
		*target = NETBK_XB_INITWAIT;
		return NETBK_FE_GOTO;
	case NETBK_XB_INITIALISED:
		/* Keys written; netfront says Connected next: wait for it. */
		return NETBK_FE_NOTHING;
	case NETBK_XB_CONNECTED:
		*target = NETBK_XB_CONNECTED;
		return NETBK_FE_GOTO;
	case NETBK_XB_RECONFIGURING:
		return NETBK_FE_RECONFIGURED;
	case NETBK_XB_CLOSING:
		*target = NETBK_XB_CLOSING;
		return NETBK_FE_GOTO;
	case NETBK_XB_CLOSED:
		*target = NETBK_XB_CLOSED;
		return NETBK_FE_CLOSED;
	case NETBK_XB_UNKNOWN:
		/* The frontend is gone (its directory too). */
		*target = NETBK_XB_CLOSED;
		return NETBK_FE_GONE;
	}
	return NETBK_FE_BAD;
}

static int netbk_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Six groups of one or two hex digits, separated by ':', nothing after:
 * what the toolstack writes (and what the stock driver accepts).
 */
int netbk_parse_mac(const char *s, u8 *mac)
{
	unsigned int i;

	if (!s)
		return -1;
	for (i = 0; i < NETBK_ETH_ALEN; i++) {
		int hi = netbk_hex_digit(*s);
		int lo;

		if (hi < 0)
			return -1;
		s++;
		lo = netbk_hex_digit(*s);
		if (lo >= 0) {
			hi = hi * 16 + lo;
			s++;
		}
		mac[i] = (u8)hi;
		if (*s != (i == NETBK_ETH_ALEN - 1 ? '\0' : ':'))
			return -1;
		s++;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Multi-queue                                                          */

unsigned int netbk_max_queues_clamp(unsigned int param)
{
	if (param < 1)
		return 1;
	return param > NETBK_QUEUES_MAX ? NETBK_QUEUES_MAX : param;
}

enum netbk_nq netbk_num_queues_check(const char *s, unsigned int len,
				     unsigned int max, unsigned int *n)
{
	u64 val = 0;
	unsigned int i;

	*n = 0;
	if (!s) {
		*n = 1;		/* absent: a frontend of one queue */
		return max >= 1 ? NETBK_NQ_OK : NETBK_NQ_TOO_MANY;
	}
	if (!len)
		return NETBK_NQ_MALFORMED;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return NETBK_NQ_MALFORMED;
		val = val * 10 + (u64)(s[i] - '0');
		if (val > 0xffffffffull) {
			/* Still a number throughout? Else it is not one. */
			for (i++; i < len; i++)
				if (s[i] < '0' || s[i] > '9')
					return NETBK_NQ_MALFORMED;
			return NETBK_NQ_HUGE;
		}
	}
	*n = (unsigned int)val;
	if (!val)
		return NETBK_NQ_ZERO;
	return val > max ? NETBK_NQ_TOO_MANY : NETBK_NQ_OK;
}

int netbk_queue_dir(char *buf, size_t size, const char *fe_dir,
		    unsigned int nr_queues, unsigned int i)
{
	static const char sub[] = "/queue-";
	char digits[10];
	size_t len, pos, nd = 0;

	if (!size)
		return -1;
	buf[0] = '\0';
	if (!fe_dir || i >= nr_queues)
		return -1;
	len = strlen(fe_dir);
	if (len >= size)
		return -1;
	memcpy(buf, fe_dir, len + 1);
	if (nr_queues == 1)
		return 0;

	do {
		digits[nd++] = (char)('0' + i % 10);
		i /= 10;
	} while (i);
	if (size - len <= sizeof(sub) - 1 + nd) {
		buf[0] = '\0';
		return -1;
	}
	memcpy(buf + len, sub, sizeof(sub) - 1);
	pos = len + sizeof(sub) - 1;
	while (nd)
		buf[pos++] = digits[--nd];
	buf[pos] = '\0';
	return 0;
}

/*
 * Each offload the frontend chooses in its directory: the netdev feature
 * it governs, the flag, whether the flag's presence forbids the offload
 * rather than allows it (checksum offload is on unless the frontend says
 * "no"), and the GSO type guest RX packets may then carry (0: none).
 */
struct netbk_fe_offload {
	netdev_features_t feature;
	const char *key;
	bool key_forbids;
	u8 gso_type;
};

static const struct netbk_fe_offload netbk_fe_offload_table[] = {
	{ NETIF_F_SG,		"feature-sg",			false, 0 },
	{ NETIF_F_TSO,		"feature-gso-tcpv4",		false,
	  NETBK_GSO_TCPV4 },
	{ NETIF_F_TSO6,		"feature-gso-tcpv6",		false,
	  NETBK_GSO_TCPV6 },
	{ NETIF_F_IP_CSUM,	"feature-no-csum-offload",	true, 0 },
	{ NETIF_F_IPV6_CSUM,	"feature-ipv6-csum-offload",	false, 0 },
	{ 0, NULL, false, 0 }
};

netdev_features_t netbk_fe_offloads_read(bool (*flag)(void *ctx,
						      const char *key),
					 void *ctx)
{
	netdev_features_t fe = 0;
	const struct netbk_fe_offload *o;

	for (o = netbk_fe_offload_table; o->key; o++)
		if (flag(ctx, o->key) != o->key_forbids)
			fe |= o->feature;
	return fe;
}

netdev_features_t netbk_fe_offloads_fix(netdev_features_t features,
					netdev_features_t fe)
{
	const struct netbk_fe_offload *o;

	for (o = netbk_fe_offload_table; o->key; o++)
		if (!(fe & o->feature))
			features &= ~o->feature;
	return features;
}

unsigned int netbk_fe_gso_mask(netdev_features_t fe)
{
	const struct netbk_fe_offload *o;
	unsigned int mask = 0;

	for (o = netbk_fe_offload_table; o->key; o++)
		if (o->gso_type && (fe & o->feature))
			mask |= 1u << o->gso_type;
	return mask;
}

/* A frontend without scatter-gather gets standard Ethernet frames only. */
unsigned int netbk_fe_mtu_max(netdev_features_t fe)
{
	return fe & NETIF_F_SG ? NETBK_MTU_MAX : NETBK_MTU_NO_SG;
}
