#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench's analysis, on the host, without QEMU:
#   tests/bench/report.sh RAWDIR
# reads RAWDIR/raw.tsv (tab-separated, a header line, then
#   driver round load guests guest value
# where guest is gN (a guest's figure), total (the point's aggregate) or a
# metric's name (cpu_softirq, hcalls_per_pkt, threads, ...)) and writes
#   RAWDIR/summary.tsv  per driver x load x guests (loads with a total):
#                       n median min max jain scaling vs_stock unstable
#   RAWDIR/metrics.tsv  per driver x load x guests x metric: n median min max
#   RAWDIR/table.md     both as markdown, plus RAWDIR/boots.tsv if present
#   RAWDIR/LOAD.png     aggregate vs guests, a line per driver, min-max bars
#                       (gnuplot; loads measured at two guest counts or more)
#   RAWDIR/profile-LOAD.png  where dom0's CPU went under LOAD at the largest
#                       point, per driver (bars: % of perf's samples for
#                       the keys that lead any driver's profile), from the
#                       first round's RAWDIR/logs/ROUND-DRIVER/profile-*.top
#                       (tests/lab/scenarios/bench_net.sh); their top 10
#                       side by side in table.md
# The arithmetic (every figure is over the rounds of the same bench run):
#   median   the middle of the sorted aggregates (even n: mean of the two)
#   jain     per boot (Σx)²/(n·Σx²) over the gN figures, then the median
#   scaling  per boot the aggregate / the same boot's aggregate at its
#            smallest guest count for that load (1; g2g: 2, one pair), median
#   vs_stock per round the aggregate / stock's in the same round, median
#   unstable n >= 2 and max > 2 x min (or min = 0 < max): marked, and the
#            median is shown beside min-max, never alone
# Exit status: 0, or 1 if raw.tsv is missing or empty.
# shellcheck disable=SC2013 # driver and load names are single words
set -eu
set -o pipefail

RAWDIR=${1:?usage: $0 RAWDIR}
RAW=$RAWDIR/raw.tsv
[ -s "$RAW" ] || { echo "report: no $RAW" >&2; exit 1; }
# Its rows: no comment, no header, six fields.
body=$(awk -F'\t' '!/^#/ && $1 != "driver" && NF >= 6' "$RAW")
[ -n "$body" ] || { echo "report: $RAW has no rows" >&2; exit 1; }

# Summary and metrics (mawk-safe awk: no asort).
awk -F'\t' -v sum="$RAWDIR/summary.tsv" -v met="$RAWDIR/metrics.tsv" '
function median(s, n,    a, i, j, t, k) {
	n = split(s, a, " ")
	for (i = 2; i <= n; i++) {
		t = a[i] + 0
		for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]
		a[j + 1] = t
	}
	if (n == 0) return ""
	k = int((n + 1) / 2)
	return n % 2 ? a[k] + 0 : (a[k] + a[k + 1]) / 2
}
function mn(s,    a, n, i, m) { n = split(s, a, " "); m = a[1] + 0; for (i = 2; i <= n; i++) if (a[i] + 0 < m) m = a[i] + 0; return m }
function mx(s,    a, n, i, m) { n = split(s, a, " "); m = a[1] + 0; for (i = 2; i <= n; i++) if (a[i] + 0 > m) m = a[i] + 0; return m }
function cnt(s,    a) { return split(s, a, " ") }
function addl(arr, k, v) { arr[k] = (k in arr) ? arr[k] " " v : v }
{
	d = $1; r = $2; l = $3; g = $4 + 0; w = $5; v = $6 + 0
	if (!(d in dseen)) { dseen[d] = 1; drivers[++nd] = d }
	if (!(r in rseen)) { rseen[r] = 1; rounds[++nr] = r }
	if (w == "total") {
		if (!(l in lseen)) { lseen[l] = 1; loads[++nl] = l }
		tot[d, r, l, g] = v
		if (!((l, g) in pseen)) { pseen[l, g] = 1; addl(pg, l, g) }
		if (!((d, r, l) in base) || g < baseg[d, r, l]) { base[d, r, l] = 1; baseg[d, r, l] = g }
	} else if (w ~ /^g[0-9]+$/) {
		s1[d, r, l, g] += v; s2[d, r, l, g] += v * v; sn[d, r, l, g]++
	} else {
		mk = l SUBSEP g SUBSEP w
		if (!(mk in mseen)) { mseen[mk] = 1; mkeys[++nm] = mk }
		addl(mv, d SUBSEP mk, v)
	}
}
END {
	print "driver\tload\tguests\tn\tmedian\tmin\tmax\tjain\tscaling\tvs_stock\tunstable" > sum
	for (li = 1; li <= nl; li++) {
		l = loads[li]
		ng = split(pg[l], gs, " ")
		# guest counts ascending
		for (i = 2; i <= ng; i++) { t = gs[i] + 0; for (j = i - 1; j >= 1 && gs[j] + 0 > t; j--) gs[j + 1] = gs[j]; gs[j + 1] = t }
		for (gi = 1; gi <= ng; gi++) {
			g = gs[gi] + 0
			for (di = 1; di <= nd; di++) {
				d = drivers[di]
				vals = ""; js = ""; ss = ""; vs = ""
				for (ri = 1; ri <= nr; ri++) {
					r = rounds[ri]
					if (!((d, r, l, g) in tot)) continue
					x = tot[d, r, l, g]
					vals = vals " " x
					if (sn[d, r, l, g] > 0 && s2[d, r, l, g] > 0)
						js = js " " (s1[d, r, l, g] ^ 2) / (sn[d, r, l, g] * s2[d, r, l, g])
					b = tot[d, r, l, baseg[d, r, l]]
					if (b > 0) ss = ss " " x / b
					if (d != "stock" && ((("stock", r, l, g) in tot)) && tot["stock", r, l, g] > 0)
						vs = vs " " x / tot["stock", r, l, g]
				}
				n = cnt(vals)
				if (n == 0) continue
				lo = mn(vals); hi = mx(vals)
				uns = (n >= 2 && ((lo <= 0 && hi > 0) || (lo > 0 && hi > 2 * lo))) ? 1 : 0
				jm = cnt(js) ? sprintf("%.3f", median(js)) : "-"
				sm = cnt(ss) ? sprintf("%.2f", median(ss)) : "-"
				if (d == "stock") vm = "1.00"
				else vm = cnt(vs) ? sprintf("%.2f", median(vs)) : "-"
				printf "%s\t%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%s\t%s\t%s\t%d\n", d, l, g, n, median(vals), lo, hi, jm, sm, vm, uns > sum
			}
		}
	}
	print "driver\tload\tguests\tmetric\tn\tmedian\tmin\tmax" > met
	for (mi = 1; mi <= nm; mi++) {
		split(mkeys[mi], p, SUBSEP)
		for (di = 1; di <= nd; di++) {
			d = drivers[di]
			if (!((d SUBSEP mkeys[mi]) in mv)) continue
			s = mv[d SUBSEP mkeys[mi]]
			printf "%s\t%s\t%d\t%s\t%d\t%.6g\t%.6g\t%.6g\n", d, p[1], p[2], p[3], cnt(s), median(s), mn(s), mx(s) > met
		}
	}
}' <<<"$body"

rounds=$(awk -F'\t' '{ print $2 }' <<<"$body" | sort -u | wc -l)
drivers=$(awk -F'\t' '!s[$1]++ { printf "%s%s", n++ ? ", " : "", $1 }' <<<"$body")

# png_term W,H: gnuplot's terminal for a PNG of that size (pngcairo when
# this gnuplot has it).
png_term() {
	if gnuplot -e 'set terminal' 2>&1 | grep -q pngcairo; then
		echo "pngcairo size $1"
	else
		echo png
	fi
}

# The plots: aggregate vs guests, one line per driver, min-max error bars.
plot_load() {
	local l=$1 d f cmd="" term
	mkdir -p "$RAWDIR/plot"
	for d in $(awk -F'\t' -v l="$l" 'NR > 1 && $2 == l && !s[$1]++ { print $1 }' "$RAWDIR/summary.tsv"); do
		f=$RAWDIR/plot/$l-$d.dat
		awk -F'\t' -v l="$l" -v d="$d" 'NR > 1 && $1 == d && $2 == l { print $3, $5, $6, $7 }' \
			"$RAWDIR/summary.tsv" >"$f"
		[ -z "$cmd" ] || cmd="$cmd, "
		cmd="$cmd'$f' using 1:2:3:4 with yerrorlines title '$d'"
	done
	term=$(png_term 800,500)
	gnuplot <<-EOF
		set terminal $term noenhanced
		set output '$RAWDIR/$l.png'
		set title 'make bench: $l (median, min-max over $rounds round(s))'
		set xlabel 'guests'
		set ylabel '$( [[ $l == frames_* ]] && echo 'frames/s' || echo 'Mbit/s')'
		set logscale x 2
		set xrange [0.8:10]
		set yrange [0:*]
		set key outside right
		set grid
		plot $cmd
	EOF
}

plots=""
if command -v gnuplot >/dev/null; then
	for l in $(awk -F'\t' 'NR > 1 { print $2 }' "$RAWDIR/summary.tsv" | awk '!s[$0]++'); do
		if [ "$(awk -F'\t' -v l="$l" 'NR > 1 && $2 == l { print $3 }' "$RAWDIR/summary.tsv" | sort -u | wc -l)" -ge 2 ]; then
			if plot_load "$l"; then
				plots="$plots $l"
			else
				echo "report: gnuplot failed for $l" >&2
			fi
		fi
	done
else
	echo "report: no gnuplot (apt-get install gnuplot-nox): no plots" >&2
fi

# Profiles: the first round that has one, per driver and load (at the
# largest point, which is the only one profiled).
# profile_file DRIVER LOAD: that round's .top file, or nothing.
profile_file() {
	local f dir
	for f in "$RAWDIR"/logs/*/profile-"$2"-*.top; do
		dir=$(basename "$(dirname "$f")")
		if [ "${dir#*-}" != "$1" ] || [ ! -s "$f" ]; then
			continue
		fi
		echo "$f"
		return
	done
}

profile_loads=""
for l in to_guest from_guest g2g frames_tx_64B frames_rx_64B; do
	for d in ${drivers//,/}; do
		if [ -n "$(profile_file "$d" "$l")" ]; then
			profile_loads="$profile_loads $l"
			break
		fi
	done
done

# profile_dat LOAD: "key<TAB>% per driver" for the keys in any driver's
# top 6, in order of their largest share.
profile_dat() {
	local l=$1 d f
	for d in ${drivers//,/}; do
		f=$(profile_file "$d" "$l")
		if [ -n "$f" ]; then
			awk -F'\t' -v d="$d" '{ print d "\t" $0 }' "$f"
		fi
	done | awk -F'\t' -v ds="${drivers//,/}" '
		BEGIN { nd = split(ds, dl, " ") }
		{ v[$1, $3] = $2; if (++rank[$1] <= 6 && !($3 in keep)) { keep[$3] = 1; keys[++nk] = $3 }
		  if ($2 + 0 > best[$3] + 0) best[$3] = $2 }
		END {
			# by largest share, descending (insertion sort: mawk has no asort)
			for (i = 2; i <= nk; i++) { t = keys[i]
				for (j = i - 1; j >= 1 && best[keys[j]] + 0 < best[t] + 0; j--) keys[j + 1] = keys[j]
				keys[j + 1] = t }
			for (i = 1; i <= nk; i++) {
				printf "%s", keys[i]
				for (j = 1; j <= nd; j++) printf "\t%s", ((dl[j], keys[i]) in v) ? v[dl[j], keys[i]] : 0
				printf "\n"
			}
		}'
}

plot_profile() {
	local l=$1 cmd="" i=2 d term f
	f=$RAWDIR/plot/profile-$l.dat
	mkdir -p "$RAWDIR/plot"
	profile_dat "$l" >"$f"
	[ -s "$f" ] || return 1
	for d in ${drivers//,/}; do
		[ -z "$cmd" ] || cmd="$cmd, "
		if [ "$i" = 2 ]; then
			cmd="'$f' using $i:xtic(1) title '$d'"
		else
			cmd="$cmd'' using $i title '$d'"
		fi
		i=$((i + 1))
	done
	term=$(png_term 1000,600)
	gnuplot <<-EOF
		set terminal $term noenhanced
		set output '$RAWDIR/profile-$l.png'
		set title "make bench: where dom0's CPU goes, $l (perf samples, first round)"
		set datafile separator "\t"
		set style data histograms
		set style histogram clustered gap 1
		set style fill solid 0.8 border -1
		set ylabel '% of samples'
		set yrange [0:*]
		set xtics rotate by -35 left font ",8"
		set bmargin 12
		set key outside right
		set grid ytics
		plot $cmd
	EOF
}

if command -v gnuplot >/dev/null; then
	for l in $profile_loads; do
		if plot_profile "$l"; then
			plots="$plots profile-$l"
		else
			echo "report: gnuplot failed for the profile of $l" >&2
		fi
	done
fi

# table_head HEAD RULE CELL CELLRULE: a markdown table's header row and its
# rule: HEAD and RULE, then per driver CELL (@: the driver's name) and
# CELLRULE.
table_head() {
	local d
	printf '%s' "$1"
	for d in ${drivers//,/}; do printf '%s' "${3//@/$d}"; done
	echo
	printf '%s' "$2"
	for d in ${drivers//,/}; do printf '%s' "$4"; done
	echo
}

{
	echo "<!-- SPDX-License-Identifier: GPL-2.0 -->"
	echo "# make bench: $(basename "$RAWDIR")"
	echo
	echo "Drivers: $drivers. Rounds: $rounds (drivers interleaved in each round)."
	echo "Figures: Mbit/s (frames_*: frames/s), the median over the rounds with min–max."
	echo "Jain: (Σx)²/(n·Σx²) over the guests of one boot (g2g: over the pairs; 1 = equal"
	echo "shares), median over the rounds. Scaling: the aggregate ÷ the same boot's"
	echo "aggregate at its smallest guest count for that load (1 guest; g2g: 2 guests,"
	echo "one pair), median. vs stock: the aggregate ÷ stock's in the same round, median."
	echo "**UNSTABLE**: the rounds disagree by more than 2x (max > 2 × min): read min–max."
	for l in $(awk -F'\t' 'NR > 1 { print $2 }' "$RAWDIR/summary.tsv" | awk '!s[$0]++'); do
		echo
		echo "## $l"
		echo
		echo "| guests | driver | n | median | min–max | Jain | scaling | vs stock | |"
		echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
		awk -F'\t' -v l="$l" 'NR > 1 && $2 == l {
			printf "| %s | %s | %s | %s | %s–%s | %s | %s | %s | %s |\n", $3, $1, $4, $5, $6, $7, $8, $9, $10,
				$11 == 1 ? "**UNSTABLE**" : "" }' "$RAWDIR/summary.tsv"
		if [[ " $plots " == *" $l "* ]]; then
			echo
			echo "![$l]($l.png)"
		fi
	done
	if [ "$(wc -l <"$RAWDIR/metrics.tsv")" -gt 1 ]; then
		echo
		echo "## Other figures (median, min–max)"
		echo
		echo "cpu_*: % of dom0's CPU time during the load (/proc/stat: system includes irq,"
		echo "idle includes iowait); *_per_pkt: ours' ethtool -S counters per packet the"
		echo "vifs counted; vif_drops: packets the vifs dropped, both ways, during the"
		echo "load; tcp_*: dom0's TCP segments sent again (retrans) and dropped or"
		echo "pruned on receipt (rcv_drops); iperf_retrans: the senders' retransmits"
		echo "(the guests' own in from_guest and g2g); guest_cpu_min/max: the least"
		echo "and most CPU a guest's vCPU got (% of one CPU); sys.threads: backend"
		echo "kernel threads; sys.*_kb_per_vif: dom0 memory per guest's vif;"
		echo "usability.0: dom0 idle,"
		echo "usability.N: under a flood to N guests (loop_share: the loop's count ÷"
		echo "the idle one)."
		echo
		table_head '| load | guests | metric |' '| --- | ---: | --- |' ' @ |' ' ---: |'
		awk -F'\t' -v ds="${drivers//,/}" '
			BEGIN { nd = split(ds, dl, " ") }
			NR == 1 { next }
			{ k = $2 SUBSEP $3 SUBSEP $4
			  if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
			  c[$1, k] = ($5 > 1) ? sprintf("%s (%s–%s)", $6, $7, $8) : $6 }
			END {
				for (i = 1; i <= nk; i++) {
					split(keys[i], p, SUBSEP)
					printf "| %s | %s | %s |", p[1], p[2], p[3]
					for (j = 1; j <= nd; j++) printf " %s |", ((dl[j], keys[i]) in c) ? c[dl[j], keys[i]] : "-"
					printf "\n"
				}
			}' "$RAWDIR/metrics.tsv"
	fi
	for l in $profile_loads; do
		echo
		echo "## Where dom0's CPU goes: $l"
		echo
		case "$l" in
		frames_*)
			echo "perf in dom0 (software cpu-clock at 99 Hz, call graphs) for 5 s in"
			echo "the middle of one more, unmeasured, 30 s run of the test frontend's"
			echo "load (1 guest), first round: % of the" ;;
		*)
			echo "perf in dom0 (software cpu-clock at 99 Hz, call graphs) over one more,"
			echo "unmeasured run of the load at the largest point, first round: % of the" ;;
		esac
		echo "samples of both CPUs by leaf function; a hypercall by its caller, past"
		echo "the frames of event delivery (\`hypercall<xen_safe_halt\` is idle,"
		echo "\`hypercall<finish_task_switch.isra.0\` a context switch); user space by"
		echo "command. The folded stacks are in logs/ROUND-DRIVER/profile-$l-N.folded."
		echo
		table_head '| rank |' '| ---: |' ' @ | % |' ' --- | ---: |'
		for i in $(seq 1 10); do
			printf '| %s |' "$i"
			for d in ${drivers//,/}; do
				f=$(profile_file "$d" "$l")
				if [ -n "$f" ] && [ "$(wc -l <"$f")" -ge "$i" ]; then
					awk -F'\t' -v i="$i" 'NR == i { gsub(/\|/, "\\|", $2); printf " `%s` | %s |", $2, $1 }' "$f"
				else
					printf ' | |'
				fi
			done
			echo
		done
		if [[ " $plots " == *" profile-$l "* ]]; then
			echo
			echo "![profile $l](profile-$l.png)"
		fi
	done
	if [ -s "$RAWDIR/boots.tsv" ]; then
		echo
		echo "## Boots"
		echo
		echo "| round | driver | lab.sh exit | seconds | run directory |"
		echo "| ---: | --- | ---: | ---: | --- |"
		awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s | %s |\n", $2, $1, $3, $4, $5 }' "$RAWDIR/boots.tsv"
	fi
} >"$RAWDIR/table.md"
# shellcheck disable=SC2086 # one word per load
echo "report: $RAWDIR/table.md${plots:+ and$(printf ' %s.png' $plots)}"
