#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# iperf3 both ways with offloads switched off, then on, at both ends: the
# guest's eth0 and dom0's vif (off must show in `ethtool -k` at both ends,
# but for what a device has fixed on). Off exercises plain checksummed frames of at
# most one page; on exercises GSO and partial checksums through the rings.
# lab-timeout: 240
. "$(dirname "$0")/lib.sh"

set_offloads() {	# set_offloads on|off DOMID
	for f in sg tso gso gro tx rx; do
		ethtool -K "vif$2.0" "$f" "$1" >/dev/null 2>&1
		guest_exec 1 "ethtool -K eth0 $f $1" >/dev/null
	done
}

# offloads_on ETHTOOL-K-TEXT: the single offloads behind what
# set_offloads switches (not ethtool's aggregate lines: "tx-checksumming"
# says on while any of its parts is) that still say "on", "fixed:NAME"
# for one the device has fixed on (it cannot change it), "missing" when
# a line is absent.
OFFLOADS='tx-scatter-gather tx-tcp-segmentation tx-tcp6-segmentation generic-segmentation-offload generic-receive-offload tx-checksum-ipv4 tx-checksum-ipv6 tx-checksum-ip-generic rx-checksumming'
offloads_on() {
	printf '%s\n' "$1" | awk -v want="$OFFLOADS" '
		BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) need[w[i]] = 1 }
		{ k = $1; sub(/:$/, "", k) }
		k in need { seen[k] = 1
			if ($2 == "on" && $0 ~ /\[fixed\]/) printf "fixed:%s ", k
			else if ($2 == "on") printf "%s ", k }
		END { for (k in need) if (!(k in seen)) { printf "missing "; exit } }'
}

# check_off WHERE TEXT: FAIL when an offload set_offloads switched off is
# still on; a RESULT says what could not be checked (fixed, no output).
check_off() {
	left=$(offloads_on "$2")
	result "offloads_off_$1" "${left:-all off}"
	case " $left " in
	*" missing "*) result "offloads_off_$1_unchecked" "ethtool -k gave no full answer" ;;
	esac
	for f in $left; do
		case "$f" in
		fixed:* | missing) ;;
		*) fail "offloads off: $1 still has $f on" ;;
		esac
	done
}

guest_create 1 || fail "xl create failed"
guest_wait_ping 1 60 || fail "guest does not answer ping"
d=$(guest_domid 1)
for mode in off on; do
	set_offloads "$mode" "$d"
	k0=$(ethtool -k "vif$d.0" 2>/dev/null)
	note "offloads $mode: dom0 $(printf '%s\n' "$k0" | grep -E '^(tcp-segmentation-offload|scatter-gather|tx-checksumming):' | tr '\n' ' ')"
	if [ "$mode" = off ]; then
		check_off dom0_vif "$k0"
		check_off guest_eth0 "$(guest_exec 1 'ethtool -k eth0')"
	fi
	to=$(iperf_mbit -c "$(guest_ip 1)" -t 5)
	from=$(iperf_mbit -c "$(guest_ip 1)" -t 5 -R)
	positive "$to" || fail "offloads $mode: no traffic dom0->guest"
	positive "$from" || fail "offloads $mode: no traffic guest->dom0"
	result "iperf_offloads_${mode}_dom0_to_guest_mbit" "$to"
	result "iperf_offloads_${mode}_guest_to_dom0_mbit" "$from"
done
guest_destroy 1 || fail "vif still there after destroy"
pass
