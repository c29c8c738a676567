#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Multi-queue: with max_queues=4, guests of 4, 2 and 1 vCPUs negotiate 4,
# 2 and 1 queues (xenstore, the vif's netdev queues; ours: the groups
# table and ethtool -S), iperf3 -P 4 both ways moves every queue's
# packets in each direction, and the 4-queue and the 1-queue guest carry
# traffic at the same time.
# lab-timeout: 900
. "$(dirname "$0")/lib.sh"

# 0644 on both drivers and read when a vif is probed: set for the guests
# to come, no reload needed (the lab's dom0 has 2 vCPUs: default 2).
P=/sys/module/xen_netback/parameters/max_queues
old=$(cat "$P") || fail "no max_queues parameter"
echo 4 >"$P" || fail "cannot set max_queues=4"
# shellcheck disable=SC2064 # the value now
trap "echo $old >$P" EXIT
maxq=$(cat "$P")
[ "$maxq" = 4 ] || fail "max_queues reads $maxq after writing 4"
note "max_queues: $old -> $maxq"

U64_MAX=18446744073709551615

min() {
	[ "$1" -lt "$2" ] && echo "$1" || echo "$2"
}

# The groups of our table (group rows: group cpu online queues ...).
nr_groups() {
	netbk_groups | awk '/^ *[0-9]+ +[0-9]+ +[01] +[0-9]+ / { n++ } END { print n + 0 }'
}

# check_queues N WANT: guest N's vif negotiated WANT queues.
check_queues() {
	d=$(guest_domid "$1")
	v=vif$d.0
	fe=/local/domain/$d/device/vif/0
	be=/local/domain/0/backend/vif/$d/0
	k=$(xenstore-read "$be/multi-queue-max-queues" 2>/dev/null)
	[ "$k" = "$maxq" ] || fail "$v: backend offers multi-queue-max-queues=$k, not $maxq"
	k=$(xenstore-read "$fe/multi-queue-num-queues" 2>/dev/null)
	[ "$k" = "$2" ] || fail "$v: frontend asked for multi-queue-num-queues=$k, not $2"
	if [ "$2" -gt 1 ]; then
		i=0
		while [ "$i" -lt "$2" ]; do
			xenstore-read "$fe/queue-$i/tx-ring-ref" >/dev/null 2>&1 ||
				fail "$v: no $fe/queue-$i/tx-ring-ref"
			i=$((i + 1))
		done
	fi
	tx=$(find "/sys/class/net/$v/queues" -maxdepth 1 -name 'tx-*' | wc -l)
	rx=$(find "/sys/class/net/$v/queues" -maxdepth 1 -name 'rx-*' | wc -l)
	if [ "$tx" != "$2" ] || [ "$rx" != "$2" ]; then
		fail "$v: the netdev uses $tx TX and $rx RX queues, not $2"
	fi
	result "queues_vif_g$1" "$2"
	is_mt || return 0

	# Our table: each queue once, with its group; spread over the groups.
	netbk_groups | awk -v v="$v" '$1 == v { print $4, $5 }' >"/tmp/mq-rows-$1"
	sed "s/^/  $v queue, group: /" "/tmp/mq-rows-$1"
	[ "$(wc -l <"/tmp/mq-rows-$1")" = "$2" ] ||
		fail "$v: the groups table lists $(wc -l <"/tmp/mq-rows-$1") queues, not $2"
	[ "$(awk '{ print $1 }' "/tmp/mq-rows-$1" | sort -n | tr '\n' ' ')" = \
		"$(seq 0 $(($2 - 1)) | tr '\n' ' ')" ] ||
		fail "$v: the groups table's queue numbers are not 0..$(($2 - 1))"
	g=$(awk '{ print $2 }' "/tmp/mq-rows-$1" | sort -u | wc -l)
	want=$(min "$2" "$(nr_groups)")
	[ "$g" -ge "$want" ] || fail "$v: its $2 queues sit in $g groups, not $want"
	result "groups_of_vif_g$1" "$g"

	# ethtool -S: every queue's lines; a group for the connected ones.
	ethtool -S "$v" >"/tmp/mq-ethtool-$1" || fail "ethtool -S $v failed"
	q=0
	while [ "$q" -lt "$maxq" ]; do
		gv=$(awk -v k="queue-$q-group:" '$1 == k { print $2 }' "/tmp/mq-ethtool-$1")
		[ -n "$gv" ] || fail "ethtool -S $v has no queue-$q-group"
		if [ "$q" -lt "$2" ]; then
			[ "$gv" != "$U64_MAX" ] || fail "ethtool -S $v: queue $q has no group"
		else
			[ "$gv" = "$U64_MAX" ] || fail "ethtool -S $v: unused queue $q has group $gv"
		fi
		q=$((q + 1))
	done
}

# irq_count NAME: events of the IRQ named NAME in /proc/interrupts.
irq_count() {
	awk -v n="$1" '$NF == n {
		for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; f = 1 }
		END { print f ? s : "" }' /proc/interrupts
}

# queue_counts DOMID NQ: a line "Q TO_GUEST FROM_GUEST" per queue, each a
# count that only grows. Ours: the queue's packets (ethtool -S). Stock has
# no per-queue counter: packets its mq qdisc's class passed to the queue,
# and events of the queue's TX event channel (the guest notifies it when
# it sends on the queue).
queue_counts() {
	v=vif$1.0
	if is_mt; then
		ethtool -S "$v" | awk -v nq="$2" '
			{ sub(":", "", $1); split($1, a, "-") }
			a[1] == "queue" && a[3] == "tx_packets" { t[a[2]] = $2 }
			a[1] == "queue" && a[3] == "rx_packets" { r[a[2]] = $2 }
			END { for (q = 0; q < nq; q++) print q, t[q] + 0, r[q] + 0 }'
		return
	fi
	tc -s class show dev "$v" | awk '
		$1 == "class" && $2 == "mq" {
			id = $3; sub(":", "", id); q = 0
			for (i = 1; i <= length(id); i++)
				q = q * 16 + index("0123456789abcdef", substr(id, i, 1)) - 1
			q--
		}
		$1 == "Sent" && q >= 0 { t[q] = $4; q = -1 }
		END { for (k in t) print k, t[k] }' >/tmp/mq-tc
	q=0
	while [ "$q" -lt "$2" ]; do
		tg=$(awk -v q="$q" '$1 == q { print $2 }' /tmp/mq-tc)
		fg=$(irq_count "$v-q$q-tx")
		[ -n "$fg" ] || fg=$(irq_count "$v-q$q")
		echo "$q ${tg:-0} ${fg:-0}"
		q=$((q + 1))
	done
}

# moved_all BEFORE AFTER NQ: every queue's two counts grew; prints what
# did not otherwise.
moved_all() {
	awk -v nq="$3" 'NR == FNR { t0[$1] = $2; f0[$1] = $3; next }
		{ t1[$1] = $2; f1[$1] = $3 }
		END {
			for (q = 0; q < nq; q++) {
				if (t1[q] + 0 <= t0[q] + 0) m = m " q" q "-to-guest"
				if (f1[q] + 0 <= f0[q] + 0) m = m " q" q "-from-guest"
			}
			if (m != "") { print m; exit 1 }
		}' "$1" "$2"
}

# traffic_all_queues N NQ: rounds of iperf3 -P 4 both ways (new flows,
# new hashes each round) until every queue moved both ways; at most 8
# rounds (32 flows each way: a queue of 4 is missed with chance 1e-4).
traffic_all_queues() {
	d=$(guest_domid "$1")
	queue_counts "$d" "$2" >"/tmp/mq-before-$1"
	r=1
	while [ "$r" -le 8 ]; do
		tx=$(iperf_mbit -c "$(guest_ip "$1")" -t 3 -P 4)
		rx=$(iperf_mbit -c "$(guest_ip "$1")" -t 3 -P 4 -R)
		positive "$tx" || fail "guest $1: iperf3 -P 4 dom0->guest gave no figure (round $r)"
		positive "$rx" || fail "guest $1: iperf3 -P 4 guest->dom0 gave no figure (round $r)"
		queue_counts "$d" "$2" >"/tmp/mq-after-$1"
		if left=$(moved_all "/tmp/mq-before-$1" "/tmp/mq-after-$1" "$2"); then
			sed "s/^/  vif$d.0 queue, to guest, from guest (now): /" "/tmp/mq-after-$1"
			result "rounds_all_queues_moved_g$1" "$r"
			result "iperf_p4_g${1}_mbit" "$tx/$rx"
			return 0
		fi
		note "guest $1 after round $r: not moved yet:$left"
		r=$((r + 1))
	done
	sed "s/^/  vif$d.0 before: /" "/tmp/mq-before-$1"
	sed "s/^/  vif$d.0 after:  /" "/tmp/mq-after-$1"
	fail "vif$d.0: after 8 rounds of iperf3 -P 4 these never moved:$left"
}

guest_create 1 4 || fail "xl create guest 1 (4 vCPUs) failed"
guest_create 2 2 || fail "xl create guest 2 (2 vCPUs) failed"
guest_create 3 1 || fail "xl create guest 3 (1 vCPU) failed"
for n in 1 2 3; do
	guest_wait_ping "$n" 120 || fail "guest $n does not answer ping"
done

# The Debian 6.1 netfront asks for min(vCPUs, what the backend offers).
check_queues 1 "$(min 4 "$maxq")"
check_queues 2 "$(min 2 "$maxq")"
check_queues 3 1
if is_mt; then
	netbk_groups | sed 's/^/  groups: /'
fi

traffic_all_queues 1 "$(min 4 "$maxq")"
traffic_all_queues 2 "$(min 2 "$maxq")"

# together SUFFIX WHAT [-R]: the 4-queue guest and the 1-queue guest at
# once, one way; both must carry traffic.
together() {
	sfx=$1 what=$2
	shift 2
	iperf_mbit -c "$(guest_ip 1)" -t 6 -P 4 "$@" >/tmp/mq-both-1 &
	iperf_mbit -c "$(guest_ip 3)" -t 6 "$@" >/tmp/mq-both-3 &
	wait
	a=$(cat /tmp/mq-both-1)
	b=$(cat /tmp/mq-both-3)
	positive "$a" || fail "4-queue guest $what nothing beside the 1-queue guest"
	positive "$b" || fail "1-queue guest $what nothing beside the 4-queue guest"
	result "iperf_together_4q${sfx}_mbit" "$a"
	result "iperf_together_1q${sfx}_mbit" "$b"
}
together "" carried
together _from_guest sent -R

for n in 1 2 3; do
	guest_destroy "$n" || fail "guest $n vif still there after destroy"
done
pass
