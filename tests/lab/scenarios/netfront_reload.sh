#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest unloads and reloads xen-netfront: the frontend closes and
# reconnects on the same vif (the backend's online node stays 1), and the
# guest gets its network back.
# lab-timeout: 180
. "$(dirname "$0")/lib.sh"

guest_create 1 || fail "xl create failed"
guest_wait_ping 1 60 || fail "guest does not answer ping"
d=$(guest_domid 1)
# In the background: unloading netfront cuts the agent's own connection.
guest_exec 1 "(sleep 1; rmmod xen_netfront; sleep 3; insmod /lib/modules/xen-netfront.ko) >/tmp/reload.log 2>&1 &" >/dev/null
wait_until 20 vif_down_or_gone "$d" || note "vif never went down (reload too fast to see)"
guest_wait_ping 1 60 || fail "no ping after the guest reloaded xen-netfront"
vif_on_bridge "$d" 0 || fail "vif$d.0 is no longer on the bridge"
m=$(iperf_mbit -c "$(guest_ip 1)" -t 3)
positive "$m" || fail "no iperf3 traffic after the reload"
result iperf_after_netfront_reload_mbit "$m"
guest_destroy 1 || fail "vif still there after destroy"
pass
