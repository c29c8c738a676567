#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The test frontend's hostile cases (tests/frontend/netfront-test): every
# netback advisory class replayed from a guest's userspace, one case per
# fresh vif, each judged against the outcome class the stock driver
# gives, with dom0's oracles and a second guest's ping checked around
# every case. A RESULT line per case: fe.CASE=ADVISORY,EXPECTED,OUTCOME,
# VERDICT. FE_CASES (environment) runs a subset.
# lab-timeout: 1500
# shellcheck source=tests/lab/scenarios/fe_common.sh
. "$(dirname "$0")/fe_common.sh"
cases=${FE_CASES:-$("$NFT" list | awk '$1 == "hostile" { print $2 }')}
# shellcheck disable=SC2086 # a list of names
fe_run_cases hostile 300 $cases
failed=$?
fe_scenario_end || fail "guest 2 did not keep working"
[ "$failed" = 0 ] || fail "$failed hostile case(s) failed"
pass
