#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of the lab runner: proves that broken runs fail loudly.
#   1. analysis only (no QEMU, seconds): made-up run directories with an
#      oops in dom0's dmesg, a Xen assertion, a netfront complaint, a
#      missing verdict and a timeout must each fail and name the cause;
#      so must every kind of kernel report (BUG(), list and slab
#      corruption, UBSAN, lockdep, ...) in dom0's log or a guest console;
#      and a kernel taint other than O and E (e.g. W); a clean one, full
#      of lines that look alarming but are normal, must pass. So must the
#      teardown and table checks: a close=stuck case, a runner that gave
#      up its cleanup, lib.sh's pass after a teardown failure, agent.sh's
#      fe_run_cases on faked dom0 steps, table.sh missing a case.
#   2. a real boot with --netback none (no backend loaded): the toolstack
#      scenario passes, the guest scenario must FAIL and lab.sh must exit
#      non-zero.
#   3. a real boot cut by a short --timeout: lab.sh must report the hard
#      timeout and exit non-zero.
# Usage: tests/lab/selftest.sh [--quick]   (--quick: part 1 only)
set -eu
set -o pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

ok() {
	echo "ok - $*"
	passed=$((passed + 1))
}

not_ok() {
	echo "not ok - $*"
	failed=$((failed + 1))
}

# expect_fail NAME PATTERN CMD...: CMD must exit non-zero and print PATTERN.
expect_fail() {
	local name=$1 pattern=$2 rc=0
	shift 2
	"$@" >"$TMP/out" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then
		not_ok "$name: exited 0"
		sed 's/^/    /' "$TMP/out"
	elif ! grep -qE -- "$pattern" "$TMP/out"; then
		not_ok "$name: no line matching /$pattern/"
		sed 's/^/    /' "$TMP/out"
	else
		ok "$name (exit $rc, says: $(grep -m1 -E -- "$pattern" "$TMP/out"))"
	fi
}

expect_pass() {
	local name=$1
	shift
	if "$@" >"$TMP/out" 2>&1; then
		ok "$name"
	else
		not_ok "$name: exited non-zero"
		sed 's/^/    /' "$TMP/out"
	fi
}

# Lines of a normal run that no oracle may take for a failure: boot
# banners, tainting by an out-of-tree unsigned module, a harmless "BUG_ON"
# and "Bug fix", the debug kernel's lockdep banners,
# netback's rate-limited "vif disabled" errors (ours and
# stock's) that the hostile cases provoke on purpose, Xen's complaints
# about bad grants, a userspace segfault, the guests' boot banners.
DOM0_NORMAL='[    0.000000] Command line: console=hvc0 earlyprintk=xen root=/dev/vda log_buf_len=4M slub_debug=FZPU page_poison=1 sysctl.kernel.hung_task_timeout_secs=30
[    0.120000] kfence: initialized - using 2097152 bytes for 255 objects at 0x(____ptrval____)-0x(____ptrval____)
[    0.300000] NMI watchdog: Perf NMI watchdog permanently disabled
[    0.310000] Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar
[    0.310001] ... MAX_LOCKDEP_SUBCLASSES:  8
[    0.310002]  memory used by lock dependency info: 5765 kB
[    5.100000] xen_netback: loading out-of-tree module taints kernel.
[    5.100001] xen_netback: module verification failed: signature and/or required key missing - tainting kernel
[    5.200000] BUG_ON_selftest: Bug fix loaded, nothing to report
[   61.000000] vif vif-3-0 vif3.0: frontend of domain 3 broke the protocol (guest TX: too many slots, malicious (follow-ons, fatal_skb_slots): 20, 20): vif disabled
[   61.100000] vif vif-4-0 vif4.0: frontend of domain 4 broke the protocol (control ring overflow): vif disabled
[   61.200000] net_ratelimit: 7 callbacks suppressed
[   62.000000] vif vif-5-0 vif5.0: Malicious frontend using 21 slots, threshold 20
[   62.000001] vif vif-5-0 vif5.0: fatal error; disabling device
[   62.100000] vif vif-6-0 vif6.0: Cross page boundary, txp->offset: 4000, size: 200
[   62.200000] vif vif-6-0 vif6.0: Too many slots (19) exceeding limit (18), dropping packet
[   62.300000] vif vif-7-0 vif7.0: Guest Rx stalled
[   70.000000] iperf3[812]: segfault at 0 ip 00007f2a1c2b3c4d sp 00007ffc8a1b2c30 error 4 in libc.so.6[7f2a1c200000+155000] likely on CPU 1 (core 1, socket 0)'
XEN_NORMAL="(XEN) [    1.0] Xen version 4.17
(XEN) [   61.5] common/grant_table.c:1090:d0v1 Bad ref 0xffff for d3
(XEN) [   61.6] grant_table.c:2631:d0v0 copy source out of bounds: 4096"
GUEST_NORMAL='[    0.000000] Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1
[    0.000000] Command line: console=hvc0 lab_ip=10.77.0.11/24
[    0.000000] Booting paravirtualized kernel on Xen
[    0.050000] RETBleed: WARNING: Spectre v2 mitigation leaves CPU vulnerable to RETBleed attacks, data leaks possible!
[    0.120000] kfence: initialized - using 2097152 bytes for 255 objects
[    1.000000] xen_netfront: Initialising Xen virtual ethernet driver
lab-guest: booted, lab_ip=10.77.0.11/24
lab-guest: eth0 up with 10.77.0.11/24
[   80.000000] netfront-test[201]: segfault at 0 ip 000055d5c0a01234 sp 00007ffc8a1b2c30 error 6 in netfront-test[55d5c0a00000+80000]'

# fake_run DIR: a finished, clean run of scenarios "toolstack guest".
fake_run() {
	local d=$1
	mkdir -p "$d/out/xen-logs/console"
	printf "NETBACK='stock'\nSCENARIOS='toolstack guest'\nMODULE_PARAMS=''\nBENCH='0'\n" >"$d/config"
	printf 'TAINT boot=0\nPASS toolstack\nTIME toolstack=2\nTAINT toolstack=4096\n%s\n' \
		'PASS guest' 'RESULT x_mbit=1' 'TIME guest=30' 'TAINT guest=12288' >"$d/out/results.txt"
	echo 33 >"$d/qemu.rc"
	printf '%s\n' "$XEN_NORMAL" '[    2.0] Linux version 6.1' "$DOM0_NORMAL" >"$d/serial.log"
	printf '%s\n' '[    2.0] Linux version 6.1' "$DOM0_NORMAL" >"$d/out/dmesg.txt"
	printf '%s\n' "$XEN_NORMAL" >"$d/out/xl-dmesg.txt"
	printf '%s\n' "$GUEST_NORMAL" >"$d/out/xen-logs/console/guest-lab-g1.log"
}

# ere_quote TEXT: TEXT as an extended regular expression that matches it.
ere_quote() {
	# shellcheck disable=SC2001 # a bracket expression reads better in sed
	sed 's/[][\\.*^$+?(){}|]/\\&/g' <<<"$1"
}

# expect_oracle WHERE LINE: a clean run with LINE added to one log must
# fail and name it. WHERE: dmesg (dom0's), serial (the console) or guest.
n_oracle=0
expect_oracle() {
	local where=$1 line=$2 d file label
	n_oracle=$((n_oracle + 1))
	d=$TMP/oracle-$n_oracle
	fake_run "$d"
	case "$where" in
	dmesg) file=out/dmesg.txt label="dom0 dmesg" ;;
	serial) file=serial.log label="serial console" ;;
	guest) file=out/xen-logs/console/guest-lab-g1.log label="guest console guest-lab-g1.log" ;;
	esac
	printf '%s\n' "$line" >>"$d/$file"
	expect_fail "oracle in $label" "FAIL oracle: $label: $(ere_quote "$line")" \
		"$LAB_DIR/lab.sh" --analyze "$d"
}

# Kernel reports that must fail a run wherever they appear.
oracle_tests() {
	# BUG_ON()/BUG() and the die() header after it
	expect_oracle dmesg '[   40.100000] kernel BUG at drivers/net/xen-netback/tx.c:384!'
	expect_oracle dmesg '[   40.100001] invalid opcode: 0000 [#1] PREEMPT SMP NOPTI'
	# list debugging
	expect_oracle dmesg '[   40.2] list_add corruption. next->prev should be prev (ffff888004a1c0e8), but was ffff888004a1c0f8. (next=ffff888004a1c0e8).'
	expect_oracle serial '[   40.3] list_del corruption, ffff8880053c1e00->next is LIST_POISON1 (dead000000000100)'
	# slub_debug
	expect_oracle dmesg '[   41.0] BUG kmalloc-512 (Tainted: G           O      ): Poison overwritten'
	expect_oracle dmesg '[   41.1] BUG kmalloc-512 (Not tainted): Right Redzone overwritten'
	expect_oracle dmesg '[   41.2] BUG skbuff_head_cache (Tainted: G    B      O     ): Object already free'
	expect_oracle serial '[   41.3] BUG kmalloc-cg-1k (Tainted: G        W  O E    ): Freepointer corrupt'
	# page poisoning
	expect_oracle dmesg '[   42.0] pagealloc: memory corruption'
	# reports with no "BUG:" in front
	expect_oracle dmesg '[   43.0] UBSAN: array-index-out-of-bounds in drivers/net/xen-netback/rx.c:587:12'
	expect_oracle dmesg '[   43.1] refcount_t: underflow; use-after-free.'
	expect_oracle serial '[   43.2] NMI watchdog: Watchdog detected hard LOCKUP on cpu 1'
	expect_oracle dmesg '[   43.3] watchdog: soft lockup - CPU#1 stuck for 26s! [vif1.0-q0-gue:1234]'
	expect_oracle dmesg '[   43.4] WARNING: possible circular locking dependency detected'
	expect_oracle dmesg '[   43.5] WARNING: inconsistent lock state'
	expect_oracle dmesg '[   43.6] WARNING: possible recursive locking detected'
	expect_oracle dmesg '[   43.7] WARNING: suspicious RCU usage'
	expect_oracle serial '[   43.8] stack-protector: Kernel stack is corrupted in: netbk_tx_action+0x5a1/0x5b0'
	expect_oracle dmesg '[   43.9] kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)'
	expect_oracle dmesg '[   44.0] KASAN: null-ptr-deref in range [0x0000000000000008-0x000000000000000f]'
	expect_oracle dmesg '[   44.1] KFENCE: use-after-free read in netbk_rx_action+0x8c/0x1d0'
	expect_oracle dmesg '[   44.2] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008'
	# the debug kernel's reports (tests/lab/debug-kernel.sh), as 6.1 words them
	expect_oracle dmesg '[   44.3] BUG: KASAN: use-after-free in netbk_tx_action+0x1a2/0x5b0 [xen_netback]'
	expect_oracle serial '[   44.4] BUG: KFENCE: out-of-bounds read in netbk_rx_action+0x8c/0x1d0 [xen_netback]'
	expect_oracle dmesg '[   44.5] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580'
	expect_oracle dmesg '[   44.6] ODEBUG: free active (active state 0) object type: work_struct hint: netbk_work_fn+0x0/0x90 [xen_netback]'
	expect_oracle dmesg '[   44.7] ODEBUG: activate active (active state 0) object type: timer_list hint: netbk_credit_fn+0x0/0x60 [xen_netback]'
	expect_oracle dmesg '[   44.8] ODEBUG: object 000000004b8f3a2c is on stack 00000000c2a1d6e0, but NOT annotated.'
	# the guests' kernels
	expect_oracle guest '[   50.0] Oops: 0000 [#1] PREEMPT SMP NOPTI'
	expect_oracle guest '[   50.1] BUG: kernel NULL pointer dereference, address: 0000000000000008'
	expect_oracle guest '[   50.2] kernel BUG at drivers/net/xen-netfront.c:1120!'
	expect_oracle guest '[   50.3] WARNING: CPU: 0 PID: 0 at net/sched/sch_generic.c:525 dev_watchdog+0x207/0x210'
	expect_oracle guest '[   50.4] Kernel panic - not syncing: Fatal exception in interrupt'
	expect_oracle guest '[   50.5] general protection fault, probably for non-canonical address 0xdead000000000122: 0000 [#1] PREEMPT SMP NOPTI'
	expect_oracle guest '[   50.6] BUG kmalloc-2k (Not tainted): Poison overwritten'
	expect_oracle guest 'vif vif-0: Too many slots'
}

analysis_tests() {
	local d
	d=$TMP/clean
	fake_run "$d"
	expect_pass "analysis: a clean run passes" "$LAB_DIR/lab.sh" --analyze "$d"

	d=$TMP/oops
	fake_run "$d"
	echo '[   40.1] BUG: unable to handle page fault for address: 0000000000000008' >>"$d/out/dmesg.txt"
	expect_fail "analysis: dom0 oops fails the run" \
		'FAIL oracle: dom0 dmesg: .*BUG: unable to handle' "$LAB_DIR/lab.sh" --analyze "$d"

	d=$TMP/hung
	fake_run "$d"
	echo '[   90.2] INFO: task xenwatch:42 blocked for more than 30 seconds.' >>"$d/serial.log"
	expect_fail "analysis: hung task on the console fails the run" \
		'FAIL oracle: serial console: .*INFO: task xenwatch' "$LAB_DIR/lab.sh" --analyze "$d"

	d=$TMP/xen
	fake_run "$d"
	echo "(XEN) Assertion 'page->count_info' failed at common/grant_table.c:1234" >>"$d/out/xl-dmesg.txt"
	expect_fail "analysis: Xen assertion fails the run" \
		"FAIL oracle: xl dmesg: .*Assertion '" "$LAB_DIR/lab.sh" --analyze "$d"

	d=$TMP/triple
	fake_run "$d"
	echo '(XEN) [ 1018.676042] d26v0 Triple fault - invoking HVM shutdown action 1' >>"$d/out/xl-dmesg.txt"
	expect_fail "analysis: a guest's triple fault (Xen reboots it) fails the run" \
		'FAIL oracle: xl dmesg: .*d26v0 Triple fault' "$LAB_DIR/lab.sh" --analyze "$d"

	d=$TMP/guestlog
	fake_run "$d"
	echo 'vif vif-0: Bad rx response id 7' >>"$d/out/xen-logs/console/guest-lab-g1.log"
	expect_fail "analysis: netfront complaint fails the run" \
		'FAIL oracle: guest console guest-lab-g1.log: .*Bad rx response id' \
		"$LAB_DIR/lab.sh" --analyze "$d"

	d=$TMP/missing
	fake_run "$d"
	printf 'PASS toolstack\nTIME toolstack=2\n' >"$d/out/results.txt"
	expect_fail "analysis: a scenario without verdict fails the run" \
		'FAIL guest: no verdict' "$LAB_DIR/lab.sh" --analyze "$d"

	d=$TMP/failed
	fake_run "$d"
	printf 'PASS toolstack\nFAIL guest: guest does not answer ping\n' >"$d/out/results.txt"
	expect_fail "analysis: a FAIL line fails the run" \
		'FAIL guest: guest does not answer ping' "$LAB_DIR/lab.sh" --analyze "$d"

	d=$TMP/timeout
	fake_run "$d"
	echo 124 >"$d/qemu.rc"
	expect_fail "analysis: a QEMU timeout fails the run" \
		'FAIL lab: QEMU hit the hard timeout' "$LAB_DIR/lab.sh" --analyze "$d"

	d=$TMP/hang
	fake_run "$d"
	echo 124 >"$d/qemu.rc"
	printf 'PASS guest\nTIME guest=20\n' >"$d/out/results.txt"
	printf 'lab-runner: === guest (timeout 180s) ===\nPASS guest\nlab-runner: === rate (timeout 180s) ===\n  [rate 99.1] xl create lab-g1\n' >>"$d/serial.log"
	expect_fail "analysis: a hang names the scenario it hung in" \
		'FAIL lab: QEMU hit the hard timeout .rc 124. in scenario rate' "$LAB_DIR/lab.sh" --analyze "$d"

	d=$TMP/taint-oe
	fake_run "$d"
	sed -i 's/^TAINT boot=0$/TAINT boot=12288/' "$d/out/results.txt"
	expect_pass "analysis: taint O|E (our out-of-tree unsigned module) passes" \
		"$LAB_DIR/lab.sh" --analyze "$d"
	if grep -qE '^taint +clean \(O E\)' "$TMP/out"; then
		ok "analysis: ... and the summary shows it as clean (O E)"
	else
		not_ok "analysis: the summary has no \"taint clean (O E)\" row"
		sed 's/^/    /' "$TMP/out"
	fi

	d=$TMP/taint-w
	fake_run "$d"
	sed -i 's/^TAINT guest=12288$/TAINT guest=12800/' "$d/out/results.txt"
	expect_fail "analysis: taint W (a kernel warning) fails the run" \
		'FAIL taint: after guest: tainted=12800 \(W O E\): W beyond O and E' \
		"$LAB_DIR/lab.sh" --analyze "$d"

	d=$TMP/taint-unreadable
	fake_run "$d"
	sed -i 's/^TAINT toolstack=4096$/TAINT toolstack=?/' "$d/out/results.txt"
	expect_fail "analysis: an unreadable taint fails the run" \
		'FAIL taint: after toolstack: /proc/sys/kernel/tainted unreadable' \
		"$LAB_DIR/lab.sh" --analyze "$d"

	d=$TMP/taint-serial
	fake_run "$d"
	rm -f "$d/out/results.txt"
	printf 'PASS toolstack\r\nTAINT toolstack=4608\r\nPASS guest\r\n' >>"$d/serial.log"
	expect_fail "analysis: taint read from the serial log when dom0 wrote no results" \
		'FAIL taint: after toolstack: tainted=4608 \(W O\)' "$LAB_DIR/lab.sh" --analyze "$d"

	d=$TMP/serialonly
	fake_run "$d"
	rm -f "$d/out/results.txt"
	printf 'PASS toolstack\r\nFAIL guest: xl create failed\r\n' >>"$d/serial.log"
	expect_fail "analysis: verdicts read from the serial log when dom0 wrote none" \
		'FAIL guest: xl create failed' "$LAB_DIR/lab.sh" --analyze "$d"
}

# The "every check can fail" paths that a fake can show: a case whose
# close got no answer, a teardown the runner gave up on, a scenario whose
# vif outlived its detach, the table missing a case or given no list, and
# the dom0 helpers themselves (lib.sh's pass after teardown_failed,
# agent.sh's fe_run_cases on a close=stuck case and a failed detach).
teardown_tests() {
	local d fe=$LAB_DIR/../frontend
	d=$TMP/close-stuck
	fake_run "$d"
	printf '%s\n' 'RESULT fe.basic=-,conform,conform+close-stuck,FAIL' >>"$d/out/results.txt"
	expect_fail "analysis: a case with close=stuck fails the run, even beside PASS" \
		'FAIL result: fe.basic=-,conform,conform\+close-stuck,FAIL' "$LAB_DIR/lab.sh" --analyze "$d"

	d=$TMP/cleanup
	fake_run "$d"
	printf '%s\n' "FAIL guest: the runner's cleanup gave up: guests left: lab-g1 ; vifs left: vif3.0 " \
		>>"$d/out/results.txt"
	expect_fail "analysis: the runner's cleanup giving up fails the scenario" \
		"FAIL guest: the runner's cleanup gave up" "$LAB_DIR/lab.sh" --analyze "$d"
	if grep -qE '^  guest +FAIL' "$TMP/out"; then
		ok "analysis: ... and the scenario's row says FAIL beside its PASS line"
	else
		not_ok "analysis: the guest row is not FAIL after the cleanup's FAIL"
		sed 's/^/    /' "$TMP/out"
	fi

	# lib.sh: a teardown failure turns a later pass into a FAIL.
	mkdir -p "$TMP/scn"
	cp "$LAB_DIR/scenarios/lib.sh" "$TMP/scn/"
	# shellcheck disable=SC2016 # the script's own text
	printf '%s\n' '. "$(dirname "$0")/lib.sh"' 'teardown_failed "vif9.0 not torn down"' pass \
		>"$TMP/scn/selftest_teardown_$$.sh"
	expect_fail "lib.sh: pass after teardown_failed is a FAIL" \
		"^FAIL selftest_teardown_$$: teardown failed: vif9.0 not torn down" \
		sh "$TMP/scn/selftest_teardown_$$.sh"
	rm -f "/tmp/lab-teardown-selftest_teardown_$$"

	# agent.sh's fe_run_cases with its dom0 steps faked: a passing case
	# whose close got no answer, then a vif whose detach fails.
	cat >"$TMP/scn/selftest_cases_$$.sh" <<-EOF
		. "\$(dirname "\$0")/lib.sh"
		FE_DIR=$fe FE_ORACLE=x
		. $fe/agent.sh
		FE_RUN=$TMP/nft
		mkdir -p "\$FE_RUN"
		fe_domid() { echo 9; }
		fe_vif_attach() { echo 0; }
		fe_vif_detach() { return 1; }
		fe_dmesg_mark() { :; }
		fe_dmesg_oracle() { :; }
		fe_g2_alive() { :; }
		fe_log() { :; }
		fe_run_case() { echo "case=\$3 advisory=- expect=conform outcome=conform verdict=PASS close=stuck"; }
		fe_run_cases conform 10 basic
		echo "nfail=\$?"
		fe_run_cases conform 10
		echo "empty=\$?"
		pass
	EOF
	expect_fail "agent.sh: close=stuck fails the case, a failed detach the scenario" \
		"^FAIL selftest_cases_$$: teardown failed: vif9.0 not torn down after basic" \
		sh "$TMP/scn/selftest_cases_$$.sh"
	rm -f "/tmp/lab-teardown-selftest_cases_$$"
	for want in 'RESULT fe.basic=-,conform,conform\+close-stuck,FAIL' \
		'RESULT fe_teardown.basic=detach-failed,FAIL' '^nfail=1$' \
		'RESULT fe_count.conform=0' '^empty=1$'; do
		if grep -qE -- "$want" "$TMP/out"; then
			ok "agent.sh: ... prints /$want/"
		else
			not_ok "agent.sh: no line /$want/"
			sed 's/^/    /' "$TMP/out"
		fi
	done
}

# table.sh on fake runs, with a fake case list (NFT).
table_tests() {
	local d table=$LAB_DIR/../frontend/table.sh
	printf '%s\n' '#!/bin/sh' 'printf "%s\n" "hostile xsa39-runt XSA-39 error runt" "hostile xsa39-gso0 XSA-39 fatal gso0" "conform features - conform keys" "conform basic - conform frames"' \
		>"$TMP/nft-list"
	chmod +x "$TMP/nft-list"
	d=$TMP/table-full
	fake_run "$d"
	printf "NETBACK='mt'\nWORKERS='kthread'\nSCENARIOS='fe_cases'\n" >"$d/config"
	printf '%s\n' 'RESULT fe.features=-,conform,conform,PASS' 'RESULT fe.basic=-,conform,conform,PASS' \
		'RESULT fe.xsa39-runt=XSA-39,error,error,PASS' 'RESULT fe.xsa39-gso0=XSA-39,fatal,fatal,PASS' \
		'PASS fe_cases' >"$d/out/results.txt"
	expect_pass "table: a run with every case passes" env NFT="$TMP/nft-list" "$table" "$d"

	d=$TMP/table-stock
	fake_run "$d"
	printf "NETBACK='stock'\nSCENARIOS='fe_conform'\n" >"$d/config"
	printf '%s\n' 'RESULT fe.features=-,conform,conform,PASS' 'RESULT fe.basic=-,conform,conform,PASS' \
		>"$d/out/results.txt"
	expect_pass "table: a fe_conform column needs only the conform cases" \
		env NFT="$TMP/nft-list" "$table" "$d"

	d=$TMP/table-short
	fake_run "$d"
	printf "NETBACK='mt'\nWORKERS='tasklet'\nSCENARIOS='fe_cases'\n" >"$d/config"
	printf '%s\n' 'RESULT fe.features=-,conform,conform,PASS' 'RESULT fe.basic=-,conform,conform,PASS' \
		'RESULT fe.xsa39-runt=XSA-39,error,error,PASS' >"$d/out/results.txt"
	expect_fail "table: a case missing from a column fails" 'xsa39-gso0 +XSA-39 +fatal +missing FAIL' \
		env NFT="$TMP/nft-list" "$table" "$d"

	d=$TMP/table-narrow
	fake_run "$d"
	printf "NETBACK='mt'\nWORKERS='tasklet'\nSCENARIOS='fe_cases'\nFE_CASES='basic xsa39-runt'\n" >"$d/config"
	printf '%s\n' 'RESULT fe.basic=-,conform,conform,PASS' 'RESULT fe.xsa39-runt=XSA-39,error,error,PASS' \
		>"$d/out/results.txt"
	expect_pass "table: FE_CASES narrows a fe_cases column to the cases it names" \
		env NFT="$TMP/nft-list" "$table" "$d"

	d=$TMP/table-teardown
	fake_run "$d"
	printf "NETBACK='mt'\nWORKERS='kthread'\nSCENARIOS='fe_conform'\n" >"$d/config"
	printf '%s\n' 'RESULT fe.features=-,conform,conform,PASS' 'RESULT fe.basic=-,conform,conform,PASS' \
		'RESULT fe_teardown.basic=detach-failed,FAIL' >"$d/out/results.txt"
	expect_fail "table: a vif not torn down after a case fails its cell" 'basic .*conform\+detach-failed FAIL' \
		env NFT="$TMP/nft-list" "$table" "$d"

	d=$TMP/table-na
	fake_run "$d"
	printf "NETBACK='mt'\nWORKERS='kthread'\nSCENARIOS='fe_conform'\n" >"$d/config"
	printf '%s\n' 'RESULT fe.features=-,conform,conform,PASS' 'RESULT fe.basic=-,conform,n/a,FAIL' \
		>"$d/out/results.txt"
	expect_fail "table: n/a judged FAIL (ours offers it) is a FAIL cell" 'basic .*n/a: not offered FAIL' \
		env NFT="$TMP/nft-list" "$table" "$d"

	printf '%s\n' '#!/bin/sh' 'exit 0' >"$TMP/nft-empty"
	chmod +x "$TMP/nft-empty"
	expect_fail "table: an empty case list fails" 'gave 0 conform and 0 hostile cases' \
		env NFT="$TMP/nft-empty" "$table" "$TMP/table-full"
}

boot_tests() {
	expect_fail "boot: no netback loaded -> guest scenario FAILs" \
		'^FAIL guest: ' "$LAB_DIR/lab.sh" --netback none --scenarios "toolstack guest"
	if grep -qE '^  toolstack +PASS' "$TMP/out"; then
		ok "boot: ... while toolstack still PASSes (the runner tells them apart)"
	else
		not_ok "boot: toolstack did not pass in the netback=none run"
	fi
	expect_fail "boot: a run past its hard timeout fails" \
		'FAIL lab: QEMU hit the hard timeout' \
		"$LAB_DIR/lab.sh" --netback stock --scenarios "toolstack" --timeout 20
}

analysis_tests
oracle_tests
teardown_tests
table_tests
if [ "${1:-}" != --quick ]; then
	boot_tests
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
