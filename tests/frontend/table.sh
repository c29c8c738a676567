#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The frontend cases of one or more lab runs side by side:
#   tests/frontend/table.sh build/lab/logs/<stock-run> build/lab/logs/<mt-run> ...
# One row per case (RESULT fe.CASE=ADVISORY,EXPECTED,OUTCOME,VERDICT lines
# of the fe_* scenarios), one column per run, headed by its driver and
# worker kind. Exits non-zero if any cell is neither PASS nor n/a.
set -u

results_of() {	# the RESULT lines of run directory $1
	if [ -s "$1/out/results.txt" ]; then
		cat "$1/out/results.txt"
	else
		tr -d '\r' <"$1/serial.log" 2>/dev/null | grep -a '^RESULT '
	fi | sed -n 's/^RESULT fe\.//p'
}

label_of() {
	local nb w
	nb=$(sed -n "s/^NETBACK='\(.*\)'$/\1/p" "$1/config" 2>/dev/null)
	w=$(sed -n "s/^WORKERS='\(.*\)'$/\1/p" "$1/config" 2>/dev/null)
	case "$nb" in
	mt | dkms) echo "$nb-$w" ;;
	*) echo "${nb:-?}" ;;
	esac
}

[ $# -ge 1 ] || { echo "usage: $0 RUNDIR..." >&2; exit 2; }
declare -A cell adv exp seen
cases=()
labels=()
bad=0
for run in "$@"; do
	l=$(label_of "$run")
	labels+=("$l")
	while IFS='=' read -r c v; do
		IFS=',' read -r a e o verdict <<<"$v"
		[ -n "${seen[$c]:-}" ] || cases+=("$c")
		seen[$c]=1
		adv[$c]=$a
		[ -n "${exp[$c]:-}" ] || exp[$c]=$e
		if [ "$o" = n/a ]; then
			cell[$c/$l]="n/a: not offered"
		else
			cell[$c/$l]="$o ${verdict:-?}"
		fi
		case "$verdict" in PASS | n/a) ;; *) bad=1 ;; esac
	done < <(results_of "$run" | grep -v '^random')
done
printf '%-22s %-8s %-10s' case advisory expected
printf ' %-24s' "${labels[@]}"
echo
for c in "${cases[@]}"; do
	printf '%-22s %-8s %-10s' "$c" "${adv[$c]:--}" "${exp[$c]:--}"
	for l in "${labels[@]}"; do
		printf ' %-24s' "${cell[$c/$l]:--}"
	done
	echo
done
exit $bad
