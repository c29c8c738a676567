#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# rdinit= of the netfront-test guest (an overlay on the lab's guest
# initramfs, see agent.sh). Once the lab's own init has mounted /sys and
# /dev, load the two modules a userspace frontend needs and start the
# test daemon (netfront-test serve: it turns autoprobe off once eth0 is
# bound, then runs commands from data/nft/cmd); the lab's init runs as
# PID 1 meanwhile, unchanged.
# a background job's stdin is /dev/null, which devtmpfs has not made yet
[ -c /dev/null ] || mknod /dev/null c 1 3
(
	while [ ! -d /sys/bus/xen ] || [ ! -c /dev/null ]; do
		sleep 1
	done
	insmod /nft/xen-evtchn.ko
	insmod /nft/xen-gntalloc.ko
	exec /nft/netfront-test serve
) &
exec /init "$@"
