# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Kernel module helpers for building initramfs images (sourced).

# Print the module files (relative to /lib/modules/KVER) needed to load
# each named module, dependencies first, each once. Reads modules.dep so a
# new dependency in a later kernel is picked up without editing the lab.
mod_closure() {
	local kver=$1 dep
	shift
	dep=/lib/modules/$kver/modules.dep
	[ -r "$dep" ] || die "missing $dep"
	awk -v want="$*" '
		# modules.dep: "path/name.ko: dep1.ko dep2.ko" (deps in load-reverse order)
		{
			path = $1; sub(/:$/, "", path)
			name = path; sub(/.*\//, "", name); sub(/\.ko(\.[a-z]+)?$/, "", name)
			gsub(/-/, "_", name)
			deps[path] = ""
			for (i = NF; i >= 2; i--) deps[path] = deps[path] " " $i
			byname[name] = path
		}
		function visit(p,    n, arr, i) {
			if (p in seen) return
			seen[p] = 1
			n = split(deps[p], arr, " ")
			for (i = 1; i <= n; i++) visit(arr[i])
			print p
		}
		END {
			n = split(want, w, " ")
			for (i = 1; i <= n; i++) {
				m = w[i]; gsub(/-/, "_", m)
				if (!(m in byname)) { print "no module " w[i] > "/dev/stderr"; exit 1 }
				visit(byname[m])
			}
		}' "$dep"
}

# Copy the closure of the named modules into DIR/lib/modules/ (flat) and
# write DIR/lib/modules/load-order, one file name a line, for an init
# script to insmod in sequence (busybox insmod needs no depmod data).
mod_install_flat() {
	local kver=$1 dir=$2 f list
	shift 2
	mkdir -p "$dir/lib/modules"
	list=$(mod_closure "$kver" "$@") || die "module closure failed for: $*"
	: >"$dir/lib/modules/load-order"
	for f in $list; do
		cp "/lib/modules/$kver/$f" "$dir/lib/modules/"
		basename "$f" >>"$dir/lib/modules/load-order"
	done
}
