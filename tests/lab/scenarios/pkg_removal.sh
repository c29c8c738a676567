#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Roll-back by removing the package, with ours loaded (after live_swap in a
# stock boot, or in a dkms boot): detach the guest's vif, rmmod ours,
# `dpkg -r xen-netback-mt-dkms` (its prerm runs dkms remove) and depmod;
# modinfo resolves xen_netback to the kernel's own module again, `modprobe
# xen-netback` loads stock (no version, no debugfs table of ours), attach:
# the guest's traffic passes through stock. Leaves stock loaded, no guest.
# Nothing here compiles (dkms runs under TCG in dom0).
# lab-timeout: 360
. "$(dirname "$0")/lib.sh"

pkg_installed_ok || fail "$PKG is not installed in dom0"
[ "$(netbk_version)" = "$PKG_VERSION" ] ||
	fail "ours is not loaded (version '$(netbk_version)')"

guest_create 1 || fail "xl create failed"
d=$(guest_domid 1) || fail "no domid for $(guest_name 1)"
guest_wait_ping 1 60 || fail "guest does not answer ping"
netbk_serves "$d" 0 || fail "vif$d.0 is not served by ours"

vif_detach 1 0 || fail "xl network-detach of vif$d.0 failed"
timeout 30 rmmod xen_netback || fail "rmmod of ours failed with no vif bound"
[ ! -e /sys/module/xen_netback ] || fail "xen_netback still loaded after rmmod"
t0=$(date +%s)
timeout 240 dpkg -r "$PKG" >/tmp/pkg-remove.log 2>&1 || {
	sed 's/^/  dpkg: /' /tmp/pkg-remove.log
	fail "dpkg -r $PKG failed"
}
sed 's/^/  dpkg: /' /tmp/pkg-remove.log
timeout 60 depmod || fail "depmod failed"
result pkg_remove_seconds $(($(date +%s) - t0))
! pkg_installed_ok || fail "$PKG still installed after dpkg -r"
[ ! -e "$DKMS_KO_DIR/xen-netback.ko" ] || fail "$DKMS_KO_DIR/xen-netback.ko still there"
[ -z "$(dkms status -m xen-netback-mt 2>/dev/null)" ] ||
	fail "dkms still lists xen-netback-mt: $(dkms status -m xen-netback-mt)"
f=$(modinfo_file)
[ "$f" = "$STOCK_KO" ] || fail "modinfo resolves xen_netback to '$f', not $STOCK_KO"
[ -z "$(modinfo -F version xen_netback)" ] ||
	fail "modinfo shows version $(modinfo -F version xen_netback): not stock"
note "modinfo: $f"

p=$(stock_params)
# shellcheck disable=SC2086 # parameters are separate words
timeout 60 modprobe xen-netback $p || fail "modprobe xen-netback ($p) failed"
live_is "$STOCK_KO" || fail "modprobe did not load $STOCK_KO"
[ -z "$(netbk_version)" ] || fail "the loaded driver has version $(netbk_version): not stock"
! netbk_has_groups || fail "our debugfs table exists: not stock"
note "modprobe loaded stock: build id $(live_build_id)"
id=$(vif_attach 1) || fail "xl network-attach failed"
guest_wait_ping 1 60 || fail "no ping through stock after attach"
m=$(iperf_mbit -c "$(guest_ip 1)" -t 3)
positive "$m" || fail "no iperf3 traffic through stock"
result removal_iperf_stock_mbit "$m"
guest_destroy 1 || fail "vif still there after destroy"
pass
