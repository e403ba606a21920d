#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The README's test command: configure and build out of tree in build/,
# run every suite (style, unit, fuzz replay, e2e) with make check; then a
# second, smaller build in build/mbedtls with --with-crypto=mbedtls (the
# crypto library of OpenWrt's libcurl) and --enable-small (the OpenWrt
# recipe's: LTO, --gc-sections) that runs the tests that hash: the hash,
# digest and connreq unit tests and the Digest e2e cases. With --cross
# (CI) also tools/cross.sh in build/cross: the mipsel and s390x builds
# with their unit tests, fuzz replays and e2e suite under qemu-user
# (32-bit and big-endian), and the stripped -Os size of the daemon on each
# architecture and x86_64; and bench/musl.sh in build/musl: the daemon on
# a router's stack (musl libc, libcurl with mbedTLS, libxml2 without ICU,
# built from Debian's sources) with the e2e suite on it; and in
# build/asan the unit tests, fuzz replays and e2e suite on a build with
# AddressSanitizer (leaks included) and UndefinedBehaviorSanitizer. End with one
# summary line "N passed, N failed,
# N skipped" counted over all of them. Exit status 0 only when nothing
# failed.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
cross=
[ "${1:-}" = --cross ] && cross=cross
"$src/tools/deps.sh" || { echo "0 passed, 1 failed"; exit 1; }
# Without them the cross builds fail (and count), the rest runs.
[ -z "$cross" ] || "$src/tools/deps.sh" cross || echo "tools/deps.sh cross failed"
build=${CWMPD_BUILD:-$src/build}
MBEDTLS_UNIT="tests/unit/test_hash tests/unit/test_digest tests/unit/test_connreq"
MBEDTLS_E2E="connreq_auth connreq_spv_credentials http_digest_auth"
cd "$src" && autoreconf -fi >/dev/null 2>&1 || { echo "autoreconf failed"; echo "0 passed, 1 failed"; exit 1; }

# Configure and build in $1 with configure options $2...; on failure show
# why and write a FAIL line into $1/check.out, so the summary counts it.
build_in() {
	local dir=$1
	shift
	mkdir -p "$dir" && cd "$dir" || exit 1
	if ! "$src/configure" -q "$@" >configure.out 2>&1; then
		cat configure.out
		echo "FAIL: configure $*" >check.out
		return 1
	fi
	if ! make -j"$(nproc)" >make.out 2>&1; then
		tail -n 50 make.out
		echo "FAIL: make ($dir)" >check.out
		return 1
	fi
}

# What failed in $1's check.out (status $2), with the tail of each failing log.
report() {
	local dir=$1 status=$2
	cd "$dir" || return
	grep -E '^(PASS|FAIL|XPASS|ERROR|SKIP):' check.out | grep -v '^PASS' || true
	for log in $(find tests -name '*.log' ! -name test-suite.log 2>/dev/null); do
		if grep -qE '^(FAIL|ERROR)' "$log"; then echo "---- $dir/$log"; tail -n 40 "$log"; fi
	done
	grep -E '^# (TOTAL|PASS|SKIP|XFAIL|FAIL|XPASS|ERROR):' check.out
	if [ "$status" -ne 0 ] && ! grep -qE '^(FAIL|ERROR|XPASS):' check.out; then
		echo "FAIL: make check in $dir exited $status" | tee -a check.out
	fi
}

# bench/musl.sh's build in $1, then the e2e suite on it; check.out gets
# its PASS/FAIL/SKIP lines for the summary.
musl_suite() {
	local dir=$1
	mkdir -p "$dir"
	"$src/tools/deps.sh" musl || echo "tools/deps.sh musl failed"
	if ! "$src/bench/musl.sh" -f -w "$dir" -n >"$dir/build.out" 2>&1; then
		tail -n 30 "$dir/build.out"
		echo "FAIL: bench/musl.sh (the build)" >"$dir/check.out"
		return
	fi
	tail -n 1 "$dir/build.out"
	# automake's TAP driver, as make check runs the suite: PASS/FAIL/SKIP lines
	CWMPD_BUILD=$dir/cwmpd "$src/build-aux/tap-driver.sh" --test-name "musl e2e" \
		--log-file "$dir/e2e.log" --trs-file "$dir/e2e.trs" --color-tests no \
		--enable-hard-errors yes --expect-failure no -- \
		sh "$src/tests/e2e/run.sh" -j 2 >"$dir/check.out" 2>&1
	grep -E '^(FAIL|ERROR|SKIP):' "$dir/check.out" || true
	if grep -qE '^(FAIL|ERROR)' "$dir/check.out"; then
		echo "---- $dir/e2e.log"
		grep -v '^ok ' "$dir/e2e.log" | tail -n 60
	fi
	echo "musl e2e: $(grep -c '^PASS' "$dir/check.out") passed, $(grep -cE '^(FAIL|ERROR)' "$dir/check.out") failed"
}

# The sanitizers' build in $1: unit tests, fuzz replays and the e2e suite
# (the daemon and cwmpctl sanitized, time limits x2). A report (an error,
# a leak at exit) stops the program and lands in $1/san/; each file there
# is a FAIL line in check.out, as the suite may not see the daemon's exit.
asan_suite() {
	local dir=$1 flags="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer"
	local leaks=1
	asstatus=1
	build_in "$dir" --enable-xmpp CFLAGS="$flags -fno-sanitize-recover=undefined" \
		LDFLAGS="-fsanitize=address,undefined" || return
	rm -rf san && mkdir san
	# LeakSanitizer stops the process to scan it, which some sandboxes deny
	ASAN_OPTIONS="log_path=$dir/san/probe" ./agent/cwmpd -h >/dev/null 2>&1
	if grep -qs 'LeakSanitizer has encountered a fatal error' san/probe*; then
		echo "LeakSanitizer cannot run here: leaks not checked"
		leaks=0
	fi
	rm -f san/probe*
	ASAN_OPTIONS="log_path=$dir/san/asan:detect_leaks=$leaks" \
		UBSAN_OPTIONS="log_path=$dir/san/ubsan:print_stacktrace=1" CWMPD_TIME_SCALE=2 \
		make -j"$(nproc)" check check_PROGRAMS='$(UNIT_TESTS) $(FUZZ_REPLAY)' \
		TESTS='$(UNIT_TESTS) tests/fuzz/replay.sh tests/e2e/run.sh' >check.out 2>&1
	asstatus=$?
	for f in san/*; do
		[ -e "$f" ] || continue
		echo "FAIL: sanitizer report $dir/$f" >>check.out
		head -n 30 "$f"
	done
}

status=0
# The CI builds XMPP connection requests in: libstrophe must be there.
if build_in "$build" --enable-xmpp; then
	make -j"$(nproc)" check >check.out 2>&1
	status=$?
fi
report "$build" "$status"

mbstatus=0
if build_in "$build/mbedtls" --with-crypto=mbedtls --enable-small; then
	CWMPD_E2E_CASES=$MBEDTLS_E2E make -j"$(nproc)" check check_PROGRAMS="$MBEDTLS_UNIT" \
		TESTS="$MBEDTLS_UNIT tests/e2e/run.sh" >check.out 2>&1
	mbstatus=$?
fi
echo "---- mbedTLS build ($build/mbedtls): $MBEDTLS_UNIT, e2e $MBEDTLS_E2E"
report "$build/mbedtls" "$mbstatus"

outs=("$build/check.out" "$build/mbedtls/check.out")
if [ -n "$cross" ]; then
	echo "---- cross builds ($build/cross): mipsel and s390x under qemu-user"
	CWMPD_CROSS_BUILD=$build/cross "$src/tools/cross.sh" -e mipsel -e s390x mipsel s390x x86_64 |
		sed 's/^[0-9]* passed, /cross: &/'
	outs+=("$build/cross/mipsel/check.out" "$build/cross/s390x/check.out")
	echo "---- musl build ($build/musl): musl, libcurl with mbedTLS, libxml2 without ICU; e2e"
	musl_suite "$build/musl"
	outs+=("$build/musl/check.out")
	echo "---- sanitizers ($build/asan): ASan with leaks, UBSan; unit, fuzz replays, e2e"
	asan_suite "$build/asan"
	report "$build/asan" "$asstatus"
	outs+=("$build/asan/check.out")
fi
pass=$(cat "${outs[@]}" | grep -cE '^PASS:')
fail=$(cat "${outs[@]}" | grep -cE '^(FAIL|ERROR|XPASS):')
skip=$(cat "${outs[@]}" | grep -cE '^SKIP:')
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
