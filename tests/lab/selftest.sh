#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of the lab runner: proves that broken runs fail loudly.
#   1. analysis only (no QEMU, seconds): made-up run directories with an
#      oops in dom0's dmesg, a Xen assertion, a netfront complaint, a
#      missing verdict and a timeout must each fail and name the cause;
#      a clean one must pass.
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

# fake_run DIR: a finished, clean run of scenarios "toolstack guest".
fake_run() {
	local d=$1
	mkdir -p "$d/out/xen-logs/console"
	printf "NETBACK='stock'\nSCENARIOS='toolstack guest'\nMODULE_PARAMS=''\nBENCH='0'\n" >"$d/config"
	printf 'PASS toolstack\nTIME toolstack=2\nPASS guest\nRESULT x_mbit=1\nTIME guest=30\n' \
		>"$d/out/results.txt"
	echo 33 >"$d/qemu.rc"
	printf '(XEN) [    1.0] Xen version 4.17\n[    2.0] Linux version 6.1\n' >"$d/serial.log"
	echo '[    2.0] Linux version 6.1' >"$d/out/dmesg.txt"
	echo '(XEN) all fine' >"$d/out/xl-dmesg.txt"
	echo 'lab-guest: eth0 up' >"$d/out/xen-logs/console/guest-lab-g1.log"
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

	d=$TMP/serialonly
	fake_run "$d"
	rm -f "$d/out/results.txt"
	printf 'PASS toolstack\r\nFAIL guest: xl create failed\r\n' >>"$d/serial.log"
	expect_fail "analysis: verdicts read from the serial log when dom0 wrote none" \
		'FAIL guest: xl create failed' "$LAB_DIR/lab.sh" --analyze "$d"
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
if [ "${1:-}" != --quick ]; then
	boot_tests
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
