#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The test frontend's conformance cases (tests/frontend/netfront-test):
# feature negotiation (also without feature-sg and without
# feature-rx-notify), frames of known content both ways checked on
# dom0's vif and in the guest, multicast control, the control ring,
# reconnection. A RESULT line per case, as fe_hostile.sh.
# lab-timeout: 600
# shellcheck source=tests/lab/scenarios/fe_common.sh
. "$(dirname "$0")/fe_common.sh"
cases=${FE_CASES:-$("$NFT" list | awk '$1 == "conform" { print $2 }')}
# shellcheck disable=SC2086 # a list of names
fe_run_cases conform 180 $cases
failed=$?
fe_scenario_end || fail "guest 2 did not keep working"
[ "$failed" = 0 ] || fail "$failed conform case(s) failed"
pass
