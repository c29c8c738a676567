# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2034,SC2030,SC2031
#
# The dom0 side of netfront-test, sourced by the lab's fe_* scenarios
# after their lib.sh (POSIX sh: dom0 runs them with dash). It
#   - builds the test guest's ramdisk: the lab's guest initramfs plus an
#     overlay with netfront-test, xen-evtchn.ko, xen-gntalloc.ko and the
#     init hook guest-init.sh (booted with rdinit=/nft/init);
#   - attaches and detaches the test vifs (xl network-attach/-detach; it
#     answers a detach on behalf of the frontend: Closing, then Closed);
#   - runs commands in the guest through data/nft/cmd (no network needed)
#     and reads the result line the tool leaves in data/nft/result;
#   - starts the agent (netfront-test dom0-agent, dom0agent.c), which
#     answers the tool's requests in data/nft/req with facts about the
#     backend (kernel log, carrier, `ip -s` counters, the xenbus event
#     counters), frames captured on the vif or injected into it, and load
#     it puts on dom0 (rtnl, a second guest's flood, netconsole).
# Files of a run go to /tmp/nft/.

FE_DIR=${FE_DIR:-/payload/frontend}
NFT=$FE_DIR/netfront-test
FE_RUN=/tmp/nft
FE_GUEST_RAMDISK=$FE_RUN/guest-initrd.cpio.gz
# dom0 log lines that are oracles: FE_ORACLE, tests/lab/lib/analyze.sh's
# ORACLE_DOM0 as lab.sh writes it into the payload's config (one
# definition for the run's logs, the per-case check and the agent).
# fe_scenario_start fails without it.
if [ -z "${FE_ORACLE:-}" ] && [ -f /payload/config ]; then
	# shellcheck disable=SC1091 # written by lab.sh
	. /payload/config
fi

mkdir -p "$FE_RUN"

fe_available() {
	[ -x "$NFT" ] && [ -f "$FE_DIR/guest-init.sh" ]
}

fe_log() {
	echo "  [fe $(cut -d' ' -f1 /proc/uptime)] $*"
}

# ---- the netback driver: parameters and dynamic debug ----

# The RX stall and drain timeouts the frontend cases are written for;
# the driver is reloaded with them when loaded otherwise (no vif may
# exist then). Dynamic debug on for the module, so drops are logged.
fe_netback_setup() {
	p=/sys/module/xen_netback/parameters
	if [ "$(cat $p/rx_stall_timeout_msecs 2>/dev/null)" != 5000 ] ||
		[ "$(cat $p/rx_drain_timeout_msecs 2>/dev/null)" != 1000 ]; then
		# shellcheck disable=SC1091 # written by lab.sh
		. /payload/config
		params="$MODULE_PARAMS rx_stall_timeout_msecs=5000 rx_drain_timeout_msecs=1000"
		fe_log "reloading xen-netback ($NETBACK) with: $params"
		rmmod xen_netback || return 1
		# As dom0's init loaded it (lib.sh): by path for stock, since
		# modprobe would find the project's package (dkms).
		# shellcheck disable=SC2086 # separate words
		netback_load $params || return 1
	fi
	[ -d /sys/kernel/debug/dynamic_debug ] ||
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	echo 'module xen_netback +p' >/sys/kernel/debug/dynamic_debug/control ||
		fe_log "dynamic debug for xen_netback not enabled"
	return 0
}

# ---- the test guest ----

# The lab's guest initramfs followed by an overlay archive (the kernel
# unpacks concatenated archives in order).
fe_build_ramdisk() {
	o=$FE_RUN/overlay
	# The guest's kernel (Debian's), not dom0's: they differ with the debug
	# dom0 kernel (lab.sh --kernel debug).
	k=/lib/modules/${GUEST_KVER:-$(uname -r)}/kernel/drivers/xen
	rm -rf "$o"
	mkdir -p "$o/nft"
	cp "$NFT" "$k/xen-evtchn.ko" "$k/xen-gntalloc.ko" "$o/nft/" || return 1
	install -m 755 "$FE_DIR/guest-init.sh" "$o/nft/init"
	(cd "$o" && find . | busybox cpio -o -H newc 2>/dev/null) |
		gzip -1 >"$FE_RUN/overlay.cpio.gz" || return 1
	cat "$LAB_RAMDISK" "$FE_RUN/overlay.cpio.gz" >"$FE_GUEST_RAMDISK"
}

# fe_guest_create N [VCPUS]: guest N with the test tool, its eth0 bound
# to the kernel netfront and autoprobe off for any later vif.
fe_guest_create() {
	n=$1
	cfg=$FE_RUN/$(guest_name "$n").cfg
	[ -f "$FE_GUEST_RAMDISK" ] || fe_build_ramdisk || return 1
	cat >"$cfg" <<-EOF
		name = "$(guest_name "$n")"
		type = "pv"
		kernel = "$LAB_KERNEL"
		ramdisk = "$FE_GUEST_RAMDISK"
		memory = 256
		vcpus = ${2:-2}
		vif = [ 'mac=$(guest_mac "$n"),bridge=$BRIDGE' ]
		extra = "console=hvc0 lab_ip=$(guest_ip "$n")/24 rdinit=/nft/init"
		on_crash = "destroy"
	EOF
	fe_log "xl create $(guest_name "$n") (test frontend guest)"
	timeout 120 xl create "$cfg" >"$FE_RUN/xl-create-$n.log" 2>&1 || {
		sed 's/^/  xl: /' "$FE_RUN/xl-create-$n.log"
		return 1
	}
	d=$(guest_domid "$n") || return 1
	eval "FE_DOMID_$n=$d"
	wait_until 90 fe_ready "$d"
}

# fe_domid N: guest N's domain id, cached (xl is slow under TCG)
fe_domid() {
	eval "_d=\${FE_DOMID_$1:-}"
	if [ -z "$_d" ]; then
		_d=$(guest_domid "$1") || return 1
		eval "FE_DOMID_$1=$_d"
	fi
	echo "$_d"
}

fe_ready() {
	[ "$(xenstore-read "/local/domain/$1/data/nft/ready" 2>/dev/null)" = 1 ]
}

fe_test_mac() {	# fe_test_mac N: the MAC every test vif of guest N gets
	printf '00:16:3e:78:00:%02x\n' "$((10 + $1))"
}

fe_be() {	# fe_be DOMID DEVID: the backend's xenstore directory
	echo "/local/domain/0/backend/vif/$1/$2"
}

fe_be_state() {	# fe_be_state BACKEND-DIR STATE
	[ "$(xenstore-read "$1/state" 2>/dev/null)" = "$2" ]
}

fe_be_ready() {
	[ "$(xenstore-read "$(fe_be "$1" "$2")/state" 2>/dev/null)" = 2 ] &&
		[ "$(xenstore-read "$(fe_be "$1" "$2")/hotplug-status" 2>/dev/null)" = connected ]
}

# fe_vif_attach N: a new vif for guest N, left unbound; prints its devid.
fe_vif_attach() {
	g=$(guest_name "$1")
	d=$(fe_domid "$1") || return 1
	t0=$(date +%s)
	timeout 60 xl network-attach "$g" "mac=$(fe_test_mac "$1")" "bridge=$BRIDGE" \
		>"$FE_RUN/attach.log" 2>&1 || {
		sed 's/^/  xl: /' "$FE_RUN/attach.log" >&2
		return 1
	}
	id=$(xl network-list "$g" | awk 'NR > 1 { id = $1 } END { print id }')
	[ -n "$id" ] && wait_until 30 fe_be_ready "$d" "$id" || return 1
	fe_log "vif$d.$id attached in $(($(date +%s) - t0)) s" >&2
	echo "$id"
}

# fe_vif_detach N DEVID: xl network-detach, answering for the frontend
# (Closing, then Closed) once the toolstack has asked the backend to
# close; waits until the vif's netdev is gone.
fe_vif_detach() {
	g=$(guest_name "$1")
	d=$(fe_domid "$1") || return 1
	be=$(fe_be "$d" "$2")
	fe=/local/domain/$d/device/vif/$2
	# A backend the tool left Closed would not answer the toolstack's
	# Closing (libxl then waits 10 s and forces it): Initialising first.
	if [ "$(xenstore-read "$be/state" 2>/dev/null)" = 6 ]; then
		xenstore-write "$fe/state" 1
		wait_until 5 fe_be_state "$be" 2
	fi
	t0=$(date +%s)
	timeout 60 xl network-detach "$g" "$2" >"$FE_RUN/detach-$2.log" 2>&1 &
	xlpid=$!
	answered=
	i=0
	while kill -0 "$xlpid" 2>/dev/null && [ "$i" -lt 600 ]; do
		if [ -z "$answered" ] &&
			[ "$(xenstore-read "$be/online" 2>/dev/null)" = 0 ] &&
			[ "$(xenstore-read "$be/state" 2>/dev/null)" = 5 ]; then
			xenstore-write "$fe/state" 5
			sleep 0.5
			xenstore-write "$fe/state" 6
			answered=1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	wait "$xlpid"
	rc=$?
	t1=$(date +%s)
	wait_vif_gone "$d" "$2" 30 || return 1
	fe_log "vif$d.$2 detached: xl $((t1 - t0)) s, netdev gone $(($(date +%s) - t1)) s later"
	return $rc
}

# fe_detach_failed WHAT DEVID: a vif the backend did not tear down (its
# detach failed, or its netdev outlived it) after case WHAT: the
# scenario fails (lib.sh's teardown_failed) and the table shows it in
# WHAT's row (RESULT fe_teardown.WHAT).
fe_detach_failed() {
	teardown_failed "vif$(fe_domid 1).$2 not torn down after $1"
	echo "RESULT fe_teardown.$1=detach-failed,FAIL"
}

# ---- the next case's vif, while the last one goes ----
#
# A case that disabled its vif (or closed it badly) needs a new one. The
# toolstack takes about 5 s to detach the old and 5 s to attach the new
# (xl and the hotplug script under TCG): both run at once, in the
# background, and the next case waits only for the attach. Devids only
# grow, so a vif being detached never shares its number with a new one.

# fe_vif_next_start: attach guest 1's next vif in the background.
fe_vif_next_start() {
	[ -z "${FE_NEXT_PID:-}" ] || return 0
	rm -f "$FE_RUN/next.id"
	fe_vif_attach 1 >"$FE_RUN/next.id" &
	FE_NEXT_PID=$!
}

# fe_vif_next: FE_VIF, the vif fe_vif_next_start attached, else one
# attached now; fails when neither worked. (Never in $(...): the
# background attach is this shell's child, not a subshell's.)
fe_vif_next() {
	FE_VIF=
	if [ -n "${FE_NEXT_PID:-}" ]; then
		wait "$FE_NEXT_PID" && FE_VIF=$(cat "$FE_RUN/next.id" 2>/dev/null)
		FE_NEXT_PID=
	fi
	[ -n "$FE_VIF" ] || FE_VIF=$(fe_vif_attach 1)
	[ -n "$FE_VIF" ]
}

# fe_vif_retire CASE DEVID: detach DEVID in the background; fe_vif_retired
# waits for every such detach and fails each one that did not finish.
fe_vif_retire() {
	(fe_vif_detach 1 "$2" || echo "$1 $2" >>"$FE_RUN/retire-failed") &
	FE_RETIRE_PIDS="${FE_RETIRE_PIDS:-} $!"
}

fe_vif_retired() {
	for _p in ${FE_RETIRE_PIDS:-}; do
		wait "$_p"
	done
	FE_RETIRE_PIDS=
	[ -s "$FE_RUN/retire-failed" ] || return 0
	while read -r _c _d; do
		fe_detach_failed "$_c" "$_d"
	done <"$FE_RUN/retire-failed"
	rm -f "$FE_RUN/retire-failed"
	return 1
}

# ---- commands in the guest ----

# fe_cmd N TIMEOUT ARGS...: run netfront-test ARGS in guest N; prints the
# result line it left (without its sequence number). Non-zero when the
# command did not finish in time.
fe_cmd() {
	d=$(fe_domid "$1") || return 1
	n=$(($2 * 10 / 3))
	shift 2
	base=/local/domain/$d/data/nft
	FE_SEQ=$((${FE_SEQ:-0} + 1))
	seq="$$.$FE_SEQ.$(cut -d' ' -f1 /proc/uptime)"
	xenstore-write "$base/cmd" "$seq $*"
	while [ "$n" -gt 0 ]; do
		case "$(xenstore-read "$base/done" 2>/dev/null)" in
		"$seq "*)
			r=$(xenstore-read "$base/result" 2>/dev/null)
			echo "${r#"$seq "}"
			return 0 ;;
		esac
		sleep 0.3
		n=$((n - 1))
	done
	xenstore-write "$base/cmd" "$seq kill"
	echo "outcome=timeout verdict=FAIL"
	return 1
}

# kv KEY LINE: the value of KEY=... in a line of key=value words
kv() {
	for _w in $2; do
		case "$_w" in "$1="*) echo "${_w#*=}"; return 0 ;; esac
	done
}

# fe_parse LINE: R_advisory, R_expect, R_outcome, R_verdict, R_close
# from a result line, without a process (they are dear under TCG)
fe_parse() {
	R_advisory='' R_expect='' R_outcome='' R_verdict='' R_close=''
	for _w in $1; do
		case "$_w" in
		advisory=*) R_advisory=${_w#*=} ;;
		expect=*) R_expect=${_w#*=} ;;
		outcome=*) R_outcome=${_w#*=} ;;
		verdict=*) R_verdict=${_w#*=} ;;
		close=*) R_close=${_w#*=} ;;
		esac
	done
}

# ---- the agent ----

# fe_agent_start N: answer guest N's requests in the background (the
# agent is netfront-test dom0-agent; see dom0agent.c for its verbs).
fe_agent_start() {
	d=$(fe_domid "$1") || return 1
	"$NFT" dom0-agent --domid "$d" --bridge "$BRIDGE" --peer "$(guest_ip 2)" \
		--dom0-ip "$DOM0_IP" --dir "$FE_RUN" --oracle "$FE_ORACLE" \
		</dev/null >"$FE_RUN/agent.log" 2>&1 &
	echo $! >"$FE_RUN/agent.pid"
}

# pid_wait PID [SECONDS]: until PID (not necessarily our child) is gone
pid_wait() {
	i=0
	while kill -0 "$1" 2>/dev/null && [ "$i" -lt $((${2:-60} * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

fe_agent_stop() {
	if [ -f "$FE_RUN/agent.pid" ]; then
		kill "$(cat "$FE_RUN/agent.pid")" 2>/dev/null
		pid_wait "$(cat "$FE_RUN/agent.pid")" 5
	fi
	rm -f "$FE_RUN/agent.pid"
}

# Every helper process the scenario or the agent started, ended: for
# the scenario's EXIT trap, so that nothing outlives it (the lab's
# runner waits for the scenario's output pipe to close).
fe_cleanup() {
	fe_agent_stop
	[ -f "$FE_RUN/g2ping.pid" ] && kill "$(cat "$FE_RUN/g2ping.pid")" 2>/dev/null
	rm -f "$FE_RUN/g2ping.pid"
	fe_save_logs
}

# ---- per-case checks in the scenario ----

# The kernel log by sequence number (/dev/kmsg), one process each: a
# count of dmesg's lines stops growing once the log buffer wraps.
fe_dmesg_mark() {
	"$NFT" kmsg-next >"$FE_RUN/case-dmesg0" 2>"$FE_RUN/case-dmesg0.err" ||
		: >"$FE_RUN/case-dmesg0"
}

# dom0 oracle lines since the mark (at most 3, "SEQ: TEXT"); a "kmsg: "
# line when the log could not be read from the mark (a failed check).
fe_dmesg_oracle() {
	_m=
	read -r _m <"$FE_RUN/case-dmesg0" 2>/dev/null
	"$NFT" kmsg-since "${_m:-none}" "$FE_ORACLE" 3
}

# ---- the well-behaved second guest ----

# A continuous ping from dom0 to guest 2 for the whole scenario (one
# every 0.5 s). The scenario fails when guest 2 lost more than
# FE_G2_MAX_LOSS percent of them and more than FE_G2_MAX_LOST (10 s of
# pings: a short scenario's one slow second is no failure).
FE_G2_MAX_LOSS=5
FE_G2_MAX_LOST=20
# A continuous ping from dom0 to guest 2 for the whole scenario.
fe_g2_watch_start() {
	ping -i 0.5 -q "$(guest_ip 2)" >"$FE_RUN/g2ping.out" 2>&1 &
	echo $! >"$FE_RUN/g2ping.pid"
}

# Stops it; prints "sent received loss%".
fe_g2_watch_stop() {
	[ -f "$FE_RUN/g2ping.pid" ] || return 0
	kill -INT "$(cat "$FE_RUN/g2ping.pid")" 2>/dev/null
	pid_wait "$(cat "$FE_RUN/g2ping.pid")" 5
	rm -f "$FE_RUN/g2ping.pid"
	awk '/packets transmitted/ { print $1, $4, $6 }' "$FE_RUN/g2ping.out"
}

fe_g2_alive() {
	ping -c 1 -W 2 "$(guest_ip 2)" >/dev/null 2>&1 ||
		ping -c 2 -W 2 "$(guest_ip 2)" >/dev/null 2>&1
}

# ---- running cases ----

# fe_run_case MODE TIMEOUT CASE DEVID: one case; prints its result line.
fe_run_case() {
	fe_log "$1 $3 on vif$(fe_domid 1).$4" >&2
	fe_cmd 1 "$2" "$1" "$3" --vif "$4"
}

# fe_run_cases MODE TIMEOUT CASE...: each case of MODE (hostile,
# conform) on a vif of guest 1, with the dom0 oracles and guest 2
# checked around it. A vif is reused (the tool closes it and connects
# again) after a case that passed without disabling it; it is re-created
# after any other (a fatal error is sticky until then); FE_FRESH=1
# re-creates it every time. One line per case:
#   RESULT fe.CASE=ADVISORY,EXPECTED,OUTCOME,VERDICT
# Returns how many cases failed (n/a counts as failed but for a feature
# our module's own parameters switched off: fe_na_allowed).
fe_run_cases() {
	mode=$1
	tmo=$2
	shift 2
	# shellcheck disable=SC1091 # written by lab.sh
	[ ! -f /payload/config ] || . /payload/config
	result "fe_count.$mode" "$#"
	[ "$#" -gt 0 ] || { fe_log "no $mode cases to run (netfront-test list)"; return 1; }
	nfail=0
	dev=
	rm -f "$FE_RUN/retire-failed"
	left=$#
	for c in "$@"; do
		left=$((left - 1))
		fe_dmesg_mark
		reused=1
		if [ -z "$dev" ]; then
			reused=0
			if fe_vif_next; then
				dev=$FE_VIF
			else
				echo "RESULT fe.$c=-,-,no-vif,FAIL"
				nfail=$((nfail + 1))
				dev=
				continue
			fi
		fi
		line=$(fe_run_case "$mode" "$tmo" "$c" "$dev")
		fe_parse "$line"
		if [ "$reused" = 1 ] && [ "$R_outcome" = no-connect ]; then
			fe_log "no connection on the reused vif $dev: again on a new one"
			fe_vif_detach 1 "$dev"
			dev=$(fe_vif_attach 1) &&
				line=$(fe_run_case "$mode" "$tmo" "$c" "$dev")
			fe_parse "$line"
		fi
		out=$R_outcome
		v=$R_verdict
		[ -n "$v" ] || fe_diag 1
		oracle=$(fe_dmesg_oracle)
		if [ -n "$oracle" ]; then
			v=FAIL
			out="$out+dom0-oracle"
			printf '%s\n' "$oracle" | sed 's/^/  dom0: /'
		fi
		if ! fe_g2_alive; then
			v=FAIL
			out="$out+guest2-down"
		fi
		if [ "$R_close" = stuck ]; then
			v=FAIL
			out="$out+close-stuck"
		fi
		if [ "$v" = n/a ] && ! fe_na_allowed "$line"; then
			v=FAIL
		fi
		# Stock is the reference, not what is judged: its answer to a
		# bad event channel at connect is a half-connected vif (the
		# error node, yet Connected with its carrier on), which these
		# cases call a failure. That is a finding about stock.
		if [ "$NETBACK" = stock ] && [ "$v" = FAIL ] && [ "$R_expect" = refused ] &&
			[ "$out" = half-connected ]; then
			v=FINDING
		fi
		fe_log "$line"
		echo "RESULT fe.$c=$R_advisory,$R_expect,${out:-none},${v:-FAIL}"
		case "$v" in
		PASS | n/a | FINDING) ;;
		*) nfail=$((nfail + 1)) ;;
		esac
		if [ -n "$dev" ] && { [ "${FE_FRESH:-0}" = 1 ] || [ "$out" = fatal ] ||
			[ "$R_close" != ok ] || { [ "$v" != PASS ] && [ "$v" != n/a ]; }; }; then
			# The next case's vif comes while this one goes.
			fe_vif_retire "$c" "$dev"
			[ "$left" = 0 ] || fe_vif_next_start
			dev=
		fi
	done
	[ -z "$dev" ] || fe_vif_retire "$c" "$dev"
	# Each detach that did not finish fails its case (fe_detach_failed).
	fe_vif_retired
	return "$nfail"
}

# fe_na_allowed RESULT-LINE: a case's n/a ("FEATURE not offered" in its
# detail) passes only with our module (mt, dkms) and only for a feature
# its own parameters switched off. Stock offers every feature the cases
# use, and so does ours unless told otherwise.
fe_na_allowed() {
	is_mt || return 1
	case "$1" in
	*"feature-split-event-channels not offered"*)
		[ "$(cat /sys/module/xen_netback/parameters/separate_tx_rx_irq 2>/dev/null)" = N ] ;;
	*) return 1 ;;
	esac
}

# fe_random_runs SEED SECONDS: three random runs of SECONDS each on fresh
# vifs of guest 1, seeds SEED, SEED+1, SEED+2. The first mixes in what
# stock treats as fatal, so it may end its vif early (the backend doing
# its job); the other two are --mild and their vif must live through
# them. A vif that stops answering with its carrier on, answers nothing
# good afterwards, trips a dom0 oracle or takes guest 2 down fails; on
# the stock driver a stuck vif is a FINDING (stock is the reference, not
# what is judged). One RESULT line each; returns how many failed.
fe_random_runs() {
	rbad=0
	for s in "$1" $(($1 + 1)) $(($1 + 2)); do
		mild=
		[ "$s" = "$1" ] || mild=--mild
		fe_dmesg_mark
		if ! dev=$(fe_vif_attach 1); then
			result "fe.random${mild:+-mild}-$s" "no-vif,batches=0,FAIL"
			rbad=$((rbad + 1))
			continue
		fi
		line=$(fe_cmd 1 $(($2 + 180)) random --seed "$s" --seconds "$2" $mild --vif "$dev")
		rc=$?
		fe_log "$line"
		oracle=$(fe_dmesg_oracle)
		out=$(kv outcome "$line")
		v=PASS
		case "$out" in stuck* | timeout | no-connect) v=FAIL ;; esac
		case "$mild$out" in --mildalive*) ;; --mild*) v=FAIL ;; esac
		[ "$(kv works "$line")" = 0 ] && v=FAIL
		[ "$rc" = 0 ] || v=FAIL
		# Random runs judge ours; stock is the reference. Stock that
		# stops answering, with nothing else wrong, is a finding about
		# stock (logged with its replay), not a failed run.
		case "$NETBACK:$out" in stock:stuck*) v=FINDING ;; esac
		[ -z "$oracle" ] || { v=FAIL; printf '%s\n' "$oracle" | sed 's/^/  dom0: /'; }
		fe_g2_alive || v=FAIL
		[ "$v" != FINDING ] ||
			fe_log "finding: stock stopped answering guest TX requests ($out); replay: netfront-test random --seed $s --batches $(kv batches "$line") $mild"
		result "fe.random${mild:+-mild}-$s" "$out,batches=$(kv batches "$line"),$v"
		if [ "$v" = FAIL ]; then
			fe_log "replay this run: netfront-test random --seed $s --batches $(kv batches "$line") $mild"
			result fe_random_replay "$(fe_replay_hint "$1")"
		fi
		case "$v" in PASS | FINDING) ;; *) rbad=$((rbad + 1)) ;; esac
		fe_vif_detach 1 "$dev" || fe_detach_failed "random${mild:+-mild}-$s" "$dev"
	done
	return "$rbad"
}

# fe_replay_hint SEED: the host's command that replays the random runs
# of first seed SEED on this driver (lab.sh writes FE_SEED into the
# payload's config).
fe_replay_hint() {
	if [ "${SOAK:-0}" = 1 ]; then
		echo "FE_SEED=$1 tests/lab/lab.sh --soak --scenarios fe_random --netback ${NETBACK:-mt} --workers ${WORKERS:-kthread}"
	elif is_mt; then
		echo "FE_SEED=$1 make lab SCENARIOS=fe_random NETBACK=$NETBACK WORKERS=${WORKERS:-kthread}"
	else
		echo "FE_SEED=$1 make lab SCENARIOS=fe_random NETBACK=${NETBACK:-stock}"
	fi
}

# fe_cpu_now: "IDLE STEAL TOTAL GUEST WALL": dom0's idle (with iowait),
# steal and total CPU time (/proc/stat, in ticks), the seconds of CPU
# guest 1's vCPUs have had (xl vcpu-list) and the time.
fe_cpu_now() {
	awk 'NR == 1 { printf "%d %d %d ", $5 + $6, $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat
	xl vcpu-list "$(fe_domid 1)" 2>/dev/null | awk 'NR > 1 { t += $6 } END { printf "%s ", t + 0 }'
	date +%s.%N
}

# fe_load_moving VIF STAT: wait (30 s at most) for dom0's VIF to count
# STAT (rx_packets: guest TX; tx_packets: guest RX) moving; non-zero if
# it never did.
fe_load_moving() {
	f=/sys/class/net/$1/statistics/$2
	p0=$(cat "$f" 2>/dev/null) || return 1
	w=0
	while [ "$(cat "$f" 2>/dev/null || echo 0)" -le $((p0 + 100)) ]; do
		[ "$w" -lt 150 ] || return 1
		sleep 0.2
		w=$((w + 1))
	done
}

# fe_load_cpu KEY VIF STAT SECONDS: where the CPU went while a load runs,
# to tell whether dom0 or the guest's tool bounds it: once the load moves
# (fe_load_moving), over SECONDS, prints RESULT bench.KEY.1.cpu_idle and
# .cpu_steal (dom0, % of its CPU time) and .guest_cpu (% of one CPU).
fe_load_cpu() {
	fe_load_moving "$2" "$3" || return 0
	a=$(fe_cpu_now)
	sleep "$4"
	echo "$a $(fe_cpu_now)" | awk -v key="bench.$1.1" '$8 > $3 && $10 > $5 {
		printf "RESULT %s.cpu_idle=%.1f\n", key, 100 * ($6 - $1) / ($8 - $3)
		printf "RESULT %s.cpu_steal=%.1f\n", key, 100 * ($7 - $2) / ($8 - $3)
		printf "RESULT %s.guest_cpu=%.0f\n", key, 100 * ($9 - $4) / ($10 - $5) }'
}

# make bench's perf (its first round's payload); without it, no profile.
FE_PERF=/payload/perf/run

# fe_load_profile DIR SIZE DEV VIF STAT: one more, unmeasured, load of
# DIR and SIZE on guest 1's test vif DEV (dom0's VIF), during which perf
# samples dom0's CPUs with call graphs for 5 s once the load moves (perf
# takes seconds to set up under TCG: the load lasts 30 s). bench_net's
# profile_fold (scenarios/profile.sh) writes
# /payload/out/profile-frames_DIR_SIZEB-1.top and .folded and prints the
# RESULT bench.frames_DIR_SIZEB.1.prof_* shares, which make bench's
# report tabulates beside the iperf3 loads' profiles.
fe_load_profile() {
	[ -x "$FE_PERF" ] || return 0
	key=frames_${1}_$(($2 + 4))B
	rm -f "$FE_RUN/perf.data"
	(
		fe_load_moving "$4" "$5" || exit 0
		"$FE_PERF" record -q -a -g -B -N -e cpu-clock -F 99 \
			-o "$FE_RUN/perf.data" -- sleep 5 >"$FE_RUN/perf.log" 2>&1
	) &
	ppid=$!
	line=$(fe_cmd 1 120 load --dir "$1" --size "$2" --seconds 30 --vif "$3")
	wait "$ppid"
	[ -s "$FE_RUN/perf.data" ] || { fe_log "profile $key: no perf data"; return 0; }
	# shellcheck source=tests/lab/scenarios/profile.sh
	. "$(dirname "$0")/profile.sh"
	"$FE_PERF" script -i "$FE_RUN/perf.data" -F comm,ip,sym,dso 2>>"$FE_RUN/perf.log" |
		profile_fold "/payload/out/profile-$key-1" "$key" 1
	fe_log "profile $key ($(kv pps "$line") frames/s): $(head -n 3 "/payload/out/profile-$key-1.top" | tr '\t\n' ' ;')"
	rm -f "$FE_RUN/perf.data"
}

# fe_load_runs SECONDS: the load mode on one vif of guest 1: the frame
# rate the backend sustains guest->dom0 (tx, counted by dom0's vif) and
# dom0->guest (rx, counted intact by the guest) at 64- and 1518-byte
# Ethernet frames (60 and 1514 bytes without the FCS), SECONDS each.
# Measuring does no harm, so the vif is reused; a run that gives no
# figure, sees a corrupt frame or trips a dom0 oracle fails. One line
# each:   RESULT load.DIR-SIZEB=PPS,OUTCOME,VERDICT
# and where the CPU went in its middle (fe_load_cpu; make bench's
# report takes those); with make bench's perf, the 64-byte loads once
# more under perf (fe_load_profile).
# Returns how many failed.
fe_load_runs() {
	lbad=0
	fe_dmesg_mark
	dev=$(fe_vif_attach 1) || {
		echo "RESULT load.vif=0,no-vif,FAIL"
		return 1
	}
	vif=vif$(fe_domid 1).$dev
	for dir in tx rx; do
		for size in 60 1514; do
			stat=rx_packets
			[ "$dir" = tx ] || stat=tx_packets
			fe_load_cpu "frames_${dir}_$((size + 4))B" "$vif" "$stat" \
				$(($1 > 3 ? $1 - 2 : 1)) >"$FE_RUN/load-cpu" &
			cpid=$!
			line=$(fe_cmd 1 $(($1 + 60)) load --dir "$dir" --size "$size" \
				--seconds "$1" --vif "$dev")
			wait "$cpid"
			cat "$FE_RUN/load-cpu"
			fe_log "$line"
			out=$(kv outcome "$line")
			pps=$(kv pps "$line")
			v=PASS
			[ "$out" = measured ] && positive "$pps" || v=FAIL
			oracle=$(fe_dmesg_oracle)
			[ -z "$oracle" ] || { v=FAIL; printf '%s\n' "$oracle" | sed 's/^/  dom0: /'; }
			fe_dmesg_mark
			result "load.$dir-$((size + 4))B" "${pps:-0},${out:-none},$v"
			[ "$v" = PASS ] || lbad=$((lbad + 1))
		done
	done
	fe_load_profile tx 60 "$dev" "$vif" rx_packets
	fe_load_profile rx 60 "$dev" "$vif" tx_packets
	fe_vif_detach 1 "$dev" || fe_detach_failed load "$dev"
	return "$lbad"
}

# The scenario's common start: driver set up, guest 2 pinging, guest 1
# with the test tool and its agent.
fe_scenario_start() {
	fe_available || { echo "no $NFT in the payload (make -C tests/frontend)"; return 1; }
	[ -n "${FE_ORACLE:-}" ] ||
		{ echo "no FE_ORACLE in /payload/config (lab.sh writes analyze.sh's ORACLE_DOM0 there)"; return 1; }
	fe_netback_setup || { echo "could not set the netback parameters"; return 1; }
	guest_create 2 || { echo "xl create guest 2 failed"; return 1; }
	guest_wait_ping 2 60 || { echo "guest 2 does not answer ping"; return 1; }
	fe_guest_create 1 || { echo "the test guest did not come up"; return 1; }
	fe_agent_start 1 || return 1
	line=$(fe_cmd 1 30 agent-ping --vif 0)
	fe_log "agent-ping: $line"
	if [ "$(kv rc "$line")" != 0 ]; then
		fe_diag 1
		echo "the tool in guest 1 and the agent in dom0 do not talk"
		return 1
	fi
	fe_g2_watch_start
}

# What the guest's console and the agent said last, and data/nft/.
fe_diag() {
	fe_log "diagnostics for guest $1:"
	tr -d '\r' <"/var/log/xen/console/guest-$(guest_name "$1").log" 2>/dev/null |
		tail -n 25 | sed 's/^/  guest: /'
	tail -n 15 "$FE_RUN/agent.log" 2>/dev/null | sed 's/^/  agent: /'
	xenstore-ls "/local/domain/$(fe_domid "$1")/data" 2>/dev/null |
		cut -c1-200 | sed 's/^/  xenstore: /'
}

# The agent's log into the run's logs (out/ on the payload drive).
fe_save_logs() {
	[ -d /payload/out ] && cp "$FE_RUN/agent.log" "/payload/out/fe-agent-$SCN.log" 2>/dev/null
	return 0
}

# The scenario's common end: guest 2 still carries iperf3 and its ping
# log is clean; both guests destroyed. Non-zero if guest 2 suffered.
fe_scenario_end() {
	mb=$(iperf_mbit -c "$(guest_ip 2)" -t 3)
	g2=$(fe_g2_watch_stop)
	fe_agent_stop
	fe_save_logs
	# "SENT RECEIVED LOST LOSS%" of guest 2's ping, the loss computed here
	# (iputils and busybox word their summaries differently).
	g2=$(echo "$g2" | awk '$1 > 0 { printf "%d %d %d %d", $1, $2, $1 - $2, ($1 - $2) * 100 / $1 }')
	# shellcheck disable=SC2086 # four numbers
	set -- $g2
	result fe_guest2_iperf_mbit "${mb:-0}"
	result fe_guest2_ping "${2:-0}/${1:-0},loss=${4:-?}%"
	guest_destroy 1
	guest_destroy 2
	positive "$mb" || { fe_log "guest 2 gave no iperf3 figure"; return 1; }
	[ "${2:-0}" -gt 0 ] || { fe_log "guest 2 answered no ping"; return 1; }
	if [ "$4" -gt "$FE_G2_MAX_LOSS" ] && [ "$3" -gt "$FE_G2_MAX_LOST" ]; then
		fe_log "guest 2 lost $3 of $1 pings ($4%): more than $FE_G2_MAX_LOSS% and $FE_G2_MAX_LOST"
		return 1
	fi
}
