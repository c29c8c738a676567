# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# A throw-away Debian root for the packaging tests (sourced by run.sh):
#
#   pkgroot_base KVER         build, or reuse, build/pkg-root/tree: bookworm
#                             minbase with dkms, gcc, make, openssl,
#                             dctrl-tools, linux-headers-KVER and the stock
#                             xen-netback.ko of KVER (from this host's own
#                             kernel package). The only step that needs the
#                             network (Debian's archive, as this host's apt
#                             sources name it; no mirror is written here).
#   pkgroot_run SCRIPT ARGS   run SCRIPT (a file on the host) inside an
#                             overlay of that tree, with a private mount
#                             namespace, so that nothing a test does reaches
#                             the cached tree or the host's /usr/src,
#                             /lib/modules or dpkg database.
#
# The tree is a cache: it is rebuilt when KVER or this file changes
# (build/pkg-root/stamp holds the key). The lab's own tree (build/lab) is
# never touched.

PKGROOT_DIR=${PKGROOT_DIR:-$top/build/pkg-root}
PKGROOT_SUITE=bookworm
PKGROOT_PACKAGES="dkms gcc make openssl dctrl-tools kmod"

# The first URI the host's apt sources give for a suite (deb822 .sources
# or one-line .list files).
pkgroot_uri() {
	local suite=$1 f
	{
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -e "$f" ] || continue
			awk -v s="$suite" '
				function flush() {
					if (uri != "" && hit && deb && on) { print uri; exit }
					uri = ""; hit = 0; deb = 0; on = 1
				}
				BEGIN { on = 1 }
				/^[[:space:]]*$/ { flush(); next }
				/^Types:/ { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
				/^URIs:/ { uri = $2 }
				/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) hit = 1 }
				/^Enabled:[[:space:]]*no/ { on = 0 }
				END { flush() }' "$f"
		done
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -e "$f" ] || continue
			awk -v s="$suite" '$1 == "deb" {
				i = 2
				if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
				if ($(i + 1) == s) { print $i; exit }
			}' "$f"
		done
	} | head -n 1
}

# Run a command chrooted in TREE with /proc mounted and /dev/fd present, in
# a private mount namespace (nothing stays mounted after it).
pkgroot_chroot() {
	local tree=$1
	shift
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -m --propagation private --fork -- sh -c '
		tree=$1; shift
		mount -t proc proc "$tree/proc" || exit 1
		ln -sfn /proc/self/fd "$tree/dev/fd"
		exec chroot "$tree" /usr/bin/env -i \
			PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
			LANG=C.UTF-8 HOME=/root "$@"' sh "$tree" "$@"
}

pkgroot_key() {
	printf '%s\n' "$1" "$PKGROOT_PACKAGES"
	cat "${BASH_SOURCE[0]}"
}

pkgroot_base() {
	local kver=$1 tree=$PKGROOT_DIR/tree key mirror f stock
	key=$(pkgroot_key "$kver" | md5sum | cut -d' ' -f1)
	if [ -d "$tree" ] && [ "$(cat "$PKGROOT_DIR/stamp" 2>/dev/null)" = "$key" ]; then
		return 0
	fi
	mirror=$(pkgroot_uri "$PKGROOT_SUITE")
	if [ -z "$mirror" ]; then
		echo "no apt source for $PKGROOT_SUITE on this host" >&2
		return 1
	fi
	stock=$(modinfo -k "$kver" -F filename xen_netback 2>/dev/null) || stock=
	case $stock in
	/lib/modules/"$kver"/kernel/*) ;;
	*) echo "no stock xen_netback module of $kver on this host (got '$stock')" >&2; return 1 ;;
	esac
	rm -rf "$tree" "$tree.new" "$PKGROOT_DIR/stamp"
	mkdir -p "$PKGROOT_DIR"
	debootstrap --variant=minbase "$PKGROOT_SUITE" "$tree.new" "$mirror" \
		>"$PKGROOT_DIR/debootstrap.log" 2>&1 || {
		echo "debootstrap failed, see $PKGROOT_DIR/debootstrap.log" >&2
		return 1
	}
	# The host's own apt sources (main, updates, security: linux-headers
	# of a security-updated kernel live in the last).
	rm -f "$tree.new/etc/apt/sources.list"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[ -e "$f" ] && cp "$f" "$tree.new$f"
	done
	printf '#!/bin/sh\nexit 101\n' >"$tree.new/usr/sbin/policy-rc.d"
	chmod 755 "$tree.new/usr/sbin/policy-rc.d"
	# shellcheck disable=SC2086 # a list of package names
	pkgroot_chroot "$tree.new" apt-get -q update >>"$PKGROOT_DIR/debootstrap.log" 2>&1 &&
	pkgroot_chroot "$tree.new" apt-get -q -y --no-install-recommends install \
		$PKGROOT_PACKAGES "linux-headers-$kver" >>"$PKGROOT_DIR/debootstrap.log" 2>&1 || {
		echo "installing dkms and linux-headers-$kver failed, see $PKGROOT_DIR/debootstrap.log" >&2
		return 1
	}
	# The stock module, so a test can see depmod pick ours over it and
	# the stock one come back after removal.
	install -D -m 0644 "$stock" "$tree.new$stock"
	for f in modules.builtin modules.builtin.modinfo modules.order; do
		cp "/lib/modules/$kver/$f" "$tree.new/lib/modules/$kver/$f"
	done
	pkgroot_chroot "$tree.new" depmod "$kver"
	pkgroot_chroot "$tree.new" apt-get clean
	rm -rf "$tree.new/var/lib/apt/lists/"*
	mv "$tree.new" "$tree"
	echo "$key" >"$PKGROOT_DIR/stamp"
}

# pkgroot_run WORKDIR SCRIPT [ARGS]: SCRIPT runs as /srv/run inside an
# overlay whose upper layer is WORKDIR/upper; WORKDIR/srv is bound at /srv
# (put the apt repository and sources there before the call).
pkgroot_run() {
	local work=$1 script=$2
	shift 2
	rm -rf "$work/upper" "$work/ovl" "$work/root"
	mkdir -p "$work/upper" "$work/ovl" "$work/root" "$work/srv"
	install -m 0755 "$script" "$work/srv/run"
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -m --propagation private --fork -- sh -c '
		lower=$1 work=$2; shift 2
		mount -t overlay overlay \
			-o "lowerdir=$lower,upperdir=$work/upper,workdir=$work/ovl" \
			"$work/root" || exit 1
		mkdir -p "$work/root/srv"
		mount --bind "$work/srv" "$work/root/srv" || exit 1
		mount -t proc proc "$work/root/proc" || exit 1
		mount -t devpts -o newinstance,ptmxmode=0666 devpts "$work/root/dev/pts" 2>/dev/null || :
		ln -sfn /proc/self/fd "$work/root/dev/fd"
		exec chroot "$work/root" /usr/bin/env -i \
			PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
			LANG=C.UTF-8 HOME=/root /srv/run "$@"' \
		sh "$PKGROOT_DIR/tree" "$work" "$@"
}
