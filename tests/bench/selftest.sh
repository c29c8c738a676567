#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench's analysis on a fixed raw.tsv (tests/bench/fixture/), no QEMU:
#   tests/bench/selftest.sh
# runs report.sh on a copy and checks every summary figure against the
# numbers worked out by hand (median, min–max, Jain, scaling, vs stock,
# unstable), the metrics' medians, the table's marks and, with gnuplot,
# the PNGs. Exit status 0 when every check holds.
# shellcheck disable=SC2015 # ok and bad always succeed
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
T=$(mktemp -d /tmp/bench-selftest.XXXXXX)
trap 'rm -rf "$T"' EXIT
cp "$HERE/fixture/raw.tsv" "$T/"
cp -r "$HERE/fixture/logs" "$T/"
fails=0

ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

"$HERE/report.sh" "$T" || bad "report.sh exited non-zero"

# summary.tsv: driver load guests n median min max jain scaling vs_stock unstable.
# By hand (rounds 1 2 3):
#  stock to_guest 1: 100 110 90 -> median 100, 90-110; one guest: Jain 1
#  stock to_guest 2: g 30+10, 20+20, 25+15 = 40 each; Jain 1600/2000=0.8,
#    1, 1600/1700=0.941 -> 0.941; scaling 40/100 40/110 40/90 -> 0.40
#  mt-kthread to_guest 1: 200 180 330 -> 200, 180-330 (< 2x: stable);
#    vs stock 2, 1.636, 3.667 -> 2.00
#  mt-kthread to_guest 2: 50 120 100 -> 100, 50-120: 120 > 2x50 UNSTABLE;
#    Jain 1, 1, 10000/16400=0.610 -> 1.000; scaling 50/200 120/180
#    100/330 -> 0.30; vs stock 1.25 3 2.5 -> 2.50
#  mt-tasklet (2 rounds) to_guest 1: 150 170 -> even n: 160;
#    vs stock 1.5, 1.545 -> 1.52
#  mt-tasklet to_guest 2: 0 and 32 -> 16, 0-32: 0 < max UNSTABLE; Jain: the
#    all-zero round has none, 32+0 -> 1024/2048 = 0.500; scaling 0, 32/170
#    -> 0.09; vs stock 0, 0.8 -> 0.40
#  stock g2g 2 (one pair, the base): 50 60 70; g2g 4: 100 120 140 -> 2.00;
#    Jain 10000/10400=0.962, 1, 1 -> 1.000
expect_summary() {
	local want=$1 got
	got=$(awk -F'\t' -v d="${want%%	*}" -v k="$(cut -f2,3 <<<"$want")" \
		'$1 == d && $2 "\t" $3 == k' "$T/summary.tsv")
	if [ "$got" = "$want" ]; then
		ok "summary: $want"
	else
		bad "summary: want [$want] got [$got]"
	fi
}
expect_summary $'stock\tto_guest\t1\t3\t100.0\t90.0\t110.0\t1.000\t1.00\t1.00\t0'
expect_summary $'stock\tto_guest\t2\t3\t40.0\t40.0\t40.0\t0.941\t0.40\t1.00\t0'
expect_summary $'mt-kthread\tto_guest\t1\t3\t200.0\t180.0\t330.0\t1.000\t1.00\t2.00\t0'
expect_summary $'mt-kthread\tto_guest\t2\t3\t100.0\t50.0\t120.0\t1.000\t0.30\t2.50\t1'
expect_summary $'mt-tasklet\tto_guest\t1\t2\t160.0\t150.0\t170.0\t1.000\t1.00\t1.52\t0'
expect_summary $'mt-tasklet\tto_guest\t2\t2\t16.0\t0.0\t32.0\t0.500\t0.09\t0.40\t1'
expect_summary $'stock\tg2g\t2\t3\t60.0\t50.0\t70.0\t1.000\t1.00\t1.00\t0'
expect_summary $'stock\tg2g\t4\t3\t120.0\t100.0\t140.0\t1.000\t2.00\t1.00\t0'
n=$(($(wc -l <"$T/summary.tsv") - 1))
[ "$n" = 8 ] && ok "summary: 8 points" || bad "summary: $n points, want 8"

# metrics.tsv: driver load guests metric n median min max.
for want in $'stock\tto_guest\t1\tcpu_softirq\t3\t20\t10\t30' \
	$'mt-kthread\tto_guest\t1\thcalls_per_pkt\t3\t0.5\t0.25\t1' \
	$'stock\tusability\t0\tloop_count\t1\t1000\t1000\t1000'; do
	if grep -qxF "$want" "$T/metrics.tsv"; then
		ok "metrics: $want"
	else
		bad "metrics: no line [$want]"
	fi
done

# table.md: the unstable points marked (exactly those two), a row in full.
u=$(grep -c 'UNSTABLE\*\* |$' "$T/table.md")
[ "$u" = 2 ] && ok "table: 2 rows marked UNSTABLE" || bad "table: $u rows marked UNSTABLE, want 2"
row='| 2 | mt-kthread | 3 | 100.0 | 50.0–120.0 | 1.000 | 0.30 | 2.50 | **UNSTABLE** |'
grep -qxF "$row" "$T/table.md" && ok "table: $row" || bad "table: no row [$row]"
row='| to_guest | 1 | cpu_softirq | 20 (10–30) | - | - |'
grep -qxF "$row" "$T/table.md" && ok "table: $row" || bad "table: no row [$row]"
head -n 1 "$T/table.md" | grep -q SPDX-License-Identifier && ok "table: SPDX line" || bad "table: no SPDX line"

# Plots: one per load measured at two guest counts or more.
if command -v gnuplot >/dev/null; then
	for l in to_guest g2g; do
		if [ "$(head -c 4 "$T/$l.png" 2>/dev/null | od -An -c | tr -d ' ')" = '211PNG' ]; then
			ok "plot: $l.png"
		else
			bad "plot: no $l.png"
		fi
	done
	grep -qF '![to_guest](to_guest.png)' "$T/table.md" && ok "table: links to_guest.png" ||
		bad "table: no link to to_guest.png"
else
	echo "skip plots: no gnuplot (apt-get install gnuplot-nox)"
fi

# Profiles (fixture/logs: stock's in round 1, mt-kthread's in round 2 only,
# none for mt-tasklet): the table's ranks side by side, the plot's data
# (keys of any driver's top 6, by largest share; 0 where a driver has none).
grep -qxF "## Where dom0's CPU goes: to_guest" "$T/table.md" && ok "profile: to_guest section" ||
	bad "profile: no to_guest section"
grep -q "Where dom0's CPU goes: g2g" "$T/table.md" && bad "profile: a g2g section without a profile" ||
	ok "profile: no g2g section"
# shellcheck disable=SC2016 # markdown's backquotes
row='| 1 | `hypercall<gnttab_batch_copy` | 40.00 | `hypercall<netbk_grant_copy` | 30.00 | | |'
grep -qxF "$row" "$T/table.md" && ok "profile: $row" || bad "profile: no row [$row]"
# shellcheck disable=SC2016 # markdown's backquotes
row='| 4 | | | `[user] iperf3` | 2.50 | | |'
grep -qxF "$row" "$T/table.md" && ok "profile: $row" || bad "profile: no row [$row]"
if command -v gnuplot >/dev/null; then
	want=$'hypercall<gnttab_batch_copy\t40.00\t0\t0\nhypercall<netbk_grant_copy\t0\t30.00\t0'
	got=$(head -n 2 "$T/plot/profile-to_guest.dat")
	[ "$got" = "$want" ] && ok "profile: plot data by largest share" ||
		bad "profile: plot data [$got], want [$want]"
	n=$(wc -l <"$T/plot/profile-to_guest.dat")
	[ "$n" = 6 ] && ok "profile: 6 keys" || bad "profile: $n keys, want 6"
	if [ "$(head -c 4 "$T/profile-to_guest.png" 2>/dev/null | od -An -c | tr -d ' ')" = '211PNG' ]; then
		ok "plot: profile-to_guest.png"
	else
		bad "plot: no profile-to_guest.png"
	fi
fi

# dom0's fold of perf script's output (profile_fold of the lab's
# scenarios/profile.sh, which bench_net and the frontend's load profile
# source), run here on fixture/perf-script.txt, its comment lines
# dropped: five samples.
grep -v '^#' "$HERE/fixture/perf-script.txt" |
	sh -c '. "$1"; profile_fold "$2" to_guest 8' sh \
		"$HERE/../lab/scenarios/profile.sh" "$T/prof" >"$T/fold.out"
for want in 'RESULT bench.to_guest.8.prof_samples=5' \
	'RESULT bench.to_guest.8.prof_netback_pct=40.0' \
	'RESULT bench.to_guest.8.prof_idle_pct=20.0' \
	'RESULT bench.to_guest.8.prof_hcall_pct=40.0' \
	'RESULT bench.to_guest.8.prof_user_pct=20.0'; do
	grep -qxF "$want" "$T/fold.out" && ok "fold: $want" || bad "fold: no line [$want]"
done
# A hypercall by its caller, past event delivery; user space by command.
for want in $'20.00\thypercall<finish_task_switch.isra.0' $'20.00\thypercall<netbk_grant_copy' \
	$'20.00\thypercall<xen_safe_halt' $'20.00\t[user] iperf3' $'20.00\tcopy_user_generic'; do
	grep -qxF "$want" "$T/prof.top" && ok "fold: top [$want]" || bad "fold: no top line [$want]"
done
want='netbk-rx/0;kthread;netbk_rx_action;netbk_grant_copy;xen_hypercall_pv 1'
grep -qxF "$want" "$T/prof.folded" && ok "fold: stack [$want]" || bad "fold: no stack [$want]"

# A raw.tsv without rows is an error.
mkdir "$T/empty"
printf 'driver\tround\tload\tguests\tguest\tvalue\n' >"$T/empty/raw.tsv"
if "$HERE/report.sh" "$T/empty" >/dev/null 2>&1; then
	bad "report.sh accepted a raw.tsv without rows"
else
	ok "report.sh refuses a raw.tsv without rows"
fi

if [ "$fails" = 0 ]; then
	echo "bench selftest: PASS"
else
	echo "bench selftest: FAIL ($fails)"
	exit 1
fi
