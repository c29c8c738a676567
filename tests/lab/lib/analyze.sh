# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Judge a finished lab run from its directory (build/lab/logs/<stamp>/):
#   config        the payload's config (which scenarios were asked for)
#   serial.log    the whole serial console (Xen + dom0 console)
#   out/          dom0's logs from the payload drive: results.txt,
#                 dmesg.txt, xl-dmesg.txt, xen-logs/console/guest-*.log
#   qemu.rc       QEMU's exit status (33 = dom0 finished, 124 = timeout)
#   phases        "name|status|seconds" rows from lab.sh
# Prints the summary table and every reason for failure; returns non-zero
# on any FAIL, RESULT with the verdict FAIL, missing verdict, oracle hit, taint beyond O and E (TAINT
# lines in results.txt), timeout or abnormal end.
# Works on a directory made by hand too: selftest.sh feeds it fakes.

# Oracle patterns (extended regular expressions, case-sensitive).
# Kernel reports that carry no "BUG:" in front (dom0 and guests): BUG()
# and die() headers ("invalid opcode: 0000 [#1]"), list debugging, SLUB's
# slub_debug reports ("BUG kmalloc-512 (Tainted: G O): Poison
# overwritten"), page poisoning, UBSAN, refcount_t, lockups, lockdep, the
# stack protector, kmemleak, KASAN, KFENCE and paging faults. Not matched:
# a userspace "segfault at" line (no kernel fault), "BUG_ON" or "Bug" in
# a name, netback's "vif disabled" errors that hostile frontends provoke.
ORACLE_KERNEL='kernel BUG at|invalid opcode: [0-9a-f]{4} \[#|: [0-9a-f]{4} \[#[0-9]+\]'
ORACLE_KERNEL+='|list_[a-z_]+ corruption'
ORACLE_KERNEL+='|BUG [^ ]+ \((Not tainted|Tainted: [^)]*)\): '
ORACLE_KERNEL+='|Poison overwritten|Redzone overwritten|Object already free|Freepointer corrupt'
ORACLE_KERNEL+='|pagealloc: (memory corruption|single bit error)'
ORACLE_KERNEL+='|UBSAN:|refcount_t: |hard LOCKUP|soft lockup'
ORACLE_KERNEL+='|possible circular locking dependency|possible recursive locking'
ORACLE_KERNEL+='|inconsistent lock state|WARNING: (possible irq lock inversion'
ORACLE_KERNEL+='|suspicious RCU usage|bad unlock balance|held lock freed'
ORACLE_KERNEL+='|lock held when returning|[Nn]ested lock was not taken|[A-Z]+-safe -> [A-Z]+-unsafe)'
ORACLE_KERNEL+='|stack-protector: |Kernel stack is corrupted|corrupted stack end'
ORACLE_KERNEL+='|kmemleak: .*suspected memory leak|KASAN:|KFENCE:'
ORACLE_KERNEL+='|Unable to handle kernel|unable to handle (kernel|page fault)'
# "BUG:" also matches every "ODEBUG:" line (debugobjects' reports, the
# debug kernel's DEBUG_OBJECTS_*), which is why that kernel has no
# DEBUG_OBJECTS_SELFTEST (its "ODEBUG: selftest passed" would match).
ORACLE_DOM0="BUG:|Oops|WARNING: CPU|general protection|Kernel panic|INFO: task .* blocked|rcu.*stall|$ORACLE_KERNEL"
ORACLE_XEN="Xen BUG at|Assertion '|Panic on CPU|FATAL TRAP"
# A guest that Xen saw crash. An HVM/PVH guest's triple fault is a reboot
# to Xen, and xl restarts a rebooting guest: its console shows only a new
# boot, and a scenario that pings it afterwards sees nothing wrong.
ORACLE_XEN+="|Triple fault|domain_crash called from"
# Guests (Debian's kernel as PV domU): netfront's complaints, and the
# guest kernel's own oopses, BUGs, warnings and panics.
ORACLE_GUEST='Disabled for further use|Too many slots|Bad rx response id'
ORACLE_GUEST+="|Oops|BUG:|WARNING: CPU|Kernel panic|general protection fault|$ORACLE_KERNEL"

# oracle_scan FILE REGEX LABEL: print a FAIL line per hit (at most 5).
oracle_scan() {
	local file=$1 re=$2 label=$3 hits
	[ -f "$file" ] || return 0
	hits=$(tr -d '\r' <"$file" | grep -aE -- "$re" || true)
	[ -n "$hits" ] || return 0
	printf '%s\n' "$hits" | head -n 5 | while IFS= read -r line; do
		printf 'FAIL oracle: %s: %s\n' "$label" "$line"
	done
}

# All oracle hits of a run, one FAIL line each.
oracles() {
	local run=$1 f
	oracle_scan "$run/serial.log" "$ORACLE_DOM0|$ORACLE_XEN" "serial console"
	oracle_scan "$run/out/dmesg.txt" "$ORACLE_DOM0" "dom0 dmesg"
	oracle_scan "$run/out/xl-dmesg.txt" "$ORACLE_XEN" "xl dmesg"
	for f in "$run"/out/xen-logs/console/guest-*.log; do
		[ -e "$f" ] || continue
		oracle_scan "$f" "$ORACLE_GUEST" "guest console $(basename "$f")"
	done
}

# Kernel taint flags, bit 0 first (kernel/panic.c). A run may carry only
# O (12, out-of-tree module) and E (13, unsigned module): ours is both.
TAINT_FLAGS=(P F S R M B U D A W C I O E L K X T N)
TAINT_ALLOWED=$(((1 << 12) | (1 << 13)))

# taint_letters VALUE: the flag letters of a taint value ("W O E").
taint_letters() {
	local v=$1 i out=()
	[[ "$v" =~ ^[0-9]{1,18}$ ]] || { echo "?"; return; }
	v=$((10#$v))
	for ((i = 0; i < 63 && v >> i; i++)); do
		((v >> i & 1)) || continue
		out+=("${TAINT_FLAGS[i]:-bit$i}")
	done
	echo "${out[*]:-none}"
}

# taint_check RESULTS: a FAIL line for each "TAINT NAME=VALUE" line whose
# value gains a flag other than O and E (taint is sticky: the scenario
# named is the first one after which it was seen).
taint_check() {
	local results=$1 name v bad seen=""
	while IFS='=' read -r name v; do
		if ! [[ "$v" =~ ^[0-9]{1,18}$ ]]; then
			echo "FAIL taint: after $name: /proc/sys/kernel/tainted unreadable ($v)"
			continue
		fi
		v=$((10#$v))
		bad=$((v & ~TAINT_ALLOWED))
		if [ "$bad" = 0 ] || [ "$v" = "$seen" ]; then
			continue
		fi
		seen=$v
		echo "FAIL taint: after $name: tainted=$v ($(taint_letters "$v")):" \
			"$(taint_letters "$bad") beyond O and E"
	done < <(sed -n 's/^TAINT //p' <<<"$results")
}

# The PASS/FAIL/RESULT/TIME/TAINT lines of a run: from the payload drive when
# dom0 got to write them, else from the serial console.
run_results() {
	local run=$1
	if [ -s "$run/out/results.txt" ]; then
		cat "$run/out/results.txt"
	else
		tr -d '\r' <"$run/serial.log" 2>/dev/null |
			grep -aE '^(PASS|FAIL|RESULT|TIME|TAINT) ' || true
	fi
}

# Verdict of scenario NAME in RESULTS: PASS, FAIL or MISSING.
verdict_of() {
	local name=$1 results=$2
	if grep -qE "^FAIL $name:" <<<"$results"; then
		echo FAIL
	elif grep -qx "PASS $name" <<<"$results"; then
		echo PASS
	else
		echo MISSING
	fi
}

# hung_in RUN RESULTS: where a run cut by its hard timeout was: the
# scenario the runner had started and not finished, and the last lines
# it printed; empty when no scenario had started.
hung_in() {
	local run=$1 results=$2 name
	name=$(tr -d '\r' <"$run/serial.log" 2>/dev/null |
		sed -n 's/^lab-runner: === \([a-z0-9_]*\) (timeout.*/\1/p' | tail -n 1)
	[ -n "$name" ] || { echo ": before the first scenario (boot or toolstack)"; return; }
	if grep -q "^TIME $name=" <<<"$results"; then
		echo " after scenario $name (in dom0's runner or log collection)"
		return
	fi
	echo " in scenario $name; its last lines:"
	tr -d '\r' <"$run/serial.log" | grep -a -A1000 "^lab-runner: === $name " |
		tail -n 5 | sed 's/^/    /'
}

analyze_run() {
	local run=$1 results scenarios s v secs rc bad=0 oracle_hits taint_hits last row
	[ -d "$run" ] || { echo "no run directory $run" >&2; return 2; }
	scenarios=$(sed -n "s/^SCENARIOS='\(.*\)'$/\1/p" "$run/config" 2>/dev/null)
	results=$(run_results "$run")
	rc=$(cat "$run/qemu.rc" 2>/dev/null || echo "?")
	oracle_hits=$(oracles "$run")
	taint_hits=$(taint_check "$results")

	echo
	echo "== lab summary: $(sed -n "s/^NETBACK='\(.*\)'$/netback=\1/p" "$run/config" 2>/dev/null)" \
		"$(sed -n "s/^MODULE_PARAMS='\(.*\)'$/params=[\1]/p" "$run/config" 2>/dev/null)" \
		"$(sed -n "s/^BENCH='1'$/BENCH/p" "$run/config" 2>/dev/null)"
	printf '%-24s %-26s %s\n' "phase / scenario" "result" "seconds"
	printf '%-24s %-26s %s\n' "----------------" "------" "-------"
	if [ -f "$run/phases" ]; then
		while IFS='|' read -r -a row; do
			printf '%-24s %-26s %s\n' "${row[0]}" "${row[1]}" "${row[2]}"
		done <"$run/phases"
	fi
	for s in $scenarios; do
		v=$(verdict_of "$s" "$results")
		secs=$(sed -n "s/^TIME $s=//p" <<<"$results" | head -n 1)
		printf '%-24s %-26s %s\n' "  $s" "$v" "${secs:--}"
		[ "$v" = PASS ] || bad=1
	done
	if [ -n "$oracle_hits" ]; then
		printf '%-24s %-26s %s\n' "oracles" "FAIL ($(wc -l <<<"$oracle_hits") hits)" "-"
		bad=1
	else
		printf '%-24s %-26s %s\n' "oracles" "clean" "-"
	fi
	last=$(sed -n 's/^TAINT [^=]*=//p' <<<"$results" | tail -n 1)
	if [ -n "$taint_hits" ]; then
		printf '%-24s %-26s %s\n' "taint" "FAIL ($last: $(taint_letters "$last"))" "-"
		bad=1
	elif [ -n "$last" ]; then
		printf '%-24s %-26s %s\n' "taint" "clean ($(taint_letters "$last"))" "-"
	fi
	if [ -f "$run/total-seconds" ]; then
		printf '%-24s %-26s %s\n' "total" "" "$(cat "$run/total-seconds")"
	fi

	if grep -q '^RESULT ' <<<"$results"; then
		echo
		echo "figures:"
		sed -n 's/^RESULT /  /p' <<<"$results"
	fi
	echo
	grep -E '^FAIL ' <<<"$results" || true
	[ -z "$oracle_hits" ] || printf '%s\n' "$oracle_hits"
	[ -z "$taint_hits" ] || printf '%s\n' "$taint_hits"
	for s in $scenarios; do
		[ "$(verdict_of "$s" "$results")" != MISSING ] ||
			echo "FAIL $s: no verdict (run ended before it, see serial.log)"
	done
	case "$rc" in
	33) ;;
	124 | 137)
		echo "FAIL lab: QEMU hit the hard timeout (rc $rc)$(hung_in "$run" "$results")"
		bad=1 ;;
	*)
		echo "FAIL lab: QEMU ended abnormally (rc $rc; dom0 never reported done)"
		bad=1 ;;
	esac
	# A RESULT whose verdict (its last field) is FAIL fails the run even
	# when its scenario said PASS (a case, a teardown, a load run).
	if grep -qE '^RESULT [^=]+=.*,FAIL$' <<<"$results"; then
		sed -n 's/^RESULT \([^=]*=.*,FAIL\)$/FAIL result: \1/p' <<<"$results"
		bad=1
	fi
	# A FAIL line outside the scenarios (e.g. load_netback, boot) counts too.
	! grep -qE '^FAIL ' <<<"$results" || bad=1

	if [ "$bad" = 0 ]; then
		echo "lab: PASS (logs: $run)"
		return 0
	fi
	echo "lab: FAILED — logs in $run (serial.log, out/)"
	return 1
}
