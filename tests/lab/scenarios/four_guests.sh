#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Four guests at once, all carrying traffic at the same time. With our
# module they must be spread evenly over the groups (two and two on a
# 2-vCPU dom0), the group stats must show work on both CPUs, and each
# kthread worker must weigh its two queues (nice -3), then none (0).
# lab-timeout: 420
. "$(dirname "$0")/lib.sh"

# default_weights: the run leaves worker_nice and weigh_workers alone.
default_weights() {
	case " ${MODULE_PARAMS:-} " in
	*" worker_nice="* | *" weigh_workers="*) return 1 ;;
	esac
}

for n in 1 2 3 4; do
	guest_create "$n" || fail "xl create guest $n failed"
done
for n in 1 2 3 4; do
	guest_wait_ping "$n" 90 || fail "guest $n does not answer ping"
done

for n in 1 2 3 4; do
	iperf_mbit -c "$(guest_ip "$n")" -t 8 >"/tmp/four-$n" &
done
wait
total=0
for n in 1 2 3 4; do
	m=$(cat "/tmp/four-$n")
	positive "$m" || fail "guest $n carried no traffic while all four ran"
	result "iperf_four_guests_g${n}_mbit" "$m"
	total=$(awk -v a="$total" -v b="$m" 'BEGIN { print a + b }')
done
result iperf_four_guests_total_mbit "$total"

if is_mt; then
	for n in 1 2 3 4; do
		d=$(guest_domid "$n")
		g=$(ethtool -S "vif$d.0" | awk '$1 == "group:" { print $2 }')
		c=$(ethtool -S "vif$d.0" | awk '$1 == "group_cpu:" { print $2 }')
		[ -n "$g" ] || fail "ethtool -S vif$d.0 shows no group"
		note "vif$d.0: group $g, CPU $c"
		result "placement_vif${d}.0" "group$g/cpu$c"
		echo "$g" >>/tmp/four-groups
	done
	per=$(sort /tmp/four-groups | uniq -c | awk '{ print $1 }' | sort -u | tr '\n' ' ')
	[ "$per" = "2 " ] || fail "queues not spread two and two over the groups (per group: $per)"
	# Each group's workers must have run, and mostly on their own CPU.
	# Group rows: group cpu online queues tx_passes rx_passes passes_home ...
	netbk_groups | awk '/^ *[0-9]+ +[0-9]+ +[01] / { print }' >/tmp/four-gstats
	sed 's/^/  groups: /' /tmp/four-gstats
	busy=$(awk '$5 + $6 > 0 && $7 > 0' /tmp/four-gstats | wc -l)
	[ "$busy" -ge 2 ] || fail "fewer than two groups did work on their own CPU"
	result groups_with_home_work "$busy"
	# Each kthread worker weighs one thread per queue it serves: with
	# two queues, three nice levels below worker_nice (0 by default).
	nice=$(awk '{ print $12 }' /tmp/four-gstats | sort -u | tr '\n' ' ')
	result worker_nice_two_queues "$nice"
	want="-3 "
	[ "${WORKERS:-kthread}" = tasklet ] && want="- "
	if default_weights && [ "$nice" != "$want" ]; then
		fail "workers' nice with two queues each: $nice, not $want"
	fi
fi
for n in 1 2 3 4; do
	guest_destroy "$n" || fail "guest $n vif still there after destroy"
done
if is_mt && [ "${WORKERS:-kthread}" = kthread ] && default_weights; then
	nice=$(netbk_groups | awk '/^ *[0-9]+ +[0-9]+ +[01] / { print $12 }' | sort -u | tr '\n' ' ')
	result worker_nice_no_queue "$nice"
	[ "$nice" = "0 " ] || fail "workers' nice with no queue left: $nice, not 0"
fi
pass
