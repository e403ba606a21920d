#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The README's test command: configure and build out of tree in build/,
# run every suite (style, unit, fuzz replay, e2e) with make check, and end
# with one summary line "N passed, N failed, N skipped" counted over all of
# them. Exit status 0 only when nothing failed.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
"$src/tools/deps.sh" || { echo "0 passed, 1 failed"; exit 1; }
build=${CWMPD_BUILD:-$src/build}
mkdir -p "$build"
cd "$src" && autoreconf -fi >/dev/null 2>&1 || { echo "autoreconf failed"; echo "0 passed, 1 failed"; exit 1; }
cd "$build" || exit 1
if ! "$src/configure" -q >configure.out 2>&1; then
	cat configure.out
	echo "0 passed, 1 failed"
	exit 1
fi
if ! make -j"$(nproc)" >make.out 2>&1; then
	tail -n 50 make.out
	echo "0 passed, 1 failed"
	exit 1
fi
make -j"$(nproc)" check >check.out 2>&1
status=$?
grep -E '^(PASS|FAIL|XPASS|ERROR|SKIP):' check.out | grep -v '^PASS' || true
for log in $(find tests -name '*.log' ! -name test-suite.log); do
	if grep -qE '^(FAIL|ERROR)' "$log"; then echo "---- $log"; tail -n 40 "$log"; fi
done
grep -E '^# (TOTAL|PASS|SKIP|XFAIL|FAIL|XPASS|ERROR):' check.out
pass=$(grep -cE '^PASS:' check.out)
fail=$(grep -cE '^(FAIL|ERROR|XPASS):' check.out)
skip=$(grep -cE '^SKIP:' check.out)
[ "$status" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
