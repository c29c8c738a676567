#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# With a guest's vif bound, `rmmod xen-netback` is refused (the kernel holds
# a module reference per bound device) and the guest's traffic is unharmed.
# lab-timeout: 180
. "$(dirname "$0")/lib.sh"

guest_create 1 || fail "xl create failed"
guest_wait_ping 1 60 || fail "guest does not answer ping"
if rmmod xen-netback >/tmp/rmmod.log 2>&1; then
	fail "rmmod xen-netback succeeded with a vif bound"
fi
note "rmmod refused: $(cat /tmp/rmmod.log)"
grep -q '^xen_netback ' /proc/modules || fail "module gone after refused rmmod"
ping -c 5 -i 0.2 -W 2 "$(guest_ip 1)" | grep -q ' 0% packet loss' ||
	fail "ping lost packets after the refused rmmod"
m=$(iperf_mbit -c "$(guest_ip 1)" -t 3)
positive "$m" || fail "no iperf3 traffic after the refused rmmod"
result iperf_after_refused_rmmod_mbit "$m"
guest_destroy 1 || fail "vif still there after destroy"
pass
