#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest's xen-netfront lets go of its vif and takes it again (sysfs
# unbind and bind, what a reload of the module does to each device): the
# frontend closes and reconnects on the same vif (the backend's online
# node stays 1), and the guest gets its network back. The vif must have
# gone down meanwhile (seen, or counted by its carrier_changes, or a new
# ifindex). (The guest kernel refuses `rmmod xen_netfront` with EAGAIN
# while its device exists, so a real reload needs the unbind first.)
# lab-timeout: 180
. "$(dirname "$0")/lib.sh"

guest_create 1 || fail "xl create failed"
guest_wait_ping 1 60 || fail "guest does not answer ping"
d=$(guest_domid 1)
# The disconnect is proven by the vif's carrier_changes counter (or a new
# ifindex: the netdev was re-created), which a 1 s poll cannot miss.
vif_fact() {	# vif_fact carrier_changes|ifindex
	cat "/sys/class/net/vif$d.0/$1" 2>/dev/null
}
cc0=$(vif_fact carrier_changes)
ix0=$(vif_fact ifindex)
# In the background: unloading netfront cuts the agent's own connection.
drv=/sys/bus/xen/drivers/vif
guest_exec 1 "(sleep 1; echo vif-0 >$drv/unbind; sleep 3; echo vif-0 >$drv/bind) >/tmp/reload.log 2>&1 &" >/dev/null
seen=yes
wait_until 20 vif_down_or_gone "$d" || seen=no
guest_wait_ping 1 60 || fail "no ping after the guest reloaded xen-netfront"
cc1=$(vif_fact carrier_changes)
ix1=$(vif_fact ifindex)
result netfront_reload_down_seen "$seen,carrier_changes=${cc0:-?}->${cc1:-?},ifindex=${ix0:-?}->${ix1:-?}"
if [ "$seen" = no ]; then
	if [ -z "$cc0" ] || [ -z "$cc1" ] || [ -z "$ix0" ] || [ -z "$ix1" ]; then
		result netfront_reload_unchecked "the disconnect (vif never seen down, its counters unreadable)"
	elif [ "$ix0" = "$ix1" ] && [ "$cc0" = "$cc1" ]; then
		fail "the vif never went down: carrier_changes $cc0 and ifindex $ix0 unchanged across the frontend's reload (reload log: $(guest_exec 1 'cat /tmp/reload.log' | tr '\n' ' '))"
	fi
fi
vif_on_bridge "$d" 0 || fail "vif$d.0 is no longer on the bridge"
m=$(iperf_mbit -c "$(guest_ip 1)" -t 3)
positive "$m" || fail "no iperf3 traffic after the reload"
result iperf_after_netfront_reload_mbit "$m"
guest_destroy 1 || fail "vif still there after destroy"
pass
