#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The lab: boot a real Xen 4.17 host (Debian's hypervisor, kernel and
# toolstack) in QEMU/TCG, load a netback driver in its dom0 and run
# scenarios there with real guests (xen-netfront, xl, iperf3).
#
#   tests/lab/lab.sh [--netback mt|dkms|stock|none] [--workers kthread|tasklet]
#                    [--kernel debian|debug]
#                    [--scenarios "a b"|all] [--module-params "p=v ..."]
#                    [--bench] [--timeout SECONDS] [--payload-add DIR]...
#                    [--rebuild] [--soak]
#   tests/lab/lab.sh --analyze RUNDIR    re-judge a finished run's logs
#   tests/lab/lab.sh --list-default      print the default scenario list
#
# --netback mt     the project's xen-netback.ko, built here with
#                  `make module KVER=<lab kernel>`, insmod from the payload;
#                  no module, no run
# --netback dkms   the project's package: dom0's image has the .deb of
#                  `make deb` installed with dpkg (dkms built it there for
#                  the lab kernel); `modprobe xen-netback` loads it from
#                  updates/dkms
# --netback stock  the in-tree xen-netback of the lab kernel (baseline),
#                  insmod by path (modprobe would find the package's)
# --netback none   load no netback at all (runner self-test: must FAIL)
# --workers        passed to our module (mt, dkms) as workers=KIND
# --kernel debian  dom0 boots the newest installed Debian kernel (default)
# --kernel debug   dom0 boots the lab's debug kernel (lockdep, KFENCE,
#                  UBSAN, debug objects: tests/lab/debug-kernel.sh builds or
#                  reuses it first); its modules come on the payload, guests
#                  keep Debian's kernel; not with --netback dkms or the
#                  package's scenarios. Also LAB_KERNEL=debug. The time
#                  limits but --timeout are multiplied by LAB_TIME_FACTOR
#                  (default 2 for debug, 1 for debian)
# --scenarios      the scenarios to run, in order; "all" for every one;
#                  without it: the demo (iperf four_guests fe_demo unload,
#                  booted as --bench so that its figures are not slowed
#                  by the slab oracles)
# --module-params  extra parameters for insmod/modprobe of the driver
# --bench          boot dom0 without the slub_debug/page_poison oracles
# --payload-add D  also copy directory D to /payload/<basename D> in dom0
#                  (repeatable; also LAB_PAYLOAD_ADD="dir1 dir2")
# --soak           scenarios run their long repetitions (make soak)
# --rebuild        delete every cached image first (a cold run; the lock is
#                  held, so no other run is using them). Also LAB_REBUILD=1
#
# One QEMU boot runs all selected scenarios in sequence. Every run's logs
# go to build/lab/logs/<timestamp>/; the exit status is non-zero on any
# FAIL, missing verdict, oracle hit or timeout.
set -eu
set -o pipefail

# shellcheck source=tests/lab/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# Every scenario both drivers must pass but the test frontend's and the
# repetition cycles; unload stays last.
DEFAULT_SCENARIOS="toolstack guest iperf two_guests reattach destroy_mid_iperf \
rmmod_refused offloads mtu9000 netfront_reload vifname rebind four_guests \
multiqueue xdp migrate driver_domain rate cpu_hotplug unload"
# --scenarios all: every scenario (the frontend's whole set included).
ALL_SCENARIOS="${DEFAULT_SCENARIOS% unload} leak_cycles module_cycles fe_all unload"
# With no --scenarios: the demo (make lab): a guest, traffic both ways,
# four guests spread over the groups, one hostile guest turned away. It
# boots without the slab oracles (as --bench) so that its figures mean
# something; every list given explicitly keeps them.
DEMO_SCENARIOS="iperf four_guests fe_demo unload"
NETBACK=mt
WORKERS=kthread
KERNEL=${LAB_KERNEL:-debian}
SCENARIOS=""
DEMO=0
MODULE_PARAMS_EXTRA=""
BENCH=0
SOAK=0
TIMEOUT=""
ANALYZE=""
PAYLOAD_ADD=${LAB_PAYLOAD_ADD:-}
REBUILD=${LAB_REBUILD:-0}
# Run directories kept in build/lab/logs (oldest pruned first).
KEEP_RUNS=40
# Seconds allowed from QEMU start to a ready toolstack, and around the
# scenarios (log collection, shutdown).
BOOT_ALLOWANCE=300
MARGIN=120
# Scenarios that need the Debian kernel: the package is built (by dkms in
# dom0's image) for that kernel only.
PKG_SCENARIOS="pkg_installed live_swap pkg_removal"

QEMU_PID=""
TIMEOUT_PID=""
LOCK_WAIT_PID=""
RUN=""
PHASES=""

usage() {
	sed -n '4,45p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

parse_args() {
	while [ $# -gt 0 ]; do
		case "$1" in
		--netback) NETBACK=$2; shift ;;
		--workers) WORKERS=$2; shift ;;
		--kernel) KERNEL=$2; shift ;;
		--scenarios) SCENARIOS=$2; shift ;;
		--module-params) MODULE_PARAMS_EXTRA=$2; shift ;;
		--bench) BENCH=1 ;;
		--soak) SOAK=1 ;;
		--rebuild) REBUILD=1 ;;
		--timeout) TIMEOUT=$2; shift ;;
		--analyze) ANALYZE=$2; shift ;;
		--payload-add) PAYLOAD_ADD="$PAYLOAD_ADD $2"; shift ;;
		-h | --help) usage ;;
		--list-default) echo "$DEFAULT_SCENARIOS"; exit 0 ;;
		*) log "unknown argument: $1"; usage ;;
		esac
		shift
	done
	case "$NETBACK" in mt | dkms | stock | none) ;; *) die "--netback must be mt, dkms, stock or none" ;; esac
	case "$WORKERS" in kthread | tasklet) ;; *) die "--workers must be kthread or tasklet" ;; esac
	case "$KERNEL" in debian | debug) ;; *) die "--kernel must be debian or debug" ;; esac
	case "$SCENARIOS" in
	"") SCENARIOS=$DEMO_SCENARIOS; DEMO=1; BENCH=1 ;;
	all) SCENARIOS=$ALL_SCENARIOS ;;
	esac
}

# dom0's kernel. Sets DOM0_KVER (its release), DOM0_VMLINUZ, DOM0_KDIR (what
# the project's module builds against), DOM0_MODULES (a /lib/modules/<release>
# to bring on the payload, or empty: the image has them), STOCK_KO (the
# host's copy of the kernel's own xen-netback.ko), DOM0_INITRD and
# TIME_FACTOR. Guests always boot the Debian kernel (lab_kver).
select_kernel() {
	local dk t0 s
	case "$KERNEL" in
	debian)
		DOM0_KVER=$(lab_kver)
		DOM0_VMLINUZ=/boot/vmlinuz-$DOM0_KVER
		DOM0_KDIR=/lib/modules/$DOM0_KVER/build
		DOM0_MODULES=""
		STOCK_KO=/lib/modules/$DOM0_KVER/kernel/drivers/net/xen-netback/xen-netback.ko
		DOM0_INITRD=$BUILD_DIR/dom0-initrd.cpio.gz
		TIME_FACTOR=${LAB_TIME_FACTOR:-1} ;;
	debug)
		[ "$NETBACK" != dkms ] ||
			die "--netback dkms needs --kernel debian: dom0's image has the package built by dkms for $(lab_kver) only"
		for s in $SCENARIOS; do
			case " $PKG_SCENARIOS " in *" $s "*)
				die "scenario $s needs --kernel debian: the package is built for $(lab_kver) only" ;;
			esac
		done
		t0=$(now)
		dk=$("$LAB_DIR/debug-kernel.sh") || die "the debug kernel build failed"
		phase "debug kernel" ok $(($(now) - t0))
		DOM0_KVER=$(cat "$dk/release")
		DOM0_VMLINUZ=$dk/vmlinuz
		DOM0_KDIR=$dk/obj
		DOM0_MODULES=$dk/staging/lib/modules/$DOM0_KVER
		STOCK_KO=$DOM0_MODULES/kernel/drivers/net/xen-netback/xen-netback.ko
		# Disk and ext4 are built in: an initramfs that loads no module.
		DOM0_INITRD=$BUILD_DIR/dom0-initrd-builtin.cpio.gz
		# It ran toolstack+iperf 1.2-1.5 times slower than Debian's
		# kernel (tests/lab/README.md, Debug kernel); 2 leaves headroom
		# for lockdep's cost on the scenarios with many lock chains.
		TIME_FACTOR=${LAB_TIME_FACTOR:-2} ;;
	esac
	case "$TIME_FACTOR" in "" | 0 | *[!0-9]*) die "LAB_TIME_FACTOR must be a whole number from 1" ;; esac
}

# phase NAME STATUS SECONDS: one row of the summary table.
phase() {
	PHASES="$PHASES$1|$2|$3"$'\n'
}

# Build the project's module against the lab kernel's headers. For mt a
# missing or failing build ends the run: never fall back to stock.
build_module() {
	local kver=$DOM0_KVER t0 ko
	t0=$(now)
	log "building the module: make module KDIR=$DOM0_KDIR"
	if ! make -C "$REPO_DIR" module KVER="$kver" KDIR="$DOM0_KDIR" >"$BUILD_DIR/module-build.log" 2>&1; then
		tail -n 30 "$BUILD_DIR/module-build.log" >&2
		die "--netback mt: the module build failed (log: $BUILD_DIR/module-build.log)"
	fi
	ko=$REPO_DIR/xen-netback.ko
	[ -f "$ko" ] || die "--netback mt: make module produced no $ko"
	modinfo -F vermagic "$ko" | grep -q "^$kver " ||
		die "--netback mt: $ko is not built for $kver ($(modinfo -F vermagic "$ko"))"
	MODULE_KO=$ko
	phase "module build" ok $(($(now) - t0))
}

# Seconds a scenario may take (its "# lab-timeout:" line, else 240), before
# TIME_FACTOR (run_deadline applies it; so does dom0's runner).
scenario_timeout() {
	local t=""
	[ "$SOAK" = 1 ] &&
		t=$(sed -n 's/^# lab-timeout-soak: *\([0-9][0-9]*\).*/\1/p' "$1" | head -n 1)
	[ -n "$t" ] ||
		t=$(sed -n 's/^# lab-timeout: *\([0-9][0-9]*\).*/\1/p' "$1" | head -n 1)
	echo "${t:-240}"
}

# GNU build id of a module file (empty if binutils' readelf is missing or
# the file does not exist, e.g. a kernel that ships compressed modules).
build_id() {
	if [ -f "$1" ] && command -v readelf >/dev/null; then
		readelf -n "$1" 2>/dev/null | sed -n 's/^ *Build ID: *//p' | head -n 1
	fi
}

# The run's payload drive: dom0's init, the runner, the scenarios, the
# config and (mt) the module. It is also where dom0 leaves its logs (out/),
# so it has no journal: dom0's sync puts everything in place for debugfs.
make_payload() {
	local d=$RUN/payload.d params ko extra kver
	rm -rf "$d"
	mkdir -p "$d/scenarios" "$d/out"
	install -m 755 "$LAB_DIR/dom0/init.sh" "$LAB_DIR/dom0/run-scenarios.sh" "$d/"
	cp "$LAB_DIR"/scenarios/*.sh "$d/scenarios/"
	for extra in $PAYLOAD_ADD; do
		[ -d "$extra" ] || die "--payload-add: no directory $extra"
		cp -r "$extra" "$d/$(basename "$extra")"
	done
	add_frontend "$d"
	params=$MODULE_PARAMS_EXTRA
	kver=$DOM0_KVER
	# The file whose build id dom0 must find loaded: the lab kernel's own
	# module for stock (dom0's copy is the same file), the host-built one
	# for mt, the one dkms built in dom0's image for dkms.
	ko=$STOCK_KO
	if [ -n "$DOM0_MODULES" ]; then
		# dom0's init.sh points /lib/modules/<release> here.
		mkdir -p "$d/kmods"
		cp -a "$DOM0_MODULES" "$d/kmods/$kver"
	fi
	case "$NETBACK" in
	mt)
		cp "$MODULE_KO" "$d/xen-netback.ko"
		ko=$MODULE_KO
		params="workers=$WORKERS${params:+ $params}" ;;
	dkms)
		ko=$(pkg_layer_ko "$BUILD_DIR/dom0-pkg" "$kver")
		[ -n "$ko" ] || die "--netback dkms: no module from dkms in $BUILD_DIR/dom0-pkg"
		params="workers=$WORKERS${params:+ $params}" ;;
	esac
	{
		printf "NETBACK='%s'\n" "$NETBACK"
		printf "LAB_KVER='%s'\n" "$kver"
		printf "GUEST_KVER='%s'\n" "$(lab_kver)"
		# Not LAB_KERNEL: in dom0 that names the guests' kernel (lib.sh),
		# and the frontend's agent sources this file after lib.sh.
		printf "DOM0_KERNEL='%s'\n" "$KERNEL"
		printf "LAB_TIME_FACTOR='%s'\n" "$TIME_FACTOR"
		printf "PKG_VERSION='%s'\n" "$(cat "$REPO_DIR/VERSION")"
		printf "WORKERS='%s'\n" "$WORKERS"
		printf "MODULE_PARAMS='%s'\n" "$params"
		printf "SCENARIOS='%s'\n" "$SCENARIOS"
		printf "BENCH='%s'\n" "$BENCH"
		printf "SOAK='%s'\n" "$SOAK"
		printf "EXPECT_BUILD_ID='%s'\n" "$(build_id "$ko")"
		# dom0's kernel log oracle (analyze.sh's ORACLE_DOM0) for the test
		# frontend's per-case check and its agent: one definition.
		# shellcheck source=tests/lab/lib/analyze.sh
		printf "FE_ORACLE='%s'\n" "$(. "$LAB_DIR/lib/analyze.sh" && printf '%s' "${ORACLE_DOM0//\'/\'\\\'\'}")"
		# The test frontend's knobs, when set here: a run is replayed with them.
		case "${FE_SEED:-}" in "") ;; *[!0-9]*) die "FE_SEED must be a number" ;;
		*) printf "FE_SEED='%s'\n" "$FE_SEED" ;; esac
		case "${FE_CASES:-}" in "") ;; *[!a-z0-9\ _-]*) die "FE_CASES: case names only" ;;
		*) printf "FE_CASES='%s'\n" "$FE_CASES" ;; esac
		case "${FE_LOAD_SECONDS:-}" in "") ;; *[!0-9]*) die "FE_LOAD_SECONDS must be a number" ;;
		*) printf "FE_LOAD_SECONDS='%s'\n" "$FE_LOAD_SECONDS" ;; esac
		# make bench's knobs (tests/bench/bench.sh), read by scenarios/bench_net.sh.
		case "${BENCH_GUESTS:-}" in "") ;; *[!0-9\ ]*) die "BENCH_GUESTS: guest counts only" ;;
		*) printf "BENCH_GUESTS='%s'\n" "$BENCH_GUESTS" ;; esac
		case "${BENCH_SECS:-}" in "") ;; *[!0-9]*) die "BENCH_SECS must be a number" ;;
		*) printf "BENCH_SECS='%s'\n" "$BENCH_SECS" ;; esac
		case "${BENCH_USABILITY:-}" in "") ;; 0 | 1) printf "BENCH_USABILITY='%s'\n" "$BENCH_USABILITY" ;;
		*) die "BENCH_USABILITY must be 0 or 1" ;; esac
		case "${BENCH_DOM0_WEIGHT:-}" in "") ;; *[!0-9]*) die "BENCH_DOM0_WEIGHT must be a number" ;;
		*) printf "BENCH_DOM0_WEIGHT='%s'\n" "$BENCH_DOM0_WEIGHT" ;; esac
	} >"$d/config"
	cp "$d/config" "$RUN/config"
	mkfs.ext4 -q -F -O ^has_journal -L lab-payload -d "$d" "$RUN/payload.img" \
		"$((256 + $(du -sm "$d" | cut -f1)))M" \
		>/dev/null 2>&1 || die "mkfs of the payload failed"
	rm -rf "$d"
}

# The test frontend (tests/frontend) for the fe_* scenarios: its static
# binary, built here, its dom0 agent and its guest init hook, in
# payload/frontend/.
add_frontend() {
	local d=$1 fe=$REPO_DIR/tests/frontend
	case " $SCENARIOS " in *" fe_"*) ;; *) return 0 ;; esac
	make -C "$fe" >"$BUILD_DIR/frontend-build.log" 2>&1 ||
		die "make -C tests/frontend failed (log: $BUILD_DIR/frontend-build.log)"
	mkdir -p "$d/frontend"
	cp "$fe/netfront-test" "$fe/agent.sh" "$fe/guest-init.sh" "$d/frontend/"
}

# Kill QEMU (and the timeout wrapping it) by PID: on every exit path.
stop_qemu() {
	local p
	for p in $QEMU_PID $TIMEOUT_PID; do
		kill -TERM "$p" 2>/dev/null || true
	done
	sleep 1
	for p in $QEMU_PID $TIMEOUT_PID; do
		kill -KILL "$p" 2>/dev/null || true
	done
	QEMU_PID=""
	TIMEOUT_PID=""
}

on_exit() {
	if [ -n "$LOCK_WAIT_PID" ]; then
		kill "$LOCK_WAIT_PID" 2>/dev/null || true
	fi
	if [ -n "$QEMU_PID$TIMEOUT_PID" ]; then
		log "stopping QEMU"
		stop_qemu
	fi
	if [ -n "$RUN" ]; then
		rm -rf "$RUN/payload.d"
	fi
}

# Exclusive use of the machine's 2 cores: one lab at a time, queued.
take_lock() {
	local t0
	t0=$(now)
	exec 9>>"$LAB_LOCK"
	if ! flock -n 9; then
		log "another lab run holds $LAB_LOCK; waiting for it"
		# In the background so that a signal ends the wait at once (bash runs
		# traps only between foreground commands); the lock belongs to fd 9,
		# shared with this shell.
		flock -w 5400 9 &
		LOCK_WAIT_PID=$!
		wait "$LOCK_WAIT_PID" || die "gave up waiting for $LAB_LOCK"
		LOCK_WAIT_PID=""
	fi
	phase "wait for lab lock" ok $(($(now) - t0))
}

qemu_cmdline() {
	local dom0args xenargs
	xenargs="console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M dom0_max_vcpus=2"
	xenargs="$xenargs loglvl=all guest_loglvl=all noreboot console_timestamps=boot"
	dom0args="console=hvc0 earlyprintk=xen root=/dev/vda log_buf_len=4M"
	if [ "$BENCH" = 0 ]; then
		# Oracles a stock kernel can afford: slab sanity checks, red zones
		# and poisoning, and a 30 s hung-task detector. They cost
		# throughput: not for --bench. Not U (an alloc/free stack trace
		# kept per object): it finds nothing F, Z and P miss, only says
		# more in their reports, and it slows every allocation (each
		# fork and exec of xl and the hotplug scripts) with a stack walk.
		# LAB_SLUB_DEBUG=FZPU for a run that hunts a report's origin.
		dom0args="$dom0args slub_debug=${LAB_SLUB_DEBUG:-FZP} page_poison=1 sysctl.kernel.hung_task_timeout_secs=30"
	fi
	if [ "$KERNEL" = debug ]; then
		# KFENCE samples one allocation per interval; under TCG the default
		# 100 ms lets few of the driver's allocations through.
		dom0args="$dom0args kfence.sample_interval=10"
	fi
	# The CPU offers SVM with nested paging (QEMU's TCG emulates both):
	# Xen then has HAP, which PVH guests' log-dirty mode (live migration)
	# needs; Debian's Xen has no shadow paging, which PV guests' needs.
	# LAB_CPU_FLAGS="" boots without them.
	local cpu_flags=${LAB_CPU_FLAGS-+svm,+npt}
	# In -initrd a comma inside a module's arguments is written ",,".
	# shellcheck disable=SC2054 # commas belong to QEMU option values
	QEMU_ARGS=(qemu-system-x86_64 -accel tcg,thread=multi
		-cpu "qemu64,+ssse3,+sse4.1,+sse4.2,+popcnt,+rdrand${cpu_flags:+,$cpu_flags}" -smp 2 -m 3072
		-display none -monitor none -no-reboot -nic none
		-device isa-debug-exit,iobase=0xf4,iosize=0x04
		-drive "file=$BUILD_DIR/dom0.img,if=virtio,format=raw,snapshot=on"
		-drive "file=$RUN/payload.img,if=virtio,format=raw"
		-kernel "$BUILD_DIR/xen" -append "$xenargs"
		-initrd "$DOM0_VMLINUZ ${dom0args//,/,,},$DOM0_INITRD"
		-serial "file:$RUN/serial.log" -pidfile "$RUN/qemu.pid")
}

# Lines of the serial log worth showing live.
show_progress() {
	tr -d '\r' | grep -aE '^(PASS|FAIL|RESULT) |^lab-(runner|dom0|initramfs):|^@@LAB|^  \[[a-z_0-9]+ ' |
		sed 's/^/  | /' >&2 || true
}

# Seconds until the run must be over: the boot allowance, the scenarios'
# timeouts and the margin times TIME_FACTOR; a --timeout as given.
run_deadline() {
	local total=$BOOT_ALLOWANCE s f
	if [ -n "$TIMEOUT" ]; then
		echo "$TIMEOUT"
		return
	fi
	for s in $SCENARIOS; do
		f=$LAB_DIR/scenarios/$s.sh
		if [ -f "$f" ]; then
			total=$((total + $(scenario_timeout "$f")))
		fi
	done
	echo $(((total + MARGIN) * TIME_FACTOR))
}

# Boot the lab and wait for it, streaming progress. Sets QEMU_RC.
boot_and_wait() {
	local limit t0 seen=0 n booted="" fatal=""
	limit=$(run_deadline)
	qemu_cmdline
	: >"$RUN/serial.log"
	printf '%q ' "${QEMU_ARGS[@]}" >"$RUN/qemu-cmdline.txt"
	log "booting Xen in QEMU (TCG; hard timeout ${limit}s)"
	t0=$(now)
	timeout -k 10 "$limit" "${QEMU_ARGS[@]}" </dev/null >"$RUN/qemu.out" 2>&1 &
	TIMEOUT_PID=$!
	while kill -0 "$TIMEOUT_PID" 2>/dev/null; do
		sleep 1
		[ -n "$QEMU_PID" ] || QEMU_PID=$(cat "$RUN/qemu.pid" 2>/dev/null || true)
		n=$(wc -l <"$RUN/serial.log")
		if [ "$n" -gt "$seen" ]; then
			sed -n "$((seen + 1)),${n}p" "$RUN/serial.log" | show_progress
			seen=$n
		fi
		if [ -z "$booted" ] && grep -aq '^@@LAB BOOTED' "$RUN/serial.log"; then
			booted=$(($(now) - t0))
		fi
		# A dead host never reports: stop early instead of waiting out the timeout.
		if [ -z "$fatal" ] && grep -aqE 'Panic on CPU|Hardware Dom0 crashed|Kernel panic - not syncing' \
			"$RUN/serial.log"; then
			fatal=$(now)
			log "fatal error on the serial console; stopping QEMU in 5 s"
		fi
		if [ -n "$fatal" ] && [ $(($(now) - fatal)) -ge 5 ]; then
			stop_qemu
			break
		fi
	done
	if [ -n "$TIMEOUT_PID" ]; then
		QEMU_RC=0
		wait "$TIMEOUT_PID" || QEMU_RC=$?
	else
		QEMU_RC=137
	fi
	TIMEOUT_PID=""
	QEMU_PID=""
	sed -n "$((seen + 1)),\$p" "$RUN/serial.log" | show_progress
	phase "boot to toolstack" "$([ -n "$booted" ] && echo ok || echo FAIL)" "${booted:--}"
	phase "QEMU total" "rc=$QEMU_RC" $(($(now) - t0))
	echo "$QEMU_RC" >"$RUN/qemu.rc"
}

# Copy dom0's out/ directory from the payload drive into RUN/out.
extract_out() {
	rm -rf "$RUN/out"
	debugfs -R "rdump /out $RUN" "$RUN/payload.img" >/dev/null 2>&1 || true
	if [ -d "$RUN/out" ]; then
		rm -f "$RUN/payload.img"
	else
		log "could not read dom0's logs from $RUN/payload.img (kept)"
	fi
}

# Keep the newest KEEP_RUNS run directories.
prune_runs() {
	local old
	old=$(find "$BUILD_DIR/logs" -mindepth 1 -maxdepth 1 -type d | sort | head -n -"$KEEP_RUNS")
	if [ -n "$old" ]; then
		# shellcheck disable=SC2086 # one path a line, no spaces (timestamps)
		rm -rf $old
	fi
}

main() {
	parse_args "$@"
	if [ -n "$ANALYZE" ]; then
		# shellcheck source=tests/lab/lib/analyze.sh
		. "$LAB_DIR/lib/analyze.sh"
		analyze_run "$ANALYZE"
		exit $?
	fi
	[ "$(id -u)" = 0 ] || die "the lab needs root (debootstrap, chroot, mknod)"
	local t_start t0
	t_start=$(now)
	trap on_exit EXIT
	trap 'exit 130' INT TERM
	mkdir -p "$BUILD_DIR"
	select_kernel
	if [ "$NETBACK" = mt ]; then
		build_module
	fi
	take_lock
	# shellcheck source=tests/lab/images.sh
	. "$LAB_DIR/images.sh"
	if [ "$REBUILD" = 1 ]; then
		log "--rebuild: deleting the cached images"
		rm -rf "$BUILD_DIR/stamps" "$BUILD_DIR/dom0-tree" "$BUILD_DIR/dom0-tree.new" \
			"$BUILD_DIR/dom0-pkg" \
			"$BUILD_DIR"/*.img "$BUILD_DIR"/*.cpio.gz "$BUILD_DIR/xen"
	fi
	t0=$(now)
	images_build
	[ "$KERNEL" = debian ] || images_build_builtin_initrd
	phase "images" "${IMAGES_BUILT:+built:}${IMAGES_BUILT:-cached}" $(($(now) - t0))
	RUN=$BUILD_DIR/logs/$(date +%Y%m%d-%H%M%S)-$NETBACK
	mkdir -p "$RUN"
	prune_runs
	t0=$(now)
	make_payload
	phase "payload" ok $(($(now) - t0))
	log "run: netback=$NETBACK workers=$WORKERS kernel=$DOM0_KVER bench=$BENCH scenarios: $SCENARIOS"
	[ "$DEMO" = 0 ] || log "the demo (SCENARIOS=all for every scenario; make check for the tests)"
	log "run directory: $RUN"
	boot_and_wait
	extract_out
	printf '%s' "$PHASES" >"$RUN/phases"
	echo $(($(now) - t_start)) >"$RUN/total-seconds"
	# shellcheck source=tests/lab/lib/analyze.sh
	. "$LAB_DIR/lib/analyze.sh"
	analyze_run "$RUN"
}

main "$@"
