#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The OpenWrt suite: cwmpd on platform openwrt in a real OpenWrt userland
# (procd as PID 1, ubus, uci, netifd, logd, rpcd; tests/openwrt/userland,
# booted in Linux namespaces), installed by the package recipe
# openwrt/Makefile itself, configured with uci, started by its init script
# and driven by the scripted ACS inside the container's network namespace.
# Prints TAP; exits 0 whatever the results.
#
# make check sets top_srcdir and top_builddir. By hand, as root:
#   tests/openwrt/run.sh [-v] [-j N] [case-name-substring...]
# with CWMPD_BUILD=<build dir>. What it makes goes to
# <build dir>/tests/openwrt/work/ (the userland is built once and kept there
# until its sources change).
here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
: "${top_builddir:=${CWMPD_BUILD:-$top_srcdir}}"
top_builddir=$(cd "$top_builddir" && pwd)
export top_srcdir top_builddir
work=$top_builddir/tests/openwrt/work
userland=$here/userland

skip() {
	echo "1..0 # SKIP $*"
	exit 0
}
broken() {
	echo "1..1"
	echo "not ok 1 - the OpenWrt testbed: $1"
	[ -n "${2-}" ] && [ -f "$2" ] && tail -n 30 "$2" | sed 's/^/# /'
	exit 0
}

[ -x "$top_builddir/agent/cwmpd" ] || skip "no daemon at $top_builddir/agent/cwmpd"
[ "$(id -u)" = 0 ] || skip "needs root: Linux namespaces and mounts"
unshare --pid --fork --mount --net --uts --ipc true 2>/dev/null ||
	skip "Linux namespaces are not allowed here (unshare --pid --mount --net failed)"
for c in nsenter setpriv cmake gcc make pkg-config busybox file flock python3 bc; do
	command -v "$c" >/dev/null 2>&1 || broken "command $c missing (tools/deps.sh installs it)"
done
pkg-config --exists json-c || broken "json-c missing (Debian package libjson-c-dev)"
mkdir -p "$work" || broken "cannot create $work"

# The userland, built again only when its sources or scripts changed.
key=$(cat "$userland/build.sh" "$userland/src-tarballs/SHA256SUMS" \
	$(find "$userland/skel" -type f | sort) | sha256sum | cut -c1-16)
if [ "$(cat "$work/userland/key" 2>/dev/null)" != "$key" ] || [ ! -x "$work/userland/rootfs/sbin/procd" ]; then
	rm -rf "$work/userland"
	mkdir -p "$work/userland"
	OWRT_WORK=$work/userland JOBS=$(nproc) bash "$userland/build.sh" \
		>"$work/userland/build.log" 2>&1 || broken "build.sh failed" "$work/userland/build.log"
	echo "$key" >"$work/userland/key"
fi

# cwmpd as the package installs it: make install (prefix /usr, as the
# recipe's autotools build), then the recipe's own install step.
rm -rf "$work/stage" "$work/pkg"
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$top_builddir" -s install \
	prefix=/usr sysconfdir=/etc DESTDIR="$work/stage" >"$work/install.log" 2>&1 ||
	broken "make install failed" "$work/install.log"
sh "$here/recipe.sh" "$top_srcdir/openwrt" "$work/stage" "$work/pkg" >"$work/recipe.log" 2>&1 ||
	broken "the recipe's install step failed" "$work/recipe.log"

# The lower layer every case boots on: the userland, the package, and the
# host libraries cwmpd needs (the userland is glibc, like the host).
rm -rf "$work/rootfs"
cp -a "$work/userland/rootfs" "$work/rootfs" && cp -a "$work/pkg/." "$work/rootfs/" &&
	rm -rf "$work/rootfs/CONTROL" ||
	broken "cannot assemble the root file system"
# opkg's record of the installed package: sysupgrade keeps a conffile the
# user changed (its checksum differs from the package's).
mkdir -p "$work/rootfs/usr/lib/opkg"
{
	printf 'Package: cwmpd\nStatus: install user installed\nConffiles:\n'
	while read -r f; do
		printf ' %s %s\n' "$f" "$(sha256sum <"$work/pkg$f" | cut -d' ' -f1)"
	done <"$work/pkg/CONTROL/conffiles"
	echo
} >>"$work/rootfs/usr/lib/opkg/status"
for lib in $(ldd "$work/rootfs/usr/sbin/cwmpd" | awk '/=> \//{print $3} /^\t\//{print $1}'); do
	[ -e "$work/rootfs$lib" ] && continue
	mkdir -p "$work/rootfs$(dirname "$lib")" && cp -L "$lib" "$work/rootfs$lib"
done

export OWRT_ROOTFS="$work/rootfs" OWRT_RUN="$userland/run.sh" OWRT_INSTANCES="$work/run"
export OWRT_STAGE="$work/stage" OWRT_PKG="$work/pkg"
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE
python3 "$here/suite.py" "$@"
exit 0
