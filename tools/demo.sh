#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The demo: builds cwmpd, starts the bundled scripted ACS and the agent
# (platform sim) on 127.0.0.1, shows one whole session as the ACS sees it
# and as the agent logs it, then stops both. Nothing leaves the machine.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${CWMPD_BUILD:-$src/build}
"$src/tools/deps.sh"
if [ ! -x "$build/agent/cwmpd" ] || [ -n "$(find "$src/agent" -newer "$build/agent/cwmpd" 2>/dev/null | head -n 1)" ]; then
	echo "== building (log in $build/make.out)"
	mkdir -p "$build"
	(cd "$src" && autoreconf -fi >/dev/null 2>&1)
	(cd "$build" && { [ -f Makefile ] || "$src/configure" -q; } && make -j"$(nproc)" >make.out 2>&1) ||
		{ tail -n 30 "$build/make.out"; exit 1; }
fi
tmp=$(mktemp -d)
acs_pid=
cwmpd_pid=
cleanup() {
	[ -n "$cwmpd_pid" ] && kill "$cwmpd_pid" 2>/dev/null
	[ -n "$acs_pid" ] && kill "$acs_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

python3 "$src/tests/e2e/acs.py" --port 0 --port-file "$tmp/port" --script demo --log \
	--sessions 1 --exit-after &
acs_pid=$!
i=0
while [ ! -s "$tmp/port" ]; do
	i=$((i + 1)); [ $i -gt 100 ] && { echo "the ACS did not start"; exit 1; }
	sleep 0.1
done
port=$(cat "$tmp/port")
# A free port for the connection request server, chosen now.
crport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$tmp/cwmpd.conf" <<CONF
config acs 'acs'
	option url 'http://127.0.0.1:$port/acs'
	option periodic_enable '0'
	option retry_min_wait '1'
config cpe 'cpe'
	option address '127.0.0.1'
	option port '$crport'
	option username 'demo'
	option password 'demo-secret'
	option state_dir '$tmp/state'
	option platform 'sim'
	option plugin_dir '$src/scripts/plugins'
CONF
echo "== ACS on 127.0.0.1:$port; starting: cwmpd -f -c $tmp/cwmpd.conf"
"$build/agent/cwmpd" -f -l notice -c "$tmp/cwmpd.conf" 2>&1 | sed 's/^/    [cwmpd] /' &
cwmpd_pid=$(pgrep -n -f "cwmpd -f -l notice -c $tmp/cwmpd.conf" || true)
wait "$acs_pid" || true
acs_pid=
sleep 0.3
echo "== session over; stopping cwmpd"
