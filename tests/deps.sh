#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages of tests/packages.txt that are missing: the
# one list `make lab`, `make check` and .ci/run share. Needs root (apt)
# only when something is missing; prints what it did and how long it took.
#
#   tests/deps.sh            install what is missing
#   tests/deps.sh --list     print the list
#   tests/deps.sh --missing  print the missing ones (exit 1 if any)
set -eu
list=$(dirname "$0")/packages.txt

packages() {
	sed -e 's/#.*//' -e 's/[[:space:]]//g' "$list" | grep -v '^$'
}

# A package counts as present when dpkg has it installed (not merely
# known, or removed with its configuration left behind).
missing() {
	local p
	for p in $(packages); do
		dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null |
			grep -qx 'install ok installed' || echo "$p"
	done
}

case "${1:-}" in
--list) packages; exit 0 ;;
--missing) m=$(missing); [ -z "$m" ] || { echo "$m"; exit 1; }; exit 0 ;;
"") ;;
*) echo "usage: $0 [--list|--missing]" >&2; exit 2 ;;
esac

need=$(missing)
if [ -z "$need" ]; then
	echo "deps: all $(packages | wc -l) packages of tests/packages.txt are installed"
	exit 0
fi
# shellcheck disable=SC2086 # one package a word
echo "deps: missing:" $need
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
	echo "deps: run as root on Debian 12 to install them (apt-get install ...)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $need
need=$(missing)
[ -z "$need" ] || { echo "deps: still missing after apt:" $need >&2; exit 1; }
echo "deps: installed"
