#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# bench/size.sh: build the daemon with -Os three ways in temporary build
# directories and print the size of the stripped agent/cwmpd as a Markdown
# table: plain -Os; -Os with --enable-small (configure.ac says what it
# does); and that again without PIE (-fno-pie -no-pie). Arguments go to
# configure (--host=mipsel-linux-gnu, --with-crypto=mbedtls, ...): the
# strip and size of that host are used. Issue 12's target: at most
# 150 KiB. Output: the table on stdout, progress on stderr.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
host=
for a in "$@"; do
	case $a in --host=*) host=${a#--host=}- ;; esac
done
work=$(mktemp -d /tmp/cwmpd-size.XXXXXX)
trap 'rm -rf "$work"' EXIT

# build NAME CFLAGS LDFLAGS [configure args]: prints the stripped size and
# the sizes of .text, .rodata (with .data.rel.ro) and the relocations.
build() {
	name=$1 cflags=$2 ldflags=$3
	shift 3
	mkdir "$work/$name"
	echo "# building $name" >&2
	(cd "$work/$name" && "$top/configure" -q CFLAGS="$cflags" LDFLAGS="$ldflags" "$@" &&
		make -j2 agent/cwmpd) >"$work/$name.log" 2>&1 ||
		{ tail -n 30 "$work/$name.log" >&2; exit 1; }
	"${host}strip" -o "$work/$name.bin" "$work/$name/agent/cwmpd"
	"${host}size" -A "$work/$name.bin" | awk -v name="$name" -v bytes="$(wc -c <"$work/$name.bin")" '
		$1 == ".text" { text = $2 }
		$1 == ".rodata" || $1 == ".data.rel.ro" { ro += $2 }
		$1 ~ /^\.rela?\./ { rel += $2 }
		END { printf "| %s | %d | %.1f | %d | %d | %d |\n", name, bytes, bytes / 1024, text, ro, rel }'
}

cat <<EOF
| build | stripped bytes | KiB | .text | .rodata + .data.rel.ro | relocations |
|---|---:|---:|---:|---:|---:|
EOF
build "-Os" "-Os" "" "$@"
build "-Os --enable-small" "-Os" "" --enable-small "$@"
build "-Os --enable-small, no PIE" "-Os -fno-pie" "-no-pie" --enable-small "$@"
