#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# MTU 9000 on both ends: unfragmented 9000-byte frames each way (multi-slot
# packets in both rings), then iperf3 each way.
# lab-timeout: 240
. "$(dirname "$0")/lib.sh"

guest_create 1 || fail "xl create failed"
guest_wait_ping 1 60 || fail "guest does not answer ping"
d=$(guest_domid 1)
ip link set dev "vif$d.0" mtu 9000 || fail "dom0 vif refused MTU 9000"
ip link set dev "$BRIDGE" mtu 9000 || fail "bridge refused MTU 9000"
guest_exec 1 "ip link set dev eth0 mtu 9000" >/dev/null
guest_exec 1 "cat /sys/class/net/eth0/mtu" | grep -qx 9000 ||
	fail "guest eth0 did not take MTU 9000"
ping -c 3 -W 2 -M "do" -s 8972 "$(guest_ip 1)" | grep -q ' 0% packet loss' ||
	fail "9000-byte frames dom0->guest lost"
guest_exec 1 "ping -c 3 -W 2 -s 8972 $DOM0_IP" | grep -q ' 0% packet loss' ||
	fail "9000-byte frames guest->dom0 lost"
to=$(iperf_mbit -c "$(guest_ip 1)" -t 5)
from=$(iperf_mbit -c "$(guest_ip 1)" -t 5 -R)
positive "$to" || fail "MTU 9000: no traffic dom0->guest"
positive "$from" || fail "MTU 9000: no traffic guest->dom0"
result iperf_mtu9000_dom0_to_guest_mbit "$to"
result iperf_mtu9000_guest_to_dom0_mbit "$from"
ip link set dev "$BRIDGE" mtu 1500 2>/dev/null
guest_destroy 1 || fail "vif still there after destroy"
ip link set dev "$BRIDGE" mtu 1500
pass
