#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The test frontend's load mode alone: the frame rate the backend
# sustains at 64- and 1518-byte frames, guest->dom0 and dom0->guest,
# FE_LOAD_SECONDS (10) each on one vif, with guest 2 checked around it
# as in fe_all (which runs the same measurements after its cases).
# Figures from a correctness run carry slub_debug's cost; compare
# drivers with --bench.
# lab-timeout: 600
. "$(dirname "$0")/lib.sh"
FE_DIR=${FE_DIR:-/payload/frontend}
[ -f "$FE_DIR/agent.sh" ] || fail "no $FE_DIR/agent.sh: the payload lacks tests/frontend"
# shellcheck source=tests/frontend/agent.sh
. "$FE_DIR/agent.sh"
trap fe_cleanup EXIT

fe_scenario_start || fail "setup failed (see above)"
fe_load_runs "${FE_LOAD_SECONDS:-10}"
load=$?
fe_scenario_end || fail "guest 2 did not keep working"
[ "$load" = 0 ] || fail "$load load measurement(s) failed"
pass
