#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# House-style checks that a program can make (TAP): no banned calls in
# agent/, datamodel/ and lib/, an SPDX line on every source file, no shell
# string built in C, no include path with a directory in datamodel/ or lib/
# (the build gives each layer only its own include paths; a relative path
# like "../agent/x.h" would walk around that), no OpenSSL or mbedTLS header
# outside lib/hash_*.c (configure --with-crypto picks one of them).
: "${top_srcdir:=.}"
cd "$top_srcdir" || exit 1
echo "1..5"
dirs=$(ls -d agent datamodel lib 2>/dev/null)
banned=$(grep -nE '\b(sprintf|strcpy|strcat|gets|atoi|system|popen)[[:space:]]*\(' -r $dirs --include='*.c' --include='*.h' | grep -v snprintf | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/\*|\*)')
if [ -z "$banned" ]; then echo "ok 1 - no banned calls"; else echo "not ok 1 - banned calls"; echo "$banned" | sed 's/^/# /'; fi
nospdx=$(for f in $(find agent datamodel lib tests scripts -type f \( -name '*.c' -o -name '*.h' -o -name '*.py' -o -name '*.sh' \) ! -path 'tests/openwrt/userland/*' 2>/dev/null); do head -n 3 "$f" | grep -q SPDX-License-Identifier || echo "$f"; done)
if [ -z "$nospdx" ]; then echo "ok 2 - SPDX line on every source file"; else echo "not ok 2 - files without SPDX"; echo "$nospdx" | sed 's/^/# /'; fi
shellstr=$(grep -nE '"sh",[[:space:]]*"-c"|"/bin/sh -c' -r $dirs --include='*.c')
if [ -z "$shellstr" ]; then echo "ok 3 - no shell command strings"; else echo "not ok 3 - shell strings"; echo "$shellstr" | sed 's/^/# /'; fi
upward=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]*/' -r datamodel lib --include='*.c' --include='*.h')
if [ -z "$upward" ]; then echo "ok 4 - datamodel/ and lib/ include only by name"; else echo "not ok 4 - includes with a path in datamodel/ or lib/"; echo "$upward" | sed 's/^/# /'; fi
crypto=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<(openssl|mbedtls)/' -r $dirs tests --include='*.c' --include='*.h' | grep -vE '^lib/hash_(openssl|mbedtls)\.c:')
if [ -z "$crypto" ]; then echo "ok 5 - crypto library headers only in lib/hash_*.c"; else echo "not ok 5 - crypto library headers outside lib/hash_*.c"; echo "$crypto" | sed 's/^/# /'; fi
