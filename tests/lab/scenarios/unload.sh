#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Once every guest is gone the netback module unloads cleanly. Run it last:
# later scenarios would have no backend.
# lab-timeout: 60
. "$(dirname "$0")/lib.sh"

no_guests || fail "guests still running: $(xl list | awk 'NR > 2 { print $1 }')"
lsmod | grep -q '^xen_netback ' || fail "xen_netback is not loaded"
timeout 30 rmmod xen_netback || fail "rmmod xen_netback failed"
! lsmod | grep -q '^xen_netback ' || fail "xen_netback still in lsmod after rmmod"
[ ! -e /sys/module/xen_netback ] || fail "/sys/module/xen_netback still exists"
pass
