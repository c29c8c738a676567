#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: boot the lab once per driver and repetition with --bench and
# the bench_net scenario, collect the figures, write the report.
#   tests/bench/bench.sh            3 rounds, 1 2 4 8 guests (< 1 hour)
#   QUICK=1 tests/bench/bench.sh    1 round, 1 and 8 guests, no mt-1group
#                                   (< 15 minutes)
# Drivers, in this order in every round (so repetitions interleave them):
#   stock       the lab kernel's xen-netback
#   mt-kthread  ours, workers=kthread
#   mt-tasklet  ours, workers=tasklet
#   mt-1group   ours, groups=1 workers=kthread (the single-pair baseline)
# and, named in BENCH_DRIVERS only: mt-flat (kthreads not weighed by their
# queues: weigh_workers=0), mt-nice-N (worker_nice=N).
# Knobs (environment): BENCH_ROUNDS, BENCH_GUESTS ("1 2 4 8"), BENCH_SECS
# (5 s per load), BENCH_DRIVERS (a subset of the names above),
# BENCH_FRAMES=1 also runs the test frontend's load mode (scenario
# fe_load, FE_LOAD_SECONDS=BENCH_SECS: frames/s at 64 and 1518 bytes each
# way) in every boot: about 2 more minutes per boot, so off by default.
# BENCH_PROFILE=0 leaves out the profile (QUICK=1: BENCH_PROFILE=1 adds
# it): by default, in the first round, at the largest point, dom0 samples
# its CPUs (perf, software cpu-clock, call graphs)
# during one more, unmeasured, run of each load. perf is the host's own
# (Debian's linux-perf: dom0's kernel is the same 6.1), brought on the
# payload with its libraries. dom0's usability under a flood is measured
# in the first round only, too (BENCH_USABILITY_ROUNDS=all: in every
# round). BENCH_DOM0_WEIGHT=N sets dom0's credit2
# weight before the loads: 1024 unless given, four times a guest's, as an
# operator gives dom0 its share on a busy host (README, "Benchmark");
# BENCH_DOM0_WEIGHT=256 is Xen's default, dom0 weighed as one guest.
# Output: build/bench/<time>/ with raw.tsv (driver round load guests guest
# value), boots.tsv, logs/ (each boot's lab.sh output, results and config),
# and report.sh's table.md, summary.tsv, metrics.tsv and PNGs.
set -eu
set -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
# BENCH_LAB: another lab.sh (a fake, to test this script without QEMU).
LAB=${BENCH_LAB:-$REPO/tests/lab/lab.sh}

# QUICK=1 leaves out the single-pair baseline too: four boots of 1 and 8
# guests took 18 minutes from a clean clone, over its 15.
if [ "${QUICK:-0}" = 1 ]; then
	ROUNDS=${BENCH_ROUNDS:-1}
	GUESTS=${BENCH_GUESTS:-1 8}
	DRIVERS=${BENCH_DRIVERS:-stock mt-kthread mt-tasklet}
else
	ROUNDS=${BENCH_ROUNDS:-3}
	GUESTS=${BENCH_GUESTS:-1 2 4 8}
	DRIVERS=${BENCH_DRIVERS:-stock mt-kthread mt-tasklet mt-1group}
fi
SECS=${BENCH_SECS:-5}
FRAMES=${BENCH_FRAMES:-0}
export BENCH_DOM0_WEIGHT=${BENCH_DOM0_WEIGHT:-1024}
# QUICK=1 is for checking a change in minutes: no profile unless asked.
if [ "${QUICK:-0}" = 1 ]; then
	PROFILE=${BENCH_PROFILE:-0}
else
	PROFILE=${BENCH_PROFILE:-1}
fi
OUT=$REPO/build/bench/$(date +%Y%m%d-%H%M%S)

say() {
	printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

die() {
	say "ERROR: $*"
	exit 1
}

case "$ROUNDS" in "" | *[!0-9]* | 0) die "BENCH_ROUNDS must be a positive number" ;; esac
case "${BENCH_USABILITY_ROUNDS:-1}" in 1 | all) ;; *) die "BENCH_USABILITY_ROUNDS must be 1 or all" ;; esac
case "$SECS" in "" | *[!0-9]* | 0) die "BENCH_SECS must be a positive number" ;; esac
case "$BENCH_DOM0_WEIGHT" in "" | *[!0-9]* | 0) die "BENCH_DOM0_WEIGHT must be a positive number" ;; esac
for g in $GUESTS; do
	case "$g" in [1-8]) ;; *) die "BENCH_GUESTS: $g is not 1..8" ;; esac
done
[ "$(id -u)" = 0 ] || die "make bench boots the lab: it needs root"

# lab.sh's arguments for a driver.
driver_args() {
	case "$1" in
	stock) echo "--netback stock" ;;
	mt-kthread) echo "--netback mt --workers kthread" ;;
	mt-tasklet) echo "--netback mt --workers tasklet" ;;
	mt-1group) echo "--netback mt --workers kthread --module-params groups=1" ;;
	# ours with kthreads at worker_nice whatever their queues (nice 0)
	mt-flat) echo "--netback mt --workers kthread --module-params weigh_workers=0" ;;
	# ours with kthreads at nice N (worker_nice=N), N in -20..19
	mt-nice-[0-9] | mt-nice-[0-9][0-9] | mt-nice--[0-9] | mt-nice--[0-9][0-9])
		echo "--netback mt --workers kthread --module-params worker_nice=${1#mt-nice-}" ;;
	*) return 1 ;;
	esac
}
for d in $DRIVERS; do
	driver_args "$d" >/dev/null || die "BENCH_DRIVERS: unknown driver $d"
done

# QEMU's hard limit for one boot, about twice what it should take: boot
# to the toolstack (~45 s) and shutdown/log collection; per point of G
# guests: xl create (~8 s each, serial; counted as if all G were new,
# though the point before's stay), their boot, warm-up, three loads of
# SECS with iperf3's setup; at the largest point the usability flood
# (SECS + 30) and the idle loop (first round only; budgeted in every one).
boot_timeout() {
	local t=150 g
	for g in $GUESTS; do
		t=$((t + 2 * (20 + 8 * g + 3 * (SECS + 4))))
	done
	t=$((t + 2 * (2 * SECS + 40)))
	# the profile (first round): three more loads, perf's set-up and
	# perf script's fold in dom0
	[ "$PROFILE" = 0 ] || t=$((t + 2 * 3 * (SECS + 60)))
	if [ "$FRAMES" = 1 ]; then
		# fe_load: two guests (one with the tool), 4 measurements of SECS.
		t=$((t + 2 * (60 + 4 * (SECS + 10))))
		# and, with the profile, its two 64-byte loads once more, 30 s
		# each, with perf's set-up and report in dom0
		[ "$PROFILE" = 0 ] || t=$((t + 2 * 2 * (30 + 60)))
	fi
	echo "$t"
}

# collect DRIVER ROUND RUNDIR: its RESULT lines as raw.tsv rows.
collect() {
	local d=$1 r=$2 run=$3
	# results.txt gets a scenario's lines when it ends: a boot cut by its
	# time limit has them only on the console.
	if grep -q '^RESULT bench\.' "$run/out/results.txt" 2>/dev/null; then
		cat "$run/out/results.txt"
	else
		tr -d '\r' <"$run/serial.log" 2>/dev/null | grep -a '^RESULT '
	fi | awk -v d="$d" -v r="$r" '
		# RESULT bench.LOAD.GUESTS.WHAT=VALUE
		/^RESULT bench\./ {
			s = substr($0, 14); k = s; sub(/=.*/, "", k); v = s; sub(/^[^=]*=/, "", v)
			n = split(k, p, ".")
			if (n == 3 && p[2] ~ /^[0-9]+$/ && v ~ /^-?[0-9.]+$/)
				printf "%s\t%s\t%s\t%s\t%s\t%s\n", d, r, p[1], p[2], p[3], v
			next
		}
		# fe_load: RESULT load.DIR-SIZEB=PPS,OUTCOME,VERDICT (PASS only)
		/^RESULT load\.(tx|rx)-[0-9]+B=/ {
			s = substr($0, 13); k = s; sub(/=.*/, "", k); v = s; sub(/^[^=]*=/, "", v)
			split(v, f, ",")
			gsub(/-/, "_", k)
			if (f[3] == "PASS") printf "%s\t%s\tframes_%s\t1\ttotal\t%s\n", d, r, k, f[1]
		}'
}

# perf_payload DIR: the host's perf, its libraries and its loader in DIR
# (dom0 runs DIR/run), so that no image has to carry it.
perf_payload() {
	local dir=$1 perf lib
	perf=$(command -v perf) || return 1
	# Debian's /usr/bin/perf may be a wrapper script: find the ELF.
	head -c 4 "$perf" | grep -q ELF || perf=$(printf '%s\n' /usr/bin/perf_[0-9]* | sort -V | tail -n 1)
	[ -n "$perf" ] && head -c 4 "$perf" | grep -q ELF || return 1
	mkdir -p "$dir/lib"
	cp -L "$perf" "$dir/perf"
	for lib in $(ldd "$perf" | grep -oE '/[^ ]+'); do
		cp -L "$lib" "$dir/lib/"
	done
	# run (below) starts perf through this loader.
	[ -e "$dir/lib/ld-linux-x86-64.so.2" ] || return 1
	cat >"$dir/run" <<-'EOF'
		#!/bin/sh
		# SPDX-License-Identifier: GPL-2.0
		# The host's perf with the host's libraries (make bench's payload).
		d=$(dirname "$0")
		exec "$d"/lib/ld-linux-x86-64.so.2 --library-path "$d/lib" "$d/perf" "$@"
	EOF
	chmod 755 "$dir/run"
}

mkdir -p "$OUT/logs"
printf 'driver\tround\tload\tguests\tguest\tvalue\n' >"$OUT/raw.tsv"
printf 'driver\tround\tlab_exit\tseconds\trun\n' >"$OUT/boots.tsv"

if ! command -v gnuplot >/dev/null; then
	say "installing gnuplot-nox for the plots"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q gnuplot-nox >"$OUT/logs/apt.log" 2>&1 ||
		say "apt-get install gnuplot-nox failed (log: $OUT/logs/apt.log): no plots"
fi
payload_add=""
if [ "$PROFILE" != 0 ]; then
	if ! command -v perf >/dev/null; then
		say "installing linux-perf for the profiles"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q linux-perf >>"$OUT/logs/apt.log" 2>&1 ||
			say "apt-get install linux-perf failed (log: $OUT/logs/apt.log)"
	fi
	if perf_payload "$OUT/perf"; then
		payload_add="--payload-add $OUT/perf"
	else
		say "no usable perf on this host: no profiles"
		rm -rf "$OUT/perf"
	fi
fi
# fe_load needs the test frontend, which lab.sh builds for fe_* scenarios.
scenarios=bench_net
[ "$FRAMES" = 1 ] && scenarios="bench_net fe_load"
limit=$(boot_timeout)
nboots=$((ROUNDS * $(wc -w <<<"$DRIVERS")))
say "output: $OUT"
say "$ROUNDS round(s) x drivers ($DRIVERS); guests: $GUESTS; ${SECS}s per load;" \
	"scenarios: $scenarios; dom0 weight $BENCH_DOM0_WEIGHT; $nboots boots," \
	"hard limit ${limit}s each"

export BENCH_GUESTS="$GUESTS" BENCH_SECS="$SECS" FE_LOAD_SECONDS="$SECS"
t_start=$(date +%s)
failed=0
for r in $(seq 1 "$ROUNDS"); do
	for d in $DRIVERS; do
		log=$OUT/logs/$r-$d.log
		say "round $r/$ROUNDS: $d (log: $log)"
		t0=$(date +%s)
		rc=0
		# The report reads the first round's profiles only: the others
		# are spared perf's minute or two.
		profile_arg=""
		[ "$r" != 1 ] || profile_arg=$payload_add
		# the usability flood, too, is the first round's only (a minute)
		BENCH_USABILITY=0
		[ "$r" != 1 ] && [ "${BENCH_USABILITY_ROUNDS:-1}" != all ] ||
			BENCH_USABILITY=1
		export BENCH_USABILITY
		# shellcheck disable=SC2046,SC2086 # separate words
		"$LAB" --bench $(driver_args "$d") $profile_arg --scenarios "$scenarios" \
			--timeout "$limit" >"$log" 2>&1 || rc=$?
		secs=$(($(date +%s) - t0))
		run=$(sed -n 's/.*run directory: //p' "$log" | tail -n 1)
		if [ -z "$run" ] || [ ! -d "$run" ]; then
			say "round $r $d: lab.sh exited $rc without a run directory (see $log)"
			printf '%s\t%s\t%s\t%s\t%s\n' "$d" "$r" "$rc" "$secs" "-" >>"$OUT/boots.tsv"
			failed=$((failed + 1))
			continue
		fi
		mkdir -p "$OUT/logs/$r-$d"
		cp "$run/config" "$OUT/logs/$r-$d/" 2>/dev/null || true
		cp "$run/out/results.txt" "$run/out/scenario-bench_net.log" "$OUT/logs/$r-$d/" 2>/dev/null || true
		cp "$run"/out/profile-* "$OUT/logs/$r-$d/" 2>/dev/null || true
		collect "$d" "$r" "$run" >>"$OUT/raw.tsv" || true
		printf '%s\t%s\t%s\t%s\t%s\n' "$d" "$r" "$rc" "$secs" "$run" >>"$OUT/boots.tsv"
		[ "$rc" = 0 ] || { failed=$((failed + 1)); say "round $r $d: lab.sh exited $rc (its figures are kept)"; }
		say "round $r $d: ${secs}s, $(grep -c "^$d	$r	" "$OUT/raw.tsv" || true) figures;" \
			"elapsed $((($(date +%s) - t_start) / 60)) min"
	done
done
say "all boots done in $((($(date +%s) - t_start) / 60)) min; $failed failed"
"$HERE/report.sh" "$OUT" || die "report.sh failed"
say "table: $OUT/table.md"
[ "$failed" = 0 ] || { say "$failed boot(s) failed: see $OUT/boots.tsv"; exit 1; }
