#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A vif attached with vifname= is renamed by the hotplug script before the
# frontend connects. The renamed netdev must carry traffic, count it in
# its statistics and go away on detach: the backend keys its state by
# domid and handle, never by the interface's name.
# lab-timeout: 180
. "$(dirname "$0")/lib.sh"

NAME=labnet1
g=$(guest_name 1)
guest_create 1 || fail "xl create failed"
guest_wait_ping 1 60 || fail "guest does not answer ping"
d=$(guest_domid 1)
vif_detach 1 0 || fail "xl network-detach of vif$d.0 failed or left it behind"
timeout 60 xl network-attach "$g" "mac=$(guest_mac 1)" "bridge=$BRIDGE" "vifname=$NAME" ||
	fail "xl network-attach with vifname=$NAME failed"
devid=$(xl network-list "$g" | awk 'NR > 1 { id = $1 } END { print id }')
[ -n "$devid" ] || fail "xl network-list shows no vif after attach"
wait_until 30 test -e "/sys/class/net/$BRIDGE/brif/$NAME" ||
	fail "$NAME is not a port of $BRIDGE"
! vif_exists "$d" "$devid" || fail "vif$d.$devid still exists beside $NAME"
guest_wait_ping 1 60 || fail "no traffic through $NAME"
ping -c 3 -W 2 -s 8000 "$(guest_ip 1)" >/dev/null || fail "8 KB ping through $NAME failed"
rx0=$(cat "/sys/class/net/$NAME/statistics/rx_packets")
mb=$(iperf_mbit -c "$(guest_ip 1)" -t 3 -R)
positive "$mb" || fail "iperf3 through $NAME gave no figure"
result vifname_iperf_mbit "$mb"
rx1=$(cat "/sys/class/net/$NAME/statistics/rx_packets")
result vifname_rx_packets_moved "$((rx1 - rx0))"
[ "$((rx1 - rx0))" -gt 1000 ] || fail "$NAME counted only $((rx1 - rx0)) packets from the guest"
ethtool -S "$NAME" >/tmp/vifname-ethtool.txt || fail "ethtool -S $NAME failed"
if is_mt; then
	netbk_groups | grep -q "^$NAME " || fail "debugfs groups table does not show $NAME"
fi
timeout 60 xl network-detach "$g" "$devid" || fail "xl network-detach of $NAME failed"
wait_until 30 test ! -e "/sys/class/net/$NAME" || fail "$NAME still there after detach"
guest_destroy 1 || fail "vif still there after destroy"
pass
