#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A guest destroyed in the middle of an iperf3 run, once while dom0 sends
# to it and once while it sends to dom0 (-R): its vif must go, and the
# backend must still serve the next guest.
# lab-timeout: 240
. "$(dirname "$0")/lib.sh"

# destroy_during N IPERF_ARGS...
destroy_during() {
	n=$1
	shift
	guest_create "$n" || fail "xl create guest $n failed"
	guest_wait_ping "$n" 60 || fail "guest $n does not answer ping"
	d=$(guest_domid "$n")
	# --forceflush: the interval lines reach the file while it runs.
	timeout 90 iperf3 --forceflush -c "$(guest_ip "$n")" -t 60 "$@" >/tmp/mid-"$n".log 2>&1 &
	pid=$!
	sleep 5
	grep -q 'sec' /tmp/mid-"$n".log || {
		sed 's/^/  iperf3: /' /tmp/mid-"$n".log
		fail "iperf3 with guest $n was not running"
	}
	note "destroying guest $n during iperf3 $*"
	timeout 60 xl destroy "$(guest_name "$n")" || fail "xl destroy failed"
	wait_until 30 no_vifs_of "$d" || fail "vif$d.0 still there 30 s after destroy"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	! xl list "$(guest_name "$n")" >/dev/null 2>&1 || fail "guest $n still listed"
}

destroy_during 1
destroy_during 2 -R
guest_create 3 || fail "xl create after the destroys failed"
guest_wait_ping 3 60 || fail "a new guest gets no traffic after the destroys"
guest_destroy 3 || fail "vif still there after destroy"
pass
