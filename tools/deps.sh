#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Installs the Debian packages the build, the demo and the tests need, when
# any is missing (as root, or through sudo). Does nothing when all are there.
#
#   tools/deps.sh          the native build and every suite
#   tools/deps.sh cross    also the cross builds (tools/cross.sh): the cross
#                          compilers for mipsel and s390x, qemu-user,
#                          and the -dev packages of those architectures
#                          (dpkg --add-architecture, Debian's multiarch)
#   tools/deps.sh musl     also the router-like build (bench/musl.sh): musl
#                          and the kernel headers, and a deb-src entry for
#                          Debian's own sources of curl, libxml2 and mbedtls
#                          when apt has none (deb.debian.org, bookworm)
#
# Multiarch wants a library at one version on every architecture. Debian
# 12's LTS updates only some architectures (not mipsel or s390x), so their
# newest libssl3 (say) can be an older point release than the host's:
# the foreign -dev packages are installed at their architecture's newest
# version, and the host's copy of each such library (with its sibling
# packages: libssl-dev next to libssl3) is moved to that same version, up
# or down. That is expected; apt then keeps those back on upgrades.
set -u
cross_arches="mipsel s390x"
cross_dev="libcurl4-openssl-dev libxml2-dev libssl-dev libcmocka-dev libmbedtls-dev"
pkgs="build-essential autoconf automake pkg-config ca-certificates libcurl4-openssl-dev
libxml2-dev libssl-dev libmbedtls-dev libcmocka-dev libxml2-utils python3 valgrind busybox openssl coturn
libstrophe-dev prosody
cmake libjson-c-dev file bc util-linux"
[ "${1:-}" = cross ] && pkgs="$pkgs qemu-user gcc-mipsel-linux-gnu gcc-s390x-linux-gnu
binutils-mipsel-linux-gnu binutils-s390x-linux-gnu"
[ "${1:-}" = musl ] && pkgs="$pkgs musl-tools musl-dev linux-libc-dev"

if [ "$(id -u)" = 0 ]; then sudo=; elif command -v sudo >/dev/null; then sudo=sudo; else sudo=no; fi
export DEBIAN_FRONTEND=noninteractive

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}

# The foreign packages that Multi-Arch "same" ties to one version, as
# pkg:arch=version, with the host's installed copies (and their siblings
# from the same source package) moved to that version: pkg:host=version.
# One apt-cache call for each step (apt-cache loads its cache each time).
cross_pins() {
	host=$(dpkg --print-architecture)
	q=
	for a in $cross_arches; do
		for p in $cross_dev; do q="$q $p:$a"; done
	done
	arch_re=$(echo $cross_arches | tr ' ' '|')
	# shellcheck disable=SC2086
	all=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances $q 2>/dev/null |
		grep -E "^[a-z0-9][^ ]*:($arch_re)\$" | sort -u)
	# shellcheck disable=SC2086
	same=$(apt-cache show $all 2>/dev/null | awk '
		/^Package:/ { p = $2 } /^Architecture:/ { a = $2 }
		/^Multi-Arch: same/ { print p ":" a }' | sort -u)
	# shellcheck disable=SC2086
	apt-cache policy $same 2>/dev/null | awk '
		/^[^ ].*:$/ { p = substr($0, 1, length($0) - 1) }
		/^  Candidate:/ && $2 != "(none)" { print p "=" $2 }' |
		while IFS== read -r pa v; do
			echo "$pa=$v"
			host_pins "${pa%:*}" "$v" "$host"
		done | sort -u
}

# $1:$3=$2 and every installed $3 package of $1's source at $1's version,
# when $1 is installed on the host at another version than $2.
host_pins() {
	old=$(dpkg-query -W -f='${db:Status-Abbrev}|${source:Package}|${Version}' "$1:$3" 2>/dev/null)
	case $old in ii*) ;; *) return ;; esac
	src=$(echo "$old" | cut -d'|' -f2)
	oldv=${old##*|}
	[ "$oldv" = "$2" ] && return
	dpkg-query -W -f='${db:Status-Abbrev}|${source:Package}|${Version}|${Package}|${Architecture}\n' \
		2>/dev/null | awk -F'|' -v s="$src" -v ov="$oldv" -v nv="$2" -v h="$3" \
		'$1 ~ /^ii/ && $2 == s && $3 == ov && $5 == h { print $4 ":" h "=" nv }'
}

# musl: apt-get source needs a deb-src entry; add Debian's when there is none.
src_list=/etc/apt/sources.list.d/cwmpd-deb-src.sources
if [ "${1:-}" = musl ] && ! apt-get source --print-uris -qq mbedtls >/dev/null 2>&1; then
	[ "$sudo" != no ] || { echo "no deb-src entry for apt (run as root to add one)" >&2; exit 1; }
	printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' \
		'Suites: bookworm bookworm-updates' 'Components: main' \
		'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' | $sudo tee "$src_list" >/dev/null &&
		$sudo apt-get update -qq >/dev/null || exit 1
fi

missing=
for p in $pkgs; do installed "$p" || missing="$missing $p"
done
if [ "${1:-}" = cross ]; then
	for a in $cross_arches; do
		dpkg --print-foreign-architectures | grep -qx "$a" || missing="$missing arch:$a"
		for p in $cross_dev; do installed "$p:$a" || missing="$missing $p:$a"; done
	done
fi
[ -z "$missing" ] && exit 0
if [ "$sudo" = no ]; then
	echo "missing packages:$missing (run as root to install them)" >&2
	exit 1
fi
echo "installing:$missing" >&2
if [ "${1:-}" = cross ]; then
	for a in $cross_arches; do $sudo dpkg --add-architecture "$a" || exit 1; done
fi
$sudo apt-get update -qq >/dev/null || exit 1
pins=
[ "${1:-}" = cross ] && pins=$(cross_pins)
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends --allow-downgrades \
	$(echo "$missing" | tr ' ' '\n' | grep -v '^arch:' | grep -v ':') $pins >/dev/null
