#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The test frontend's whole set in one guest setup (what make check runs):
# every conform case, every hostile case and the three random runs of
# fe_conform, fe_hostile and fe_random, then fe_load's measurements, with
# the same verdicts, oracles and second-guest checks, their RESULT lines
# feeding the same tables.
# lab-timeout: 1500
# lab-timeout-soak: 2700
# shellcheck source=tests/lab/scenarios/fe_common.sh
. "$(dirname "$0")/fe_common.sh"
# shellcheck disable=SC2046 # one word per case
fe_run_cases conform 180 $("$NFT" list | awk '$1 == "conform" { print $2 }')
conform=$?
# shellcheck disable=SC2046
fe_run_cases hostile 300 $("$NFT" list | awk '$1 == "hostile" { print $2 }')
hostile=$?
seed=${FE_SEED:-$(date +%s)}
secs=20
[ "${SOAK:-0}" = 1 ] && secs=300
note "random seeds $seed, $((seed + 1)), $((seed + 2))"
result fe_seed "$seed"
fe_random_runs "$seed" "$secs"
random=$?
fe_load_runs "${FE_LOAD_SECONDS:-10}"
load=$?
fe_scenario_end || fail "guest 2 did not keep working"
[ $((conform + hostile + random + load)) = 0 ] ||
	fail "failed: $conform conform case(s), $hostile hostile case(s), $random random run(s), $load load run(s)"
pass
