# SPDX-License-Identifier: GPL-2.0
#
# Wrapper around Kbuild for xen-netback-mt.
#
#   make [KVER=<kernel release>|KDIR=<build dir>]   build xen-netback.ko
#   make check      unit tests, warning-free build (W=1, sparse), lab scenarios
#   make lab        build the module, boot Xen in QEMU, run the demo
#                   (SCENARIOS="a b" picks scenarios, SCENARIOS=all: every one;
#                   KERNEL=debug: dom0 on the lab's debug kernel)
#   make deps       install the Debian packages of tests/packages.txt
#   make install    dkms add/build/install from this tree
#   make deb rpm    packages, built offline
#   make soak       long repetitions (not part of check; KERNEL=debug too)
#   make bench      throughput of stock and ours in the lab (QUICK=1: short)

VERSION := $(shell cat $(CURDIR)/VERSION)
KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
# The kernel the lab boots: the newest installed Debian kernel with headers.
LAB_KVER ?= $(shell $(CURDIR)/tests/lab/kver)
NETBACK ?= mt
WORKERS ?= kthread
# dom0's kernel in the lab: debian, or debug (tests/lab/debug-kernel.sh).
KERNEL ?= debian

.PHONY: all module clean check unit build-check lab soak bench deps install deb rpm

all: module

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tests/unit clean
	rm -rf build

unit:
	$(MAKE) -C tests/unit run

# The packages make lab and make check need, installed when missing.
deps:
	tests/deps.sh

lab: deps
	tests/lab/lab.sh --netback $(NETBACK) --workers $(WORKERS) --kernel $(KERNEL) \
		$(if $(SCENARIOS),--scenarios "$(SCENARIOS)")

soak:
	LAB_KERNEL=$(KERNEL) CHECK_SOAK=1 CHECK_STEPS="deps selftest lab" tests/check.sh

check:
	tests/check.sh

# tests/bench/bench.sh: output in build/bench/<time>/ (README, "Benchmark").
bench: deps
	QUICK=$(QUICK) tests/bench/bench.sh

# ---------------------------------------------------------------------------
# Packaging: dkms install from this tree, source tarball, .deb and .rpm.
# Everything lands in build/ (packages in build/pkg/); nothing needs network.
#
#   make install     dkms add/build/install of this tree for KVER (as root)
#   make uninstall   dkms remove of this version, sources removed (as root)
#   make dist        build/pkg/xen-netback-mt-VERSION.tar.gz (dkms sources)
#   make deb         build/pkg/xen-netback-mt-dkms_VERSION_all.deb (+ .changes)
#   make rpm         build/pkg/xen-netback-mt-VERSION-1.noarch.rpm
#   make pkgcheck    tests/pkg/run.sh: builds both and checks them

PKG := xen-netback-mt
PKG_OUT := build/pkg
DIST_TARBALL := $(PKG_OUT)/$(PKG)-$(VERSION).tar.gz
# What dkms needs in /usr/src/$(PKG)-$(VERSION), and nothing else.
DKMS_SRC := dkms.conf Kbuild Makefile VERSION src include
# Where install-src puts them (debian/rules and the rpm spec set DESTDIR).
SRCDEST ?= $(DESTDIR)/usr/src/$(PKG)-$(VERSION)

# The dkms sources as files: in a git work tree whose top is this directory,
# the tracked and new-but-not-ignored ones (so build products such as *.o,
# *.ko or .*.cmd never ship); elsewhere (an unpacked tarball, a build/
# staging copy) every file but those build products.
dkms_files = $(sort $(wildcard $(shell \
	if [ "$$(git -C '$(CURDIR)' rev-parse --show-toplevel 2>/dev/null)" = '$(CURDIR)' ]; then \
		git -C '$(CURDIR)' ls-files -co --exclude-standard -- $(DKMS_SRC); \
	else \
		find $(DKMS_SRC) -type f ! -name '.*' ! -name '*.o' ! -name '*.ko' \
			! -name '*.mod' ! -name '*.mod.c' ! -name '*.a' ! -name '*.dwo' \
			! -name modules.order ! -name Module.symvers 2>/dev/null; \
	fi)))

# Same rule for debian/: only its sources, never a build's leftovers.
debian_files = $(sort $(wildcard $(shell \
	if [ "$$(git -C '$(CURDIR)' rev-parse --show-toplevel 2>/dev/null)" = '$(CURDIR)' ]; then \
		git -C '$(CURDIR)' ls-files -co --exclude-standard -- debian; \
	else \
		find debian -type f; \
	fi)))

# Timestamp for reproducible tarballs: the last commit, else now.
SOURCE_DATE_EPOCH ?= $(shell git -C '$(CURDIR)' log -1 --format=%ct 2>/dev/null || date +%s)

.PHONY: install uninstall install-src dist deb rpm pkgcheck version-check

# The version is kept in VERSION and repeated where a tool needs a literal:
# dkms.conf, debian/changelog (upstream part) and the rpm spec. (A tree of
# only the dkms sources, such as /usr/src/$(PKG)-$(VERSION), has no debian/
# or rpm/: those are checked where they exist.)
version-check:
	@v='$(VERSION)'; bad=0; \
	d=$$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$$/\1/p' dkms.conf); \
	set -- "dkms.conf:$$d"; \
	if [ -e debian/changelog ]; then \
		c=$$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' debian/changelog); c=$${c#*:}; c=$${c%-*}; \
		set -- "$$@" "debian/changelog:$$c"; \
	fi; \
	if [ -e rpm/$(PKG).spec ]; then \
		r=$$(sed -n 's/^Version:[[:space:]]*\([^[:space:]]*\).*/\1/p' rpm/$(PKG).spec); \
		set -- "$$@" "rpm/$(PKG).spec:$$r"; \
	fi; \
	for x in "$$@"; do \
		if [ "$${x#*:}" != "$$v" ]; then \
			echo "version-check: $${x%%:*} says '$${x#*:}', VERSION says '$$v'" >&2; bad=1; \
		fi; \
	done; exit $$bad

# Copy the dkms sources to SRCDEST (DESTDIR-aware; used by debian/rules and
# the rpm spec, and by `dist` and `install`).
install-src:
	@test -n '$(dkms_files)' || { echo 'install-src: no dkms sources found' >&2; exit 1; }
	for f in $(dkms_files); do install -D -m 0644 "$$f" "$(SRCDEST)/$$f" || exit 1; done

# Shared by install and uninstall: refuse to touch sources a package owns
# (the package manager must remove them), then drop this version's
# registration and sources.
define drop_tree_install
	@for o in "dpkg-query -S" "rpm -qf"; do \
		if $$o /usr/src/$(PKG)-$(VERSION)/dkms.conf >/dev/null 2>&1; then \
			echo "$@: /usr/src/$(PKG)-$(VERSION) belongs to a package; use the package manager" >&2; \
			exit 1; \
		fi; \
	done
	if [ -n "$$(dkms status -m $(PKG) -v $(VERSION) 2>/dev/null)" ]; then \
		dkms remove -m $(PKG) -v $(VERSION) --all; \
	fi
	rm -rf /usr/src/$(PKG)-$(VERSION)
endef

# dkms add/build/install from this tree, for KVER (default: the running
# kernel). Re-running replaces an earlier registration of this version.
install: version-check
	$(drop_tree_install)
	$(MAKE) --no-print-directory install-src DESTDIR=
	dkms add -m $(PKG) -v $(VERSION)
	dkms build -m $(PKG) -v $(VERSION) -k $(KVER)
	dkms install -m $(PKG) -v $(VERSION) -k $(KVER)

# Undo `make install` (dkms remove runs depmod: the stock module is back).
uninstall:
	$(drop_tree_install)

# The source tarball: exactly the dkms sources under $(PKG)-$(VERSION)/.
# One tarball feeds both packages (`make deb rpm` holds the same sources
# twice); it is remade when a source changes or src/ or include/ gains or
# loses a file (their mtimes).
dist: $(DIST_TARBALL)

$(DIST_TARBALL): $(dkms_files) $(wildcard src include) | version-check
	rm -rf build/dist $(DIST_TARBALL)
	mkdir -p $(PKG_OUT)
	$(MAKE) --no-print-directory install-src SRCDEST=build/dist/$(PKG)-$(VERSION)
	tar -C build/dist --sort=name --owner=0 --group=0 --numeric-owner \
		--mtime=@$(SOURCE_DATE_EPOCH) -cf - $(PKG)-$(VERSION) | gzip -n9 >$(DIST_TARBALL)
	rm -rf build/dist

# The .deb, built offline from the tarball plus debian/ in build/deb/ (so
# the tree gets no debian/ build leftovers and no files in its parent).
deb: version-check $(DIST_TARBALL)
	rm -rf build/deb
	mkdir -p build/deb
	tar -C build/deb -xzf $(DIST_TARBALL)
	for f in $(debian_files); do install -D -m "$$(test -x "$$f" && echo 0755 || echo 0644)" \
		"$$f" "build/deb/$(PKG)-$(VERSION)/$$f" || exit 1; done
	cd build/deb/$(PKG)-$(VERSION) && SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) dpkg-buildpackage -us -uc -b
	rm -f $(PKG_OUT)/*.deb $(PKG_OUT)/*.changes $(PKG_OUT)/*.buildinfo
	cp build/deb/*.deb build/deb/*.changes build/deb/*.buildinfo $(PKG_OUT)/

# The .rpm, built offline with rpmbuild (Debian's rpm package works) from
# the tarball and the modprobe.d file, in build/rpm/.
rpm: version-check $(DIST_TARBALL)
	rm -rf build/rpm
	mkdir -p build/rpm/SOURCES
	cp $(DIST_TARBALL) debian/modprobe.d/$(PKG).conf build/rpm/SOURCES/
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) rpmbuild -bb --nodeps \
		--define '_topdir $(CURDIR)/build/rpm' rpm/$(PKG).spec
	rm -f $(PKG_OUT)/*.rpm
	cp build/rpm/RPMS/noarch/*.rpm $(PKG_OUT)/

pkgcheck:
	tests/pkg/run.sh
