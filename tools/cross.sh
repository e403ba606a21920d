#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Cross builds for router CPUs, tested under qemu-user.
#
#   tools/cross.sh [-e ARCH]... [ARCH...]
#
# ARCH: mipsel, s390x (the default: both), or x86_64 (this host: a native
# -Os build, for its size only). mipsel-linux-gnu is a 32-bit little-endian
# router CPU, s390x-linux-gnu a big-endian one (Debian 12 has no 32-bit
# big-endian MIPS port). Each is configured with Debian's cross compiler
# and the architecture's multiarch -dev packages (tools/deps.sh cross
# installs them), with CFLAGS=-Os as a router build, in
# $CWMPD_CROSS_BUILD/ARCH (default build/cross/ARCH). Then make check runs
# the cmocka unit tests and the fuzz-corpus replays under qemu-ARCH:
# CWMPD_EMULATOR=qemu-ARCH, which tests/unit/tap_skip.sh and
# tests/fuzz/replay.sh run the test programs through (the multiarch
# libraries and loader are where qemu looks without -L). -e ARCH runs the
# e2e suite on that ARCH too, two cases at a time: the harness starts the
# daemon through CWMPD_EMULATOR (timeouts x3), and the daemon's sim reboot
# re-executes itself through it.
#
# Prints the stripped size of each daemon ("size ARCH BYTES"), the seconds
# each ARCH took, what failed, and one summary line "N passed, N failed, N
# skipped" over every ARCH; each ARCH's make check output is its build
# dir's check.out (PASS: and FAIL: lines, as tests/check.sh counts them).
# Exit status 0 when nothing failed.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
out=${CWMPD_CROSS_BUILD:-$src/build/cross}
jobs=${CWMPD_JOBS:-$(nproc)}
e2e=
while getopts e: opt; do
	case $opt in
	e) e2e="$e2e $OPTARG " ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- mipsel s390x

triple() {
	case $1 in
	mipsel | s390x | x86_64) echo "$1-linux-gnu" ;;
	*) return 1 ;;
	esac
}

# Configure and build ARCH ($1, triple $2) in $3; on failure a FAIL line
# in $3/check.out says so.
build() {
	host=
	[ "$1" = "$(uname -m)" ] || host=--host=$2
	mkdir -p "$3" && cd "$3" || return 1
	if ! "$src/configure" -q $host CFLAGS=-Os PKG_CONFIG=pkg-config \
		PKG_CONFIG_LIBDIR="/usr/lib/$2/pkgconfig:/usr/share/pkgconfig" >configure.out 2>&1; then
		cat configure.out
		echo "FAIL: configure for $1" >check.out
		return 1
	fi
	# clean: objects do not depend on the flags configure chose
	make clean >/dev/null 2>&1
	if ! nice make -j"$jobs" >make.out 2>&1; then
		tail -n 30 make.out
		echo "FAIL: make for $1" >check.out
		return 1
	fi
	"$2-strip" -o cwmpd.stripped agent/cwmpd &&
		echo "size $1 $(wc -c <cwmpd.stripped) (stripped -Os agent/cwmpd)"
}

# make check in $2 for ARCH $1 under qemu: the unit tests, the replays,
# the e2e suite when -e named ARCH.
check() {
	tests='$(UNIT_TESTS) tests/fuzz/replay.sh'
	case $e2e in *" $1 "*) tests="$tests tests/e2e/run.sh" ;; esac
	cd "$2" || return 1
	CWMPD_EMULATOR=qemu-$1 CWMPD_E2E_JOBS=2 \
		nice make -j"$jobs" check TESTS="$tests" >check.out 2>&1
	rc=$?
	grep -E '^(FAIL|ERROR|XPASS|SKIP):' check.out
	for log in $(find tests -name '*.log' ! -name test-suite.log); do
		grep -qE '^(FAIL|ERROR)' "$log" && { echo "---- $2/$log"; tail -n 30 "$log"; }
	done
	if [ "$rc" -ne 0 ] && ! grep -qE '^(FAIL|ERROR|XPASS):' check.out; then
		echo "FAIL: make check for $1 exited $rc" | tee -a check.out
	fi
}

cd "$src" && autoreconf -fi >/dev/null 2>&1 || { echo "autoreconf failed"; echo "0 passed, 1 failed"; exit 1; }
outs=
for arch in "$@"; do
	t=$(triple "$arch") || { echo "unknown ARCH $arch (mipsel, s390x, x86_64)" >&2; exit 2; }
	dir=$out/$arch
	outs="$outs $dir/check.out"
	start=$(date +%s)
	if build "$arch" "$t" "$dir"; then
		if [ "$arch" = "$(uname -m)" ]; then
			: >"$dir/check.out"
		else
			check "$arch" "$dir"
		fi
	fi
	echo "$arch: $(($(date +%s) - start)) s"
done
# shellcheck disable=SC2086
pass=$(cat $outs | grep -cE '^PASS:')
# shellcheck disable=SC2086
fail=$(cat $outs | grep -cE '^(FAIL|ERROR|XPASS):')
# shellcheck disable=SC2086
skip=$(cat $outs | grep -cE '^SKIP:')
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
