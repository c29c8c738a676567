#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The frontend cases of one or more lab runs side by side:
#   tests/frontend/table.sh build/lab/logs/<stock-run> build/lab/logs/<mt-run> ...
# One row per case (RESULT fe.CASE=ADVISORY,EXPECTED,OUTCOME,VERDICT lines
# of the fe_* scenarios), one column per run, headed by its driver and
# worker kind; then the load mode's frame rates (RESULT load.DIR-SIZE=
# PPS,OUTCOME,VERDICT lines), one row per direction and frame size.
# Every case a run's fe_* scenarios had to run must be in its column
# (from its config: fe_conform -> the conform cases, fe_hostile -> the
# hostile ones, fe_cases and fe_all -> both, fe_demo -> its one case;
# FE_CASES narrows fe_conform, fe_hostile and fe_cases); a missing one is a
# "missing FAIL" cell. The case list is `netfront-test list` run here
# (NFT=path to use another binary; built with make when missing); a list
# without conform or hostile cases fails. A vif its backend did not tear
# down after a case (RESULT fe_teardown.CASE) fails that case's cell.
# Exits non-zero if any cell is neither PASS nor n/a.
set -u

FE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NFT=${NFT:-$FE_DIR/netfront-test}
if [ ! -x "$NFT" ]; then
	make -s -C "$FE_DIR" >/dev/null 2>&1 ||
		{ echo "table: no $NFT and make -C $FE_DIR failed" >&2; exit 2; }
fi
list=$("$NFT" list) || { echo "table: $NFT list failed" >&2; exit 2; }
conform_cases=$(awk '$1 == "conform" { print $2 }' <<<"$list")
hostile_cases=$(awk '$1 == "hostile" { print $2 }' <<<"$list")
if [ -z "$conform_cases" ] || [ -z "$hostile_cases" ]; then
	echo "table: FAIL: netfront-test list gave $(wc -w <<<"$conform_cases") conform and $(wc -w <<<"$hostile_cases") hostile cases" >&2
	exit 1
fi

config_of() {	# config_of RUNDIR KEY: a value of the run's config
	sed -n "s/^$2='\(.*\)'$/\1/p" "$1/config" 2>/dev/null
}

# required_of RUNDIR: the cases the run's fe_* scenarios had to run.
required_of() {
	local s only want c
	only=$(config_of "$1" FE_CASES)
	for s in $(config_of "$1" SCENARIOS); do
		case "$s" in
		fe_conform) want=$conform_cases ;;
		fe_hostile) want=$hostile_cases ;;
		fe_cases) want="$conform_cases $hostile_cases" ;;	# FE_CASES narrows it
		fe_all) printf '%s\n' "$conform_cases" "$hostile_cases"; continue ;;
		fe_demo) echo xsa39-slots21; continue ;;
		*) continue ;;
		esac
		for c in $want; do
			[ -z "$only" ] || [[ " $only " == *" $c "* ]] && echo "$c"
		done
	done | sort -u
}

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
		if [ "$o" = n/a ] && [ "$verdict" = n/a ]; then
			cell[$c/$l]="n/a: not offered"
		elif [ "$o" = n/a ]; then
			cell[$c/$l]="n/a: not offered ${verdict:-?}"
		else
			cell[$c/$l]="$o ${verdict:-?}"
		fi
		case "$verdict" in PASS | n/a | FINDING) ;; *) bad=1 ;; esac
	done < <(results_of "$run" fe | grep -v '^random')
	while IFS='=' read -r c v; do
		[ -n "${cell[$c/$l]:-}" ] || continue	# random and load runs: not rows
		cell[$c/$l]="${cell[$c/$l]% *}+${v%%,*} FAIL"
		bad=1
	done < <(results_of "$run" fe_teardown)
	for c in $(required_of "$run"); do
		[ -z "${cell[$c/$l]:-}" ] || continue
		[ -n "${seen[$c]:-}" ] || cases+=("$c")
		seen[$c]=1
		cell[$c/$l]="missing FAIL"
		[ -n "${adv[$c]:-}" ] || adv[$c]=$(awk -v c="$c" '$2 == c { print $3 }' <<<"$list")
		[ -n "${exp[$c]:-}" ] || exp[$c]=$(awk -v c="$c" '$2 == c { print $4 }' <<<"$list")
		bad=1
	done
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
