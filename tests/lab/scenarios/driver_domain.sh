#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A driver domain: the run's netback serving a guest from a PV domain
# other than dom0, as Qubes' sys-net and disaggregated hosts run it. The
# driver domain ("lab-dd", driver_domain=1) boots the guests' Debian
# kernel with an initramfs made here from dom0's own files: the run's
# netback (ours or stock, built for that kernel) with the run's
# parameters, a bridge "ddbr0" (10.78.0.1/24) for the vifs it serves, and
# the toolstack's `xl devd` (what upstream Xen's xendriverdomain service
# starts), which runs the vif hotplug script there. dom0 reaches it
# through its own vif (10.77.0.30), served by dom0's netback; the guest's
# vif says backend=lab-dd and lives on ddbr0 only, so every packet
# between the guest (10.78.0.11) and the driver domain goes through the
# driver domain's netback and nothing else.
# Checked: the module loaded in the driver domain is the run's (build
# id); with ours, each of the guest's two queues sits in one of the
# driver domain's two groups and their counters move; ping and iperf3
# both ways between the guest and the driver domain; dom0 serves no vif
# of the guest; the guest's destroy leaves no vif in the driver domain;
# the driver domain's kernel log stays clean (the lab's oracle).
# lab-timeout: 420
. "$(dirname "$0")/lib.sh"

DD=lab-dd
DD_IP=10.77.0.30
DD_MAC=00:16:3e:77:00:30
DD_BRIDGE=ddbr0
G_IP=10.78.0.11
KV=${GUEST_KVER:-$(uname -r)}
WORK=/tmp/dd
DD_INITRD=/tmp/dd-initrd.cpio.gz

domain_gone() {	# domain_gone DOMID: not even a dying domain left
	! xl list | awk 'NR > 1 { print $2 }' | grep -qx "$1"
}

dd_exec() {	# dd_exec COMMAND: a shell command in the driver domain
	printf '{ %s\n} 2>&1\nexit\n' "$1" | timeout 120 busybox nc "$DD_IP" 7000
}

# dd_netback_ko: the run's netback built for the driver domain's kernel.
dd_netback_ko() {
	case "${NETBACK:-}" in
	stock) echo "/lib/modules/$KV/kernel/drivers/net/xen-netback/xen-netback.ko" ;;
	mt)	if [ "$KV" = "${LAB_KVER:-}" ]; then
			echo /payload/xen-netback.ko
		else	# dom0 runs another kernel: dkms's build for this one
			echo "/lib/modules/$KV/updates/dkms/xen-netback.ko"
		fi ;;
	dkms) echo "/lib/modules/$KV/updates/dkms/xen-netback.ko" ;;
	esac
}

dd_netback_params() {
	if is_mt; then echo "${MODULE_PARAMS:-}"; else stock_params; fi
}

# copy_prog PATH...: programs with the libraries they need.
copy_prog() {
	for p in "$@"; do
		mkdir -p "$WORK$(dirname "$p")"
		cp -L "$p" "$WORK$p" || return 1
		for l in $(ldd "$p" | grep -oE '/[^ ]+'); do
			mkdir -p "$WORK$(dirname "$l")"
			cp -L "$l" "$WORK$l"
		done
	done
}

# add_module NAME|FILE [PARAMS]: the module and what it depends on,
# flat in /lib/modules, in load order.
add_module() {
	modprobe -S "$KV" --show-depends "$1" 2>/dev/null |
		awk '$1 == "insmod" { print $2 }' >/tmp/dd-mods
	[ -s /tmp/dd-mods ] || case "$1" in /*) echo "$1" >/tmp/dd-mods ;; esac
	[ -s /tmp/dd-mods ] || return 1
	while read -r f; do
		b=$(basename "$f")
		# Already listed (a shared dependency), with or without parameters.
		awk -v m="$b" '$1 == m { f = 1 } END { exit !f }' \
			"$WORK/lib/modules/load-order" && continue
		cp "$f" "$WORK/lib/modules/$b" || return 1
		echo "$b" >>"$WORK/lib/modules/load-order"
	done </tmp/dd-mods
	if [ -n "${2:-}" ]; then
		sed -i "\$s|\$| $2|" "$WORK/lib/modules/load-order"
	fi
}

write_dd_init() {
	cat >"$WORK/init" <<-'EOF'
		#!/bin/sh
		# Init of the lab's driver domain (tests/lab/scenarios/driver_domain.sh).
		PATH=/bin:/sbin:/usr/bin:/usr/sbin
		export PATH
		mount -t proc proc /proc
		mount -t sysfs sysfs /sys
		mount -t devtmpfs devtmpfs /dev
		mount -t debugfs debugfs /sys/kernel/debug
		mkdir -p /dev/pts /tmp /var/run/xen /var/log/xen /var/lib/xen /run/lock
		exec </dev/console >/dev/console 2>&1
		while read -r m p; do
			# shellcheck disable=SC2086 # module parameters
			insmod "/lib/modules/$m" $p || echo "lab-dd: insmod $m failed"
		done </lib/modules/load-order
		mount -t xenfs xenfs /proc/xen
		ip link set lo up
		# The bridge of the vifs it serves (the scenario's DD_BRIDGE).
		ip link add ddbr0 type bridge stp_state 0 forward_delay 0
		ip addr add 10.78.0.1/24 dev ddbr0
		ip link set ddbr0 up
		read -r line </proc/cmdline
		for w in $line; do case "$w" in lab_ip=*) IP=${w#*=} ;; esac; done
		(while :; do xl -v devd -F >>/var/log/xen/xldevd.log 2>&1; sleep 1; done) &
		(while :; do iperf3 -s >/dev/null 2>&1; sleep 1; done) &
		(while :; do nc -ll -p 7000 -e /bin/sh; sleep 1; done) &
		echo "lab-dd: booted, lab_ip=$IP"
		until ip -4 addr show dev eth0 2>/dev/null | grep -q inet; do
			[ -e /sys/class/net/eth0 ] && ip addr add "$IP" dev eth0 &&
				ip link set eth0 up && echo "lab-dd: eth0 up with $IP"
			sleep 1
		done
		while :; do sleep 3600; done
	EOF
	chmod 755 "$WORK/init"
}

# build_dd_initrd: the guests' initramfs (busybox, iperf3, netfront) with
# the toolstack's devd, its hotplug scripts and the run's netback.
build_dd_initrd() {
	rm -rf "$WORK"
	mkdir -p "$WORK"
	(cd "$WORK" && gzip -dc "$LAB_RAMDISK" | busybox cpio -id 2>/dev/null) ||
		return 1
	: >"$WORK/lib/modules/load-order"
	rm -f "$WORK"/lib/modules/*.ko
	add_module xen-netfront &&
		add_module xenfs && add_module xen-evtchn && add_module xen-gntdev &&
		add_module xen-gntalloc && add_module xen-privcmd && add_module bridge &&
		add_module "$ko" "$(dd_netback_params)" || return 1
	copy_prog /usr/sbin/xl /usr/bin/bash /usr/bin/ip /usr/bin/xenstore-read \
		/usr/bin/xenstore-write /usr/bin/xenstore-exists /usr/bin/xenstore-rm \
		/usr/bin/xenstore-list /usr/bin/readlink || return 1
	# Debian's xl is a wrapper script that runs Xen's own for this version.
	copy_prog /usr/lib/xen-*/bin/xl || return 1
	mkdir -p "$WORK/etc/xen"
	cp -a /etc/xen/scripts "$WORK/etc/xen/"
	[ -f /etc/xen/xl.conf ] && cp /etc/xen/xl.conf "$WORK/etc/xen/"
	# bash is where the hotplug scripts ask for it.
	ln -sf /usr/bin/bash "$WORK/bin/bash"
	write_dd_init
	(cd "$WORK" && find . | busybox cpio -o -H newc 2>/dev/null) | gzip -1 >"$DD_INITRD"
}

ko=$(dd_netback_ko)
[ -f "$ko" ] || fail "no netback for the driver domain's kernel $KV: $ko"
build_dd_initrd || fail "cannot build the driver domain's initramfs"
result dd_initrd_kb "$(($(wc -c <"$DD_INITRD") / 1024))"

cat >/tmp/$DD.cfg <<EOF
name = "$DD"
type = "pv"
kernel = "$LAB_KERNEL"
ramdisk = "$DD_INITRD"
memory = 384
vcpus = 2
driver_domain = 1
vif = [ 'mac=$DD_MAC,bridge=$BRIDGE' ]
extra = "console=hvc0 lab_ip=$DD_IP/24"
on_crash = "destroy"
EOF
note "xl create $DD (netback $(basename "$ko") $(dd_netback_params))"
timeout 120 xl create /tmp/$DD.cfg >/tmp/xl-create-dd.log 2>&1 || {
	sed 's/^/  xl: /' /tmp/xl-create-dd.log
	fail "xl create $DD failed"
}
ddid=$(xl domid "$DD")
wait_until 90 ping_once "$DD_IP" || fail "the driver domain does not answer ping"
wait_until 30 dd_exec true || fail "no agent in the driver domain"

# The driver domain runs the run's netback, and devd.
want=$(file_build_id "$ko")
got=$(dd_exec "od -An -tx1 -v /sys/module/xen_netback/notes/.note.gnu.build-id" |
	tr -d ' \n' | tail -c 40)
result dd_netback_build_id "$got"
if [ -z "$want" ] || [ "$got" != "$want" ]; then
	fail "the driver domain's xen_netback ($got) is not $ko ($want)"
fi
dd_exec "pidof xl" | grep -q '[0-9]' || fail "xl devd does not run in the driver domain"
if is_mt; then
	v=$(dd_exec "cat /sys/module/xen_netback/version")
	[ "$v" = "$PKG_VERSION" ] || fail "the driver domain's netback has version '$v'"
	groups=$(dd_exec "ls -d /sys/kernel/debug/xen-netback && cat /sys/kernel/debug/xen-netback/groups")
	printf '%s\n' "$groups" | sed 's/^/  dd: /'
fi

# The guest: two vCPUs, two queues, its vif in the driver domain.
g=$(guest_name 1)
cat >"/tmp/$g.cfg" <<EOF
name = "$g"
type = "pv"
kernel = "$LAB_KERNEL"
ramdisk = "$LAB_RAMDISK"
memory = 128
vcpus = 2
vif = [ 'mac=$(guest_mac 1),bridge=$DD_BRIDGE,backend=$DD' ]
extra = "console=hvc0 lab_ip=$G_IP/24"
on_crash = "destroy"
EOF
note "xl create $g with its vif in $DD (domid $ddid)"
timeout 120 xl create "/tmp/$g.cfg" >/tmp/xl-create-1.log 2>&1 || {
	sed 's/^/  xl: /' /tmp/xl-create-1.log
	dd_exec "tail -n 20 /var/log/xen/xldevd.log" | sed 's/^/  devd: /'
	fail "xl create $g with backend=$DD failed"
}
d=$(guest_domid 1)
be=/local/domain/$ddid/backend/vif/$d/0
[ "$(xenstore-read "/local/domain/$d/device/vif/0/backend-id")" = "$ddid" ] ||
	fail "the guest's vif is not in the driver domain"
be_connected() { [ "$(xenstore-read "$be/state" 2>/dev/null)" = 4 ]; }
wait_until 30 be_connected ||
	fail "the driver domain's backend is in state $(xenstore-read "$be/state" 2>&1)"
result dd_hotplug_status "$(xenstore-read "$be/hotplug-status" 2>&1)"
queues=$(xenstore-read "/local/domain/$d/device/vif/0/multi-queue-num-queues" 2>/dev/null)
result dd_guest_queues "${queues:-1}"
vif_exists "$d" 0 && fail "dom0 has a vif$d.0: the guest's vif is not only in the driver domain"
dd_exec "test -e /sys/class/net/$DD_BRIDGE/brif/vif$d.0 && echo ON-BRIDGE" | grep -q ON-BRIDGE ||
	fail "vif$d.0 is not on the driver domain's bridge (devd's hotplug script)"

dd_ping() { dd_exec "ping -c 1 -W 1 $G_IP" | grep -q ' 0% packet loss'; }
wait_until 60 dd_ping || fail "the driver domain cannot ping the guest"
to=$(dd_exec "iperf3 -f m -t 4 -c $G_IP" | mbit_of)
from=$(dd_exec "iperf3 -f m -t 4 -R -c $G_IP" | mbit_of)
result dd_to_guest_mbit "${to:-0}"
result dd_from_guest_mbit "${from:-0}"
positive "$to" || fail "no TCP from the driver domain to the guest"
positive "$from" || fail "no TCP from the guest to the driver domain"

if is_mt; then
	table=$(dd_exec "cat /sys/kernel/debug/xen-netback/groups")
	printf '%s\n' "$table" | sed 's/^/  dd: /'
	n=$(printf '%s\n' "$table" | awk -v v="vif$d.0" '$1 == v && $7 + $9 > 0 { n++ } END { print n + 0 }')
	result dd_queues_with_traffic "$n"
	[ "$n" -ge "${queues:-1}" ] ||
		fail "$n of the vif's ${queues:-1} queues moved packets in the driver domain's groups"
	# Least-loaded placement inside the driver domain: with two groups
	# (its two CPUs) and nothing else served, the two queues split.
	ng=$(printf '%s\n' "$table" | awk -v v="vif$d.0" '$1 == v { print $5 }' | sort -u | wc -l)
	result dd_groups_used "$ng"
	[ "$ng" -ge "${queues:-1}" ] ||
		fail "the vif's ${queues:-1} queues share $ng group(s) of the driver domain's two"
fi

guest_destroy 1 || fail "xl destroy $g failed"
dd_gone() { ! dd_exec "ls /sys/class/net" | grep -q "^vif$d\.0\$"; }
wait_until 30 dd_gone || fail "vif$d.0 still in the driver domain 30 s after the guest's destroy"
log=$(dd_exec "dmesg")
bad=$(printf '%s\n' "$log" | grep -E "$FE_ORACLE" | head -n 3)
[ -z "$bad" ] || fail "the driver domain's kernel log: $bad"
timeout 60 xl destroy "$DD" || teardown_failed "xl destroy $DD failed"
wait_until 30 domain_gone "$ddid" ||
	teardown_failed "the driver domain $ddid is still listed"
pass
