#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The frontend cases of one or more lab runs side by side:
#   tests/frontend/table.sh build/lab/logs/<stock-run> build/lab/logs/<mt-run> ...
# One row per case (RESULT fe.CASE=ADVISORY,EXPECTED,OUTCOME,VERDICT lines
# of the fe_* scenarios), one column per run, headed by its driver and
# worker kind; then the load mode's frame rates (RESULT load.DIR-SIZE=
# PPS,OUTCOME,VERDICT lines), one row per direction and frame size.
# Exits non-zero if any cell is neither PASS nor n/a.
set -u

results_of() {	# the RESULT PREFIX. lines of run directory $1, prefix $2
	if [ -s "$1/out/results.txt" ]; then
		cat "$1/out/results.txt"
	else
		tr -d '\r' <"$1/serial.log" 2>/dev/null | grep -a '^RESULT '
	fi | sed -n "s/^RESULT $2\\.//p"
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
loads=()
labels=()
bad=0
for run in "$@"; do
	labels+=("$(label_of "$run")")
	l=${#labels[@]}	# cells are keyed by column: two runs may share a label
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
	done < <(results_of "$run" fe | grep -v '^random')
	while IFS='=' read -r c v; do
		IFS=',' read -r pps o verdict <<<"$v"
		[ -n "${seen[load/$c]:-}" ] || loads+=("$c")
		seen[load/$c]=1
		if [ "$verdict" = PASS ]; then
			cell[load/$c/$l]="$pps"
		else
			cell[load/$c/$l]="$o ${verdict:-?}"
			bad=1
		fi
	done < <(results_of "$run" load)
done
[ ${#cases[@]} = 0 ] || {
	printf '%-22s %-8s %-10s' case advisory expected
	printf ' %-24s' "${labels[@]}"
	echo
}
for c in "${cases[@]}"; do
	printf '%-22s %-8s %-10s' "$c" "${adv[$c]:--}" "${exp[$c]:--}"
	for ((l = 1; l <= ${#labels[@]}; l++)); do
		printf ' %-24s' "${cell[$c/$l]:--}"
	done
	echo
done
[ ${#loads[@]} = 0 ] && exit $bad
[ ${#cases[@]} = 0 ] || echo
printf '%-22s' 'load (frames/s)'
printf ' %-24s' "${labels[@]}"
echo
for c in "${loads[@]}"; do
	printf '%-22s' "$c"
	for ((l = 1; l <= ${#labels[@]}; l++)); do
		printf ' %-24s' "${cell[load/$c/$l]:--}"
	done
	echo
done
exit $bad
