#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the lab's debug dom0 kernel from Debian's linux-source-6.1:
# x86_64_defconfig + the xen.config fragments + tests/lab/debug-kernel.config
# (what the lab's dom0 needs, lockdep, KFENCE, UBSAN, debug objects ...),
# with the fixes of tests/lab/debug-kernel-patches/ applied to the source
# (kernel bugs the debug options report before our driver runs: lockdep
# stops at its first report).
#
#   tests/lab/debug-kernel.sh [--fragment FILE]...
#
# Prints the kernel's directory on stdout (progress goes to stderr):
#   build/debug-kernel/<hash>/  <hash>: sha256 of the final .config, the
#                               source package's version, the patches and
#                               this recipe
#     obj/        the O= build directory; the project's module builds
#                 against it (make module KDIR=.../obj): modules_prepare
#                 has run and Module.symvers is kept
#     vmlinuz     the bzImage dom0 boots
#     staging/    modules_install's INSTALL_MOD_PATH: lib/modules/<release>
#     release     the kernel release (make kernelrelease)
#     stamp       written last: a directory without it is rebuilt
# A new hash is a whole build: objtool records its absolute output path,
# so a copied build dir would remake objtool and then every object.
# --fragment FILE  merge one more config fragment last (an experiment, such
#                  as KASAN; its options are checked like the project's)
#
# KASAN: not in the project's fragment. Debian's 6.1 (like upstream 6.1)
# has no KASAN support for Xen PV: a PV dom0 enters at xen_start_kernel(),
# which calls x86_64_start_reservations() and so never runs
# kasan_early_init() (arch/x86/kernel/head64.c: only x86_64_start_kernel()
# does), and arch/x86/xen/ is instrumented: its first checked access reads
# an unmapped shadow page. See tests/lab/README.md (Debug kernel) for what
# the lab saw when it tried.
set -eu
set -o pipefail

# shellcheck source=tests/lab/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

SRC_PKG=linux-source-6.1
SRC_TAR=/usr/src/linux-source-6.1.tar.xz
KBUILD_TOP=$REPO_DIR/build/debug-kernel
FRAGMENTS=("$LAB_DIR/debug-kernel.config")
PATCH_DIR=$LAB_DIR/debug-kernel-patches
# Bumped when the way the kernel is built changes (not its config).
RECIPE=1
# The machine has 2 cores and other work runs on it.
MAKE=(nice -n 19 make -j2)

usage() {
	sed -n '4,21p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

# A key for the patches (their names and bytes), "none" without any.
patches_key() {
	local sums
	sums=$(cd "$PATCH_DIR" 2>/dev/null &&
		find . -maxdepth 1 -name '*.patch' -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
	if [ -z "$sums" ]; then
		echo none
	else
		sha256sum <<<"$sums" | cut -c1-16
	fi
}

# Debian's source tree with the lab's patches, in
# build/debug-kernel/src-<version>/ (kept clean: every build is O=),
# unpacked again when the patches change.
unpack_source() {
	local ver=$1 key=$2 dir=$KBUILD_TOP/src-$1 p
	if [ "$(cat "$dir/.lab-unpacked" 2>/dev/null)" = "$key" ]; then
		echo "$dir"
		return 0
	fi
	[ -r "$SRC_TAR" ] || die "$SRC_TAR missing: install $SRC_PKG (tests/packages.txt)"
	log "unpacking $SRC_TAR ($SRC_PKG $ver, patches $key)"
	rm -rf "$dir" "$dir.new"
	mkdir -p "$dir.new"
	tar -xJf "$SRC_TAR" -C "$dir.new" --strip-components=1 ||
		die "unpacking $SRC_TAR failed"
	for p in $(find "$PATCH_DIR" -maxdepth 1 -name '*.patch' 2>/dev/null | LC_ALL=C sort); do
		patch -d "$dir.new" -p1 --forward --batch --quiet <"$p" >&2 ||
			die "$(basename "$p") does not apply to $SRC_PKG $ver"
	done
	echo "$key" >"$dir.new/.lab-unpacked"
	mv "$dir.new" "$dir"
	echo "$dir"
}

# The options the fragments set, one "CONFIG_X=value" or "CONFIG_X=n" a
# line; an option set twice has the value of the later fragment (as
# merge_config.sh does).
fragment_options() {
	sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*=.*\)$/\1/p' \
		-e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1=n/p' "$@" |
		tac | awk -F= '!seen[$1]++'
}

# Fail unless every option of the fragments has its value in .config
# (olddefconfig silently drops what a dependency forbids).
check_config() {
	local config=$1 opt want have bad=0
	shift
	while IFS='=' read -r opt want; do
		have=$(sed -n -e "s/^$opt=//p" -e "s/^# $opt is not set$/n/p" "$config")
		[ -n "$have" ] || have=n
		if [ "$have" != "$want" ]; then
			log "config: $opt is '$have', the fragment wants '$want'"
			bad=1
		fi
	done < <(fragment_options "$@")
	[ "$bad" = 0 ] || die "the debug kernel's .config lacks options of: $*"
}

# defconfig, then the Xen fragments (the xen.config target merges
# kernel/configs/xen.config and arch/x86/configs/xen.config), then ours,
# then olddefconfig. Writes DIR/.config.
make_config() {
	local src=$1 dir=$2
	rm -rf "$dir"
	mkdir -p "$dir"
	{
		make -C "$src" O="$dir" x86_64_defconfig xen.config &&
			"$src/scripts/kconfig/merge_config.sh" -m -O "$dir" \
				"$dir/.config" "${FRAGMENTS[@]}" &&
			make -C "$src" O="$dir" olddefconfig
	} >"$dir.log" 2>&1 || die "configuring the debug kernel failed, see $dir.log"
	check_config "$dir/.config" "${FRAGMENTS[@]}"
}

# bzImage and modules, the modules staged, the build dir kept for M= builds.
build_kernel() {
	local src=$1 out=$2 t0 release
	t0=$(now)
	log "building the debug kernel in $out/obj (nice -n 19 make -j2; takes a while)"
	{
		"${MAKE[@]}" -C "$src" O="$out/obj" olddefconfig &&
			"${MAKE[@]}" -C "$src" O="$out/obj" bzImage modules &&
			"${MAKE[@]}" -C "$src" O="$out/obj" modules_prepare &&
			"${MAKE[@]}" -C "$src" O="$out/obj" INSTALL_MOD_PATH="$out/staging" \
				INSTALL_MOD_STRIP=1 DEPMOD=/sbin/depmod modules_install
	} >"$out/build.log" 2>&1 || {
		tail -n 30 "$out/build.log" >&2
		die "the debug kernel build failed, see $out/build.log"
	}
	release=$(make -s -C "$src" O="$out/obj" kernelrelease)
	cp "$out/obj/arch/x86/boot/bzImage" "$out/vmlinuz"
	[ -f "$out/obj/Module.symvers" ] || die "no Module.symvers in $out/obj"
	[ -f "$out/staging/lib/modules/$release/kernel/drivers/net/xen-netback/xen-netback.ko" ] ||
		die "the debug kernel has no xen-netback.ko module"
	# build/source point into this host's build tree: dangling in dom0.
	rm -f "$out/staging/lib/modules/$release/build" "$out/staging/lib/modules/$release/source"
	echo "$release" >"$out/release"
	log "debug kernel $release built in $(($(now) - t0)) s"
}

main() {
	local ver pkey src cfg hash out key
	while [ $# -gt 0 ]; do
		case "$1" in
		--fragment) FRAGMENTS+=("$(realpath "$2")"); shift ;;
		-h | --help) usage ;;
		*) log "unknown argument: $1"; usage ;;
		esac
		shift
	done
	ver=$(pkg_version "$SRC_PKG")
	[ "$ver" != none ] || die "$SRC_PKG is not installed (tests/packages.txt)"
	mkdir -p "$KBUILD_TOP"
	# One build at a time: they share the source tree and config.new.
	exec 8>>"$KBUILD_TOP/.lock"
	flock 8
	pkey=$(patches_key)
	src=$(unpack_source "$ver" "$pkey")
	cfg=$KBUILD_TOP/config.new
	make_config "$src" "$cfg"
	key="$SRC_PKG=$ver patches=$pkey recipe=$RECIPE"
	hash=$({ cat "$cfg/.config"; echo "$key"; } | sha256sum | cut -c1-16)
	out=$KBUILD_TOP/$hash
	if [ -f "$out/stamp" ]; then
		log "debug kernel $(cat "$out/release") cached in $out"
	else
		rm -rf "$out"
		mkdir -p "$out/obj"
		cp "$cfg/.config" "$out/obj/.config"
		build_kernel "$src" "$out"
		echo "$key" >"$out/stamp"
	fi
	rm -rf "$cfg" "$cfg.log"
	echo "$out"
}

main "$@"
