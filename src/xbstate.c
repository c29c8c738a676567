// SPDX-License-Identifier: GPL-2.0
/*
 * The backend's side of the xenbus handshake, as pure logic: which state
 * the backend passes through on its way to the state the frontend asks
 * for, what the frontend's state asks for, and the parse of the "mac" key.
 *
 * The states are those libxl, the hotplug scripts and xen-netfront know
 * (the stock netback's): InitWait once the vif exists, Connected once the
 * rings are mapped, Closing then Closed on the way out, and from Closed
 * back to InitWait when a frontend starts over (a guest reloading
 * xen-netfront). Every path is short and every edge is one the peers
 * expect: netfront waits to see Closing and then Closed when it goes.
 */
#include "netbk_logic.h"

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
