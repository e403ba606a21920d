#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# End-to-end suite: the real cwmpd (sim platform) against the scripted ACS
# on loopback. Prints TAP; exits 0 whatever the results.
#
# make check sets top_srcdir and top_builddir. By hand, from anywhere:
#   tests/e2e/run.sh [-v] [-j 2] [case-name-substring...]
# with CWMPD_BUILD=<build dir> for an out-of-tree build (default: the
# repository, or the current directory if it holds agent/cwmpd).
# CWMPD_WRAPPER=valgrind runs the daemon under valgrind (timeouts x5).
here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
if [ -z "${top_builddir:-}" ]; then
  if [ -n "${CWMPD_BUILD:-}" ]; then
    top_builddir=$CWMPD_BUILD
  elif [ -x ./agent/cwmpd ]; then
    top_builddir=$(pwd)
  else
    top_builddir=$top_srcdir
  fi
fi
export top_srcdir top_builddir
py=${PYTHON3:-python3}
PYTHONDONTWRITEBYTECODE=1; export PYTHONDONTWRITEBYTECODE
if ! command -v "$py" >/dev/null 2>&1; then
  echo "1..0 # SKIP python3 missing"
  exit 0
fi
"$py" "$here/runner.py" "$@"
exit 0
