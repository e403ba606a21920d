#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Installs the Debian packages the build, the demo and the tests need, when
# any is missing (as root, or through sudo). Does nothing when all are there.
set -u
pkgs="build-essential autoconf automake pkg-config ca-certificates libcurl4-openssl-dev
libxml2-dev libssl-dev libmbedtls-dev libcmocka-dev libxml2-utils python3 valgrind busybox openssl coturn
libstrophe-dev prosody
cmake libjson-c-dev file bc util-linux"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then sudo=; elif command -v sudo >/dev/null; then sudo=sudo; else
	echo "missing packages:$missing (run as root to install them)" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null &&
	$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
