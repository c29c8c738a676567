#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The backend's `rate` key ("bytes,usec", credit-based limit of guest TX)
# is watched: writing it limits the guest's sending at once, removing it
# lifts the limit.
# lab-timeout: 180
. "$(dirname "$0")/lib.sh"

# 10 Mbit/s: 125000 bytes of credit every 100 ms.
LIMIT=125000,100000

guest_create 1 || fail "xl create failed"
guest_wait_ping 1 60 || fail "guest does not answer ping"
d=$(guest_domid 1)
key=/local/domain/0/backend/vif/$d/0/rate

free=$(iperf_mbit -c "$(guest_ip 1)" -t 3 -R)
positive "$free" || fail "no guest->dom0 traffic before the limit"
xenstore-write "$key" "$LIMIT" || fail "cannot write $key"
sleep 1
limited=$(iperf_mbit -c "$(guest_ip 1)" -t 5 -R)
positive "$limited" || fail "no guest->dom0 traffic under the limit"
awk -v v="$limited" 'BEGIN { exit !(v <= 15) }' ||
	fail "rate $LIMIT (10 Mbit/s) not applied: $limited Mbit/s"
xenstore-rm "$key" || fail "cannot remove $key"
sleep 1
lifted=$(iperf_mbit -c "$(guest_ip 1)" -t 3 -R)
awk -v a="$lifted" -v b="$limited" 'BEGIN { exit !(a > 2 * b) }' ||
	fail "limit not lifted after removing the key: $lifted Mbit/s"
result rate_unlimited_mbit "$free"
result rate_10mbit_limited_mbit "$limited"
result rate_lifted_mbit "$lifted"
guest_destroy 1 || fail "vif still there after destroy"
pass
