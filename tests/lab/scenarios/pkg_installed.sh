#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The project's package in dom0 (run with --netback dkms): dpkg has
# xen-netback-mt-dkms installed, dkms lists it installed for the lab
# kernel, modinfo resolves xen_netback to its module under updates/dkms at
# the project's VERSION, the loaded module is that very file, a guest's vif
# is served by it (our debugfs table lists the vif, with packets) and
# iperf3 traffic passes both ways.
# lab-timeout: 240
. "$(dirname "$0")/lib.sh"

[ "${NETBACK:-}" = dkms ] || fail "needs --netback dkms (this boot: ${NETBACK:-?})"
pkg_installed_ok || fail "dpkg -s $PKG: not installed ($(dpkg -s "$PKG" 2>&1 | grep '^Status'))"
v=$(dpkg-query -W -f '${Version}' "$PKG")
case "$v" in
"$PKG_VERSION" | "$PKG_VERSION"-*) ;;
*) fail "$PKG is version $v, VERSION is $PKG_VERSION" ;;
esac
note "dpkg: $PKG $v installed"
st=$(timeout 120 dkms status -m xen-netback-mt -k "$LAB_KVER" 2>&1)
note "dkms status: $st"
echo "$st" | grep -q "^xen-netback-mt/$PKG_VERSION, $LAB_KVER, .*: installed" ||
	fail "dkms status does not show xen-netback-mt/$PKG_VERSION installed for $LAB_KVER"

f=$(modinfo_file)
case "$f" in
"$DKMS_KO_DIR/xen-netback.ko" | "$DKMS_KO_DIR/xen-netback.ko.xz") ;;
*) fail "modinfo resolves xen_netback to '$f', not $DKMS_KO_DIR/xen-netback.ko" ;;
esac
note "modinfo: $f"
ver=$(modinfo -F version xen_netback)
[ "$ver" = "$PKG_VERSION" ] || fail "modinfo -F version is '$ver', VERSION is $PKG_VERSION"
[ "$(netbk_version)" = "$PKG_VERSION" ] ||
	fail "the loaded xen_netback has version '$(netbk_version)', not $PKG_VERSION"
live_is "$f" || fail "the loaded xen_netback (build id $(live_build_id)) is not $f ($(file_build_id "$f"))"
note "loaded: $f, build id $(live_build_id), version $(netbk_version)"

guest_create 1 || fail "xl create failed"
d=$(guest_domid 1) || fail "no domid for $(guest_name 1)"
guest_wait_ping 1 60 || fail "guest does not answer ping"
netbk_serves "$d" 0 || fail "vif$d.0 is not in our debugfs table"
tx=$(iperf_mbit -c "$(guest_ip 1)" -t 5)
positive "$tx" || fail "iperf3 dom0->guest gave no figure"
result pkg_iperf_dom0_to_guest_mbit "$tx"
rx=$(iperf_mbit -c "$(guest_ip 1)" -t 5 -R)
positive "$rx" || fail "iperf3 guest->dom0 gave no figure"
result pkg_iperf_guest_to_dom0_mbit "$rx"
n=$(netbk_vif_packets "$d" 0)
positive "$n" || fail "our table shows no packets on vif$d.0"
result pkg_vif_packets "$n"
guest_destroy 1 || fail "vif still there after destroy"
pass
