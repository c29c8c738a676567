#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The test frontend's random mode (tests/frontend/netfront-test): three
# runs of 20 s (300 s in a soak run) of structured ring garbage, seeds
# printed (FE_SEED sets the first), each on a fresh vif, with dom0's oracles and a second
# guest checked. The first run mixes in what stock treats as fatal, so
# it may end the vif early: that is the backend doing its job; a vif
# that stops answering with its carrier on, or answers nothing good
# afterwards, fails. The other two are --mild (only what stock answers
# with errors or accepts): the vif must live through them. Replay one
# with  netfront-test random --seed S --batches N [--mild]
# lab-timeout: 600
# lab-timeout-soak: 1800
. "$(dirname "$0")/lib.sh"
FE_DIR=${FE_DIR:-/payload/frontend}
[ -f "$FE_DIR/agent.sh" ] || fail "no $FE_DIR/agent.sh: the payload lacks tests/frontend"
# shellcheck source=tests/frontend/agent.sh
. "$FE_DIR/agent.sh"
trap fe_cleanup EXIT

fe_scenario_start || fail "setup failed (see above)"
seed=${FE_SEED:-$(date +%s)}
secs=20
[ "${SOAK:-0}" = 1 ] && secs=300
note "seeds $seed, $((seed + 1)), $((seed + 2))"
bad=0
for s in "$seed" $((seed + 1)) $((seed + 2)); do
	mild=
	[ "$s" = "$seed" ] || mild=--mild
	fe_dmesg_mark
	dev=$(fe_vif_attach 1) || fail "xl network-attach failed"
	line=$(fe_cmd 1 $((secs + 180)) random --seed "$s" --seconds "$secs" $mild --vif "$dev")
	rc=$?
	fe_log "$line"
	oracle=$(fe_dmesg_oracle)
	v=PASS
	case "$(kv outcome "$line")" in stuck* | timeout | no-connect) v=FAIL ;; esac
	case "$mild$(kv outcome "$line")" in --mildalive*) ;; --mild*) v=FAIL ;; esac
	[ "$(kv works "$line")" = 0 ] && v=FAIL
	[ "$rc" = 0 ] || v=FAIL
	[ -z "$oracle" ] || { v=FAIL; printf '%s\n' "$oracle" | sed 's/^/  dom0: /'; }
	fe_g2_alive || v=FAIL
	result "fe.random${mild:+-mild}-$s" "$(kv outcome "$line"),batches=$(kv batches "$line"),$v"
	[ "$v" = PASS ] || bad=$((bad + 1))
	fe_vif_detach 1 "$dev" || fe_log "detach of vif $dev failed or was slow"
done
fe_scenario_end || fail "guest 2 did not keep working"
[ "$bad" = 0 ] || fail "$bad random run(s) failed"
pass
