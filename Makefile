# SPDX-License-Identifier: GPL-2.0
#
# Wrapper around Kbuild for xen-netback-mt.
#
#   make [KVER=<kernel release>|KDIR=<build dir>]   build xen-netback.ko
#   make check      unit tests, warning-free build (W=1, sparse), lab scenarios
#   make lab        build the module and run the lab scenarios in QEMU/Xen
#   make install    dkms add/build/install from this tree
#   make deb rpm    packages, built offline
#   make soak       long repetitions (not part of check)

VERSION := $(shell cat $(CURDIR)/VERSION)
KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
# The kernel the lab boots: the newest installed Debian kernel with headers.
LAB_KVER ?= $(shell $(CURDIR)/tests/lab/kver)
NETBACK ?= mt
WORKERS ?= kthread

.PHONY: all module clean check unit build-check lab soak install deb rpm

all: module

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tests/unit clean
	rm -rf build

unit:
	$(MAKE) -C tests/unit run

lab:
	tests/lab/lab.sh --netback $(NETBACK) --workers $(WORKERS) $(if $(SCENARIOS),--scenarios "$(SCENARIOS)")

soak:
	tests/lab/lab.sh --netback $(NETBACK) --workers $(WORKERS) --scenarios soak

check:
	tests/check.sh
