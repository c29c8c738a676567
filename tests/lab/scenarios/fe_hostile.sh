#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The test frontend's hostile cases (tests/frontend/netfront-test): every
# netback advisory class replayed from a guest's userspace, one case per
# fresh vif, each judged against the outcome class the stock driver
# gives, with dom0's oracles and a second guest's ping checked around
# every case. A RESULT line per case: fe.CASE=ADVISORY,EXPECTED,OUTCOME,
# VERDICT. FE_CASES (environment) runs a subset.
# lab-timeout: 1500
. "$(dirname "$0")/lib.sh"
FE_DIR=${FE_DIR:-/payload/frontend}
[ -f "$FE_DIR/agent.sh" ] || fail "no $FE_DIR/agent.sh: the payload lacks tests/frontend"
# shellcheck source=tests/frontend/agent.sh
. "$FE_DIR/agent.sh"
trap fe_cleanup EXIT

fe_scenario_start || fail "setup failed (see above)"
cases=${FE_CASES:-$("$NFT" list | awk '$1 == "hostile" { print $2 }')}
# shellcheck disable=SC2086 # a list of names
fe_run_cases hostile 300 $cases
failed=$?
fe_scenario_end || fail "guest 2 did not keep working"
[ "$failed" = 0 ] || fail "$failed hostile case(s) failed"
pass
