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
# The run's config: NETBACK (mt|dkms|stock|none), WORKERS, MODULE_PARAMS,
# BENCH, LAB_KVER (dom0's kernel), PKG_VERSION (the project's VERSION).
if [ -f /payload/config ]; then
	# shellcheck source=/dev/null # written by lab.sh for each run
	. /payload/config
fi
DOM0_IP=10.77.0.1
BRIDGE=xenbr0
LAB_KERNEL=/lab/vmlinuz
LAB_RAMDISK=/lab/guest-initrd.cpio.gz

# A teardown the backend never finished (a guest xl destroy cannot
# remove, a vif that outlives its detach) fails the scenario even when
# every step before passed: teardown_failed records it, pass() fails.
LAB_TEARDOWN=/tmp/lab-teardown-$SCN
rm -f "$LAB_TEARDOWN"

teardown_failed() {
	echo "$*" >>"$LAB_TEARDOWN"
	note "teardown failed: $*" >&2
}

pass() {
	if [ -s "$LAB_TEARDOWN" ]; then
		echo "FAIL $SCN: teardown failed: $(head -n 3 "$LAB_TEARDOWN" | tr '\n' ';')"
		exit 1
	fi
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

# True when the driver under test is the project's module: built on the
# host (mt) or installed from its package by dkms (dkms).
is_mt() {
	case "${NETBACK:-}" in
	mt | dkms) return 0 ;;
	*) return 1 ;;
	esac
}

# The lab kernel's own netback. dom0's image has the project's package
# installed, so `modprobe xen-netback` finds ours (updates/dkms) until the
# package is removed: stock is loaded by this path.
STOCK_KO=/lib/modules/${LAB_KVER:-$(uname -r)}/kernel/drivers/net/xen-netback/xen-netback.ko
# Where dkms installs ours.
DKMS_KO_DIR=/lib/modules/${LAB_KVER:-$(uname -r)}/updates/dkms
PKG=xen-netback-mt-dkms

# netback_load [PARAMS...]: load the run's driver the way dom0's init did
# (within 30 s).
netback_load() {
	case "${NETBACK:-}" in
	stock) timeout 30 insmod "$STOCK_KO" "$@" ;;
	mt) timeout 30 insmod /payload/xen-netback.ko "$@" ;;
	dkms) timeout 30 modprobe xen-netback "$@" ;;
	*) return 1 ;;
	esac
}

# The file modinfo (and so modprobe) resolves xen_netback to.
modinfo_file() {
	modinfo -F filename xen_netback 2>/dev/null
}

# The loaded xen_netback's version: the project's VERSION for ours, empty
# for the stock driver (it declares none).
netbk_version() {
	cat /sys/module/xen_netback/version 2>/dev/null
}

# GNU build id of the loaded xen_netback, and of a module file (readelf
# comes with gcc in dom0's image).
live_build_id() {
	od -An -tx1 -v /sys/module/xen_netback/notes/.note.gnu.build-id 2>/dev/null |
		tr -d ' \n' | tail -c 40
}

file_build_id() {
	readelf -n "$1" 2>/dev/null | sed -n 's/^ *Build ID: *//p' | head -n 1
}

# live_is FILE: the loaded xen_netback is the module in FILE.
live_is() {
	b=$(file_build_id "$1")
	[ -n "$b" ] && [ "$(live_build_id)" = "$b" ]
}

# pkg_installed_ok: dpkg has the project's package installed.
pkg_installed_ok() {
	dpkg -s "$PKG" 2>/dev/null | grep -qx 'Status: install ok installed'
}

# stock_params: the words of $MODULE_PARAMS the stock driver knows (a dkms
# run's workers=... is ours only).
stock_params() {
	for p in ${MODULE_PARAMS:-}; do
		if modinfo -F parm "$STOCK_KO" | grep -q "^${p%%=*}:"; then
			printf '%s ' "$p"
		fi
	done
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
# it (a PV guest; GUEST_TYPE=pvh for a PVH one). xl returns once the vif
# hotplug script has run.
guest_create() {
	n=$1
	cfg=/tmp/$(guest_name "$n").cfg
	cat >"$cfg" <<-EOF
		name = "$(guest_name "$n")"
		type = "${GUEST_TYPE:-pv}"
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
# A guest it cannot remove fails the scenario (teardown_failed), whether
# or not the caller checks.
guest_destroy() {
	d=$(guest_domid "$1") || return 1
	note "xl destroy $(guest_name "$1") (domid $d)"
	if ! timeout 60 xl destroy "$(guest_name "$1")"; then
		teardown_failed "xl destroy $(guest_name "$1") (domid $d) failed"
		return 1
	fi
	if ! wait_until 30 no_vifs_of "$d"; then
		teardown_failed "vifs of domain $d still there 30 s after xl destroy:" \
			"$(find /sys/class/net -maxdepth 1 -name "vif$d.*" -exec basename {} \; | tr '\n' ' ')"
		return 1
	fi
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

# netbk_has_groups: our debugfs table exists (only ours has one).
netbk_has_groups() {
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
	[ -e /sys/kernel/debug/xen-netback/groups ]
}

# netbk_vif_packets DOMID DEVID: packets both ways of vifDOMID.DEVID,
# summed over its queues, in our debugfs table; empty if not listed there.
netbk_vif_packets() {
	netbk_groups 2>/dev/null | awk -v v="vif$1.$2" '
		$1 == v { n += $7 + $9; f = 1 } END { if (f) print n }'
}

# netbk_serves DOMID DEVID: ours serves vifDOMID.DEVID (it is in our table).
netbk_serves() {
	[ -n "$(netbk_vif_packets "$1" "$2")" ]
}

# vif_attach N: xl network-attach a new vif to guest N on the bridge; prints
# its devid once it is a port of the bridge.
vif_attach() {
	timeout 60 xl network-attach "$(guest_name "$1")" "mac=$(guest_mac "$1")" "bridge=$BRIDGE" ||
		return 1
	id=$(xl network-list "$(guest_name "$1")" | awk 'NR > 1 { id = $1 } END { print id }')
	[ -n "$id" ] || return 1
	wait_until 30 vif_on_bridge "$(guest_domid "$1")" "$id" || return 1
	echo "$id"
}

# vif_detach N DEVID: xl network-detach, then wait for the vif to go.
vif_detach() {
	d=$(guest_domid "$1") || return 1
	timeout 60 xl network-detach "$(guest_name "$1")" "$2" || return 1
	wait_vif_gone "$d" "$2" 30
}
