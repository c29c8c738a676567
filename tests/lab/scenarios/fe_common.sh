#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Not a scenario: the common start of every fe_* scenario, which sources
# it at its top level (so the EXIT trap set here is the scenario's): the
# lab's helpers, the test frontend's (tests/frontend/agent.sh), and
# fe_scenario_start's guests (guest 2 pinging, guest 1 with the tool and
# its agent in dom0).
# shellcheck source=tests/lab/scenarios/lib.sh
. "$(dirname "$0")/lib.sh"
FE_DIR=${FE_DIR:-/payload/frontend}
[ -f "$FE_DIR/agent.sh" ] || fail "no $FE_DIR/agent.sh: the payload lacks tests/frontend"
# shellcheck source=tests/frontend/agent.sh
. "$FE_DIR/agent.sh"
trap fe_cleanup EXIT

fe_scenario_start || fail "setup failed (see above)"
