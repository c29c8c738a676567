#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: everything that proves the tree, in order of cost.
#   1. unit tests of the pure logic (userspace, ASan/UBSan)
#   2. the module builds with W=1 and sparse (C=1) with zero warnings
#   3. checkpatch on every source and header
#   4. guest ring requests are read only through the one copy helpers
#   5. packaging tests (deb, rpm, dkms)
#   6. the lab in QEMU/Xen, one boot per driver: stock first (the lab's
#      own proof), then ours with both worker kinds: with kthreads from
#      its package (the .deb dkms built in dom0's image), with tasklets
#      from the host-built module. Each runs its lab scenarios and the test
#      frontend's cases (conformance, every netback advisory replayed,
#      random ring garbage); a table shows the cases side by side. The
#      stock boot ends with the live swap to ours and the package's
#      removal (stock back).
#
# CHECK_STEPS="unit build style rings pkg lab" picks steps (default: all).
# CHECK_SOAK=1 runs the lab step's long version (make soak).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

steps=${CHECK_STEPS:-unit build style rings pkg lab}
kver=$(tests/lab/kver)
kdir=/lib/modules/$kver/build
checkpatch=${CHECKPATCH:-$top/build/checkpatch/scripts/checkpatch.pl}
log=$top/build/check
mkdir -p "$log"

passed=0
failed=0
summary=()

record() {	# record NAME STATUS SECONDS
	summary+=("$(printf '%-28s %-5s %5ss' "$1" "$2" "$3")")
	if [ "$2" = PASS ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
	echo "$2 $1"
}

run_step() {	# run_step NAME FUNCTION
	local start=$SECONDS
	echo "=== $1"
	if "$2"; then record "$1" PASS $((SECONDS - start))
	else record "$1" FAIL $((SECONDS - start)); fi
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
	if ! make -C "$kdir" M="$top" W=1 C=1 modules >"$log/build.log" 2>&1; then
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

# The lab: one QEMU boot per driver, each running its scenario list and
# then the test frontend's cases, with the RX stall and drain timeouts the
# frontend's stall cases are written for. Stock is the baseline and the
# proof that the lab itself is right; ours runs every scenario and the
# repetition cycles with kthread workers, and with tasklets every scenario
# but the two that never touch a worker (vifname and rebind: xenbus).
# make soak (CHECK_SOAK=1) runs every scenario on every driver with the
# long repetitions. LAB_SCENARIOS="a b" replaces every list.
LAB_CORE="toolstack guest iperf two_guests reattach destroy_mid_iperf"
LAB_ALL=$(tests/lab/lab.sh --list-default)
FE_SCENARIOS=${FE_SCENARIOS:-fe_all}
FE_PARAMS="rx_stall_timeout_msecs=5000 rx_drain_timeout_msecs=1000"

# scenarios_for DRIVER: the scenario list of one driver's boot; unload
# (in every list) runs last and needs a netback loaded: pkg_removal leaves
# stock loaded. The package's scenarios: pkg_installed opens the kthread
# boot (ours from the .deb, run by every scenario after it); the stock
# boot swaps ours in live, then removes the package (stock back).
scenarios_for() {
	local list first="" last=""

	if [ -n "${LAB_SCENARIOS:-}" ]; then
		echo "$LAB_SCENARIOS"
		return
	fi
	case "${CHECK_SOAK:-0}:$1" in
	1:*)		list="$LAB_ALL leak_cycles module_cycles" ;;
	0:stock)	list="$LAB_CORE" ;;
	0:mt:kthread)	list="$LAB_ALL leak_cycles module_cycles" ;;
	0:mt:tasklet)	list=$(echo "$LAB_ALL" | tr ' ' '\n' |
				grep -vx -e vifname -e rebind) ;;
	esac
	case "$1" in
	stock) last="live_swap pkg_removal " ;;
	mt:kthread) first="pkg_installed " ;;
	esac
	list=$(echo "$list" | tr ' ' '\n' | grep -vx -e unload -e '' | tr '\n' ' ')
	echo "$first$list$FE_SCENARIOS $last""unload"
}

step_lab() {
	local ok=0 nb drv l run runs=() args

	tests/lab/selftest.sh || ok=1
	make -C tests/frontend >"$log/frontend-build.log" 2>&1 ||
		{ cat "$log/frontend-build.log"; return 1; }
	if grep -E 'warning:|error:' "$log/frontend-build.log"; then
		echo "tests/frontend printed warnings (above)"
		ok=1
	fi
	for nb in stock ${LAB_MT_WORKERS-kthread tasklet}; do
		[ "$nb" = stock ] || nb=mt:$nb
		drv=${nb%%:*}
		# Ours with kthreads runs from its package, as users install it.
		[ "$nb" = mt:kthread ] && drv=dkms
		args=(--netback "$drv" --scenarios "$(scenarios_for "$nb")"
		      --module-params "$FE_PARAMS")
		[ "$nb" = stock ] || args+=(--workers "${nb#mt:}")
		[ "${CHECK_SOAK:-0}" = 0 ] || args+=(--soak)
		l=$log/lab-${nb/:/-}.log
		tests/lab/lab.sh "${args[@]}" 2>&1 | tee "$l"
		[ "${PIPESTATUS[0]}" = 0 ] || ok=1
		run=$(sed -n 's/.*run directory: //p' "$l" | head -n 1)
		[ -n "$run" ] && runs+=("$run")
	done
	echo
	echo "=== frontend cases (tests/frontend/table.sh ${runs[*]})"
	tests/frontend/table.sh "${runs[@]}" | tee "$log/frontend-table.txt"
	[ "${PIPESTATUS[0]}" = 0 ] || ok=1
	return $ok
}

for s in $steps; do
	run_step "$s" "step_$s"
done

echo
echo "=== make check summary"
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
