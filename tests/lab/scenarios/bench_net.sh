#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The benchmark (make bench: tests/bench/bench.sh boots one driver per run
# with --bench; never part of check or soak). For each guest count of
# BENCH_GUESTS (1 2 4 8) it has that many 1-vCPU 128 MB guests running
# (the guests of the point before stay: only the new ones are started,
# which spares about a minute of xl create per boot), warms them (a 1 s
# iperf3 each) and measures BENCH_SECS (5) of iperf3 for
#   to_guest    dom0 -> every guest at once
#   from_guest  every guest -> dom0 at once (-R)
#   g2g         guest 2k-1 -> guest 2k through the bridge, every pair at once
# printing RESULT bench.LOAD.GUESTS.gN=Mbit/s per guest and .total=, and
# per load dom0's CPU split from /proc/stat (.cpu_user/_system (with
# irq)/_softirq/_idle (with iowait)/_steal, % of the window from before the
# first iperf3 starts to after the last ends), the packets the vifs counted
# (.vif_pkts) and dropped (.vif_drops), dom0's TCP retransmits and
# receive-side drops (.tcp_retrans, .tcp_rcv_drops), the retransmits of
# the load's senders as iperf3 reports them (.iperf_retrans: the guests'
# own TCP in from_guest and g2g), the least and most CPU a guest's vCPU
# got (.guest_cpu_min/_max, % of one CPU, xl vcpu-list; every guest's
# figures in a note) and, ours only,
# ethtool -S's hypercalls, grant-copy ops
# (tx+rx_copy_ops) and worker passes (tx+rx_passes) per packet. Per point
# (bench.sys.GUESTS.*): backend kernel threads (netbk-* for ours, vif* for
# stock), dom0 memory per vif (MemFree, Slab, VmallocUsed; against a
# reading before the first guest; caches dropped before each). dom0's usability
# (bench.usability.*; unless BENCH_USABILITY=0, which make bench sets after
# its first round): at the largest point, under a to_guest flood, `xl
# list`'s time and a CPU-bound busybox loop's count in BENCH_SECS against
# the same loop idle (.0.).
# With perf on the payload (make bench brings it unless BENCH_PROFILE=0):
# at the largest point, per load, one more (unmeasured) run during which
# perf samples both CPUs with call graphs; out/profile-LOAD-N.folded gets
# the folded stacks (a flame graph's input), out/profile-LOAD-N.top the
# top sample keys, and RESULT bench.LOAD.N.prof_* the shares (see
# profile_fold in profile.sh).
# BENCH_DOM0_WEIGHT: dom0's credit2 weight (Xen's default 256, as every
# guest's): an operator's way to keep dom0's CPUs its own when the guests
# are busy; unset leaves Xen's default (make bench always sets it: 1024
# unless told otherwise).
# A guest that gives no figure counts 0 and fails the scenario (after every
# point has run).
# lab-timeout: 900
# shellcheck source=tests/lab/scenarios/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/lab/scenarios/profile.sh
. "$(dirname "$0")/profile.sh"

GUESTS=${BENCH_GUESTS:-1 2 4 8}
SECS=${BENCH_SECS:-5}
USABILITY=${BENCH_USABILITY:-1}
MEM=128
T=/tmp/bench
BAD=""
rm -rf "$T"
mkdir -p "$T"

max=0
for n in $GUESTS; do
	case "$n" in 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8) ;; *) fail "BENCH_GUESTS: $n is not 1..8" ;; esac
	[ "$n" -le "$max" ] || max=$n
done
positive "$SECS" || fail "BENCH_SECS: $SECS"

add() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a + b }'
}

# count_loop SECONDS: how far a CPU-bound busybox loop counts in that time.
count_loop() {
	# shellcheck disable=SC2016 # expanded by the inner shell
	timeout -s TERM "$1" busybox sh -c 'i=0; trap "echo \$i; exit 0" TERM; while :; do i=$((i + 1)); done'
}

# Seconds `xl list` takes (at most 60).
xl_list_secs() {
	t0=$(date +%s.%N)
	timeout 60 xl list >/dev/null 2>&1
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

# shellcheck disable=SC2009 # kernel threads by name prefix: ps, as documented
backend_threads() {
	if is_mt; then
		ps -e -o comm= | grep -c '^netbk-'
	else
		ps -e -o comm= | grep -c '^vif'
	fi
}

# "MemFree Slab VmallocUsed" in kB, caches dropped first.
mem_snap() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	awk '$1 == "MemFree:" { f = $2 } $1 == "Slab:" { s = $2 } $1 == "VmallocUsed:" { v = $2 }
		END { print f, s, v }' /proc/meminfo
}

# tcp_counters: "tcp RETRANS RCVDROPS" of dom0's TCP: segments it sent
# again, and segments its receive side dropped or pruned (receive queue or
# backlog full, out-of-order queue pruned). dom0-wide, for every driver.
tcp_counters() {
	awk '$1 == "Tcp:" || $1 == "TcpExt:" {
		if (!($1 in names)) { names[$1] = $0; next }
		n = split(names[$1], k); split($0, v)
		for (i = 2; i <= n; i++) c[k[i]] = v[i]
	}
	END {
		print "tcp", c["RetransSegs"] + 0, c["PruneCalled"] + c["TCPRcvQDrop"] + \
			c["TCPBacklogDrop"] + c["TCPOFODrop"] + c["TCPZeroWindowDrop"]
	}' /proc/net/snmp /proc/net/netstat
}

# vcpu_secs: "vcpu NAME SECONDS" per domain: the CPU time its vCPUs have
# had so far (xl vcpu-list's Time(s), summed over the domain's vCPUs).
vcpu_secs() {
	xl vcpu-list 2>/dev/null |
		awk 'NR > 1 && $6 ~ /^[0-9.]+$/ { t[$1] += $6 } END { for (d in t) print "vcpu", d, t[d] }'
}

# snap FILE: dom0's CPU line, the time, its TCP counters, every domain's
# vCPU time, then per vif of the point:
# packets both ways, (ours) hypercalls, copy ops, worker passes, and the
# packets the vif dropped both ways. The drops and the TCP counters are
# for telling why a load collapsed, with any driver.
snap() {
	{
		head -n 1 /proc/stat
		echo "wall $(date +%s.%N)"
		tcp_counters
		vcpu_secs
		while read -r v; do
			p=$(($(cat "/sys/class/net/$v/statistics/rx_packets") + \
				$(cat "/sys/class/net/$v/statistics/tx_packets")))
			dr=$(($(cat "/sys/class/net/$v/statistics/rx_dropped") + \
				$(cat "/sys/class/net/$v/statistics/tx_dropped")))
			if is_mt; then
				c=$(ethtool -S "$v" | awk '$1 == "hypercalls:" { h = $2 }
					$1 == "tx_copy_ops:" || $1 == "rx_copy_ops:" { c += $2 }
					$1 == "tx_passes:" || $1 == "rx_passes:" { w += $2 }
					END { print h + 0, c + 0, w + 0 }')
			else
				c="0 0 0"
			fi
			echo "$v $p $c $dr"
		done <"$T/vifs"
	} >"$1"
}

# deltas LOAD N BEFORE AFTER: the CPU split and the counters per packet;
# each guest's CPU share in $T/gcpu ("lab-gI PERCENT").
deltas() {
	awk -v key="bench.$1.$2" -v mt="$(is_mt && echo 1)" -v gcpu="$T/gcpu" '
		NR == FNR { if (FNR == 1) for (i = 2; i <= 9; i++) a[i] = $i
			else if ($1 == "wall") t0 = $2
			else if ($1 == "tcp") { r0 = $2; q0 = $3 }
			else if ($1 == "vcpu") v0[$2] = $3
			else { p0 += $2; h0 += $3; c0 += $4; w0 += $5; d0 += $6 }
			next }
		FNR == 1 { for (i = 2; i <= 9; i++) b[i] = $i; next }
		$1 == "wall" { t1 = $2; next }
		$1 == "tcp" { r1 = $2; q1 = $3; next }
		$1 == "vcpu" { v1[$2] = $3; next }
		{ p1 += $2; h1 += $3; c1 += $4; w1 += $5; d1 += $6 }
		END {
			printf "" > gcpu
			wall = t1 - t0
			gmin = -1; gmax = -1
			for (g in v1) {
				if (g !~ /^lab-g[0-9]+$/ || !(g in v0) || wall <= 0) continue
				pc = 100 * (v1[g] - v0[g]) / wall
				printf "%s %.0f\n", g, pc > gcpu
				if (gmin < 0 || pc < gmin) gmin = pc
				if (pc > gmax) gmax = pc
			}
			close(gcpu)
			if (gmax >= 0) {
				printf "RESULT %s.guest_cpu_min=%.0f\n", key, gmin
				printf "RESULT %s.guest_cpu_max=%.0f\n", key, gmax
			}
			t = 0
			for (i = 2; i <= 9; i++) { d[i] = b[i] - a[i]; t += d[i] }
			if (t <= 0) t = 1
			printf "RESULT %s.cpu_user=%.1f\n", key, 100 * (d[2] + d[3]) / t
			printf "RESULT %s.cpu_system=%.1f\n", key, 100 * (d[4] + d[7]) / t
			printf "RESULT %s.cpu_softirq=%.1f\n", key, 100 * d[8] / t
			printf "RESULT %s.cpu_idle=%.1f\n", key, 100 * (d[5] + d[6]) / t
			printf "RESULT %s.cpu_steal=%.1f\n", key, 100 * d[9] / t
			pk = p1 - p0
			printf "RESULT %s.vif_pkts=%d\n", key, pk
			printf "RESULT %s.vif_drops=%d\n", key, d1 - d0
			printf "RESULT %s.tcp_retrans=%d\n", key, r1 - r0
			printf "RESULT %s.tcp_rcv_drops=%d\n", key, q1 - q0
			if (mt && pk > 0) {
				printf "RESULT %s.hcalls_per_pkt=%.3f\n", key, (h1 - h0) / pk
				printf "RESULT %s.copyops_per_pkt=%.3f\n", key, (c1 - c0) / pk
				printf "RESULT %s.passes_per_pkt=%.3f\n", key, (w1 - w0) / pk
			}
		}' "$3" "$4"
}

# Retransmits on the sender's line of iperf3 text output (-f m) on stdin.
retr_of() {
	awk '/sender/ { for (i = 2; i < NF; i++)
			if ($i == "Mbits/sec" && $(i + 1) ~ /^[0-9]+$/) r = $(i + 1) }
		END { print r }'
}

# bench_iperf FILE ARGS...: iperf_mbit (lib.sh) that keeps the sender's
# retransmits too (with -R the guest's own): FILE gets the receiver's
# Mbit/s, FILE.retr the retransmits.
bench_iperf() {
	bf=$1
	shift
	timeout 120 iperf3 -f m "$@" >"$bf.out" 2>&1 ||
		{ sleep 2 && timeout 120 iperf3 -f m "$@" >"$bf.out" 2>&1; }
	mbit_of <"$bf.out" >"$bf"
	retr_of <"$bf.out" >"$bf.retr"
	positive "$(cat "$bf")" || tail -n 5 "$bf.out" | sed 's/^/  iperf3: /' >&2
	rm -f "$bf.out"
}

# dom0_flood NAME N SECONDS [-R]: iperf3 between dom0 and guests 1..N, all
# at once; guest i's Mbit/s in $T/NAME-i, its sender's retransmits in
# $T/NAME-i.retr.
dom0_flood() {
	fname=$1
	fn=$2
	fs=$3
	shift 3
	i=1
	while [ "$i" -le "$fn" ]; do
		bench_iperf "$T/$fname-$i" -c "$(guest_ip "$i")" -t "$fs" "$@" &
		i=$((i + 1))
	done
	wait
}

# g2g_flood N: guest 2k-1 sends to guest 2k (iperf3 in the guest, its
# text output, -f m), every pair at once; the pair's Mbit/s in
# $T/g2g-(2k-1), the sender's retransmits in $T/g2g-(2k-1).retr. One
# retry (the receiver's server may be restarting).
g2g_flood() {
	k=1
	while [ $((2 * k)) -le "$1" ]; do
		(
			s=$((2 * k - 1))
			o=$T/g2g-$s
			cmd="iperf3 -c $(guest_ip $((2 * k))) -t $SECS -f m"
			guest_exec "$s" "$cmd" >"$o.out"
			positive "$(mbit_of <"$o.out")" ||
				{ sleep 2 && guest_exec "$s" "$cmd" >"$o.out"; }
			mbit_of <"$o.out" >"$o"
			retr_of <"$o.out" >"$o.retr"
			rm -f "$o.out"
		) &
		k=$((k + 1))
	done
	wait
}

# emit LOAD N GUEST...: per-guest figures and the total.
emit() {
	el=$1
	en=$2
	shift 2
	tot=0
	retr=0
	for i in "$@"; do
		m=$(cat "$T/$el-$i" 2>/dev/null)
		if ! positive "$m"; then
			note "$el with $en guest(s): guest $i gave no figure (counted 0)"
			BAD="$BAD $el.$en.g$i"
			m=0
		fi
		result "bench.$el.$en.g$i" "$m"
		tot=$(add "$tot" "$m")
		r=$(cat "$T/$el-$i.retr" 2>/dev/null)
		retr=$((retr + ${r:-0}))
	done
	result "bench.$el.$en.total" "$tot"
	result "bench.$el.$en.iperf_retrans" "$retr"
}

# guest_detail LOAD N: every guest's figures of the load in one note:
# Mbit/s (g2g: its pair's, on the sender), CPU (% of one CPU) and its
# sender's retransmits. A guest that collapsed with its CPU and
# retransmits lost packets; one without its CPU was not scheduled.
guest_detail() {
	line=""
	i=1
	while [ "$i" -le "$2" ]; do
		c=$(awk -v g="lab-g$i" '$1 == g { print $2 }' "$T/gcpu")
		m=$(cat "$T/$1-$i" 2>/dev/null)
		r=$(cat "$T/$1-$i.retr" 2>/dev/null)
		line="$line g$i ${m:--}/${c:--}%/${r:--}"
		i=$((i + 1))
	done
	note "$1 with $2 guest(s), Mbit/s/CPU/retransmits:$line"
}

# measure LOAD N: one load with its counters.
measure() {
	snap "$T/before"
	case "$1" in
	to_guest) dom0_flood to_guest "$2" "$SECS" ;;
	from_guest) dom0_flood from_guest "$2" "$SECS" -R ;;
	g2g) g2g_flood "$2" ;;
	esac
	snap "$T/after"
	if [ "$1" = g2g ]; then
		set -- "$1" "$2" $(seq 1 2 $(($2 - 1)))
	else
		set -- "$1" "$2" $(seq 1 "$2")
	fi
	emit "$@"
	deltas "$1" "$2" "$T/before" "$T/after"
	guest_detail "$1" "$2"
}

PERF=/payload/perf/run
PROF_OUT=/payload/out

# perf_ctl CMD: hand perf record's control fifo CMD (enable, disable) and
# wait for its ack; 60 s at most for each (perf may have died).
perf_ctl() {
	# shellcheck disable=SC2016 # the inner shell's arguments
	timeout 60 sh -c 'echo "$1" >"$2"' sh "$1" "$T/perf.ctl" &&
		timeout 60 sh -c 'read -r a <"$1" && [ "$a" = ack ]' sh "$T/perf.ack"
}

# perf_stop PID: SIGINT, then SIGKILL if perf is still there 60 s later.
perf_stop() {
	kill -INT "$1" 2>/dev/null
	w=0
	while kill -0 "$1" 2>/dev/null && [ "$w" -lt 60 ]; do
		sleep 1
		w=$((w + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -KILL "$1" 2>/dev/null
		wait "$1"
		return 1
	fi
	wait "$1"
	return 0
}

# profile LOAD N: one more, unmeasured, run of the load while perf samples
# every CPU at 99 Hz with call graphs (cpu-clock, a software event: a PV
# dom0 has no PMU). perf starts with its events off and the load starts
# once perf has acknowledged turning them on: setting up takes perf
# seconds under TCG, longer than a load lasts.
profile() {
	[ -x "$PERF" ] || return 0
	rm -f "$T/perf.ctl" "$T/perf.ack" "$T/perf.data"
	mkfifo "$T/perf.ctl" "$T/perf.ack" || return 0
	# -B -N: no build ids (perf would read every binary it saw at exit).
	"$PERF" record -q -a -g -B -N -e cpu-clock -F 99 -D -1 \
		--control "fifo:$T/perf.ctl,$T/perf.ack" -o "$T/perf.data" \
		>"$T/perf.log" 2>&1 &
	pp=$!
	if ! perf_ctl enable; then
		note "perf record did not start: $(tail -n 2 "$T/perf.log" | tr '\n' ' ')"
		perf_stop "$pp"
		return 0
	fi
	note "profile $1 $2: perf sampling"
	# In a subshell: the floods' bare wait would also wait for perf.
	case "$1" in
	to_guest) (dom0_flood prof "$2" "$SECS") ;;
	from_guest) (dom0_flood prof "$2" "$SECS" -R) ;;
	g2g) (g2g_flood "$2") ;;
	esac
	perf_ctl disable || note "perf did not acknowledge disable"
	perf_stop "$pp" || { note "perf record did not stop: no profile"; return 0; }
	"$PERF" script -i "$T/perf.data" -F comm,ip,sym,dso 2>>"$T/perf.log" |
		profile_fold "$PROF_OUT/profile-$1-$2" "$1" "$2"
	note "profile $1 $2: $(head -n 3 "$PROF_OUT/profile-$1-$2.top" 2>/dev/null | tr '\t\n' ' ;')"
	rm -f "$T/perf.data"
}

# usability N: under a to_guest flood of every guest, the loop's count in
# SECS, then xl list's time (at most 60 s). The flood lasts SECS + 30 s,
# so that both run under it (xl list took 8 to 11 s under an 8-guest
# flood); a flood that ended first is said in a note and the figures are
# left out. xl list runs once before the flood: the point began by
# dropping dom0's caches, and an operator's xl is not read from disk at
# every call.
usability() {
	xl list >/dev/null 2>&1
	dom0_flood usability "$1" $((SECS + 30)) &
	fpid=$!
	sleep 2
	c=$(count_loop "$SECS")
	xs=$(xl_list_secs)
	if ! kill -0 "$fpid" 2>/dev/null; then
		note "the flood ended before xl list did: no usability figures"
		return 0
	fi
	wait "$fpid"
	note "under the flood: loop $c (idle: $IDLE_COUNT), xl list ${xs}s"
	result "bench.usability.$1.xl_list_s" "$xs"
	result "bench.usability.$1.loop_count" "${c:-0}"
	result "bench.usability.$1.loop_share" \
		"$(awk -v a="${c:-0}" -v b="$IDLE_COUNT" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')"
}

# destroy_above N: destroy the guests numbered above N, up to the largest
# count (a guest whose xl create failed half-way may exist past RUNNING).
destroy_above() {
	i=$(($1 + 1))
	while [ "$i" -le "$max" ]; do
		if guest_domid "$i" >/dev/null; then
			guest_destroy "$i" &
		fi
		i=$((i + 1))
	done
	wait
	[ "$RUNNING" -le "$1" ] || RUNNING=$1
}

# a point that failed leaves no guest behind for the next
point_failed() {
	BAD="$BAD $1"
	destroy_above 0
	return 1
}

point() {
	# Not n: lib.sh's guest_create sets n (POSIX sh has no locals).
	pn=$1
	note "=== $pn guest(s), ${SECS}s per load ==="
	destroy_above "$pn"
	i=$((RUNNING + 1))
	while [ "$i" -le "$pn" ]; do
		guest_create "$i" 1 "$MEM" || { point_failed "create.$pn.g$i"; return 1; }
		RUNNING=$i
		i=$((i + 1))
	done
	: >"$T/vifs"
	i=1
	while [ "$i" -le "$pn" ]; do
		guest_wait_ping "$i" 120 || { point_failed "ping.$pn.g$i"; return 1; }
		echo "vif$(guest_domid "$i").0" >>"$T/vifs"
		i=$((i + 1))
	done
	[ "$(wc -l <"$T/vifs")" = "$pn" ] || { point_failed "vifs.$pn"; return 1; }
	dom0_flood warm "$pn" 1
	# shellcheck disable=SC2046 # three numbers
	set -- $(mem_snap)
	result "bench.sys.$pn.memfree_kb_per_vif" "$(awk -v a="$m0f" -v b="$1" -v n="$pn" 'BEGIN { printf "%.0f", (a - b) / n }')"
	result "bench.sys.$pn.slab_kb_per_vif" "$(awk -v a="$m0s" -v b="$2" -v n="$pn" 'BEGIN { printf "%.0f", (b - a) / n }')"
	result "bench.sys.$pn.vmalloc_kb_per_vif" "$(awk -v a="$m0v" -v b="$3" -v n="$pn" 'BEGIN { printf "%.0f", (b - a) / n }')"
	result "bench.sys.$pn.threads" "$(backend_threads)"
	measure to_guest "$pn"
	measure from_guest "$pn"
	[ "$pn" -lt 2 ] || measure g2g "$pn"
	if [ "$pn" = "$max" ]; then
		[ "$USABILITY" = 0 ] || usability "$pn"
		profile to_guest "$pn"
		profile from_guest "$pn"
		[ "$pn" -lt 2 ] || profile g2g "$pn"
	fi
}

note "driver $NETBACK (${MODULE_PARAMS:-no parameters}); guests: $GUESTS; ${SECS}s per load"
if [ -n "${BENCH_DOM0_WEIGHT:-}" ]; then
	xl sched-credit2 -d Domain-0 -w "$BENCH_DOM0_WEIGHT" ||
		fail "xl sched-credit2 could not set dom0's weight $BENCH_DOM0_WEIGHT"
fi
result bench.sys.0.dom0_weight "$(xl sched-credit2 -d Domain-0 | awk 'NR == 2 { print $3 }')"
if [ "$USABILITY" != 0 ]; then
	result bench.usability.0.xl_list_s "$(xl_list_secs)"
	IDLE_COUNT=$(count_loop "$SECS")
	result bench.usability.0.loop_count "${IDLE_COUNT:-0}"
fi
# dom0's memory before any guest: each point's per-vif figures count from it
# shellcheck disable=SC2046 # three numbers
set -- $(mem_snap)
m0f=$1 m0s=$2 m0v=$3
RUNNING=0
for n in $GUESTS; do
	point "$n" || note "point $n failed"
done
destroy_above 0
[ -z "$BAD" ] || fail "no figure or no guest for:$BAD"
pass
