#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Ten network-detach/attach cycles on a running guest (a hundred in a
# soak run), each with traffic, must leave dom0 as it found it: kernel
# threads, ring mappings (vmalloc areas mapped by xenbus), slab memory,
# free memory and VmallocUsed (with stated tolerances; VmallocUsed after
# each cycle and grants per cycle as figures), the netback's own kernel
# threads, the queues our groups serve and the guest's grants in use by
# dom0 (Xen's 'g' debug key: active entries).
# lab-timeout: 420
# lab-timeout-soak: 3600
. "$(dirname "$0")/lib.sh"

CYCLES=10
[ "${SOAK:-0}" = 1 ] && CYCLES=100
SLAB_TOLERANCE_KB=2048
FREE_TOLERANCE_KB=8192
# vmalloc'd memory (rings, kernel thread stacks; kworkers' come and go).
VMALLOC_TOLERANCE_KB=2048

vmalloc_kb() {
	awk '$1 == "VmallocUsed:" { print $2 }' /proc/meminfo
}

# Active grant entries of every domain, from the newest 'g' key dump.
grants_active() {
	xl debug-keys g >/dev/null 2>&1 || return 1
	sleep 1
	xl dmesg | awk '/key .g. pressed/ { n = 0; on = 1 }
		on && /\[0x[0-9a-f]+\] +-?[0-9]+ 0x/ { n++ }
		/gnttab_usage_print_all \] done/ { on = 0; done = 1 }
		END { if (done) print n; else exit 1 }'
}

snapshot() {	# snapshot NAME
	sync
	grants_active >"/tmp/leak-$1.grants" || fail "no grant table dump from xl debug-keys g"
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	# kworkers come and go with the workqueue pools' demand: not ours.
	ps -e -o comm= | grep -v '^kworker/' | sort >"/tmp/leak-$1.comm"
	wc -l <"/tmp/leak-$1.comm" >"/tmp/leak-$1.threads"
	grep -c 'xenbus_map_ring' /proc/vmallocinfo >"/tmp/leak-$1.rings"
	awk '$1 == "Slab:" { print $2 }' /proc/meminfo >"/tmp/leak-$1.slab"
	awk '$1 == "MemFree:" { print $2 }' /proc/meminfo >"/tmp/leak-$1.free"
	vmalloc_kb >"/tmp/leak-$1.vmalloc"
	# Our module's own count of the queues its groups serve.
	if is_mt; then
		netbk_groups | grep -c '^vif' >"/tmp/leak-$1.queues"
	else
		echo 0 >"/tmp/leak-$1.queues"
	fi
}

guest_create 1 || fail "xl create failed"
guest_wait_ping 1 60 || fail "guest does not answer ping"
d=$(guest_domid 1)
mac=$(guest_mac 1)
# One cycle first, so that lazily allocated state exists in the baseline.
timeout 60 xl network-detach "$(guest_name 1)" 0 || fail "first detach failed"
wait_vif_gone "$d" 0 30 || fail "vif$d.0 still there after the first detach"
timeout 60 xl network-attach "$(guest_name 1)" "mac=$mac" "bridge=$BRIDGE" ||
	fail "first attach failed"
guest_wait_ping 1 60 || fail "no ping after the first attach"
snapshot before

i=0
while [ "$i" -lt "$CYCLES" ]; do
	devid=$(xenstore-list "/local/domain/0/backend/vif/$d" | head -n 1)
	timeout 60 xl network-detach "$(guest_name 1)" "$devid" ||
		fail "cycle $i: detach failed"
	wait_vif_gone "$d" "$devid" 30 || fail "cycle $i: vif$d.$devid still there"
	timeout 60 xl network-attach "$(guest_name 1)" "mac=$mac" "bridge=$BRIDGE" ||
		fail "cycle $i: attach failed"
	guest_wait_ping 1 60 || fail "cycle $i: no ping after attach"
	vm_series="${vm_series:+$vm_series,}$(vmalloc_kb)"
	i=$((i + 1))
done
snapshot after
# VmallocUsed after each cycle (before drop_caches: a trend, not judged).
result leak_vmalloc_kb_each_cycle "$vm_series"

for k in threads rings grants queues; do
	b=$(cat "/tmp/leak-before.$k")
	a=$(cat "/tmp/leak-after.$k")
	result "leak_${k}_before_after" "$b/$a"
	[ "$a" -le "$b" ] || {
		[ "$k" != threads ] ||
			diff /tmp/leak-before.comm /tmp/leak-after.comm | sed 's/^/  ps: /'
		fail "$k grew over $CYCLES cycles: $b -> $a"
	}
done
b=$(cat /tmp/leak-before.grants)
a=$(cat /tmp/leak-after.grants)
result leak_grants_per_cycle "$(awk -v a="$a" -v b="$b" -v n="$CYCLES" 'BEGIN { printf "%.2f", (a - b) / n }')"
b=$(cat /tmp/leak-before.vmalloc)
a=$(cat /tmp/leak-after.vmalloc)
result leak_vmalloc_kb_before_after "$b/$a"
result leak_vmalloc_kb_per_cycle "$(awk -v a="$a" -v b="$b" -v n="$CYCLES" 'BEGIN { printf "%.1f", (a - b) / n }')"
[ -n "$a" ] && [ -n "$b" ] || fail "no VmallocUsed in /proc/meminfo"
[ $((a - b)) -le "$VMALLOC_TOLERANCE_KB" ] ||
	fail "VmallocUsed grew by $((a - b)) kB over $CYCLES cycles (tolerance ${VMALLOC_TOLERANCE_KB} kB)"
b=$(cat /tmp/leak-before.slab)
a=$(cat /tmp/leak-after.slab)
result leak_slab_kb_before_after "$b/$a"
[ $((a - b)) -le "$SLAB_TOLERANCE_KB" ] ||
	fail "slab grew by $((a - b)) kB over $CYCLES cycles (tolerance ${SLAB_TOLERANCE_KB} kB)"
b=$(cat /tmp/leak-before.free)
a=$(cat /tmp/leak-after.free)
result leak_memfree_kb_before_after "$b/$a"
[ $((b - a)) -le "$FREE_TOLERANCE_KB" ] ||
	fail "free memory fell by $((b - a)) kB over $CYCLES cycles (tolerance $FREE_TOLERANCE_KB kB)"
guest_destroy 1 || fail "vif still there after destroy"
pass
