#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Ten unload/load cycles of the netback module with no guests (twenty in
# a soak run) must leave dom0 as they found it: kernel threads, slab and
# vmalloc memory (with stated tolerances) and free memory. The module is
# loaded again at the end, with the run's parameters, for later scenarios.
# lab-timeout: 240
# lab-timeout-soak: 600
. "$(dirname "$0")/lib.sh"

CYCLES=10
[ "${SOAK:-0}" = 1 ] && CYCLES=20
SLAB_TOLERANCE_KB=2048
VMALLOC_TOLERANCE_KB=1024
FREE_TOLERANCE_KB=8192

snapshot() {	# snapshot NAME
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	# kworkers come and go with the workqueue pools' demand: not ours.
	ps -e -o comm= | grep -v '^kworker/' | sort >"/tmp/mod-$1.comm"
	wc -l <"/tmp/mod-$1.comm" >"/tmp/mod-$1.threads"
	awk '$1 == "Slab:" { print $2 }' /proc/meminfo >"/tmp/mod-$1.slab"
	awk '$1 == "VmallocUsed:" { print $2 }' /proc/meminfo >"/tmp/mod-$1.vmalloc"
	awk '$1 == "MemFree:" { print $2 }' /proc/meminfo >"/tmp/mod-$1.free"
}

unload() {
	timeout 30 rmmod xen_netback || return 1
	[ ! -e /sys/module/xen_netback ]
}

# shellcheck disable=SC2086 # MODULE_PARAMS holds separate words
load() {
	netback_load $MODULE_PARAMS
}

no_guests || fail "guests still running"
lsmod | grep -q '^xen_netback ' || fail "xen_netback is not loaded"
# One cycle first, so that lazily allocated state exists in the baseline.
unload || fail "first rmmod failed"
load || fail "first load failed"
snapshot before

i=0
while [ "$i" -lt "$CYCLES" ]; do
	unload || fail "cycle $i: rmmod failed"
	load || fail "cycle $i: load failed"
	i=$((i + 1))
done
snapshot after
lsmod | grep -q '^xen_netback ' || fail "xen_netback not loaded after the cycles"

b=$(cat /tmp/mod-before.threads)
a=$(cat /tmp/mod-after.threads)
result module_threads_before_after "$b/$a"
[ "$a" -le "$b" ] || {
	diff /tmp/mod-before.comm /tmp/mod-after.comm | sed 's/^/  ps: /'
	fail "threads grew over $CYCLES cycles: $b -> $a"
}
for k in slab:$SLAB_TOLERANCE_KB vmalloc:$VMALLOC_TOLERANCE_KB; do
	m=${k%%:*}
	tol=${k#*:}
	b=$(cat "/tmp/mod-before.$m")
	a=$(cat "/tmp/mod-after.$m")
	result "module_${m}_kb_before_after" "$b/$a"
	[ $((a - b)) -le "$tol" ] ||
		fail "$m grew by $((a - b)) kB over $CYCLES cycles (tolerance $tol kB)"
done
b=$(cat /tmp/mod-before.free)
a=$(cat /tmp/mod-after.free)
result module_memfree_kb_before_after "$b/$a"
[ $((b - a)) -le "$FREE_TOLERANCE_KB" ] ||
	fail "free memory fell by $((b - a)) kB over $CYCLES cycles (tolerance $FREE_TOLERANCE_KB kB)"
pass
