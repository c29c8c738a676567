#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make lab's demo of a hostile guest: the test frontend sends a packet of
# 22 slots (XSA-39, fatal for stock too) while a second guest pings; the
# backend disables that vif alone, dom0 logs one line, the second guest
# carries on. The frontend's whole set is fe_cases and fe_all.
# lab-timeout: 300
# shellcheck source=tests/lab/scenarios/fe_common.sh
. "$(dirname "$0")/fe_common.sh"
fe_run_cases hostile 120 xsa39-slots21
bad=$?
fe_scenario_end || fail "guest 2 did not keep working"
[ "$bad" = 0 ] || fail "the hostile case was not turned away as expected"
pass
