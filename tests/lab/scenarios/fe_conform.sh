#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The test frontend's conformance cases (tests/frontend/netfront-test):
# feature negotiation (also without feature-sg and without
# feature-rx-notify), frames of known content both ways checked on
# dom0's vif and in the guest, multicast control, the control ring,
# reconnection. A RESULT line per case, as fe_hostile.sh.
# lab-timeout: 600
. "$(dirname "$0")/lib.sh"
FE_DIR=${FE_DIR:-/payload/frontend}
[ -f "$FE_DIR/agent.sh" ] || fail "no $FE_DIR/agent.sh: the payload lacks tests/frontend"
# shellcheck source=tests/frontend/agent.sh
. "$FE_DIR/agent.sh"
trap fe_cleanup EXIT

fe_scenario_start || fail "setup failed (see above)"
cases=${FE_CASES:-$("$NFT" list | awk '$1 == "conform" { print $2 }')}
# shellcheck disable=SC2086 # a list of names
fe_run_cases conform 180 $cases
failed=$?
fe_scenario_end || fail "guest 2 did not keep working"
[ "$failed" = 0 ] || fail "$failed conform case(s) failed"
pass
