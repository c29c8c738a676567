#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: everything that proves the tree, in order of cost.
#   deps      the Debian packages of tests/packages.txt (apt, when missing)
#   unit      unit tests of the pure logic (userspace, ASan/UBSan)
#   build     the module builds with W=1 and sparse (C=1), zero warnings
#   style     checkpatch on every source and header
#   rings     guest ring requests are read only through the copy helpers
#   pkg       packaging tests (deb, rpm, dkms)
#   selftest  the lab's runner and analyzer fail what they must; make
#             bench's report on a fixture
#   lab-stock, lab-kthread, lab-tasklet
#             the lab in QEMU/Xen, one boot per driver: stock (the
#             reference and the live swap to ours), ours with kthreads
#             from its package (the .deb dkms built in dom0's image), ours
#             with tasklets from the host-built module
#   table     the test frontend's cases of the three boots side by side
# The scenarios of each boot, and why each is in `make check` or only in
# `make soak`, are in tests/lab/README.md ("Tiers").
#
# CHECK_STEPS="unit build ..." picks steps (default: all; "lab" means the
# three boots and the table). CHECK_SOAK=1 is make soak: every scenario on
# every driver with the long repetitions, the whole test frontend (random
# runs, load mode) and the selftest's real boots. LAB_SCENARIOS="a b"
# replaces every boot's list.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

soak=${CHECK_SOAK:-0}
steps=
for s in ${CHECK_STEPS:-deps unit build style rings pkg selftest lab}; do
	case "$s" in
	lab) steps="$steps lab-stock lab-kthread lab-tasklet table" ;;
	*) steps="$steps $s" ;;
	esac
done
checkpatch=${CHECKPATCH:-$top/build/checkpatch/scripts/checkpatch.pl}
log=$top/build/check
mkdir -p "$log"
check_start=$SECONDS

passed=0
failed=0
summary=()
runs=()

record() {	# record NAME STATUS SECONDS STARTED
	summary+=("$(printf '%-14s %-5s %6s s  %s' "$1" "$2" "$3" "$4")")
	if [ "$2" = PASS ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
	echo "$2 $1"
}

run_step() {	# run_step NAME: runs step_NAME (a dash in NAME is _ there)
	local name=$1 start=$SECONDS clock
	clock=$(date +%H:%M:%S)
	echo "=== $name ($clock)"
	if declare -F "step_${name//-/_}" >/dev/null; then
		if "step_${name//-/_}"; then record "$name" PASS $((SECONDS - start)) "$clock"
		else record "$name" FAIL $((SECONDS - start)) "$clock"; fi
	else
		echo "no such step: $name"
		record "$name" FAIL 0 "$clock"
	fi
}

step_deps() {
	tests/deps.sh
}

kdir() {
	echo "/lib/modules/$(tests/lab/kver)/build"
}

step_unit() {
	make -C tests/unit run
}

# The build must print no warning of any kind: compiler (W=1) or sparse.
step_build() {
	# Not Kbuild's clean: with M= it deletes every *.ko and modules.order
	# anywhere below the tree, build/lab's dom0 image tree included.
	rm -f -- *.ko *.o *.mod *.mod.c .*.cmd modules.order Module.symvers \
		src/*.o src/.*.cmd
	if ! make -C "$(kdir)" M="$top" W=1 C=1 modules >"$log/build.log" 2>&1; then
		cat "$log/build.log"
		return 1
	fi
	if grep -E 'warning:|error:|: note:' "$log/build.log" |
	   grep -v 'Skipping BTF generation'; then
		echo "the build printed warnings (above)"
		return 1
	fi
	modinfo -F version "$top/xen-netback.ko" | grep -qx "$(cat VERSION)"
}

# checkpatch comes with linux-source-6.1 (Debian's headers lack it).
find_checkpatch() {
	[ -x "$checkpatch" ] && return 0
	local tarball
	tarball=$(printf '%s\n' /usr/src/linux-source-*.tar.xz | sort -V | tail -n 1)
	[ -e "$tarball" ] || tarball=
	[ -n "$tarball" ] || { echo "no linux-source tarball for checkpatch"; return 1; }
	mkdir -p "$top/build/checkpatch"
	tar -C "$top/build/checkpatch" --strip-components=1 -xf "$tarball" \
	    --wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
	    '*/scripts/const_structs.checkpatch'
}

step_style() {
	find_checkpatch || return 1
	local ignore=FILE_PATH_CHANGES,SPDX_LICENSE_TAG
	# The compat header exists to compare kernel versions.
	local h headers=()
	for h in include/*.h; do
		[ "$h" = include/netbk_compat.h ] || headers+=("$h")
	done
	perl "$checkpatch" --no-tree --quiet --strict -f --ignore "$ignore" \
	     src/*.c "${headers[@]}" &&
	perl "$checkpatch" --no-tree --quiet -f \
	     --ignore "$ignore,LINUX_VERSION_CODE,MACRO_WITH_FLOW_CONTROL" \
	     include/netbk_compat.h
}

# XSA-155 (double fetch) cannot be caught by a race alone: every read of
# a guest request goes through one helper per ring, which copies it once:
# guest TX (tx.c), guest RX (rx.c), the control ring (ctrl.c).
step_rings() {
	local bad
	bad=$(grep -nE 'RING_(GET|COPY)_REQUEST' src/*.c |
	      grep -vE '^src/(tx|rx|ctrl)\.c:' )
	if [ -n "$bad" ]; then
		echo "ring requests read outside tx.c/rx.c/ctrl.c:"; echo "$bad"
		return 1
	fi
	local f n
	for f in src/tx.c src/rx.c src/ctrl.c; do
		[ -e "$f" ] || { echo "$f missing"; return 1; }
		n=$(grep -cE 'RING_(GET|COPY)_REQUEST' "$f")
		if [ "$n" -ne 1 ]; then
			echo "$f reads ring requests in $n places; expected exactly 1 (its copy helper)"
			grep -nE 'RING_(GET|COPY)_REQUEST' "$f"
			return 1
		fi
	done
}

step_pkg() {
	tests/pkg/run.sh
}

# The fakes always; the real boots (no netback, a cut timeout) in soak.
# Also make bench's arithmetic and profile tables on a fixture (no QEMU).
step_selftest() {
	if [ "$soak" = 1 ]; then
		tests/lab/selftest.sh || return 1
	else
		tests/lab/selftest.sh --quick || return 1
	fi
	tests/bench/selftest.sh
}

# ---------------------------------------------------------------------------
# The lab: one QEMU boot per driver. The lists are the tiers of
# tests/lab/README.md; keep both in step.
#
# make check: stock is the reference (traffic figures beside ours, the
# conform and connect-time cases, the live swap to ours and the package's
# removal); ours with kthreads (from the .deb) runs every path once:
# lifecycle, xenbus, offloads, MTU, placement, rate, CPU hotplug, every
# conform and hostile case, the leak and module cycles; ours with
# tasklets runs what depends on the worker kind (traffic, teardown under
# traffic, placement, the rate timer, CPU hotplug, the cases handled in a
# worker), save/restore and moving a guest, a driver domain, and the
# connect-time cases.
CHECK_STOCK="toolstack iperf two_guests multiqueue fe_cases live_swap \
pkg_removal"
CHECK_KTHREAD="pkg_installed iperf two_guests destroy_mid_iperf rmmod_refused \
offloads mtu9000 netfront_reload vifname rebind four_guests multiqueue xdp \
rate cpu_hotplug fe_cases leak_cycles module_cycles"
CHECK_TASKLET="iperf destroy_mid_iperf four_guests migrate driver_domain rate \
cpu_hotplug fe_cases"
# The frontend cases whose handling runs in a worker (a vif disabled from
# the TX worker, error responses of failed copies both ways, the RX stall
# and drain timers, an event storm, one event channel for both workers):
# the tasklet boot's fe_cases runs these; the kthread boot runs them all.
CHECK_TASKLET_CASES="basic single-evtchn reconnect xsa39-slots21 xsa90-rtnl \
xsa332-evtchn-storm xsa362-badgref xsa362-rx-badgref xsa392-rx-unconsumed \
xsa424-rx-overflow rate-evtchn-storm"
# make soak: everything, everywhere (the lab's default list is every
# scenario but the frontend's), with the long repetitions.
LAB_ALL=$(tests/lab/lab.sh --list-default)
SOAK_ALL="$LAB_ALL leak_cycles module_cycles fe_all"
# Each boot's hard limit (QEMU's timeout, from start to end): a hang
# fails that boot with the scenario it hung in, and the run goes on.
# A boot takes about two thirds of its limit (QEMU's time in a clean
# run of 2026-12-06: stock 410 s, kthread 1232 s, tasklet 670 s); all
# three limits together (58 min) and the steps before them stay inside
# CI's 90.
CHECK_LIMIT_STOCK=720
CHECK_LIMIT_KTHREAD=1800
CHECK_LIMIT_TASKLET=960
FE_PARAMS="rx_stall_timeout_msecs=5000 rx_drain_timeout_msecs=1000"

# scenarios_for DRIVER: the scenario list of one boot; unload (in every
# list) runs last and needs a netback loaded: pkg_removal leaves stock
# loaded. The package's scenarios: pkg_installed opens the kthread boot
# (ours from the .deb, run by every scenario after it); the stock boot
# swaps ours in live, then removes the package (stock back).
scenarios_for() {
	local list first="" last=""

	if [ -n "${LAB_SCENARIOS:-}" ]; then
		echo "$LAB_SCENARIOS"
		return
	fi
	case "$soak:$1" in
	1:*)		list=$SOAK_ALL
			# The package's scenarios need the Debian kernel (lab.sh).
			case "${LAB_KERNEL:-debian}:$1" in
			debian:stock) last="live_swap pkg_removal " ;;
			debian:kthread) first="pkg_installed " ;;
			esac ;;
	0:stock)	list=$CHECK_STOCK ;;
	0:kthread)	list=$CHECK_KTHREAD ;;
	0:tasklet)	list=$CHECK_TASKLET ;;
	esac
	list=$(echo "$list" | tr ' ' '\n' | grep -vx -e unload -e '' | tr '\n' ' ')
	echo "$first$list$last""unload"
}

# check_fe_cases KIND: the frontend cases of one boot of make check (none
# named: every case): stock the conform and connect-time ones, tasklets
# CHECK_TASKLET_CASES and the connect-time ones.
check_fe_cases() {
	local nft=tests/frontend/netfront-test

	[ "$soak" = 0 ] || return 0
	case "$1" in
	stock) "$nft" list | awk '$1 == "conform" || $2 ~ /^connect-/ { print $2 }' ;;
	tasklet) echo "$CHECK_TASKLET_CASES"
		"$nft" list | awk '$2 ~ /^connect-/ { print $2 }' ;;
	esac | tr '\n' ' '
}

# lab_boot KIND: one boot (stock, kthread or tasklet).
lab_boot() {
	local kind=$1 drv args l run limit
	case "$kind" in
	stock) drv=stock; limit=$CHECK_LIMIT_STOCK ;;
	# Ours with kthreads runs from its package, as users install it; on
	# the debug kernel (LAB_KERNEL=debug, built here) from the payload.
	kthread) drv=dkms; limit=$CHECK_LIMIT_KTHREAD
		[ "${LAB_KERNEL:-debian}" = debian ] || drv=mt ;;
	tasklet) drv=mt; limit=$CHECK_LIMIT_TASKLET ;;
	esac
	args=(--netback "$drv" --scenarios "$(scenarios_for "$kind")"
	      --module-params "$FE_PARAMS")
	[ "$kind" = stock ] || args+=(--workers "$kind")
	if [ "$soak" = 1 ]; then
		args+=(--soak)
	elif [ -z "${LAB_SCENARIOS:-}" ]; then
		args+=(--timeout "$limit")
	fi
	l=$log/lab-$kind.log
	make -C tests/frontend >"$log/frontend-build.log" 2>&1 ||
		{ cat "$log/frontend-build.log"; return 1; }
	if grep -E 'warning:|error:' "$log/frontend-build.log"; then
		echo "tests/frontend printed warnings (above)"
		return 1
	fi
	FE_CASES=${FE_CASES:-$(check_fe_cases "$kind")} \
		tests/lab/lab.sh "${args[@]}" 2>&1 | tee "$l"
	local rc=${PIPESTATUS[0]}
	run=$(sed -n 's/.*run directory: //p' "$l" | head -n 1)
	[ -n "$run" ] && runs+=("$run")
	return "$rc"
}

step_lab_stock() { lab_boot stock; }
step_lab_kthread() { lab_boot kthread; }
step_lab_tasklet() { lab_boot tasklet; }

step_table() {
	[ ${#runs[@]} -gt 0 ] || { echo "no lab run to tabulate"; return 1; }
	echo "tests/frontend/table.sh ${runs[*]}"
	tests/frontend/table.sh "${runs[@]}" | tee "$log/frontend-table.txt"
	return "${PIPESTATUS[0]}"
}

for s in $steps; do
	run_step "$s"
done

echo
echo "=== make check: time of every step (total $(((SECONDS - check_start) / 60)) min $(((SECONDS - check_start) % 60)) s)"
printf '%-14s %-5s %8s  %s\n' step result time started
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
