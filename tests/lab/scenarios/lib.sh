# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2034
#
# Helpers for lab scenarios, sourced by each tests/lab/scenarios/NAME.sh
# inside dom0. A scenario prints exactly one verdict, through pass or fail,
# and any number of figures through result:
#   PASS name | FAIL name: reason | RESULT key=value
# Guests are numbered 1..9: guest N is domain "lab-gN", address
# 10.77.0.(10+N)/24 on dom0's bridge xenbr0 (dom0 is 10.77.0.1), MAC
# 00:16:3e:77:00:(10+N). That network exists only inside the emulated
# machine. Each guest runs an iperf3 server and a command agent (TCP 7000)
# through which guest_exec runs shell commands in it.

SCN=$(basename "$0" .sh)
# The run's config: NETBACK (mt|stock|none), WORKERS, MODULE_PARAMS, BENCH.
if [ -f /payload/config ]; then
	# shellcheck source=/dev/null # written by lab.sh for each run
	. /payload/config
fi
DOM0_IP=10.77.0.1
BRIDGE=xenbr0
LAB_KERNEL=/lab/vmlinuz
LAB_RAMDISK=/lab/guest-initrd.cpio.gz

pass() {
	echo "PASS $SCN"
	exit 0
}

fail() {
	echo "FAIL $SCN: $*"
	exit 1
}

result() {
	echo "RESULT $1=$2"
}

note() {
	echo "  [$SCN $(cut -d" " -f1 /proc/uptime)] $*"
}

# True when the driver under test is the project's module.
is_mt() {
	[ "${NETBACK:-}" = mt ]
}

guest_name() {
	echo "lab-g$1"
}

guest_ip() {
	echo "10.77.0.$((10 + $1))"
}

guest_mac() {
	printf '00:16:3e:77:00:%02x\n' "$((10 + $1))"
}

guest_domid() {
	xl domid "$(guest_name "$1")" 2>/dev/null
}

# guest_create N [VCPUS] [MEMORY_MB]: write /tmp/lab-gN.cfg and xl create
# it. xl returns once the vif hotplug script has run.
guest_create() {
	n=$1
	cfg=/tmp/$(guest_name "$n").cfg
	cat >"$cfg" <<-EOF
		name = "$(guest_name "$n")"
		type = "pv"
		kernel = "$LAB_KERNEL"
		ramdisk = "$LAB_RAMDISK"
		memory = ${3:-256}
		vcpus = ${2:-1}
		vif = [ 'mac=$(guest_mac "$n"),bridge=$BRIDGE' ]
		extra = "console=hvc0 lab_ip=$(guest_ip "$n")/24"
		on_crash = "destroy"
	EOF
	note "xl create $(guest_name "$n") ($(guest_ip "$n"), ${2:-1} vCPU)"
	timeout 120 xl create "$cfg" >/tmp/xl-create-"$n".log 2>&1 || {
		sed 's/^/  xl: /' /tmp/xl-create-"$n".log
		return 1
	}
}

# wait_until SECONDS COMMAND...: poll once a second.
wait_until() {
	t=$1
	shift
	while ! "$@" >/dev/null 2>&1; do
		t=$((t - 1))
		[ "$t" -gt 0 ] || return 1
		sleep 1
	done
}

ping_once() {
	ping -c 1 -W 1 "$1"
}

# guest_wait_ping N [SECONDS]: until the guest answers ping.
guest_wait_ping() {
	wait_until "${2:-60}" ping_once "$(guest_ip "$1")"
}

# vif_on_bridge DOMID DEVID: the backend interface exists and is a port of
# the bridge.
vif_on_bridge() {
	[ -e "/sys/class/net/$BRIDGE/brif/vif$1.$2" ]
}

vif_exists() {
	[ -e "/sys/class/net/vif$1.$2" ]
}

vif_absent() {
	! vif_exists "$1" "$2"
}

# wait_vif_gone DOMID [DEVID] [SECONDS]
wait_vif_gone() {
	wait_until "${3:-30}" vif_absent "$1" "${2:-0}"
}

# guest_exec N COMMAND: run a shell command inside guest N through its
# agent; prints the command's output.
guest_exec() {
	printf '{ %s\n} 2>&1\nexit\n' "$2" | timeout 120 busybox nc "$(guest_ip "$1")" 7000
}

# iperf_mbit ARGS...: run an iperf3 client with ARGS (e.g. -c ADDR -t 10
# [-R]) and print the receiver's rate in Mbit/s; empty on failure. The
# first connection may race the guest's server start: one retry. Runs in
# parallel (cmd &) get a log each: $$ would be the same in every one.
iperf_mbit() {
	out=$(mktemp /tmp/iperf.XXXXXX)
	timeout 120 iperf3 -f m "$@" >"$out" 2>&1 ||
		{ sleep 2 && timeout 120 iperf3 -f m "$@" >"$out" 2>&1; }
	mbit_of <"$out" | tee "$out.mbit"
	# No figure: show why, on stderr (the scenario's log).
	if [ -z "$(cat "$out.mbit")" ]; then
		tail -n 5 "$out" | sed 's/^/  iperf3: /' >&2
	fi
	rm -f "$out" "$out.mbit"
}

# Receiver's Mbit/s from iperf3 text output (-f m) on stdin.
mbit_of() {
	awk '/receiver/ { for (i = 2; i <= NF; i++) if ($i == "Mbits/sec") v = $(i - 1) }
		END { print v }'
}

# guest_destroy N: xl destroy, then wait for every vif of the domain to
# disappear from dom0.
guest_destroy() {
	d=$(guest_domid "$1") || return 1
	note "xl destroy $(guest_name "$1") (domid $d)"
	timeout 60 xl destroy "$(guest_name "$1")" || return 1
	wait_until 30 no_vifs_of "$d"
}

no_vifs_of() {
	[ -z "$(find /sys/class/net -maxdepth 1 -name "vif$1.*")" ]
}

no_guests() {
	[ "$(xl list | awk 'NR > 1 && $2 != 0' | wc -l)" = 0 ]
}

# A figure must be a positive number.
positive() {
	[ -n "$1" ] && awk -v v="$1" 'BEGIN { exit !(v > 0) }'
}

# vif_down_or_gone DOMID: the vif's carrier is off, or the vif is gone
# (a frontend closing shows as one or the other).
vif_down_or_gone() {
	! vif_exists "$1" 0 || [ "$(cat "/sys/class/net/vif$1.0/carrier" 2>/dev/null)" != 1 ]
}

# netbk_groups: print our module's debugfs table of groups and queues.
netbk_groups() {
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
	cat /sys/kernel/debug/xen-netback/groups
}
