#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs as /srv/run inside the packaging test root (tests/pkg/root.sh), as
# root, in an overlay: it may install and remove anything. run.sh put there:
#   /srv/repo/   the .deb and its Packages index (a local apt repository)
#   /srv/src/    debian/control, from which dkms-autopkgtest picks packages
#   /srv/tree/   the unpacked source tarball, for `make install`
# Usage: /srv/run KVER VERSION
# Writes /srv/autopkgtest.log and "KEY VALUE" lines to /srv/results for
# run.sh to judge; exits 0 unless the setup itself failed.
set -eu
kver=$1
version=$2
name=xen-netback-mt
res=/srv/results
: >"$res"
result() { echo "$*" >>"$res"; }

# Only the local repository: the test is offline, and apt must find the
# package there (dkms-autopkgtest skips, and exits 0, when it cannot).
rm -f /etc/apt/sources.list /etc/apt/sources.list.d/*
echo "deb [trusted=yes] file:/srv/repo ./" >/etc/apt/sources.list.d/local.list
apt-get -q update >/srv/apt-update.log 2>&1

# What `Testsuite: autopkgtest-pkg-dkms` runs: from the source tree, the
# -dkms packages of debian/control are installed with apt, built with dkms
# for every kernel with headers, installed and checked.
mkdir -p /srv/artifacts
rc=0
(cd /srv/src && AUTOPKGTEST_ARTIFACTS=/srv/artifacts /usr/lib/dkms/dkms-autopkgtest) \
	>/srv/autopkgtest.log 2>&1 </dev/null || rc=$?
result autopkgtest_rc "$rc"

# Which module does depmod resolve xen_netback to, and whose is it?
result installed_version "$(dpkg-query -W -f '${Version}' $name-dkms 2>/dev/null || echo none)"
result modprobe_conf "$(test -f /lib/modprobe.d/$name.conf && echo present || echo absent)"
result with_pkg_filename "$(modinfo -k "$kver" -F filename xen_netback 2>/dev/null || echo none)"
result with_pkg_version "$(modinfo -k "$kver" -F version xen_netback 2>/dev/null || echo none)"
result with_pkg_dkms_status "$(dkms status -m $name -k "$kver" 2>/dev/null | tr '\n' ' ')"

# `make install` must refuse to overwrite the package's /usr/src tree.
rc=0
make -C /srv/tree install KVER="$kver" >/srv/install-owned.log 2>&1 || rc=$?
result install_over_pkg_rc "$rc"
result install_over_pkg_said "$(grep -c 'belongs to a package' /srv/install-owned.log || :)"

# Roll-back: removing the package unregisters the module (prerm: dkms
# remove), depmod runs, and the stock module is the one found again.
rc=0
dpkg -r $name-dkms >/srv/remove.log 2>&1 || rc=$?
result remove_rc "$rc"
result after_filename "$(modinfo -k "$kver" -F filename xen_netback 2>/dev/null || echo none)"
result after_dkms_status "$(dkms status -m $name 2>/dev/null | tr '\n' ' ')"
result after_src "$(test -e "/usr/src/$name-$version" && echo present || echo absent)"
result after_updates "$(ls /lib/modules/"$kver"/updates/dkms/ 2>/dev/null | tr '\n' ' ')"
result after_modprobe_conf "$(test -f /lib/modprobe.d/$name.conf && echo present || echo absent)"

# `make install` from a source tree, twice (the second replaces the first
# registration of the same version), then `make uninstall`.
for n in 1 2; do
	rc=0
	make -C /srv/tree install KVER="$kver" >/srv/install-$n.log 2>&1 || rc=$?
	result install${n}_rc "$rc"
done
result install_filename "$(modinfo -k "$kver" -F filename xen_netback 2>/dev/null || echo none)"
result install_dkms_status "$(dkms status -m $name 2>/dev/null | tr '\n' ' ')"
rc=0
make -C /srv/tree uninstall >/srv/uninstall.log 2>&1 || rc=$?
result uninstall_rc "$rc"
result uninstall_filename "$(modinfo -k "$kver" -F filename xen_netback 2>/dev/null || echo none)"
result uninstall_dkms_status "$(dkms status -m $name 2>/dev/null | tr '\n' ' ')"
result uninstall_src "$(test -e "/usr/src/$name-$version" && echo present || echo absent)"
