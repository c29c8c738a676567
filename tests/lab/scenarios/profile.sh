#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Not a scenario: the folding of perf's samples into make bench's profiles,
# shared by bench_net (the iperf3 loads) and the test frontend's load mode
# (tests/frontend/agent.sh, fe_load_profile).

# profile_fold FILE LOAD N < perf script's output (comm, then one "ip sym (dso)"
# line per frame, leaf first, a blank line after each sample) of LOAD at
# N guests: writes FILE.folded (comm;root;...;leaf count) and FILE.top (% key, the 25
# biggest), prints the RESULT lines. A sample's key is its leaf function
# (perf resolves module symbols through kallsyms: no module name); a
# hypercall's is "hypercall<" and
# the first caller that is not one, since the hypercall page is where
# every hypercall's time lands (a grant copy, an event, or idle's block);
# user space is "[user] comm". A hypercall's caller skips the frames of
# event delivery (check_events and xen_force_evtchn_callback, where the
# samples taken while interrupts were off land when they are turned back
# on): "hypercall<finish_task_switch.isra.0" is a context switch's. Shares:
# netback (a netback function on the stack: ours are netbk_*, stock's
# xenvif_*), idle (the idle loop's halt), hcall (every other hypercall),
# user.
profile_fold() {
	awk -v out="$1" -v key="bench.$2.$3" \
		-v plumbing='hypercall|^(xen_force_evtchn_callback|check_events|xen_irq_enable_direct|xen_restore_fl_direct)$' \
		-v halt='^(xen_safe_halt|default_idle|pv_native_safe_halt|native_safe_halt|arch_safe_halt)$' '
	function flush(    i, st, leaf, caller, k, nb, dso1) {
		if (nf == 0) { comm = ""; return }
		total++
		st = comm
		for (i = nf; i >= 1; i--) st = st ";" fr[i]
		fold[st]++
		leaf = sym[1]; dso1 = dso[1]
		nb = 0
		for (i = 1; i <= nf; i++) if (sym[i] ~ /^(netbk_|xenvif_|xen_netbk_)/) nb = 1
		caller = ""
		for (i = 2; i <= nf && caller == ""; i++)
			if (sym[i] !~ plumbing) caller = sym[i]
		if (dso1 !~ /^\[/ || dso1 == "[unknown]" || dso1 == "[vdso]") {
			k = "[user] " comm; user++
		} else if (leaf ~ /hypercall/) {
			k = "hypercall<" caller
			if (caller ~ halt) idle++
			else hcall++
		} else {
			k = leaf
			if (leaf ~ halt) idle++
		}
		if (nb) netback++
		top[k]++
		nf = 0; comm = ""
	}
	/^[^ \t]/ { flush(); comm = $1; next }
	/^[ \t]*$/ { flush(); next }
	{
		nf++
		d = $NF; gsub(/[()]/, "", d)
		s = $2
		if (s == "[unknown]") { s = d; sub(/.*\//, "", s) }
		sym[nf] = s; dso[nf] = d
		fr[nf] = s
	}
	END {
		flush()
		for (st in fold) print st, fold[st] > (out ".folded")
		for (k in top) printf "%.2f\t%s\n", 100 * top[k] / total, k | ("sort -rn | head -n 25 > " out ".top")
		printf "RESULT %s.prof_samples=%d\n", key, total
		if (total > 0) {
			printf "RESULT %s.prof_netback_pct=%.1f\n", key, 100 * netback / total
			printf "RESULT %s.prof_idle_pct=%.1f\n", key, 100 * idle / total
			printf "RESULT %s.prof_hcall_pct=%.1f\n", key, 100 * hcall / total
			printf "RESULT %s.prof_user_pct=%.1f\n", key, 100 * user / total
		}
	}'
}
