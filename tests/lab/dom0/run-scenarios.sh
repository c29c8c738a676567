#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Scenario runner, run by dom0's init.sh. For each name in $SCENARIOS it
# runs /payload/scenarios/NAME.sh under a hard timeout (a scenario may set
# its own with a "# lab-timeout: SECONDS" line), tees its output to the
# console and to out/scenario-NAME.log, and appends its PASS/FAIL/RESULT
# lines plus "TIME NAME=seconds" to out/results.txt. A scenario that ends
# without its own verdict gets a FAIL here. Guests a scenario left behind
# are destroyed so that one failure does not spill into the next; a
# runner that cannot remove them records a FAIL for the scenario.
set -u

PAYLOAD=/payload
OUT=$PAYLOAD/out
DEFAULT_TIMEOUT=240
# shellcheck source=/dev/null # written by lab.sh for each run
. "$PAYLOAD/config"

# A scenario may also set "# lab-timeout-soak: SECONDS" for soak runs.
scenario_timeout() {
	t=
	[ "${SOAK:-0}" = 1 ] &&
		t=$(sed -n 's/^# lab-timeout-soak: *\([0-9][0-9]*\).*/\1/p' "$1" | head -n 1)
	[ -n "$t" ] ||
		t=$(sed -n 's/^# lab-timeout: *\([0-9][0-9]*\).*/\1/p' "$1" | head -n 1)
	# LAB_TIME_FACTOR: the debug kernel is slower (lab.sh --kernel debug).
	echo $((${t:-$DEFAULT_TIMEOUT} * ${LAB_TIME_FACTOR:-1}))
}

record() {
	echo "$*" >>"$OUT/results.txt"
	sync
}

# Destroy any domU still alive and wait for its vifs to go. Giving up
# (a guest xl destroy cannot remove, a vif left 60 s later) is a FAIL of
# the scenario NAME that left them: the next one would start on them.
cleanup_guests() {
	for d in $(xl list 2>/dev/null | awk 'NR > 1 && $2 != 0 { print $1 }'); do
		echo "lab-runner: destroying leftover guest $d"
		timeout 60 xl destroy "$d" >/dev/null 2>&1
	done
	i=0
	while :; do
		vifs=$(find /sys/class/net -maxdepth 1 -name 'vif*' -exec basename {} \; | tr '\n' ' ')
		# A domain still listed once its vifs are gone: dying, held.
		left=
		[ -n "$vifs" ] || left=$(xl list 2>/dev/null | awk 'NR > 1 && $2 != 0 { printf "%s ", $1 }')
		if [ -z "$vifs$left" ] || [ "$i" -ge 60 ]; then
			break
		fi
		i=$((i + 1))
		sleep 1
	done
	if [ -n "$left$vifs" ]; then
		echo "FAIL $1: the runner's cleanup gave up: guests left: ${left:-none}; vifs left: ${vifs:-none}"
		record "FAIL $1: the runner's cleanup gave up: guests left: ${left:-none}; vifs left: ${vifs:-none}"
	fi
}

# The kernel's taint after boot and after each scenario, as "TAINT
# NAME=VALUE" (/proc/sys/kernel/tainted): the host fails a run with any
# flag other than O (out-of-tree module) and E (unsigned module).
record_taint() {
	taint=$(cat /proc/sys/kernel/tainted 2>/dev/null) || taint='?'
	echo "TAINT $1=${taint:-?}"
	record "TAINT $1=${taint:-?}"
}

run_one() {
	name=$1
	file=$PAYLOAD/scenarios/$name.sh
	log=$OUT/scenario-$name.log
	if [ ! -f "$file" ]; then
		echo "FAIL $name: no such scenario"
		record "FAIL $name: no such scenario"
		return
	fi
	limit=$(scenario_timeout "$file")
	echo "lab-runner: === $name (timeout ${limit}s) ==="
	start=$(date +%s)
	# The status file carries timeout's exit code out of the pipeline.
	{ timeout -k 10 "$limit" sh "$file"; echo "$?" >/tmp/status; } 2>&1 |
		tee "$log"
	rc=$(cat /tmp/status)
	secs=$(($(date +%s) - start))
	grep -E '^(PASS|FAIL|RESULT) ' "$log" >>"$OUT/results.txt"
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		echo "FAIL $name: timed out after ${limit}s"
		record "FAIL $name: timed out after ${limit}s"
	elif ! grep -qE "^(PASS $name\$|FAIL $name:)" "$log"; then
		echo "FAIL $name: ended without a verdict (exit $rc)"
		record "FAIL $name: ended without a verdict (exit $rc)"
	fi
	record "TIME $name=$secs"
	cleanup_guests "$name"
	record_taint "$name"
}

record_taint boot
for s in $SCENARIOS; do
	run_one "$s"
done
