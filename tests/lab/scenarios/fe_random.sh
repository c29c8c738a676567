#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The test frontend's random mode (tests/frontend/netfront-test): three
# runs of 20 s (300 s in a soak run) of structured ring garbage, seeds
# printed (FE_SEED sets the first), each on a fresh vif, with dom0's
# oracles and a second guest checked. The first run mixes in what stock
# treats as fatal, so it may end the vif early: that is the backend doing
# its job; a vif that stops answering with its carrier on, or answers
# nothing good afterwards, fails (ours; on stock it is reported as a
# FINDING). The other two are --mild (only what stock answers with errors
# or accepts): the vif must live through them. Replay one with
#   netfront-test random --seed S --batches N [--mild]
# lab-timeout: 600
# lab-timeout-soak: 1800
# shellcheck source=tests/lab/scenarios/fe_common.sh
. "$(dirname "$0")/fe_common.sh"
seed=${FE_SEED:-$(date +%s)}
secs=20
[ "${SOAK:-0}" = 1 ] && secs=300
note "seeds $seed, $((seed + 1)), $((seed + 2))"
result fe_seed "$seed"
fe_random_runs "$seed" "$secs"
bad=$?
fe_scenario_end || fail "guest 2 did not keep working"
[ "$bad" = 0 ] || fail "$bad random run(s) failed"
pass
