#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The test frontend's cases in one guest setup (what make check runs on
# ours): every conform case and every hostile case of fe_conform and
# fe_hostile, with the same verdicts, oracles and second-guest checks.
# FE_CASES (the run's config) keeps only the cases it names. fe_all adds
# the random runs and the load mode (make soak).
# lab-timeout: 1200
# shellcheck source=tests/lab/scenarios/fe_common.sh
. "$(dirname "$0")/fe_common.sh"

# fe_cases_of MODE: the tool's cases of MODE, narrowed by FE_CASES.
fe_cases_of() {
	"$NFT" list | awk -v mode="$1" -v only=" ${FE_CASES:-} " '
		$1 == mode && (only == "  " || index(only, " " $2 " ")) { print $2 }'
}

# shellcheck disable=SC2046 # one word per case
fe_run_cases conform 180 $(fe_cases_of conform)
conform=$?
# shellcheck disable=SC2046
fe_run_cases hostile 300 $(fe_cases_of hostile)
hostile=$?
fe_scenario_end || fail "guest 2 did not keep working"
[ $((conform + hostile)) = 0 ] ||
	fail "failed: $conform conform case(s), $hostile hostile case(s)"
pass
