#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Builds each fuzz target with clang's libFuzzer (ASan+UBSan) and runs it for
# $1 seconds (default 60) on its corpus. Crashes land in tests/fuzz/crashes/;
# copy one into tests/fuzz/corpus/NAME/ to keep it as a regression test.
set -eu
secs=${1:-60}
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${FUZZ_BUILD:-$src/tests/fuzz/build}
mkdir -p "$out" "$src/tests/fuzz/crashes"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -DPACKAGE_VERSION=\"fuzz\" -DHAVE_STUN=1 $(for d in "$src"/agent "$src"/agent/*/; do printf -- "-I%s " "${d%/}"; done) -I$src/datamodel -I$src/lib $(pkg-config --cflags libcurl libxml-2.0 libcrypto)"
libs="$(pkg-config --libs libcurl libxml-2.0 libcrypto)"
# OpenSSL's hash.h (the default of configure --with-crypto), not mbedTLS's;
# no main() but the fuzzer's (the daemon's and cwmpctl's are left out);
# XMPP as configure --disable-xmpp builds it (xmpp_none.c: no libstrophe).
lib_src=$(ls "$src"/agent/*.c "$src"/agent/*/*.c "$src"/datamodel/*.c "$src"/lib/*.c |
	grep -v -e '/main.c$' -e '/cwmpctl.c$' -e '/hash_mbedtls.c$' \
		-e '/xmpp_client.c$' -e '/xmpp_iq.c$')
for t in soap config pluginio rpc path tree httpreq state ctl srv stun udp_cr; do
	clang $flags -o "$out/fuzz_$t" "$src/tests/fuzz/fuzz_$t.c" $lib_src $libs
	mkdir -p "$out/corpus_$t"
	"$out/fuzz_$t" -max_total_time="$secs" -artifact_prefix="$src/tests/fuzz/crashes/$t-" \
		"$out/corpus_$t" "$src/tests/fuzz/corpus/$t"
done
