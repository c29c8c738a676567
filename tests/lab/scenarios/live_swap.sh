#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The live swap from stock to ours (run with --netback stock, the package
# installed): with a guest running on stock, `rmmod xen_netback` is refused
# and traffic carries on; then xl network-detach, rmmod stock, `modprobe
# xen-netback` loads ours from updates/dkms, xl network-attach, and the
# guest's traffic passes through ours. Leaves ours loaded and no guest.
# lab-timeout: 300
. "$(dirname "$0")/lib.sh"

[ "${NETBACK:-}" = stock ] || fail "needs --netback stock (this boot: ${NETBACK:-?})"
pkg_installed_ok || fail "$PKG is not installed in dom0"
f=$(modinfo_file)
[ "$f" = "$DKMS_KO_DIR/xen-netback.ko" ] ||
	fail "modinfo resolves xen_netback to '$f', not ours in $DKMS_KO_DIR"
[ -z "$(netbk_version)" ] || fail "the loaded driver has version $(netbk_version): not stock"
live_is "$STOCK_KO" || fail "the loaded xen_netback is not $STOCK_KO"
note "stock is live; modprobe would load $f"

guest_create 1 || fail "xl create failed"
d=$(guest_domid 1) || fail "no domid for $(guest_name 1)"
guest_wait_ping 1 60 || fail "guest does not answer ping"

# A bound vif holds the module: the kernel refuses to unload it.
if rmmod xen_netback >/tmp/swap-rmmod.log 2>&1; then
	fail "rmmod xen_netback succeeded with vif$d.0 bound"
fi
note "rmmod refused: $(cat /tmp/swap-rmmod.log)"
live_is "$STOCK_KO" || fail "stock is no longer loaded after the refused rmmod"
ping -c 5 -i 0.2 -W 2 "$(guest_ip 1)" | grep -q ' 0% packet loss' ||
	fail "ping lost packets after the refused rmmod"
m=$(iperf_mbit -c "$(guest_ip 1)" -t 3)
positive "$m" || fail "no iperf3 traffic on stock after the refused rmmod"
result swap_iperf_stock_after_refused_rmmod_mbit "$m"

# The supported swap: detach, rmmod, modprobe, attach.
vif_detach 1 0 || fail "xl network-detach of vif$d.0 failed"
timeout 30 rmmod xen_netback || fail "rmmod of stock failed with no vif bound"
[ ! -e /sys/module/xen_netback ] || fail "xen_netback still loaded after rmmod"
# shellcheck disable=SC2086 # parameters are separate words
timeout 60 modprobe xen-netback $MODULE_PARAMS || fail "modprobe xen-netback failed"
[ "$(netbk_version)" = "$PKG_VERSION" ] ||
	fail "modprobe loaded version '$(netbk_version)', not ours ($PKG_VERSION)"
live_is "$f" || fail "modprobe did not load $f"
note "modprobe loaded ours: $f, build id $(live_build_id)"
id=$(vif_attach 1) || fail "xl network-attach failed"
netbk_serves "$d" "$id" || fail "vif$d.$id is not in our debugfs table"
guest_wait_ping 1 60 || fail "no ping through ours after attach"
m=$(iperf_mbit -c "$(guest_ip 1)" -t 3)
positive "$m" || fail "no iperf3 traffic through ours"
result swap_iperf_ours_mbit "$m"
n=$(netbk_vif_packets "$d" "$id")
positive "$n" || fail "our table shows no packets on vif$d.$id"
result swap_ours_vif_packets "$n"
guest_destroy 1 || fail "vif still there after destroy"
pass
