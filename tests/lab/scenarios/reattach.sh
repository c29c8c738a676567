#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# xl network-detach then network-attach on a running guest: the backend
# vif goes, a new one comes, and traffic flows again.
# lab-timeout: 180
. "$(dirname "$0")/lib.sh"

g=$(guest_name 1)
guest_create 1 || fail "xl create failed"
guest_wait_ping 1 60 || fail "guest does not answer ping"
d=$(guest_domid 1)
timeout 60 xl network-detach "$g" 0 || fail "xl network-detach failed"
wait_vif_gone "$d" 0 30 || fail "vif$d.0 still there after detach"
! ping -c 2 -W 1 "$(guest_ip 1)" >/dev/null || fail "guest still answers after detach"
timeout 60 xl network-attach "$g" "mac=$(guest_mac 1)" "bridge=$BRIDGE" ||
	fail "xl network-attach failed"
devid=$(xl network-list "$g" | awk 'NR > 1 { id = $1 } END { print id }')
[ -n "$devid" ] || fail "xl network-list shows no vif after attach"
wait_until 30 vif_on_bridge "$d" "$devid" || fail "vif$d.$devid is not on $BRIDGE"
guest_wait_ping 1 60 || fail "no traffic after re-attach"
ping -c 3 -W 2 -s 8000 "$(guest_ip 1)" >/dev/null || fail "8 KB ping failed after re-attach"
mb=$(iperf_mbit -c "$(guest_ip 1)" -t 3)
positive "$mb" || fail "iperf3 after re-attach gave no figure"
result iperf_after_reattach_mbit "$mb"
guest_destroy 1 || fail "vif still there after destroy"
pass
