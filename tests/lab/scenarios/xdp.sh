#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# XDP headroom: the guest attaches an XDP program to its netfront
# (xdp-filter, native mode). netfront asks the backend for 256 bytes of
# headroom (xdp-headroom, through Reconfiguring), and from then on hands
# each received packet to the program at 256 bytes into its buffer: only
# a backend that put the data there lets the program read the packet.
# So a deny rule for a second address of dom0's must stop the pings sent
# from it (a program reading the wrong bytes matches nothing and ping
# goes on; dom0's first address drives the guest's agent meanwhile),
# TCP must flow both ways with the program passing packets, and detaching
# it must give the headroom back (xdp-headroom 0) with traffic intact.
# Stock reads xdp-headroom only when netfront says Reconfiguring, and
# netfront writes the key just after: in this lab stock keeps the old
# headroom (0), its packets reach the program 256 bytes off and the deny
# rule matches nothing. That is recorded as a finding about stock; with
# ours (which also follows the key) it fails the scenario.
# netfront drops every packet of more than one slot while a program is
# attached (its XDP sees one page), so dom0's vif sends the guest plain
# frames meanwhile (sg, tso and gso off), as an operator would set it.
# lab-timeout: 300
. "$(dirname "$0")/lib.sh"

# dom0's second address, the one the deny rule names.
PING_SRC=10.77.0.2

key_is() {	# key_is PATH VALUE
	[ "$(xenstore-read "$1" 2>/dev/null)" = "$2" ]
}

# xdp_run COMMAND: xdp-filter in guest 1; fails the scenario on an error.
xdp_run() {
	out=$(guest_exec 1 "xdp-filter $1 && echo XDP-OK")
	printf '%s\n' "$out" | sed 's/^/  guest: /'
	case "$out" in
	*XDP-OK*) ;;
	*) fail "xdp-filter $1 failed in the guest" ;;
	esac
}

# vif_offloads DOMID on|off: dom0's side of the guest's vif.
vif_offloads() {
	for f in sg tso gso; do
		ethtool -K "vif$1.0" "$f" "$2" >/dev/null 2>&1
	done
}

# xdp_dropped: XDP_DROP packets in the guest's xdp-filter statistics
# (the first number on its XDP_DROP line; 0 if there is none).
xdp_dropped() {
	out=$(guest_exec 1 "xdp-filter status")
	printf '%s\n' "$out" | sed 's/^/  guest: /' >&2
	printf '%s\n' "$out" | awk '/XDP_DROP/ { for (i = 1; i <= NF; i++)
		if ($i ~ /^[0-9]+$/) { n = $i; break } } END { print n + 0 }'
}

# back_connected WHAT: the backend says Connected again after netfront's
# Reconfiguring/Reconfigured/Connected. Stock stays at Reconfigured (8):
# its own idea of its state is still Connected, so netfront's Connected
# changes nothing; recorded, not failed, for stock only.
back_connected() {
	if ! wait_until 10 key_is "$be/state" 4; then
		s=$(xenstore-read "$be/state" 2>/dev/null)
		result "xdp_${1}_backend_state" "${s:-gone}"
		if is_mt || [ "$s" != 8 ]; then
			fail "$1: backend state ${s:-gone}, not Connected"
		fi
	fi
}

traffic() {	# traffic WHAT: iperf3 both ways, each must move data
	to=$(iperf_mbit -c "$(guest_ip 1)" -t 4)
	from=$(iperf_mbit -c "$(guest_ip 1)" -t 4 -R)
	result "xdp_${1}_dom0_to_guest_mbit" "${to:-0}"
	result "xdp_${1}_guest_to_dom0_mbit" "${from:-0}"
	positive "$to" || fail "$1: no traffic dom0->guest"
	positive "$from" || fail "$1: no traffic guest->dom0"
}

guest_create 1 || fail "xl create failed"
guest_wait_ping 1 60 || fail "guest does not answer ping"
d=$(guest_domid 1)
be=/local/domain/0/backend/vif/$d/0
fe=/local/domain/$d/device/vif/0
key_is "$be/feature-xdp-headroom" 1 || fail "backend does not offer feature-xdp-headroom"

vif_offloads "$d" off
xdp_run "load -m native eth0"
wait_until 10 key_is "$fe/xdp-headroom" 256 ||
	fail "netfront did not ask for 256 bytes of headroom: xdp-headroom=$(xenstore-read "$fe/xdp-headroom" 2>&1)"
back_connected attached
guest_wait_ping 1 10 || fail "no ping with the XDP program attached (pass)"
traffic attached

# The program must see the real packet: drop what comes from PING_SRC.
ip addr add "$PING_SRC/24" dev "$BRIDGE" || fail "cannot add $PING_SRC to $BRIDGE"
wait_until 10 ping -c 1 -W 1 -I "$PING_SRC" "$(guest_ip 1)" ||
	fail "no ping from $PING_SRC before the deny rule"
xdp_run "ip -m src $PING_SRC"
before=$(xdp_dropped)
passed=0
ping -c 3 -W 1 -I "$PING_SRC" "$(guest_ip 1)" >/dev/null 2>&1 && passed=1
dropped=$(($(xdp_dropped) - before))
result xdp_deny_dropped_packets "$dropped"
if [ "$passed" = 1 ] || [ "$dropped" -lt 3 ]; then
	is_mt && fail "pings from $PING_SRC: passed=$passed, $dropped dropped by a deny rule for it: the program does not see the packet's header"
	result xdp_finding "stock: a deny rule for $PING_SRC dropped $dropped of 3 pings (passed=$passed): the XDP program reads the packet at the wrong offset, the headroom read before netfront wrote it"
fi
xdp_run "ip -m src -r $PING_SRC"
wait_until 10 ping -c 1 -W 1 -I "$PING_SRC" "$(guest_ip 1)" ||
	fail "no ping from $PING_SRC once the deny rule is gone"
ip addr del "$PING_SRC/24" dev "$BRIDGE"


xdp_run "unload eth0"
wait_until 10 key_is "$fe/xdp-headroom" 0 ||
	fail "xdp-headroom not given back: $(xenstore-read "$fe/xdp-headroom" 2>&1)"
back_connected detached
vif_offloads "$d" on
guest_wait_ping 1 10 || fail "no ping after the XDP program is gone"
traffic detached
guest_destroy 1 || fail "vif still there after destroy"
pass
