#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The test frontend's load mode alone: the frame rate the backend
# sustains at 64- and 1518-byte frames, guest->dom0 and dom0->guest,
# FE_LOAD_SECONDS (10) each on one vif, with guest 2 checked around it
# as in fe_all (which runs the same measurements after its cases).
# Figures from a correctness run carry slub_debug's cost; compare
# drivers with --bench.
# lab-timeout: 600
# shellcheck source=tests/lab/scenarios/fe_common.sh
. "$(dirname "$0")/fe_common.sh"
fe_load_runs "${FE_LOAD_SECONDS:-10}"
load=$?
fe_scenario_end || fail "guest 2 did not keep working"
[ "$load" = 0 ] || fail "$load load measurement(s) failed"
pass
