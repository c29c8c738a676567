#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# iperf3 both ways with offloads switched off, then on, at both ends: the
# guest's eth0 and dom0's vif. Off exercises plain checksummed frames of at
# most one page; on exercises GSO and partial checksums through the rings.
# lab-timeout: 240
. "$(dirname "$0")/lib.sh"

set_offloads() {	# set_offloads on|off DOMID
	for f in sg tso gso gro tx rx; do
		ethtool -K "vif$2.0" "$f" "$1" >/dev/null 2>&1
		guest_exec 1 "ethtool -K eth0 $f $1" >/dev/null
	done
}

guest_create 1 || fail "xl create failed"
guest_wait_ping 1 60 || fail "guest does not answer ping"
d=$(guest_domid 1)
for mode in off on; do
	set_offloads "$mode" "$d"
	note "offloads $mode: dom0 $(ethtool -k "vif$d.0" | grep -E '^(tcp-segmentation-offload|scatter-gather|tx-checksumming):' | tr '\n' ' ')"
	to=$(iperf_mbit -c "$(guest_ip 1)" -t 5)
	from=$(iperf_mbit -c "$(guest_ip 1)" -t 5 -R)
	positive "$to" || fail "offloads $mode: no traffic dom0->guest"
	positive "$from" || fail "offloads $mode: no traffic guest->dom0"
	result "iperf_offloads_${mode}_dom0_to_guest_mbit" "$to"
	result "iperf_offloads_${mode}_guest_to_dom0_mbit" "$from"
done
guest_destroy 1 || fail "vif still there after destroy"
pass
