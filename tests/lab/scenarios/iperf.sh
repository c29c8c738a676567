#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# iperf3 for 10 s in each direction between dom0 and one guest.
# lab-timeout: 180
. "$(dirname "$0")/lib.sh"

guest_create 1 || fail "xl create failed"
guest_wait_ping 1 60 || fail "guest does not answer ping"
tx=$(iperf_mbit -c "$(guest_ip 1)" -t 10)
positive "$tx" || fail "iperf3 dom0->guest gave no figure"
result iperf_dom0_to_guest_mbit "$tx"
rx=$(iperf_mbit -c "$(guest_ip 1)" -t 10 -R)
positive "$rx" || fail "iperf3 guest->dom0 gave no figure"
result iperf_guest_to_dom0_mbit "$rx"
guest_destroy 1 || fail "vif still there after destroy"
pass
