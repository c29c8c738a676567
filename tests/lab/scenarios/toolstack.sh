#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The Xen toolstack is up: xl talks to Xen, xenstored and xenconsoled run.
# lab-timeout: 60
. "$(dirname "$0")/lib.sh"

xl list | grep -q '^Domain-0 ' || fail "xl list shows no Domain-0"
pidof xenstored >/dev/null || fail "xenstored is not running"
[ "$(xenstore-read /local/domain/0/name)" = Domain-0 ] ||
	fail "xenstore-read /local/domain/0/name is not Domain-0"
pidof xenconsoled >/dev/null || fail "xenconsoled is not running"
note "$(xl info | grep -E '^(xen_version|free_memory)')"
pass
