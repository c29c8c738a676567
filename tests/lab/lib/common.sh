# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
# Shared host-side helpers for the lab scripts (sourced, never run).
# Paths are derived from this file's location so the lab works from any
# clone and any current directory.

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$LAB_DIR/../.." && pwd)
BUILD_DIR=${LAB_BUILD_DIR:-$REPO_DIR/build/lab}
# The one lock every QEMU run of this project holds for its whole life:
# the machine has 2 cores, two emulated Xen hosts at once would starve.
LAB_LOCK=/tmp/xen-netback-mt-lab.lock

log() {
	printf '[lab %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

die() {
	log "ERROR: $*"
	exit 1
}

# The kernel release the lab boots (never the host's running kernel).
lab_kver() {
	local k
	k=$("$LAB_DIR/kver")
	[ -n "$k" ] || die "no installed kernel with headers found (tests/lab/kver)"
	printf '%s\n' "$k"
}

# Version of an installed Debian package, or "none".
pkg_version() {
	dpkg-query -W -f '${Version}' "$1" 2>/dev/null || printf none
}

# Seconds since the epoch, for phase timings.
now() {
	date +%s
}
