#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# An operator unbinds a Connected vif from the netback through sysfs and
# binds it again. The unbind tears the vif down cleanly; the probe on a
# frontend that is still Connected either attaches cleanly or fails
# cleanly, never oopses. Detach and attach then bring traffic back, and
# the guest's destroy leaves nothing behind.
# lab-timeout: 240
. "$(dirname "$0")/lib.sh"

DRV=/sys/bus/xen-backend/drivers/vif
guest_create 1 || fail "xl create failed"
guest_wait_ping 1 60 || fail "guest does not answer ping"
d=$(guest_domid 1)
dev=vif-$d-0
be=/local/domain/0/backend/vif/$d/0
[ -e "$DRV/$dev" ] || fail "$dev is not bound to the vif driver"
[ "$(xenstore-read "$be/state")" = 4 ] || fail "backend $be is not Connected"

echo "$dev" >"$DRV/unbind" || fail "sysfs unbind of $dev failed"
wait_vif_gone "$d" 0 30 || fail "vif$d.0 still there after unbind"
[ ! -e "$DRV/$dev" ] || fail "$dev still bound after unbind"
result rebind_state_after_unbind "$(xenstore-read "$be/state")"
! ping -c 2 -W 1 "$(guest_ip 1)" >/dev/null || fail "guest still answers after unbind"

echo "$dev" >"$DRV/bind" || note "sysfs bind of $dev refused"
sleep 3
state=$(xenstore-read "$be/state" 2>/dev/null)
result rebind_state_after_bind "${state:-gone}"
# Either outcome of the probe is clean; which one the driver picks is not
# judged (said in a RESULT). What is judged: a refused probe leaves no
# netdev behind, an accepted one leaves a backend state in xenstore.
if [ -e "$DRV/$dev" ]; then
	note "probe on the Connected frontend attached (backend state ${state:-gone})"
	result rebind_probe "attached,state=${state:-gone}"
	[ -n "$state" ] || fail "$dev bound again but its backend has no state in xenstore"
else
	note "probe on the Connected frontend failed cleanly"
	result rebind_probe "refused,state=${state:-gone}"
	vif_absent "$d" 0 || fail "the refused probe of $dev left vif$d.0 behind"
fi
result rebind_unchecked "which probe outcome is right (attached and refused are both clean)"

vif_detach 1 0 || fail "xl network-detach after rebind failed or left vif$d.0 behind"
vif_attach 1 >/dev/null || fail "xl network-attach after rebind failed or its vif is not on $BRIDGE"
guest_wait_ping 1 60 || fail "no traffic after detach and attach"
mb=$(iperf_mbit -c "$(guest_ip 1)" -t 3)
positive "$mb" || fail "iperf3 after rebind gave no figure"
result rebind_iperf_mbit "$mb"
guest_destroy 1 || fail "vif still there after destroy"
pass
