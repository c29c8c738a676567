#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the lab's dom0 (no systemd, no udev). It comes from the run's
# payload drive, mounted on /payload, so changing it never rebuilds the
# images. It brings up the Xen toolstack, loads the netback driver the
# config names, runs the scenarios, copies every log to /payload/out/ for
# the host and ends QEMU through isa-debug-exit.
#
# Lines for the host (on the console and in /payload/out/results.txt):
#   @@LAB BOOTED <dom0 uptime s>    toolstack and bridge are up
#   PASS name | FAIL name: reason | RESULT key=value | TIME name=seconds
#   @@LAB DONE                      every log is on the payload drive
set -u

PAYLOAD=/payload
OUT=$PAYLOAD/out
# The versioned tool directory (xl, xenstored, xen-init-dom0 ...).
XENBIN=$(find /usr/lib -maxdepth 2 -path "/usr/lib/xen-[0-9]*/bin" | sort -V | tail -n 1)
PATH=$XENBIN:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
# Address of dom0 on the lab bridge. The whole lab network lives inside
# the emulated machine (QEMU has -nic none): nothing reaches the host.
DOM0_IP=10.77.0.1

# shellcheck source=/dev/null # written by lab.sh for each run
. "$PAYLOAD/config"

say() {
	echo "lab-dom0: $*"
}

result_line() {
	echo "$*"
	echo "$*" >>"$OUT/results.txt"
	sync
}

# End QEMU with a status through isa-debug-exit (port 0xf4): QEMU exits
# with (v << 1) | 1. 0x10 = the run completed (results say how it went).
# poweroff -f is the fallback if the port write does not end QEMU.
lab_exit() {
	sync
	umount "$PAYLOAD" 2>/dev/null || sync
	# shellcheck disable=SC2059 # the format is the octal escape itself
	printf "\\$(printf '%03o' "$1")" | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
	sleep 2
	poweroff -f
	# PID 1 must never return: the kernel would panic and mislead the oracles.
	while :; do sleep 60; done
}

mount_basics() {
	mkdir -p /dev/pts /dev/shm
	mount -t devpts devpts /dev/pts
	mount -t tmpfs tmpfs /dev/shm
	mount -t tmpfs tmpfs /run
	mount -t tmpfs tmpfs /tmp
	mount -o remount,rw /
	# What udev would make: dkms and dpkg's scripts read through /dev/fd.
	[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
	mkdir -p "$OUT"
	: >"$OUT/results.txt"
}

# A dom0 kernel whose modules are not in the image (the debug kernel's,
# tests/lab/debug-kernel.sh) brings them on the payload: /lib/modules/<its
# release> points there (the image is opened snapshot=on: nothing persists).
link_payload_modules() {
	[ -d "$PAYLOAD/kmods/$LAB_KVER" ] || return 0
	rm -rf "/lib/modules/$LAB_KVER"
	ln -s "$PAYLOAD/kmods/$LAB_KVER" "/lib/modules/$LAB_KVER"
	say "modules of $LAB_KVER from the payload"
}

load_xen_modules() {
	for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs bridge; do
		modprobe "$m" || say "modprobe $m failed"
	done
	mount -t xenfs xenfs /proc/xen
}

# Poll for up to $2 seconds until command $1... succeeds.
wait_for() {
	t=$1
	shift
	while ! "$@" >/dev/null 2>&1; do
		t=$((t - 1))
		[ "$t" -gt 0 ] || return 1
		sleep 1
	done
}

start_toolstack() {
	mkdir -p /run/xen /run/xenstored /var/lib/xen /var/log/xen/console
	xenstored --pid-file /run/xenstored.pid || return 1
	wait_for 20 xenstore-read / || return 1
	# Guest console logs are oracles: keep every one in /var/log/xen/console.
	xenconsoled --pid-file=/run/xenconsoled.pid --log=guest \
		--log-dir=/var/log/xen/console || return 1
	wait_for 20 pidof xenconsoled || return 1
	xen-init-dom0 || return 1
}

make_bridge() {
	ip link set lo up
	ip link add xenbr0 type bridge forward_delay 0 stp_state 0
	ip addr add "$DOM0_IP/24" dev xenbr0
	ip link set xenbr0 up
}

# Load the driver under test. NETBACK=none loads nothing: the self-test
# uses it to prove that scenarios then fail. dom0's image has the project's
# package installed, so modprobe finds ours (updates/dkms): stock is loaded
# by the path of the kernel's own module, dkms by modprobe.
load_netback() {
	case "$NETBACK" in
	stock)
		# shellcheck disable=SC2086 # parameters are separate words
		insmod "/lib/modules/$LAB_KVER/kernel/drivers/net/xen-netback/xen-netback.ko" \
			$MODULE_PARAMS ;;
	dkms)
		# shellcheck disable=SC2086 # parameters are separate words
		modprobe xen-netback $MODULE_PARAMS ;;
	mt)
		[ -f "$PAYLOAD/xen-netback.ko" ] || { say "no module in payload"; return 1; }
		# shellcheck disable=SC2086 # parameters are separate words
		insmod "$PAYLOAD/xen-netback.ko" $MODULE_PARAMS ;;
	none)
		return 0 ;;
	*)
		say "unknown NETBACK=$NETBACK"; return 1 ;;
	esac || return 1
	# Prove which driver is live: the loaded module's build id must be the
	# one the host read from the file it meant (EXPECT_BUILD_ID).
	have=$(od -An -tx1 -v /sys/module/xen_netback/notes/.note.gnu.build-id \
		2>/dev/null | tr -d ' \n' | tail -c 40)
	say "netback $NETBACK loaded (build id ${have:-unknown}, taint '$(cat \
		/sys/module/xen_netback/taint 2>/dev/null)'), params: ${MODULE_PARAMS:-none}"
	say "modinfo resolves xen_netback to $(modinfo -F filename xen_netback 2>/dev/null)"
	if [ -z "$EXPECT_BUILD_ID" ]; then
		say "no expected build id from the host: driver identity not checked"
		result_line "RESULT driver_identity=unchecked (no build id from the host; loaded: ${have:-none})"
	elif [ "$have" != "$EXPECT_BUILD_ID" ]; then
		say "loaded xen_netback is not the expected one (want $EXPECT_BUILD_ID)"
		return 1
	else
		result_line "RESULT driver_identity=build-id $have"
	fi
}

collect_logs() {
	dmesg >"$OUT/dmesg.txt" 2>&1
	xl dmesg >"$OUT/xl-dmesg.txt" 2>&1
	lsmod >"$OUT/lsmod.txt" 2>&1
	xl list >"$OUT/xl-list.txt" 2>&1
	cp -r /var/log/xen "$OUT/xen-logs" 2>/dev/null
	sync
}

main() {
	mount_basics
	say "payload config: NETBACK=$NETBACK WORKERS=$WORKERS SCENARIOS=$SCENARIOS"
	say "dom0 kernel: $(uname -r) (${DOM0_KERNEL:-debian})"
	link_payload_modules
	load_xen_modules
	if ! start_toolstack; then
		result_line "FAIL boot: toolstack did not start"
		collect_logs
		echo "@@LAB DONE"
		lab_exit 16
	fi
	make_bridge
	echo "@@LAB BOOTED $(cut -d' ' -f1 /proc/uptime)"
	if load_netback; then
		"$PAYLOAD/run-scenarios.sh"
	else
		result_line "FAIL load_netback: could not load the $NETBACK driver"
	fi
	collect_logs
	echo "@@LAB DONE"
	lab_exit 16
}

main "$@" 2>&1
