#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A dom0 CPU goes offline and comes back while two guests (one per group
# with our module) carry traffic: no group or worker may break, and both
# guests keep their network.
# lab-timeout: 240
. "$(dirname "$0")/lib.sh"

CPU=/sys/devices/system/cpu/cpu1/online
[ -w "$CPU" ] || fail "dom0 cannot take CPU 1 offline ($CPU)"

guest_create 1 || fail "xl create guest 1 failed"
guest_create 2 || fail "xl create guest 2 failed"
guest_wait_ping 1 60 || fail "guest 1 does not answer ping"
guest_wait_ping 2 60 || fail "guest 2 does not answer ping"

iperf_mbit -c "$(guest_ip 1)" -t 12 >/tmp/hp-1 &
iperf_mbit -c "$(guest_ip 2)" -t 12 -R >/tmp/hp-2 &
sleep 3
echo 0 >"$CPU" || fail "CPU 1 did not go offline"
note "CPU 1 offline"
sleep 4
echo 1 >"$CPU" || fail "CPU 1 did not come back"
note "CPU 1 online"
wait
a=$(cat /tmp/hp-1)
b=$(cat /tmp/hp-2)
positive "$a" || fail "guest 1 traffic broke across the CPU going away"
positive "$b" || fail "guest 2 traffic broke across the CPU going away"
result iperf_across_hotplug_g1_mbit "$a"
result iperf_across_hotplug_g2_mbit "$b"

# After the CPU is back: both guests still answer and carry traffic.
for n in 1 2; do
	ping -c 3 -W 2 "$(guest_ip "$n")" | grep -q ' 0% packet loss' ||
		fail "guest $n lost ping after the CPU came back"
	m=$(iperf_mbit -c "$(guest_ip "$n")" -t 3)
	positive "$m" || fail "guest $n carries no traffic after the CPU came back"
done
if is_mt; then
	netbk_groups | awk '/^ *[0-9]+ +[0-9]+ +[01] / { print }' >/tmp/hp-gstats
	sed 's/^/  groups: /' /tmp/hp-gstats
	awk '$2 == 1 && $3 == 1' /tmp/hp-gstats | grep -q . ||
		fail "the group of CPU 1 is not back online"
fi
guest_destroy 1 || fail "guest 1 vif still there after destroy"
guest_destroy 2 || fail "guest 2 vif still there after destroy"
pass
