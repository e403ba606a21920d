#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# bench/musl.sh: the daemon on the stack a router runs, built and measured
# on a development host. OpenWrt links cwmpd against musl libc, libcurl
# with mbedTLS and a few protocols, and libxml2 without ICU; Debian's
# libcurl and libxml2 (OpenSSL, GnuTLS, Kerberos, LDAP, ICU) cost any
# program 1.6 MiB of Private_Dirty, so the glibc figure of bench/memory.py
# says little about a router. This script builds, with `musl-gcc -Os`, into
# WORK/prefix:
#   - mbedTLS (shared libraries, as OpenWrt; cmake, no programs or tests),
#   - libcurl with mbedTLS, HTTP and HTTPS only (basic and Digest auth; no
#     other protocol, no zlib/brotli/zstd/nghttp2/libidn2/libpsl/GSS-API),
#   - libxml2 without ICU, Python, lzma, zlib, HTTP or FTP (with threads),
# then cwmpd from this tree in WORK/cwmpd with `--with-crypto=mbedtls
# --enable-small --disable-xmpp`, linked with musl's loader and an rpath
# to WORK/prefix/lib, and runs bench/memory.py on it (one session with a
# cold whole-tree GetParameterValues against the scripted ACS on
# 127.0.0.1; Private_Dirty, where it lies, the libraries' floor on the
# same stack). It installs nothing itself. It needs:
#   - Debian packages: musl-tools musl-dev cmake make gcc pkg-config
#     python3 linux-libc-dev (the kernel headers, linked into the prefix:
#     musl-gcc cannot read /usr/include, which is glibc's);
#   - the Debian sources of curl, libxml2 and mbedtls (their orig
#     tarballs): `apt-get source --download-only curl libxml2 mbedtls` in
#     a directory given with -s, or -f to run that here (needs a deb-src
#     entry in the apt sources).
#
# Usage: bench/musl.sh [-s SRCDIR | -f] [-w WORK] [-o RESULTS.md] [-e] [-n]
#   -s DIR  the directory holding curl_*.orig.tar.gz, libxml2_*.orig.tar.xz
#           and mbedtls_*.orig.tar.gz (default: WORK/srcs)
#   -f      fetch them into WORK/srcs with apt-get source --download-only
#   -w DIR  work dir (default /tmp/cwmpd-musl); the libraries are built
#           once (WORK/prefix/.done-*), cwmpd every time
#   -o FILE write the subsection "### Router-like build: musl + mbedTLS"
#           of FILE's "## Footprint" (default: print the table only)
#   -e      run the e2e suite on that build too (about 2.5 minutes) and
#           note its result with the figures
#   -n      build only, no measurement
# By hand, the e2e suite or some of its cases on that build:
#   CWMPD_BUILD=WORK/cwmpd tests/e2e/run.sh -j 2 [case...]
# About 2 minutes on 2 cores from clean (the libraries), 30 s after.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
work=/tmp/cwmpd-musl srcs= fetch=no out= measure=yes e2e=no
while getopts s:fw:o:en opt; do
	case $opt in
	s) srcs=$(cd "$OPTARG" && pwd) ;;
	f) fetch=yes ;;
	w) work=$OPTARG ;;
	o) out=$OPTARG ;;
	e) e2e=yes ;;
	n) measure=no ;;
	*) sed -n '/^# Usage/,/^#   -n/p' "$0" >&2; exit 2 ;;
	esac
done
start=$(date +%s)
mkdir -p "$work"
work=$(cd "$work" && pwd)
prefix=$work/prefix
: "${srcs:=$work/srcs}"
jobs=${JOBS:-2}
CC=musl-gcc
export CC
for tool in musl-gcc cmake make pkg-config python3; do
	command -v "$tool" >/dev/null || { echo "musl.sh: $tool missing (see the top of $0)" >&2; exit 1; }
done

# tarball NAME: the path of NAME's orig tarball in $srcs.
tarball() {
	set -- "$srcs/$1"_*.orig.tar.*
	case $1 in *.asc) shift ;; esac
	[ -f "$1" ] || { echo "musl.sh: no $1 (use -s DIR or -f)" >&2; exit 1; }
	echo "$1"
}

# unpack NAME: a fresh source dir for NAME in $work/src; prints its path.
unpack() {
	rm -rf "$work/src/$1"
	mkdir -p "$work/src/$1"
	tar -xf "$(tarball "$1")" -C "$work/src/$1" --strip-components=1
	echo "$work/src/$1"
}

# step NAME CMD...: run CMD once (a stamp in the prefix), its output in
# $work/NAME.log, nice'd; the log's tail when it fails.
step() {
	name=$1
	shift
	[ -f "$prefix/.done-$name" ] && return 0
	echo "# building $name" >&2
	if ! ("$@") >"$work/$name.log" 2>&1; then
		tail -n 30 "$work/$name.log" >&2
		echo "musl.sh: $name failed, log in $work/$name.log" >&2
		exit 1
	fi
	touch "$prefix/.done-$name"
}

# The kernel headers musl-gcc needs (linux/, asm/, asm-generic/), linked
# from the host's into the prefix: /usr/include is not on its path.
headers() {
	multiarch=$(gcc -print-multiarch)
	mkdir -p "$prefix/include" "$prefix/lib/pkgconfig"
	for d in linux asm-generic mtd; do
		ln -sfn "/usr/include/$d" "$prefix/include/$d"
	done
	ln -sfn "/usr/include/$multiarch/asm" "$prefix/include/asm"
}

mbedtls() {
	src=$(unpack mbedtls)
	cd "$src"
	nice -n 19 cmake -B build -DCMAKE_C_COMPILER=musl-gcc -DCMAKE_C_FLAGS=-Os \
		-DCMAKE_BUILD_TYPE=None -DCMAKE_INSTALL_PREFIX="$prefix" \
		-DCMAKE_INSTALL_RPATH="$prefix/lib" \
		-DUSE_SHARED_MBEDTLS_LIBRARY=ON -DUSE_STATIC_MBEDTLS_LIBRARY=OFF \
		-DENABLE_PROGRAMS=OFF -DENABLE_TESTING=OFF -DMBEDTLS_FATAL_WARNINGS=OFF
	nice -n 19 make -C build -j"$jobs" install
}

libcurl() {
	src=$(unpack curl)
	cd "$src"
	nice -n 19 ./configure --prefix="$prefix" CFLAGS=-Os \
		CPPFLAGS="-I$prefix/include" LDFLAGS="-L$prefix/lib -Wl,-rpath,$prefix/lib" \
		--disable-static --enable-shared --with-mbedtls="$prefix" --without-openssl \
		--with-ca-bundle=/etc/ssl/certs/ca-certificates.crt --without-ca-path \
		--enable-http --disable-ftp --disable-file --disable-ldap --disable-ldaps \
		--disable-rtsp --disable-dict --disable-telnet --disable-tftp --disable-pop3 \
		--disable-imap --disable-smb --disable-smtp --disable-gopher --disable-mqtt \
		--disable-ntlm --disable-kerberos-auth --disable-negotiate-auth --disable-aws \
		--disable-manual --disable-docs --disable-alt-svc --disable-unix-sockets \
		--without-libpsl --without-zlib --without-brotli --without-zstd \
		--without-nghttp2 --without-ngtcp2 --without-nghttp3 --without-libidn2 \
		--without-libssh2 --without-libssh --without-librtmp --without-gssapi \
		--enable-crypto-auth
	nice -n 19 make -j"$jobs"
	nice -n 19 make install
}

libxml2() {
	src=$(unpack libxml2)
	cd "$src"
	nice -n 19 ./configure --prefix="$prefix" CFLAGS=-Os \
		--disable-static --enable-shared --without-python --without-lzma \
		--without-zlib --without-icu --without-http --without-ftp --without-debug \
		--without-docbook --without-legacy
	nice -n 19 make -j"$jobs" libxml2.la
	nice -n 19 make install-libLTLIBRARIES install-pkgconfigDATA
	nice -n 19 make -C include install
}

# cwmpd from this tree, into $work/cwmpd (built every time).
cwmpd() {
	[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi >/dev/null)
	rm -rf "$work/cwmpd"
	mkdir -p "$work/cwmpd"
	cd "$work/cwmpd"
	nice -n 19 "$top/configure" -q PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig" \
		PKG_CONFIG_PATH= CFLAGS=-Os CPPFLAGS="-I$prefix/include" \
		LDFLAGS="-L$prefix/lib -Wl,-rpath,$prefix/lib" \
		--with-crypto=mbedtls --enable-small --disable-xmpp
	nice -n 19 make -j"$jobs" agent/cwmpd agent/ctl/cwmpctl
}

# e2e: the e2e suite on the musl build; prints a line for the results.
e2e() {
	CWMPD_BUILD=$work/cwmpd nice -n 19 sh "$top/tests/e2e/run.sh" -j 2 >"$work/e2e.tap" 2>&1
	awk '/^ok .*# SKIP/ { s++; next } /^ok / { p++ } /^not ok / { f++; n = n " " $5 }
		END { printf "- e2e (`bench/musl.sh -e`): %d passed, %d failed%s, %d skipped\n",
			p, f, f ? " (" substr(n, 2) ")" : "", s }' "$work/e2e.tap"
	grep '# SKIP' "$work/e2e.tap" | grep -v 'no case ran' |
		sed 's/^ok [0-9]* - \([^ ]*\) # SKIP \(.*\)/  - \1 skipped: \2/'
}

# version NAME: the upstream version of NAME's tarball.
version() {
	basename "$(tarball "$1")" | sed 's/^[^_]*_//; s/\.orig\.tar\..*//; s/+dfsg//'
}

if [ $fetch = yes ]; then
	mkdir -p "$srcs"
	(cd "$srcs" && apt-get source --download-only curl libxml2 mbedtls) >&2
fi
PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig PKG_CONFIG_PATH=
export PKG_CONFIG_LIBDIR PKG_CONFIG_PATH
mkdir -p "$prefix"
headers
step mbedtls mbedtls
step libcurl libcurl
step libxml2 libxml2
rm -f "$prefix/.done-cwmpd"
step cwmpd cwmpd
built=$(date +%s)
strip -o "$work/cwmpd.stripped" "$work/cwmpd/agent/cwmpd"
size=$(wc -c <"$work/cwmpd.stripped")
echo "# built in $((built - start)) s; stripped cwmpd $size bytes" >&2
[ $measure = yes ] || exit 0

intro=$work/intro.md
{
	echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); machine: $(uname -m), \`nproc\` = $(nproc);"
	echo "  method: bench/musl.sh (built in $((built - start)) s here, libraries included when"
	echo "  they were not built yet)"
	echo "- stack: musl $(dpkg-query -W -f '${Version}' musl-dev 2>/dev/null || echo '?') (Debian's musl-gcc, -Os, dynamic), mbedTLS"
	echo "  $(version mbedtls) (shared), libcurl $(version curl) (mbedTLS, HTTP and HTTPS only,"
	echo "  no zlib, IDN, PSL, HTTP/2), libxml2 $(version libxml2) (no ICU, zlib, lzma, HTTP, FTP),"
	echo "  Debian's orig tarballs; cwmpd \`--with-crypto=mbedtls --enable-small"
	echo "  --disable-xmpp\` (PIE), stripped $size bytes ($(awk "BEGIN { printf \"%.1f\", $size / 1024 }") KiB)"
	echo "- memory: bench/memory.py as above (platform sim, one session with a cold"
	echo "  whole-tree GPV against the scripted ACS on 127.0.0.1, the daemon idle);"
	echo "  the floor is the same few-line program built against this stack"
	[ $e2e = no ] || e2e
	echo
} >"$intro"
set -- --build "$work/cwmpd"
[ -n "$out" ] && set -- "$@" --out "$out" --router "$intro"
python3 "$here/memory.py" "$@"
echo "# bench/musl.sh: $(( $(date +%s) - start )) s in all" >&2
