#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Packaging tests: build the .deb and the .rpm from a clean state (make deb
# rpm, offline) and check what they really contain and do:
#   - one version everywhere: VERSION, dkms.conf, debian/changelog, the rpm
#     spec, both packages, and modinfo of a module built from the tarball;
#     make version-check refuses a tree where they disagree
#   - the .deb holds /usr/src/xen-netback-mt-VER/ with exactly the dkms
#     sources (dkms.conf Kbuild Makefile VERSION src/ include/), the same
#     bytes as the tree, and the modprobe.d file; lintian is clean
#   - the modprobe.d file documents every parameter (all the module has, once
#     it builds) and sets none
#   - the .rpm's file list, requires and scriptlets, and what the scriptlets
#     do when run (against a stub dkms)
#   - Debian's dkms-autopkgtest on the .deb, installed through apt from a
#     local file: repository in a throw-away root (tests/pkg/root.sh), then
#     removal bringing the stock module back
# Prints PASS/FAIL/SKIP lines and ends with "N passed, N failed".
#
# Usage: tests/pkg/run.sh   (as root; KVER=... overrides tests/lab/kver)
# SC2016: '$1' and friends are meant literally (scriptlet text to find).
# SC2317: functions called through check().
# shellcheck disable=SC2016,SC2317
set -eu
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
# shellcheck source=tests/pkg/root.sh
. "$top/tests/pkg/root.sh"

name=xen-netback-mt
dpkgname=$name-dkms
out=$top/build/pkgtest
version=$(cat VERSION)
kver=${KVER:-$(tests/lab/kver)}

passed=0
failed=0
skipped=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
skip() { echo "SKIP $1: $2"; skipped=$((skipped + 1)); }
# check NAME WHY-IF-FAILED COMMAND...: PASS when COMMAND succeeds.
check() {
	local what=$1 why=$2
	shift 2
	if "$@"; then pass "$what"; else fail "$what" "$why"; fi
}
# same NAME GOT WANT
same() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi
}
finish() {
	echo "# $skipped skipped"
	echo "$passed passed, $failed failed"
	exit $((failed > 0))
}
# Show the end of a log under a FAIL line.
show() { tail -n "${2:-25}" "$1" | sed 's/^/    | /'; }

# The dkms sources of the tree, the way `make dist` picks them: tracked or
# new (not ignored) files, so that build products never count.
tree_src_files() {
	if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$top" ]; then
		git ls-files -co --exclude-standard -- dkms.conf Kbuild Makefile VERSION src include
	else
		find dkms.conf Kbuild Makefile VERSION src include -type f ! -name '.*' \
			! -name '*.o' ! -name '*.ko' ! -name '*.mod' ! -name '*.mod.c'
	fi | while read -r f; do [ -f "$f" ] && echo "$f"; done | LC_ALL=C sort
}

# Does src/ have every source Kbuild lists? (Until the module engineers are
# done it does not, and the tests that need a built module say SKIP.)
missing_sources() {
	local o
	grep -oE '\bsrc/[A-Za-z0-9_-]+\.o\b' Kbuild | sort -u | while read -r o; do
		[ -f "${o%.o}.c" ] || printf '%s ' "${o%.o}.c"
	done
}

echo "# packaging tests: version $version, kernel ${kver:-none}"
rm -rf build/pkg build/deb build/rpm build/dist "$out"
mkdir -p "$out"

# ---------------------------------------------------------------- build
# One make run, so that both packages come from the one tarball it makes.
deb_ok=0 rpm_ok=0
make_rc=0
make --no-print-directory -k deb rpm >"$out/make.log" 2>&1 || make_rc=$?
for p in deb rpm; do
	case $p in
	deb) f=build/pkg/${dpkgname}_${version}_all.deb ;;
	rpm) f=build/pkg/$name-$version-1.noarch.rpm ;;
	esac
	if [ "$make_rc" = 0 ] && [ -f "$f" ]; then
		pass "make $p"
		eval "${p}_ok=1"
	else
		fail "make $p" "exit $make_rc, no $f? see $out/make.log"
	fi
done
[ "$make_rc" = 0 ] || show "$out/make.log"
deb=build/pkg/${dpkgname}_${version}_all.deb
changes=$(find build/pkg -maxdepth 1 -name '*.changes' 2>/dev/null | head -n 1) || changes=
rpmfile=build/pkg/$name-$version-1.noarch.rpm
tarball=build/pkg/$name-$version.tar.gz

# ---------------------------------------------------------------- versions
# shellcheck disable=SC1091 # dkms.conf is a shell fragment, read as dkms does
dkms_ver=$(bash -c '. ./dkms.conf >/dev/null 2>&1; echo "$PACKAGE_VERSION"')
dkms_name=$(bash -c '. ./dkms.conf >/dev/null 2>&1; echo "$PACKAGE_NAME"')
chl_ver=$(dpkg-parsechangelog -S Version)
chl_ver=${chl_ver#*:}
chl_ver=${chl_ver%-*}
spec_ver=$(rpmspec -q --srpm --qf '%{VERSION}\n' "rpm/$name.spec" 2>/dev/null | head -n 1) || spec_ver=
same "dkms.conf PACKAGE_NAME" "$dkms_name" "$name"
same "version: dkms.conf = VERSION" "$dkms_ver" "$version"
same "version: debian/changelog = VERSION" "$chl_ver" "$version"
same "version: rpm spec = VERSION" "$spec_ver" "$version"
if [ $deb_ok = 1 ]; then
	same "version: .deb = VERSION" "$(dpkg-deb -f "$deb" Version)" "$version"
fi
if [ $rpm_ok = 1 ]; then
	same "version: .rpm = VERSION" "$(rpm -qp --qf '%{VERSION}' "$rpmfile")" "$version"
fi

# The guard itself: a tree whose changelog, dkms.conf or spec disagrees
# with VERSION must be refused by make version-check (and so make deb/rpm).
vc_refuses() {
	local t=$out/vcheck f=$1 expr=$2
	rm -rf "$t"
	mkdir -p "$t/debian" "$t/rpm"
	cp Makefile VERSION dkms.conf "$t/"
	cp debian/changelog "$t/debian/"
	cp "rpm/$name.spec" "$t/rpm/"
	make -s -C "$t" version-check >/dev/null 2>&1 || return 1	# agrees as copied
	sed -i "$expr" "$t/$f"
	! make -s -C "$t" version-check >/dev/null 2>&1
}
check "version-check refuses a disagreeing debian/changelog" "make version-check passed" \
	vc_refuses debian/changelog "1s/($version)/(9.9.9)/"
check "version-check refuses a disagreeing dkms.conf" "make version-check passed" \
	vc_refuses dkms.conf "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"9.9.9\"/"
check "version-check refuses a disagreeing rpm spec" "make version-check passed" \
	vc_refuses "rpm/$name.spec" "s/^Version:.*/Version: 9.9.9/"

# ---------------------------------------------------------------- module
# Built from the tarball alone (what dkms gets), against the lab's kernel.
missing=$(missing_sources)
module=
if [ -n "$missing" ]; then
	skip "modinfo version of the built module" "src/ does not build yet (missing: ${missing% })"
elif [ -z "$kver" ]; then
	fail "modinfo version of the built module" "no kernel with headers (tests/lab/kver)"
else
	mkdir -p "$out/mod"
	tar -C "$out/mod" -xzf "$tarball"
	if make -C "$out/mod/$name-$version" module KVER="$kver" >"$out/module.log" 2>&1; then
		module=$out/mod/$name-$version/xen-netback.ko
		same "version: modinfo of the built xen-netback.ko = VERSION" \
			"$(modinfo -F version "$module")" "$version"
	else
		fail "modinfo version of the built module" "the tarball does not build for $kver, see $out/module.log"
		show "$out/module.log"
	fi
fi

# ---------------------------------------------------------------- tarball
# make dist: exactly the tree's dkms sources, byte for byte (the packages
# are then compared with it). In a work tree that others edit while this
# runs, a file changed meanwhile shows up here.
tree_src_files >"$out/tree-src.txt"
rm -rf "$out/dist-x"
mkdir -p "$out/dist-x"
if [ -f "$tarball" ] && tar -C "$out/dist-x" -xzf "$tarball"; then
	(cd "$out/dist-x/$name-$version" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) >"$out/dist-files.txt"
	same "tarball files = the tree's dkms sources" \
		"$(diff "$out/tree-src.txt" "$out/dist-files.txt" | grep '^[<>]' | tr '\n' ' ')" ""
	bad= changed=
	while read -r f; do
		cmp -s "$f" "$out/dist-x/$name-$version/$f" && continue
		if [ "$f" -nt "$tarball" ]; then changed="$changed $f"; else bad="$bad $f"; fi
	done <"$out/tree-src.txt"
	same "tarball files are the tree's bytes" "${bad# }" ""
	[ -z "$changed" ] || echo "# changed in the tree after the tarball was made (not judged):$changed"
	same "tarball top directory" "$(tar -tzf "$tarball" | cut -d/ -f1 | sort -u)" "$name-$version"
else
	fail "tarball" "no $tarball"
fi

# ---------------------------------------------------------------- .deb
if [ $deb_ok = 1 ]; then
	dpkg-deb -c "$deb" >"$out/deb-contents.txt"
	awk '$1 !~ /^d/ { p = $6; sub(/^\./, "", p); print p }' "$out/deb-contents.txt" |
		LC_ALL=C sort >"$out/deb-files.txt"
	{
		sed "s|^|/usr/src/$name-$version/|" "$out/tree-src.txt"
		echo "/lib/modprobe.d/$name.conf"
		echo "/usr/share/doc/$dpkgname/changelog.gz"
		echo "/usr/share/doc/$dpkgname/copyright"
	} | LC_ALL=C sort >"$out/deb-want.txt"
	if diff -u "$out/deb-want.txt" "$out/deb-files.txt" >"$out/deb-files.diff"; then
		pass ".deb files = dkms sources of the tree + modprobe.d file + docs"
	else
		fail ".deb files" "differ from the expected list (- wanted, + in the .deb)"
		show "$out/deb-files.diff" 40
	fi
	top_entries=$(sed -n "s|^/usr/src/$name-$version/\([^/]*\)\(/\)\{0,1\}.*|\1\2|p" "$out/deb-files.txt" |
		LC_ALL=C sort -u | tr '\n' ' ')
	same ".deb /usr/src/$name-$version/ holds exactly dkms.conf Kbuild Makefile VERSION include/ src/" \
		"$top_entries" "Kbuild Makefile VERSION dkms.conf include/ src/ "
	if grep -nE '/(tests|debian|build|rpm|\.git)(/|$)|\.(o|ko|cmd|mod|a)$|/\.' "$out/deb-files.txt" >"$out/deb-stray.txt"; then
		fail ".deb has nothing else of the tree" "$(tr '\n' ' ' <"$out/deb-stray.txt")"
	else
		pass ".deb has nothing else of the tree (tests/ debian/ rpm/ build products)"
	fi
	rm -rf "$out/deb-x"
	dpkg-deb -x "$deb" "$out/deb-x"
	same ".deb sources are the tarball's bytes" \
		"$(diff -r "$out/dist-x/$name-$version" "$out/deb-x/usr/src/$name-$version" 2>&1)" ""
	same ".deb Architecture" "$(dpkg-deb -f "$deb" Architecture)" all
	check ".deb Depends on dkms" "Depends: $(dpkg-deb -f "$deb" Depends)" \
		grep -qE '(^|, )dkms( |,|$)' <<<"$(dpkg-deb -f "$deb" Depends)"
	rm -rf "$out/deb-ctl"
	dpkg-deb -e "$deb" "$out/deb-ctl"
	check ".deb postinst registers and builds through dkms" "no dkms common.postinst call" \
		grep -q "DKMS_NAME=$name" "$out/deb-ctl/postinst"
	check ".deb prerm removes the dkms registration" "no dkms remove in prerm" \
		grep -q 'dkms remove -m $DKMS_NAME -v $DKMS_VERSION --all' "$out/deb-ctl/prerm"
	check "debian/control: Testsuite autopkgtest-pkg-dkms" "missing" \
		grep -qx 'Testsuite: autopkgtest-pkg-dkms' debian/control

	# lintian: no error, no warning.
	if lintian --fail-on error,warning "$changes" >"$out/lintian.log" 2>&1; then
		pass "lintian --fail-on error,warning $(basename "$changes")"
	else
		fail "lintian" "errors or warnings"
		show "$out/lintian.log"
	fi
else
	fail ".deb checks" "no .deb was built"
fi

# ---------------------------------------------------------------- modprobe.d
conf=debian/modprobe.d/$name.conf
params="separate_tx_rx_irq rx_drain_timeout_msecs rx_stall_timeout_msecs fatal_skb_slots max_queues hash_cache_size provides_xdp_headroom workers groups bind_workers worker_nice weigh_workers"
active=$(grep -vnE '^[[:space:]]*(#|$)' "$conf" || true)
same "modprobe.d file sets nothing (every line a comment)" "$active" ""
undocumented=
for p in $params; do
	grep -qE "^# options xen_netback $p=" "$conf" || undocumented="$undocumented $p"
done
same "modprobe.d file has an options line for each of the 12 parameters" "${undocumented# }" ""
if [ -n "$module" ]; then
	modparms=$(modinfo -F parm "$module" | sed 's/:.*//' | LC_ALL=C sort | tr '\n' ' ')
	docparms=$(sed -n 's/^# options xen_netback \([a-z_]*\)=.*/\1/p' "$conf" | LC_ALL=C sort | tr '\n' ' ')
	same "modprobe.d file documents exactly the built module's parameters" "$docparms" "$modparms"
	nodesc=$(modinfo -F parm "$module" | grep -vE '^[a-z_]+:.+ \([a-z]+\)$' || true)
	same "every parameter of the built module has a description" "$nodesc" ""
else
	skip "modprobe.d file = the built module's parameters" "no module built"
fi

# ---------------------------------------------------------------- .rpm
if [ $rpm_ok = 1 ]; then
	same ".rpm arch" "$(rpm -qp --qf '%{ARCH}' "$rpmfile")" noarch
	rpm -qpl "$rpmfile" | LC_ALL=C sort >"$out/rpm-list.txt"
	{
		echo "/usr/src/$name-$version"
		sed "s|^|/usr/src/$name-$version/|" "$out/tree-src.txt"
		# and the directories under it
		sed -n 's|/[^/]*$||p' "$out/tree-src.txt" | LC_ALL=C sort -u |
			sed "s|^|/usr/src/$name-$version/|"
		echo "/usr/lib/modprobe.d/$name.conf"
	} | LC_ALL=C sort -u >"$out/rpm-want.txt"
	if diff -u "$out/rpm-want.txt" "$out/rpm-list.txt" >"$out/rpm-list.diff"; then
		pass ".rpm files (rpm -qpl) = dkms sources of the tree + modprobe.d file"
	else
		fail ".rpm files (rpm -qpl)" "differ from the expected list (- wanted, + in the .rpm)"
		show "$out/rpm-list.diff" 40
	fi
	rm -rf "$out/rpm-x"
	mkdir -p "$out/rpm-x"
	(cd "$out/rpm-x" && rpm2cpio "$top/$rpmfile" | cpio -idm --quiet)
	same ".rpm sources are the tarball's bytes" \
		"$(diff -r "$out/dist-x/$name-$version" "$out/rpm-x/usr/src/$name-$version" 2>&1)" ""
	same ".rpm modprobe.d file is the tree's" \
		"$(cmp "$conf" "$out/rpm-x/usr/lib/modprobe.d/$name.conf" 2>&1)" ""

	requires=$(rpm -qp --requires "$rpmfile" | tr '\n' ' ')
	check ".rpm Requires: dkms" "requires: $requires" grep -qE '(^| )dkms ' <<<"$requires"
	same ".rpm Recommends: kernel-devel" "$(rpm -qp --recommends "$rpmfile" | tr '\n' ' ')" "kernel-devel "
	rpm -qp --scripts "$rpmfile" >"$out/rpm-scripts.txt"
	for w in "dkms add -m $name -v $version" "dkms build -m $name -v $version" \
		"dkms install -m $name -v $version"; do
		check ".rpm %post runs '$w'" "not in %post" \
			grep -qF "$w" <(rpm -qp --qf '%{POSTIN}' "$rpmfile")
	done
	check ".rpm %preun removes only on erase (\$1 -eq 0)" "no such test in %preun" \
		grep -qF '[ "$1" -eq 0 ]' <(rpm -qp --qf '%{PREUN}' "$rpmfile")

	# Run the scriptlets as rpm would (sh SCRIPT ARG) against a stub dkms
	# that logs its arguments, and a stub uname.
	stub=$out/stub
	rm -rf "$stub"
	mkdir -p "$stub/bin"
	cat >"$stub/bin/dkms" <<-'EOF'
		#!/bin/sh
		echo "dkms $*" >>"$STUB_LOG"
		case $1 in
		status) [ -n "${STUB_STATUS:-}" ] && printf '%s\n' "$STUB_STATUS"; exit 0 ;;
		build) exit "${STUB_BUILD_RC:-0}" ;;
		esac
		exit 0
	EOF
	printf '#!/bin/sh\necho "$STUB_KVER"\n' >"$stub/bin/uname"
	chmod 755 "$stub/bin/dkms" "$stub/bin/uname"
	rpm -qp --qf '%{POSTIN}' "$rpmfile" >"$stub/post"
	rpm -qp --qf '%{PREUN}' "$rpmfile" >"$stub/preun"
	# scriptlet SCRIPT ARG KVER STATUS BUILD_RC: prints the dkms calls;
	# fails if the scriptlet does.
	scriptlet() {
		: >"$stub/log"
		STUB_LOG=$stub/log STUB_KVER=$3 STUB_STATUS=$4 STUB_BUILD_RC=$5 \
			PATH="$stub/bin:$PATH" sh "$stub/$1" "$2" >/dev/null 2>"$stub/err" || return 1
		grep -v '^dkms status' "$stub/log" | tr '\n' ';'
	}
	reg="$name/$version, $kver, x86_64: installed"
	same ".rpm %preun on erase (\$1=0) runs dkms remove" \
		"$(scriptlet preun 0 "$kver" "$reg" 0)" "dkms remove -m $name -v $version --all;"
	same ".rpm %preun on upgrade (\$1=1) leaves dkms alone" \
		"$(scriptlet preun 1 "$kver" "$reg" 0)" ""
	same ".rpm %post with headers: add, build, install" \
		"$(scriptlet post 1 "$kver" "" 0)" \
		"dkms add -m $name -v $version;dkms build -m $name -v $version -k $kver;dkms install -m $name -v $version -k $kver;"
	same ".rpm %post without headers: add only, transaction not failed" \
		"$(scriptlet post 1 0.0.0-no-headers "" 0 || echo failed)" "dkms add -m $name -v $version;"
	same ".rpm %post with a failing build: no install, transaction not failed" \
		"$(scriptlet post 1 "$kver" "" 10 || echo failed)" \
		"dkms add -m $name -v $version;dkms build -m $name -v $version -k $kver;"
	same ".rpm %post on upgrade replaces the older version's registration" \
		"$(scriptlet post 2 0.0.0-no-headers "$name/0.0.1: added" 0)" \
		"dkms remove -m $name -v 0.0.1 --all;dkms add -m $name -v $version;"
else
	fail ".rpm checks" "no .rpm was built"
fi

# ---------------------------------------------------------------- dkms-autopkgtest
# Needs root (chroot, mounts) and the network once (the cached root).
if [ $deb_ok != 1 ]; then
	fail "dkms-autopkgtest" "no .deb"
	finish
fi
if [ "$(id -u)" != 0 ]; then
	skip "dkms-autopkgtest" "needs root (a chroot with overlay mounts)"
	finish
fi
if [ -z "$kver" ]; then
	fail "dkms-autopkgtest" "no kernel with headers (tests/lab/kver)"
	finish
fi
if ! pkgroot_base "$kver" >"$out/root.log" 2>&1; then
	fail "dkms-autopkgtest" "could not build the test root"
	show "$out/root.log"
	finish
fi
ar=$out/autopkgtest
mkdir -p "$ar/srv/repo" "$ar/srv/src/debian"
cp "$deb" "$ar/srv/repo/"
(cd "$ar/srv/repo" && dpkg-scanpackages --multiversion . /dev/null >Packages 2>/dev/null)
cp debian/control "$ar/srv/src/debian/"
tar -C "$ar/srv" -xzf "$tarball"
mv "$ar/srv/$name-$version" "$ar/srv/tree"
if ! pkgroot_run "$ar" tests/pkg/in-root.sh "$kver" "$version" >"$out/in-root.log" 2>&1; then
	fail "dkms-autopkgtest" "the test root failed to run, see $out/in-root.log"
	show "$out/in-root.log"
	finish
fi
cp "$ar/srv/autopkgtest.log" "$out/autopkgtest.log"
r() { sed -n "s/^$1 //p" "$ar/srv/results"; }

check "dkms-autopkgtest found $dpkgname in the local apt source and installed it" \
	"see $out/autopkgtest.log" \
	sh -c "! grep -q 'Skipping unavailable package' '$out/autopkgtest.log' &&
		grep -q '^I: Installing binary package $dpkgname' '$out/autopkgtest.log' &&
		grep -q '^I: Testing binary package $dpkgname' '$out/autopkgtest.log'"
if [ -n "$missing" ]; then
	skip "dkms-autopkgtest: I: PASS $kver" "src/ does not build yet (missing: ${missing% }); it said: $(grep '^I: \(PASS\|FAIL\|SKIP\) ' "$out/autopkgtest.log" | tr '\n' ' ')"
	skip "installed: xen_netback resolves to ours" "no module built"
else
	if grep -qx "I: PASS $kver" "$out/autopkgtest.log" && [ "$(r autopkgtest_rc)" = 0 ]; then
		pass "dkms-autopkgtest: I: PASS $kver"
	else
		fail "dkms-autopkgtest: I: PASS $kver" "exit $(r autopkgtest_rc), see $out/autopkgtest.log"
		show "$out/autopkgtest.log" 40
	fi
	same "installed: xen_netback resolves to ours under updates/dkms" \
		"$(r with_pkg_filename)" "/lib/modules/$kver/updates/dkms/xen-netback.ko"
	same "installed: its version" "$(r with_pkg_version)" "$version"
fi
same "installed: modprobe.d file" "$(r modprobe_conf)" present
check "make install refuses while the package owns /usr/src/$name-$version" \
	"exit $(r install_over_pkg_rc), said 'belongs to a package' $(r install_over_pkg_said) times" \
	test "$(r install_over_pkg_rc)" != 0 -a "$(r install_over_pkg_said)" = 1
same "removed (dpkg -r): exit status" "$(r remove_rc)" 0
same "removed: xen_netback resolves to the stock module again" \
	"$(r after_filename)" "/lib/modules/$kver/kernel/drivers/net/xen-netback/xen-netback.ko"
same "removed: no dkms registration left" "$(r after_dkms_status)" ""
same "removed: no /usr/src/$name-$version" "$(r after_src)" absent
same "removed: nothing left in updates/dkms" "$(r after_updates)" ""
same "removed: modprobe.d file gone" "$(r after_modprobe_conf)" absent
if [ -n "$missing" ]; then
	skip "make install (dkms add/build/install from a tree)" "src/ does not build yet"
else
	same "make install: exit status" "$(r install1_rc)" 0
	same "make install again (replaces the same version): exit status" "$(r install2_rc)" 0
	same "make install: xen_netback resolves to ours" "$(r install_filename)" \
		"/lib/modules/$kver/updates/dkms/xen-netback.ko"
	same "make install: one registration" "$(r install_dkms_status)" \
		"$name/$version, $kver, x86_64: installed "
	same "make uninstall: exit status" "$(r uninstall_rc)" 0
	same "make uninstall: stock module again" "$(r uninstall_filename)" \
		"/lib/modules/$kver/kernel/drivers/net/xen-netback/xen-netback.ko"
	same "make uninstall: no registration, no sources" \
		"$(r uninstall_dkms_status)$(r uninstall_src)" absent
fi
finish
