#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Two guests at once: each talks to dom0 and to the other (through the
# bridge, so both vifs carry it), then dom0 sends to both at the same time.
# lab-timeout: 240
. "$(dirname "$0")/lib.sh"

guest_create 1 || fail "xl create guest 1 failed"
guest_create 2 || fail "xl create guest 2 failed"
guest_wait_ping 1 60 || fail "guest 1 does not answer ping"
guest_wait_ping 2 60 || fail "guest 2 does not answer ping"
for n in 1 2; do
	guest_exec "$n" "ping -c 2 -W 2 $DOM0_IP" | grep -q ' 0% packet loss' ||
		fail "guest $n cannot ping dom0"
done
guest_exec 1 "ping -c 3 -W 2 $(guest_ip 2)" | grep -q ' 0% packet loss' ||
	fail "guest 1 cannot ping guest 2"
guest_exec 2 "ping -c 3 -W 2 -s 8000 $(guest_ip 1)" | grep -q ' 0% packet loss' ||
	fail "guest 2 cannot ping guest 1 with 8 KB"
g2g=$(guest_exec 1 "iperf3 -f m -c $(guest_ip 2) -t 5" | mbit_of)
positive "$g2g" || fail "iperf3 guest 1->guest 2 gave no figure"
result iperf_guest_to_guest_mbit "$g2g"
# Both vifs busy at once.
iperf_mbit -c "$(guest_ip 1)" -t 5 >/tmp/two-1 &
p1=$!
iperf_mbit -c "$(guest_ip 2)" -t 5 >/tmp/two-2 &
p2=$!
wait "$p1" "$p2"
a=$(cat /tmp/two-1)
b=$(cat /tmp/two-2)
if ! positive "$a" || ! positive "$b"; then
	fail "parallel iperf3 to both guests failed ($a, $b)"
fi
result iperf_dom0_to_2guests_mbit "$(awk -v a="$a" -v b="$b" 'BEGIN { print a + b }')"
guest_destroy 1 || fail "guest 1 vif still there after destroy"
guest_destroy 2 || fail "guest 2 vif still there after destroy"
pass
