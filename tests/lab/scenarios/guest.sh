#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# One guest: xl create, its vif is a port of the bridge, ping both ways,
# 8 KB pings (fragmented, many slots), destroy, vif gone.
# lab-timeout: 180
. "$(dirname "$0")/lib.sh"

guest_create 1 || fail "xl create failed"
d=$(guest_domid 1) || fail "no domid for $(guest_name 1)"
vif_on_bridge "$d" 0 || fail "vif$d.0 is not on $BRIDGE"
guest_wait_ping 1 60 || fail "guest does not answer ping"
ping -c 3 -W 2 "$(guest_ip 1)" >/dev/null || fail "ping lost packets"
ping -c 3 -W 2 -s 8000 "$(guest_ip 1)" >/dev/null || fail "8 KB ping failed"
guest_exec 1 "ping -c 2 -W 2 $DOM0_IP" | grep -q ' 0% packet loss' ||
	fail "guest cannot ping dom0"
guest_destroy 1 || fail "vif$d.0 still there after destroy"
pass
