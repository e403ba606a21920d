#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# bench/size.sh: build the daemon with -Os in temporary build directories
# and print the size of the stripped agent/cwmpd as a Markdown table, three
# ways: plain -Os; -Os with --enable-small (configure.ac says what it
# does); and that again without PIE (-fno-pie -no-pie). Arguments go to
# configure (--host=mipsel-linux-gnu, --disable-xmpp, ...) and name the
# rows: the strip and size of that host are used. SIZE_CFLAGS adds
# compiler flags (OpenWrt's for MIPS: "-mips16 -minterlink-mips16 ..."),
# SIZE_NAME names them in the rows (default: the flags themselves);
# SIZE_BUILDS picks the ways (default "plain small nopie"); SIZE_HEADER=no
# leaves the table's header out (--all, below, joins tables).
# SIZE_NOLOG=yes measures what the log messages cost: it builds a copy of
# the tree whose log_err() ... log_debug() (agent/log.h) print "" and
# drop their arguments, a daemon that says nothing (never a product: a
# measurement of how far issue 12's 150 KiB is out of reach without
# removing features). Issue 12's target: at most 150 KiB. The xz column is the file compressed with
# xz -9, about what it takes in a squashfs firmware image. Output: the
# table on stdout, progress on stderr.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
# --all: the table of bench/RESULTS.md: the three ways on this host, then
# --enable-small without what a router maker can leave out, then mipsel
# (Debian's cross compiler, without XMPP: no libstrophe there) plain and
# with OpenWrt's MIPS flags, when tools/deps.sh cross installed them.
if [ "${1:-}" = --all ]; then
	me=$0
	mips16="-mips16 -minterlink-mips16 -mno-branch-likely -mips32r2 -fno-caller-saves"
	pc=/usr/lib/mipsel-linux-gnu/pkgconfig
	set -- --host=mipsel-linux-gnu PKG_CONFIG=pkg-config PKG_CONFIG_LIBDIR="$pc:/usr/share/pkgconfig" \
		--disable-xmpp
	sh "$me"
	export SIZE_HEADER=no
	SIZE_BUILDS=small sh "$me" --disable-xmpp
	SIZE_BUILDS=small sh "$me" --disable-xmpp --disable-stun
	command -v mipsel-linux-gnu-gcc >/dev/null &&
		[ -e "$pc/libcurl.pc" ] || exit 0
	sh "$me" "$@"
	export SIZE_NAME="OpenWrt's MIPS flags"
	SIZE_BUILDS="small nopie" SIZE_CFLAGS=$mips16 sh "$me" "$@"
	SIZE_BUILDS=small SIZE_CFLAGS=$mips16 sh "$me" "$@" --disable-stun
	exit 0
fi
host='' arch=$(uname -m) args=''
for a in "$@"; do
	case $a in
	--host=*) host=${a#--host=}- arch=${a#--host=} arch=${arch%%-*} ;;
	[A-Z]*=*) ;;    # PKG_CONFIG_LIBDIR=... and such: not in the name
	*) args="$args $a" ;;
	esac
done
extra=${SIZE_CFLAGS:-}
work=$(mktemp -d /tmp/cwmpd-size.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ "${SIZE_NOLOG:-no}" = yes ]; then
	mkdir "$work/src"
	tar -C "$top" --exclude=.git -cf - . | tar -C "$work/src" -xf -
	sed -i 's/^#define log_\([a-z]*\)(\.\.\.) *log_msg(\(LOG_LVL_[A-Z]*\), __VA_ARGS__)$/#define log_\1(...) log_msg(\2, "")/' \
		"$work/src/agent/log.h"
	[ "$(grep -c 'log_msg(LOG_LVL_[A-Z]*, "")' "$work/src/agent/log.h")" = 5 ] ||
		{ echo "size.sh: SIZE_NOLOG: agent/log.h's macros not found" >&2; exit 1; }
	top=$work/src extra="$extra -Wno-unused-variable -Wno-unused-but-set-variable"
	extra="$extra -Wno-format-zero-length" SIZE_NAME="${SIZE_NAME:+$SIZE_NAME, }no log messages"
fi

# build NAME CFLAGS LDFLAGS [configure args]: prints the row: stripped and
# xz size, .text, .rodata (with .data.rel.ro) and the relocations.
build() {
	n=$((n + 1))
	name=$1 cflags=$2 ldflags=$3 dir=$work/$n
	shift 3
	mkdir "$dir"
	echo "# building $name" >&2
	(cd "$dir" && "$top/configure" -q CFLAGS="$cflags" LDFLAGS="$ldflags" "$@" &&
		make -j2 agent/cwmpd) >"$dir.log" 2>&1 ||
		{ tail -n 30 "$dir.log" >&2; exit 1; }
	"${host}strip" -o "$dir.bin" "$dir/agent/cwmpd"
	xz -9 -k -c "$dir.bin" >"$dir.xz"
	"${host}size" -A "$dir.bin" | awk -v name="$name" -v bytes="$(wc -c <"$dir.bin")" \
		-v xz="$(wc -c <"$dir.xz")" '
		$1 == ".text" { text = $2 }
		$1 == ".rodata" || $1 == ".data.rel.ro" { ro += $2 }
		$1 ~ /^\.rel/ { rel += $2 }
		END { printf "| %s | %d | %.1f | %d | %d | %d | %d |\n", name, bytes, bytes / 1024, xz,
			text, ro, rel }'
}

if [ "${SIZE_HEADER:-yes}" != no ]; then
	cat <<EOF
| build | stripped bytes | KiB | xz | .text | .rodata + .data.rel.ro | relocations |
|---|---:|---:|---:|---:|---:|---:|
EOF
fi
label="$arch -Os${extra:+ ${SIZE_NAME:-$extra}}" n=0
for way in ${SIZE_BUILDS:-plain small nopie}; do
	case $way in
	plain) build "$label$args" "-Os $extra" "" "$@" ;;
	small) build "$label --enable-small$args" "-Os $extra" "" --enable-small "$@" ;;
	nopie) build "$label --enable-small$args, no PIE" "-Os $extra -fno-pie" "-no-pie" \
		--enable-small "$@" ;;
	*) echo "size.sh: unknown way '$way' in SIZE_BUILDS" >&2; exit 2 ;;
	esac
done
