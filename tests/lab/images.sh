#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the lab's images in build/lab/, from Debian packages only:
#   xen                  the hypervisor, unpacked from the host's package
#   dom0-tree/           debootstrapped bookworm root for dom0 (kept for reuse),
#                        with dkms, gcc, make and the lab kernel's headers
#   dom0-pkg/            the project's .deb installed over dom0-tree with dpkg
#                        (dkms builds it there): an overlayfs upper layer, so a
#                        source change rebuilds only this layer and the image
#   dom0.img             ext4 image of dom0-tree + dom0-pkg (QEMU opens it
#                        snapshot=on: what a run does to it never persists)
#   dom0-initrd.cpio.gz  busybox initramfs that mounts dom0.img and switches
#   dom0-initrd-builtin.cpio.gz  the same without modules, for the debug
#                        kernel (lab.sh --kernel debug; built only then)
#   guest-initrd.cpio.gz busybox + xen-netfront + iperf3, the domU's initramfs
# Each image has a stamp in build/lab/stamps/ holding the key it was built
# from (package versions, package list, recipe text); an image is rebuilt
# when missing or when its key changes.
#
# Usage: tests/lab/images.sh   (lab.sh sources it and calls images_build)
set -eu
set -o pipefail

# shellcheck source=tests/lab/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=tests/lab/lib/modules.sh
. "$LAB_DIR/lib/modules.sh"

SUITE=bookworm
XEN_PKG=xen-hypervisor-4.17-amd64
# dom0's packages. busybox-static gives dom0 the `nc` it uses to drive the
# guests' command agent; xdp-tools is there for the guests (xdp-filter).
TREE_PACKAGES="xen-utils-4.17 xen-utils-common iproute2 iperf3 kmod \
bridge-utils iputils-ping procps ethtool busybox-static xdp-tools"
# Modules the dom0 initramfs needs to reach and mount its root disk.
DOM0_INITRD_MODULES="virtio_pci virtio_blk crc32c_generic ext4"
GUEST_MODULES="xen-netfront"
# What dkms needs to build the project's package in dom0's tree, besides
# linux-headers-<lab kernel>.
DKMS_PACKAGES="dkms make gcc"
# The project's package, as `make deb` names it.
PKG_NAME=xen-netback-mt-dkms

# Print the first URI that the host's apt sources give for SUITE, from
# deb822 .sources files or one-line .list files. The lab never names a
# mirror itself: it uses whatever this machine is configured with.
apt_uri_for_suite() {
	local suite=$1
	{
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -e "$f" ] || continue
			awk -v s="$suite" '
				function flush() {
					if (uri != "" && hit && deb && enabled) { print uri; exit }
					uri = ""; hit = 0; deb = 0; enabled = 1
				}
				BEGIN { enabled = 1 }
				/^[[:space:]]*$/ { flush(); next }
				/^Types:/ { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
				/^URIs:/ { uri = $2 }
				/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) hit = 1 }
				/^Enabled:[[:space:]]*no/ { enabled = 0 }
				END { flush() }' "$f"
		done
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			if [ -e "$f" ]; then cat "$f"; fi
		done | awk -v s="$suite" '$1 == "deb" {
				i = 2; if ($i ~ /^\[/) while ($i !~ /\]$/) i++
				if ($i ~ /\]$/ && $2 ~ /^\[/) i++
				if ($(i + 1) == s) { print $i; exit }
			}'
	} | awk 'NR == 1'

}

# Path of the gzipped hypervisor shipped by the Xen package.
xen_gz_path() {
	dpkg -L "$XEN_PKG" 2>/dev/null | grep -E '^/boot/xen-[^/]*\.gz$' | head -n 1
}

# Run a command inside a tree with /proc mounted and /dev/fd present, in a
# private mount namespace so nothing stays mounted when it ends.
in_tree() {
	local tree=$1
	shift
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -m --fork -- sh -c '
		tree=$1; shift
		mount -t proc proc "$tree/proc"
		ln -sfn /proc/self/fd "$tree/dev/fd"
		exec chroot "$tree" /usr/bin/env -i \
			PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
			LANG=C.UTF-8 "$@"' sh "$tree" "$@"
}

# Bring the tree's packages up to the security suite, so the toolstack
# matches the hypervisor's 4.17.x release.
tree_upgrade() {
	local tree=$1 mirror=$2 secmirror
	secmirror=$(apt_uri_for_suite "$SUITE-security")
	{
		echo "deb $mirror $SUITE main"
		echo "deb $mirror $SUITE-updates main"
		if [ -n "$secmirror" ]; then
			echo "deb $secmirror $SUITE-security main"
		fi
	} >"$tree/etc/apt/sources.list"
	[ -n "$secmirror" ] || log "WARNING: no $SUITE-security source on this host; dom0 toolstack may lag the hypervisor"
	# No daemon may start inside the chroot while packages are configured.
	printf '#!/bin/sh\nexit 101\n' >"$tree/usr/sbin/policy-rc.d"
	chmod 755 "$tree/usr/sbin/policy-rc.d"
	{
		in_tree "$tree" apt-get -q update &&
			in_tree "$tree" apt-get -q -y -o Dpkg::Options::=--force-confold upgrade
	} >"$BUILD_DIR/tree-upgrade.log" 2>&1 ||
		die "apt-get upgrade in dom0's tree failed, see $BUILD_DIR/tree-upgrade.log"
}

# Put the lab kernel's modules (including the in-tree xen-netback.ko, the
# "stock" driver) into the tree.
tree_add_lab_files() {
	local tree=$1 kver=$2
	rm -rf "$tree/lib/modules/$kver"
	mkdir -p "$tree/lib/modules"
	cp -a "/lib/modules/$kver" "$tree/lib/modules/"
	# build/source point into the host's headers: dangling in dom0.
	rm -f "$tree/lib/modules/$kver/build" "$tree/lib/modules/$kver/source"
	echo lab-dom0 >"$tree/etc/hostname"
}

# Extension point: steps that install more into dom0's tree go here. It
# runs after the base system is complete; use in_tree to run commands
# inside. Its text is part of the tree's stamp, so editing it rebuilds the
# tree. It installs what dkms needs to build the project's package for the
# lab kernel; the package itself is a separate layer (build_pkg_layer), so
# that a source change never rebuilds this tree.
tree_customize() {
	local tree=$1 kver=$2
	# shellcheck disable=SC2086 # a list of package names
	in_tree "$tree" apt-get -q -y --no-install-recommends install \
		$DKMS_PACKAGES "linux-headers-$kver" >"$BUILD_DIR/tree-dkms.log" 2>&1 ||
		die "installing $DKMS_PACKAGES linux-headers-$kver in dom0's tree failed, see $BUILD_DIR/tree-dkms.log"
	[ -e "$tree/lib/modules/$kver/build/Makefile" ] ||
		die "dom0's tree has no headers for $kver (lib/modules/$kver/build)"
}

# debootstrap + upgrade + lab files. The tree is kept in build/lab so the
# image can be remade (e.g. with a new guest initramfs) without a download.
build_dom0_tree() {
	local tree=$1 kver=$2 mirror
	mirror=$(apt_uri_for_suite "$SUITE")
	[ -n "$mirror" ] || die "no apt source for '$SUITE' on this host (see /etc/apt/sources.list.d/)"
	rm -rf "$tree" "$tree.new"
	debootstrap --variant=minbase --include="$(echo "$TREE_PACKAGES" | tr -s ' ' ',')" \
		"$SUITE" "$tree.new" "$mirror" >"$BUILD_DIR/debootstrap.log" 2>&1 ||
		die "debootstrap failed, see $BUILD_DIR/debootstrap.log"
	tree_upgrade "$tree.new" "$mirror"
	tree_add_lab_files "$tree.new" "$kver"
	tree_customize "$tree.new" "$kver"
	in_tree "$tree.new" apt-get clean
	rm -rf "$tree.new/var/lib/apt/lists/"*
	in_tree "$tree.new" dpkg-query -W >"$BUILD_DIR/dom0-packages.txt"
	mv "$tree.new" "$tree"
}

# The project's .deb, built here from the work tree (offline, a few
# seconds; the same sources give the same bytes, so the layer's stamp only
# changes when they do). Sets PKG_DEB.
build_deb() {
	local version
	version=$(cat "$REPO_DIR/VERSION")
	make -C "$REPO_DIR" deb >"$BUILD_DIR/deb-build.log" 2>&1 ||
		die "make deb failed, see $BUILD_DIR/deb-build.log"
	PKG_DEB=$REPO_DIR/build/pkg/${PKG_NAME}_${version}_all.deb
	[ -f "$PKG_DEB" ] || die "make deb produced no $PKG_DEB"
}

# A key for what the .deb holds: every file's path, mode and sha256 (the
# control files and scripts too), not the archive's bytes, which also carry
# timestamps (SOURCE_DATE_EPOCH is the last commit: any commit would change
# them). So only a change of what is packaged rebuilds the layer.
deb_content_key() {
	local deb=$1 d
	d=$(mktemp -d)
	dpkg-deb -R "$deb" "$d" || { rm -rf "$d"; die "dpkg-deb -R $deb failed"; }
	(
		cd "$d" || exit 1
		find . -printf '%M %p %l\n' | LC_ALL=C sort
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
	) | sha256sum | cut -d' ' -f1
	rm -rf "$d"
}

# layer_run TREE LAYER SCRIPT [ARGS]: run the sh SCRIPT (with ARGS as $1...)
# in a private mount namespace where LAYER/root is TREE with LAYER/upper
# overlaid (overlayfs): what SCRIPT writes there lands in LAYER/upper and
# TREE stays as it is. SCRIPT finds the merged root in $root.
layer_run() {
	local tree=$1 layer=$2 script=$3
	shift 3
	mkdir -p "$layer/upper" "$layer/work" "$layer/root"
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -m --propagation private --fork -- sh -c '
		tree=$1 layer=$2 script=$3; shift 3
		root=$layer/root
		mount -t overlay overlay \
			-o "lowerdir=$tree,upperdir=$layer/upper,workdir=$layer/work" "$root" || exit 1
		eval "$script"' sh "$tree" "$layer" "$script" "$@"
}

# The module dkms installed in the layer for KVER (empty if none). The
# tree has a merged /usr: /lib/modules is usr/lib/modules in the layer.
pkg_layer_ko() {
	local layer=$1 kver=$2 f
	for f in "$layer/upper/usr/lib/modules/$kver/updates/dkms/xen-netback.ko"* \
		"$layer/upper/lib/modules/$kver/updates/dkms/xen-netback.ko"*; do
		[ -f "$f" ] && { echo "$f"; return 0; }
	done
	return 0
}

# dpkg -i of the project's .deb over the tree: its postinst (dh_dkms) runs
# dkms add, build and install for the lab kernel (the only one with
# headers in the tree), and depmod. No manual step: a package that does not
# leave xen-netback.ko in updates/dkms fails the build.
build_pkg_layer() {
	local out=$1 tree=$2 deb=$3 kver=$4 ko
	rm -rf "$out"
	mkdir -p "$out"
	# shellcheck disable=SC2016 # expanded by layer_run's shell
	layer_run "$tree" "$out" '
		deb=$1
		mount -t proc proc "$root/proc" || exit 1
		ln -sfn /proc/self/fd "$root/dev/fd"
		cp "$deb" "$root/tmp/lab-pkg.deb" || exit 1
		chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 dpkg -i /tmp/lab-pkg.deb
		rc=$?
		rm -f "$root/tmp/lab-pkg.deb"
		chroot "$root" dkms status
		umount "$root/proc"
		exit $rc' "$deb" >"$BUILD_DIR/pkg-layer.log" 2>&1 ||
		die "dpkg -i $(basename "$deb") in dom0's tree failed, see $BUILD_DIR/pkg-layer.log"
	ko=$(pkg_layer_ko "$out" "$kver")
	[ -n "$ko" ] || die "dkms installed no updates/dkms/xen-netback.ko for $kver, see $BUILD_DIR/pkg-layer.log"
	modinfo -F vermagic "$ko" | grep -q "^$kver " ||
		die "$ko is not built for $kver"
	rm -rf "$out/work" "$out/root"
}

# Common part of both initramfs images: busybox with its applet links, a
# console node (the kernel opens it before init runs) and the init script.
initrd_skeleton() {
	local dir=$1 init=$2
	rm -rf "$dir"
	mkdir -p "$dir"/{bin,sbin,dev,proc,sys,run,tmp,mnt,etc}
	cp /bin/busybox "$dir/bin/busybox"
	for a in $("$dir/bin/busybox" --list); do
		[ -e "$dir/bin/$a" ] || ln -s busybox "$dir/bin/$a"
	done
	mknod -m 600 "$dir/dev/console" c 5 1
	install -m 755 "$init" "$dir/init"
}

# Pack a directory as a gzipped newc cpio archive.
cpio_pack() {
	local dir=$1 out=$2
	(cd "$dir" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -1 >"$out.new"
	mv "$out.new" "$out"
}

build_dom0_initrd() {
	local out=$1 kver=$2 dir="$BUILD_DIR/dom0-initrd.d"
	initrd_skeleton "$dir" "$LAB_DIR/dom0/initramfs-init"
	# shellcheck disable=SC2086 # a list of names
	mod_install_flat "$kver" "$dir" $DOM0_INITRD_MODULES
	cpio_pack "$dir" "$out"
	rm -rf "$dir"
}

# The dom0 initramfs for a kernel with its disk drivers and ext4 built in
# (the debug kernel, tests/lab/debug-kernel.config): it loads no module.
build_dom0_initrd_builtin() {
	local out=$1 dir="$BUILD_DIR/dom0-initrd-builtin.d"
	initrd_skeleton "$dir" "$LAB_DIR/dom0/initramfs-init"
	mkdir -p "$dir/lib/modules"
	: >"$dir/lib/modules/load-order"
	cpio_pack "$dir" "$out"
	rm -rf "$dir"
}

# Copy a dynamically linked program from the tree into DIR with every
# shared library it needs (as the tree's own ldd resolves them).
copy_with_libs() {
	local tree=$1 prog=$2 dir=$3 lib
	mkdir -p "$dir$(dirname "$prog")"
	cp -L "$tree$prog" "$dir$prog"
	for lib in $(in_tree "$tree" ldd "$prog" | grep -oE '/[^ ]+'); do
		mkdir -p "$dir$(dirname "$lib")"
		cp -L "$tree$lib" "$dir$lib"
	done
}

build_guest_initrd() {
	local out=$1 kver=$2 tree=$3 dir="$BUILD_DIR/guest-initrd.d"
	initrd_skeleton "$dir" "$LAB_DIR/guest/init"
	# shellcheck disable=SC2086 # a list of names
	mod_install_flat "$kver" "$dir" $GUEST_MODULES
	copy_with_libs "$tree" /usr/bin/iperf3 "$dir"
	# ethtool: scenarios switch the guest's offloads (busybox has none).
	copy_with_libs "$tree" /usr/sbin/ethtool "$dir"
	# xdp-filter and the BPF programs it loads: the xdp scenario attaches
	# an XDP program to the guest's netfront.
	copy_with_libs "$tree" /usr/sbin/xdp-filter "$dir"
	mkdir -p "$dir/usr/lib/x86_64-linux-gnu/bpf"
	cp "$tree"/usr/lib/x86_64-linux-gnu/bpf/xdp-dispatcher.o \
		"$tree"/usr/lib/x86_64-linux-gnu/bpf/xdpfilt_*.o \
		"$dir/usr/lib/x86_64-linux-gnu/bpf/"
	cpio_pack "$dir" "$out"
	rm -rf "$dir"
}

# Write to OUT the uncompressed ELF kernel inside bzImage F. xl would
# otherwise decompress it in dom0 at every guest start, which under TCG
# costs seconds per guest. Returns non-zero if no known tool unpacks it.
bzimage_unpack() {
	local f=$1 out=$2 setup off len tool
	setup=$(od -An -tu1 -j $((0x1f1)) -N1 "$f" | tr -d ' ')
	off=$(od -An -tu4 -j $((0x248)) -N4 "$f" | tr -d ' ')
	len=$(od -An -tu4 -j $((0x24c)) -N4 "$f" | tr -d ' ')
	dd if="$f" of="$out.z" bs=1M iflag=skip_bytes,count_bytes \
		skip=$(((setup + 1) * 512 + off)) count="$len" status=none
	for tool in "xz -dc --single-stream" "gzip -dc" "zstd -dcq"; do
		command -v "${tool%% *}" >/dev/null || continue
		# shellcheck disable=SC2086 # the tool and its options
		if $tool <"$out.z" >"$out" 2>/dev/null &&
			[ "$(head -c 4 "$out" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
			rm -f "$out.z"
			return 0
		fi
	done
	rm -f "$out.z" "$out"
	return 1
}

# The guest's kernel (an uncompressed ELF when possible; libxc loads an ELF
# under any name, so scenarios always use /lab/vmlinuz) and initramfs.
tree_add_guest_files() {
	local tree=$1 guest_initrd=$2 kver
	kver=$(lab_kver)
	mkdir -p "$tree/lab"
	if ! bzimage_unpack "/boot/vmlinuz-$kver" "$tree/lab/vmlinuz"; then
		log "WARNING: could not unpack the guest kernel; guests start slower"
		cp "/boot/vmlinuz-$kver" "$tree/lab/vmlinuz"
	fi
	install -m 644 "$guest_initrd" "$tree/lab/guest-initrd.cpio.gz"
}

# ext4 image of the tree with the package layer over it, sized to both plus
# headroom for what a run writes (logs) and what tree_customize may add.
build_dom0_img() {
	local out=$1 tree=$2 layer=$3 guest_initrd=$4
	tree_add_guest_files "$tree" "$guest_initrd"
	rm -f "$out.new"
	# shellcheck disable=SC2016 # expanded by layer_run's shell
	layer_run "$tree" "$layer" '
		mb=$(du -sm "$root" | cut -f1)
		mkfs.ext4 -q -F -L lab-dom0 -d "$root" "$1" "$((mb + 768))M" >/dev/null' \
		"$out.new" || die "mkfs.ext4 of dom0.img failed"
	rm -rf "$layer/work" "$layer/root"
	mv "$out.new" "$out"
}

build_xen() {
	local out=$1 gz
	gz=$(xen_gz_path)
	[ -n "$gz" ] || die "$XEN_PKG is not installed"
	zcat "$gz" >"$out.new"
	mv "$out.new" "$out"
}

# stage NAME KEY OUTPUT FUNCTION ARGS...: run FUNCTION OUTPUT ARGS... unless
# OUTPUT exists and the stamp of NAME holds KEY. Prints "built"/"cached".
stage() {
	local name=$1 key=$2 out=$3 fn=$4 stamp
	shift 4
	stamp=$BUILD_DIR/stamps/$name
	if [ -e "$out" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
		return 0
	fi
	log "image $name: building"
	rm -f "$stamp"
	"$fn" "$out" "$@"
	printf '%s\n' "$key" >"$stamp"
	IMAGES_BUILT="$IMAGES_BUILT $name"
}

# The toolstack in dom0 should be the hypervisor's release (that is why
# the tree is upgraded from the security suite): say so when it is not.
check_toolstack_version() {
	local tools hv
	tools=$(awk '$1 == "xen-utils-4.17" { print $2 }' "$BUILD_DIR/dom0-packages.txt" 2>/dev/null)
	hv=$(pkg_version "$XEN_PKG")
	if [ "$tools" != "$hv" ]; then
		log "WARNING: dom0's xen-utils-4.17 is ${tools:-missing}, the hypervisor is $hv"
	fi
}

sha() {
	sha256sum | cut -c1-16
}

# Build every missing or stale image. Sets IMAGES_BUILT to what was rebuilt.
images_build() {
	local kver kpkg xenkey treekey guestkey initrdkey imgkey pkgkey
	IMAGES_BUILT=""
	kver=$(lab_kver)
	mkdir -p "$BUILD_DIR/stamps"
	build_deb
	kpkg="linux-image-$kver=$(pkg_version "linux-image-$kver")"
	xenkey="$XEN_PKG=$(pkg_version "$XEN_PKG")"
	treekey="$xenkey $kpkg suite=$SUITE pkgs=[$TREE_PACKAGES] dkms=[$DKMS_PACKAGES] recipe=$(declare -f \
		build_dom0_tree tree_upgrade tree_add_lab_files tree_customize in_tree | sha)"
	stage xen "$xenkey" "$BUILD_DIR/xen" build_xen
	# A cached tree that lost the kernel's modules (Kbuild's `make M=<repo>
	# clean` deletes every *.ko below the repository) is rebuilt.
	if [ -d "$BUILD_DIR/dom0-tree" ] && [ ! -f \
		"$BUILD_DIR/dom0-tree/lib/modules/$kver/kernel/drivers/net/xen-netback/xen-netback.ko" ]; then
		log "dom0-tree has lost the kernel's modules: rebuilding it"
		rm -f "$BUILD_DIR/stamps/dom0-tree"
	fi
	stage dom0-tree "$treekey" "$BUILD_DIR/dom0-tree" build_dom0_tree "$kver"
	check_toolstack_version
	treekey=$(sha <"$BUILD_DIR/stamps/dom0-tree")
	# The package layer: keyed on the .deb's content, so only a change of
	# the module's sources (or packaging) rebuilds it, and then the image.
	pkgkey="tree=$treekey deb=$(deb_content_key "$PKG_DEB") \
recipe=$(declare -f build_pkg_layer layer_run pkg_layer_ko deb_content_key | sha)"
	stage dom0-pkg "$pkgkey" "$BUILD_DIR/dom0-pkg" build_pkg_layer \
		"$BUILD_DIR/dom0-tree" "$PKG_DEB" "$kver"
	initrdkey="$kpkg busybox=$(pkg_version busybox-static) mods=[$DOM0_INITRD_MODULES] \
recipe=$({ declare -f build_dom0_initrd initrd_skeleton mod_install_flat mod_closure
		cat "$LAB_DIR/dom0/initramfs-init"; } | sha)"
	stage dom0-initrd "$initrdkey" "$BUILD_DIR/dom0-initrd.cpio.gz" build_dom0_initrd "$kver"
	guestkey="$kpkg tree=$treekey busybox=$(pkg_version busybox-static) mods=[$GUEST_MODULES] \
recipe=$({ declare -f build_guest_initrd initrd_skeleton copy_with_libs mod_install_flat
		cat "$LAB_DIR/guest/init"; } | sha)"
	stage guest-initrd "$guestkey" "$BUILD_DIR/guest-initrd.cpio.gz" \
		build_guest_initrd "$kver" "$BUILD_DIR/dom0-tree"
	imgkey="tree=$treekey pkg=$(sha <"$BUILD_DIR/stamps/dom0-pkg") \
guest=$(sha <"$BUILD_DIR/stamps/guest-initrd") kernel=$kpkg \
recipe=$(declare -f build_dom0_img layer_run tree_add_guest_files bzimage_unpack | sha)"
	stage dom0-img "$imgkey" "$BUILD_DIR/dom0.img" build_dom0_img \
		"$BUILD_DIR/dom0-tree" "$BUILD_DIR/dom0-pkg" "$BUILD_DIR/guest-initrd.cpio.gz"
}

# The initramfs of build_dom0_initrd_builtin (lab.sh --kernel debug).
images_build_builtin_initrd() {
	local key
	key="busybox=$(pkg_version busybox-static) recipe=$({ declare -f \
		build_dom0_initrd_builtin initrd_skeleton cpio_pack
		cat "$LAB_DIR/dom0/initramfs-init"; } | sha)"
	stage dom0-initrd-builtin "$key" "$BUILD_DIR/dom0-initrd-builtin.cpio.gz" \
		build_dom0_initrd_builtin
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	[ "$(id -u)" = 0 ] || die "building the images needs root (debootstrap, chroot, mknod)"
	images_build
	log "images in $BUILD_DIR (rebuilt:${IMAGES_BUILT:- none})"
fi
