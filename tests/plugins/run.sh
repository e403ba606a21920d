#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Plugin tests (TAP): the generated lists against datamodel/map.txt
# (gen_schema.py --check); then every plugin map.txt names, each tested
# alike with its facts taken from the schema (writable paths, tables that
# take AddObject): on the sim platform (seed, get coverage against map.txt,
# set + apply, set of an unknown path, revert, add/delete, escaping, Status
# following Enable), and on OpenWrt against the fixture tree
# tests/plugins/openwrt-root with the fake commands in tests/plugins/bin,
# also as a wired-only router; every get output checked as the agent loads
# it (check_values: paths and value types against the schema); then the
# system plugin's verbs (identity, reboot, factory-reset) with the sim
# UpTime, and the firmware plugin.
# Plugins run under `busybox sh` when busybox is there, else sh.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
src=$(cd "$top_srcdir" && pwd)
SH=${CWMPD_TEST_SH:-sh}
[ -z "${CWMPD_TEST_SH-}" ] && command -v busybox >/dev/null 2>&1 && busybox sh -c : 2>/dev/null && SH="busybox sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cwmpd-plugins.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export CWMPD_LIB="$src/scripts/lib"
PLUGINS=$src/scripts/plugins
MAP=$src/datamodel/map.txt
SCHEMA=$src/datamodel/schema.tsv
TAB=$(printf '\t')
n=0
fails=0

ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $* # SKIP"; }
check() { # check DESCRIPTION COMMAND...
	_d=$1
	shift
	if "$@" >"$tmp/check.out" 2>&1; then ok "$_d"; else notok "$_d"; sed 's/^/# /' "$tmp/check.out" | head -n 20; fi
}
run() { # run PLUGIN VERB ARG... (under $SH); revert and the applies get no
	# units on stdin (run_units passes the caller's stdin)
	_p=$1
	shift
	case $1 in
	revert | apply | apply-deferred) $SH "$PLUGINS/$_p" "$@" </dev/null ;;
	*) $SH "$PLUGINS/$_p" "$@" ;;
	esac
}
run_units() { # run_units PLUGIN VERB: stdin, the units done in the pass
	$SH "$PLUGINS/$1" "$2"
}

# Every plugin map.txt names (plugin=NAME), in map order.
map_plugins() {
	awk '{ sub(/#.*/, ""); for (i = 2; i <= NF; i++) if ($i ~ /^plugin=./) print substr($i, 8) }' "$MAP"
}

# The object map.txt gives PLUGIN to (its get prefix).
map_root() {
	awk -v want="$1" '{ for (i = 2; i <= NF; i++) if ($i == "plugin=" want) { print $1; exit } }' "$MAP"
}

# Every leaf parameter map.txt gives PLUGIN.
map_params() {
	awk -v want="$1" '
	{ sub(/#.*/, "") }
	NF == 0 { next }
	{ for (i = 2; i <= NF; i++) { if ($i ~ /^plugin=/) cur = substr($i, 8); if ($i == "native") cur = "" } }
	$1 !~ /\.$/ && cur == want { print $1 }' "$MAP"
}

# coverage PLUGIN FILE: every parameter map.txt lists for PLUGIN appears in
# the get output FILE, for every instance of its table that is there, and
# every table has at least one instance somewhere (unless $3 is "empty-ok"
# and the table's NumberOfEntries says 0: OpenWrt fixtures without them).
coverage() {
	map_params "$1" >"$tmp/params"
	[ -s "$tmp/params" ] || { echo "no parameters for $1 in map.txt"; return 1; }
	awk -F "$TAB" -v emptyok="${3-}" '
	function to_re(pat,   r, i, c) {
		r = "^"
		for (i = 1; i <= length(pat); i++) {
			c = substr(pat, i, 1)
			if (c == ".") r = r "[.]"; else if (c == "{") { r = r "[0-9]+"; i += 2 } else r = r c
		}
		return r
	}
	FNR == NR {
		np++; pat[np] = $1
		k = 0
		for (i = length($1); i > 2; i--) if (substr($1, i - 3, 4) == "{i}.") { k = i; break }
		if (k) { tre[np] = to_re(substr($1, 1, k)); rest[np] = substr($1, k + 1)
			cpat[np] = to_re(substr($1, 1, k - 5) "NumberOfEntries") "$" }
		next
	}
	{ have[$1] = 1; line[++nl] = $1; val[$1] = $2 }
	END {
		bad = 0
		for (p = 1; p <= np; p++) {
			if (!(p in tre)) { if (!(pat[p] in have)) { print "missing " pat[p]; bad++ }; continue }
			ni = 0
			for (l = 1; l <= nl; l++) if (match(line[l], tre[p])) {
				ik = substr(line[l], 1, RLENGTH)
				if ((p SUBSEP ik) in seen) continue
				seen[p, ik] = 1; ni++
				if (!((ik rest[p]) in have)) { print "missing " ik rest[p]; bad++ }
			}
			if (!ni && emptyok != "") {
				for (l = 1; l <= nl; l++) if (line[l] ~ cpat[p]) { if (val[line[l]] != "0") break; ni = -1 }
			}
			if (!ni) { print "no instance for " pat[p]; bad++ }
		}
		print np " parameters checked"
		exit bad ? 1 : 0
	}' "$tmp/params" "$2"
}

# values_ok DESCRIPTION FILE: the get output FILE as the agent loads it
# (tests/plugins/check_values, built by make check): every line well
# formed, every path in the schema, every value of its parameter's type.
# A value that does not fit (an empty unsignedInt, a malformed dateTime, a
# string outside its enumeration) is one the agent never sends.
CHECK_VALUES=${top_builddir:-${CWMPD_BUILD-}}/tests/plugins/check_values
values_ok() {
	if [ ! -f "$2" ]; then
		notok "$1: no output to check"
	elif [ -x "$CHECK_VALUES" ]; then
		check "$1: every value fits its schema type" "$CHECK_VALUES" <"$2"
	else
		skip "$1: value types: no check_values in the build dir (top_builddir or CWMPD_BUILD; make check builds it)"
	fi
}

# Escaped test value: a tab, a newline, a backslash and a carriage return
# (the last byte: a raw one there would be read as a CRLF line end).
ESCVAL='a\tb\nc\\d e\r'

# cwmp.sh's escapes, both ways, on every special byte: \ TAB LF CR, and a
# line the library reads back (cwmp_parse_line) keeps a value's last CR.
lib_escapes() {
	cat >"$tmp/escapes.sh" <<'EOT'
. "$CWMPD_LIB/cwmp.sh"
v=$(printf 'a\\b\tc\rd\ne\r.'); v=${v%.}
cwmp_escape "$v"
[ "$CWMP_ESC" = 'a\\b\tc\rd\ne\r' ] || { echo "escaped: $CWMP_ESC"; exit 1; }
cwmp_unescape "$CWMP_ESC" && [ "$CWMP_UNESC" = "$v" ] || { echo "unescaped"; exit 1; }
cwmp_parse_line "$(printf 'P\t%s\r' "$CWMP_ESC")" && [ "$CWMP_VALUE" = "$v" ] ||
	{ echo "parsed: $CWMP_VALUE"; exit 1; }
got=$(awk "$CWMP_AWK_ESC"' BEGIN { print esc("x\\y\tz\r") }')
[ "$got" = 'x\\y\tz\r' ] || { echo "awk esc: $got"; exit 1; }
EOT
	$SH "$tmp/escapes.sh"
}
check "cwmp.sh: \\ TAB LF CR escaped and unescaped (shell and awk), a value's last CR kept" lib_escapes

# First path in FILE whose schema pattern is a writable string parameter.
writable_path() {
	awk -F "$TAB" '
	FNR == NR { if ($3 == "readWrite" && $2 == "string") rw[$1] = 1; next }
	{ p = $1; q = p; gsub(/\.[0-9]+\./, ".{i}.", q); gsub(/\.[0-9]+\./, ".{i}.", q)
	  if (q in rw) { print p; exit } }' "$SCHEMA" "$1"
}

# First table of PLUGIN that takes AddObject, as a concrete TABLE. path.
addable_table() {
	awk -F "$TAB" -v want="$1" '
	FNR == NR { sub(/#.*/, ""); if (NF >= 2 && $0 ~ /readonly/) { split($0, a, " "); ro[a[1]] = 1 }; next }
	$2 == "table" && $3 == "readWrite" && $9 == want && !($1 in ro) {
		t = $1; sub(/\{i\}\.$/, "", t); gsub(/\{i\}/, "1", t); print t; exit }' "$MAP" "$SCHEMA"
}

value_of() { # value_of FILE PATH
	awk -F "$TAB" -v p="$2" '$1 == p { print substr($0, length(p) + 2); exit }' "$1"
}

# plugin_var PLUGIN NAME: the value PLUGIN's file gives its variable NAME
# (OW_CONFIGS, OW_SERVICES: one line, quotes dropped).
plugin_var() {
	sed -n "s/^$2=//p" "$PLUGINS/$1" | tr -d "\"'"
}

# OpenWrt set test values: an escaped string (uci show prints a newline raw:
# values through uci carry tabs, backslashes and quotes, not newlines), or a value
# of the schema's data type where the plugin keeps one (a uci list item).
OW_ESCVAL='x\ty\\z w'"'"'q'
OWVAL_TYPES='IPAddress 192.0.2.53
IPv4Address 192.0.2.53
MACAddress 02:00:00:00:00:05'
# Where the first candidate will not do: PLUGIN PATH. Both are Interface
# parameters that come first: references (pathRef in the XML, which the
# schema does not keep), empty in the fixtures.
OW_SET_TARGETS='nat Device.NAT.PortMapping.2.Description
dhcpv4 Device.DHCPv4.Server.Pool.1.MinAddress'

# ow_set_target PLUGIN FILE: "PATH<TAB>VALUE" for the OpenWrt set test: the
# path OW_SET_TARGETS gives, else the first parameter in the get output FILE
# that the schema makes a writable string without an enumeration, that can
# hold its test value (an address type, or a length bound of 16 or more:
# this skips the strings whose values come from a list or pattern), and
# that refers to no other object (a value "Device....").
ow_set_target() {
	OWV=$OW_ESCVAL awk -F "$TAB" -v want="$1" -v types="$OWVAL_TYPES" -v table="$OW_SET_TARGETS" '
	BEGIN {
		n = split(types, T, "\n"); for (i = 1; i <= n; i++) { split(T[i], a, " "); tv[a[1]] = a[2] }
		n = split(table, T, "\n"); for (i = 1; i <= n; i++) { split(T[i], a, " "); if (a[1] == want) only = a[2] }
	}
	FNR == NR {
		if ($3 != "readWrite" || $2 != "string" || $9 != want || index($5, "enum=")) next
		if ($4 in tv) { val[$1] = tv[$4]; next }
		hi = $5
		if (sub(/.*len=[0-9]*[.][.]/, "", hi) && hi + 0 >= 16) val[$1] = ENVIRON["OWV"]
		next
	}
	only != "" && $1 != only { next }
	{ q = $1; gsub(/\.[0-9]+\./, ".{i}.", q); gsub(/\.[0-9]+\./, ".{i}.", q)
	  if ((q in val) && substr($2, 1, 7) != "Device.") { print $1 "\t" val[q]; exit } }
	' "$SCHEMA" "$2"
}

# ow_deferred SERVICE: true when the OpenWrt library defers its reload.
ow_deferred() {
	case " $(sed -n 's/^OW_DEFERRED=//p' "$src/scripts/lib/openwrt.sh" | tr -d '"') " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# configs_same DIR COPY: every uci config in DIR (not the staged deltas) as in COPY.
configs_same() {
	for _c in "$1"/*; do
		cmp -s "$_c" "$2/${_c##*/}" || { echo "${_c##*/} changed"; return 1; }
	done
}

# ---- sim -------------------------------------------------------------------

echo "# shell: $SH"

# Nothing names the plugins or their writable parameters but map.txt and
# the schema: the generated plugins.am and writable.tsv are current, every
# plugin= has its file and every file its plugin= (or is system/firmware).
PY=${PYTHON3:-python3}
[ "$PY" = no ] && PY=python3
if command -v "$PY" >/dev/null 2>&1; then
	check "map.txt: plugins.am, writable.tsv, schema.tsv and scripts/plugins/ agree (gen_schema.py --check)" \
		"$PY" "$src/datamodel/gen_schema.py" --check
else
	skip "map.txt against the generated lists: no python3"
fi

# sim.sh finds a plugin's writable parameters by its SIM_FILE.
sim_names() {
	for p in $(map_plugins); do
		[ "$(plugin_var "$p" SIM_FILE)" = "$p" ] || { echo "$p: SIM_FILE is not $p"; return 1; }
	done
}
check "sim: each plugin's SIM_FILE is its map.txt name" sim_names

export CWMPD_PLATFORM=sim
for p in $(map_plugins); do
	[ -f "$PLUGINS/$p" ] || { notok "sim $p: no scripts/plugins/$p"; continue; }
	export CWMPD_STATE_DIR="$tmp/sim-$p"
	root=$(map_root "$p")
	store=$CWMPD_STATE_DIR/sim/$p
	if run "$p" get "$root" >"$tmp/get" && [ -f "$store" ]; then
		check "sim $p get: seeded, every map.txt parameter of each instance" coverage "$p" "$tmp/get"
		values_ok "sim $p get" "$tmp/get"
	else
		notok "sim $p get"
		continue
	fi
	wp=$(writable_path "$tmp/get")
	if [ -z "$wp" ]; then
		skip "sim $p set+apply: no writable string parameter"
		skip "sim $p set: unknown path"
		skip "sim $p revert"
	else
		old=$(value_of "$tmp/get" "$wp")
		cp "$store" "$tmp/before"
		set_apply() {
			printf '%s\t%s\n' "$wp" "$ESCVAL" | run "$p" set || return 1
			run "$p" get "$wp" >"$tmp/g1"
			[ "$(value_of "$tmp/g1" "$wp")" = "$old" ] || { echo "changed before apply"; return 1; }
			run "$p" apply || return 1
			run "$p" get "$root" >"$tmp/g2"
			got=$(value_of "$tmp/g2" "$wp")
			[ "$got" = "$ESCVAL" ] || { echo "got '$got'"; return 1; }
			[ ! -f "$store.staged" ]
		}
		check "sim $p set+apply round trip with escapes ($wp)" set_apply
		set_unknown() {
			cp "$store" "$tmp/before"
			out=$(printf '%s\t%s\n%s\t%s\n' "$wp" x "${root}NoSuchParam" y | run "$p" set) && { echo "exit 0"; return 1; }
			[ "$out" = "${root}NoSuchParam${TAB}9005" ] || { echo "output: $out"; return 1; }
			[ ! -f "$store.staged" ] || { echo "staged file left"; return 1; }
			cmp -s "$store" "$tmp/before"
		}
		check "sim $p set: unknown path gives 9005, nothing changes" set_unknown
		revert() {
			cp "$store" "$tmp/before"
			printf '%s\tnever\n' "$wp" | run "$p" set || return 1
			[ -f "$store.staged" ] || return 1
			run "$p" revert && run "$p" apply || return 1
			cmp -s "$store" "$tmp/before"
		}
		check "sim $p revert drops staged changes" revert
	fi
	table=$(addable_table "$p")
	if [ -z "$table" ]; then
		skip "sim $p add/delete: no table takes AddObject"
	else
		add_delete() {
			cnt=${table%.}NumberOfEntries
			before=$(run "$p" get "$root" | value_of /dev/stdin "$cnt")
			run "$p" add "$table" 77 && run "$p" apply || return 1
			run "$p" add "$table" 77 2>/dev/null && { echo "added twice"; return 1; }
			run "$p" revert
			run "$p" get "$root" >"$tmp/g3"
			grep -q "^$table""77\\." "$tmp/g3" || { echo "no $table 77"; return 1; }
			[ "$(value_of "$tmp/g3" "$cnt")" = $((before + 1)) ] || { echo "count not $((before + 1))"; return 1; }
			run "$p" delete "${table}77." && run "$p" apply || return 1
			run "$p" get "$root" >"$tmp/g4"
			grep -q "^$table""77\\." "$tmp/g4" && { echo "still there"; return 1; }
			[ "$(value_of "$tmp/g4" "$cnt")" = "$before" ]
		}
		check "sim $p add/delete ($table)" add_delete
	fi
done

# Edge cases: a table emptied, a nested add under a missing parent.
edges() {
	export CWMPD_STATE_DIR="$tmp/sim-edge"
	run nat delete Device.NAT.PortMapping.1. && run nat apply || return 1
	[ "$(run nat get Device.NAT.)" = "Device.NAT.PortMappingNumberOfEntries${TAB}0" ] || { echo "not empty"; return 1; }
	printf 'Device.NAT.PortMapping.1.Enable\ttrue\n' | run nat set >/dev/null && { echo "set on a deleted instance"; return 1; }
	run dhcpv4 add Device.DHCPv4.Server.Pool.9.StaticAddress. 1 2>/dev/null && { echo "add under a missing pool"; return 1; }
	run dhcpv4 add Device.DHCPv4.Server.Pool.1.StaticAddress. 3 && run dhcpv4 apply || return 1
	run dhcpv4 get Device.DHCPv4.Server.Pool.1.StaticAddressNumberOfEntries | grep -q "${TAB}2\$"
}
check "sim: emptied table counts 0, nested add needs its parent" edges

# The benchmark seed: many hosts, fast.
big() {
	export CWMPD_STATE_DIR="$tmp/sim-big"
	t0=$(date +%s)
	CWMPD_SIM_HOSTS=20000 run hosts get Device.Hosts.HostNumberOfEntries >"$tmp/big1" || return 1
	t1=$(date +%s)
	run hosts get Device. >"$tmp/big2" || return 1
	t2=$(date +%s)
	echo "seed $((t1 - t0))s, get Device. $((t2 - t1))s, $(wc -l <"$tmp/big2") lines"
	[ "$(cat "$tmp/big1")" = "Device.Hosts.HostNumberOfEntries${TAB}20000" ] &&
		[ "$(wc -l <"$tmp/big2")" -eq 160001 ] && [ $((t2 - t0)) -lt 20 ]
}
if big >"$tmp/big.out" 2>&1; then ok "sim hosts: CWMPD_SIM_HOSTS=20000 seed and get"; else notok "sim hosts: big seed"; fi
sed 's/^/# /' "$tmp/big.out"

# The fast get (sim.sh): a big store printed as it is with its counts file,
# named after the store's cksum; the same output as the usual get.
fast_counts() { # the counts files of the store $1 (not the mark)
	for _f in "$1".counts.[0-9]*; do [ -f "$_f" ] && echo "$_f"; done
}
fast_part() { # the part of plugin $1 in the batch output $2
	awk -v b="$(printf '\036')begin $1" -v e="$(printf '\036')end $1 0" \
		'$0 == b { on = 1; next } $0 == e { on = 0 } on && $0 != ""' "$2"
}
fast() {
	export CWMPD_STATE_DIR="$tmp/sim-fast"
	st=$CWMPD_STATE_DIR/sim/hosts
	run hosts get Device.Hosts. >/dev/null && run hosts get Device.Hosts. >/dev/null || return 1
	[ -z "$(fast_counts "$st")" ] && [ ! -e "$st.counts.new" ] || { echo "a small store counted"; return 1; }
	rm -rf "$CWMPD_STATE_DIR"
	CWMPD_SIM_HOSTS=2000 run hosts get Device.Hosts. >"$tmp/f1" || return 1
	[ -e "$st.counts.new" ] && [ -z "$(fast_counts "$st")" ] || { echo "no mark after the first get"; return 1; }
	run hosts get Device.Hosts. >"$tmp/f2" && [ -n "$(fast_counts "$st")" ] || { echo "no counts"; return 1; }
	[ ! -e "$st.counts.new" ] || { echo "mark left"; return 1; }
	run hosts get Device. >"$tmp/f3" || return 1
	run hosts get Device.Hosts.Host. Device.Hosts.HostNumberOfEntries >"$tmp/f4" || return 1
	$SH "$CWMPD_LIB/batch.sh" get nat Device.NAT. hosts Device.Hosts. >"$tmp/f5" || return 1
	fast_part hosts "$tmp/f5" >"$tmp/f5h"
	cmp "$tmp/f1" "$tmp/f2" && cmp "$tmp/f1" "$tmp/f3" && cmp "$tmp/f1" "$tmp/f4" &&
		cmp "$tmp/f1" "$tmp/f5h" || return 1
	# Edited in place (the same inode, size and second): counted again.
	sed 's/Host\.3\./Host.4./' "$st" >"$tmp/f6" && cat "$tmp/f6" >"$st" || return 1
	run hosts get Device.Hosts. >"$tmp/f7" || return 1
	grep -q "^Device.Hosts.HostNumberOfEntries${TAB}1999\$" "$tmp/f7" || { echo "stale count"; return 1; }
	[ "$(fast_counts "$st" | wc -l)" -eq 1 ] || { echo "old counts left"; return 1; }
	# A bad line: logged, no counts; the store printed as it is.
	for bad in 'Device.Hosts.Host.1.HostName\ta\\qb\n' 'Device.Hosts.Host.1.HostName\tab\r\n' \
		'Device.Hosts.Host.1.HostName\n' 'Device.Hosts.Host.1.HostName\ta\tb\n' '\tab\n' \
		'Device.Users.User.1.Username\tab\n' 'Device.Hosts.Host.1.HostName\tab'; do
		cp "$tmp/f6" "$st" && run hosts get Device.Hosts. >/dev/null && [ -n "$(fast_counts "$st")" ] || return 1
		printf "$bad" >>"$st"
		run hosts get Device.Hosts. >"$tmp/f8" 2>"$tmp/f8.err"
		grep -q "no fast get" "$tmp/f8.err" || { echo "not logged: $bad"; return 1; }
		[ -z "$(fast_counts "$st")" ] || { echo "counted: $bad"; return 1; }
		[ "$(wc -l <"$tmp/f8")" -gt "$(wc -l <"$tmp/f7")" ] || [ "$bad" = '\tab\n' ] ||
			[ "$bad" = 'Device.Users.User.1.Username\tab\n' ] || { echo "not printed: $bad"; return 1; }
	done
}
check "sim hosts: the fast get of a big store (cat and counts by cksum) prints what the usual get does" fast

# system: identity, reboot (counter, pending firmware), factory reset.
sim_system() {
	export CWMPD_STATE_DIR="$tmp/sim-system"
	sd=$CWMPD_STATE_DIR/sim
	run system identity >"$tmp/id1" || return 1
	[ "$(value_of "$tmp/id1" Device.DeviceInfo.SoftwareVersion)" = 1.0.0 ] || { echo "identity"; return 1; }
	run system reboot && run system reboot || return 1
	[ "$(cat "$sd/reboots")" = 2 ] || { echo "reboots $(cat "$sd/reboots")"; return 1; }
	printf '2.0.0 beta\n' >"$sd/firmware.pending"
	run system reboot 2>/dev/null || return 1
	[ ! -f "$sd/firmware.pending" ] || { echo "pending left"; return 1; }
	run system identity >"$tmp/id2" || return 1
	[ "$(value_of "$tmp/id2" Device.DeviceInfo.SoftwareVersion)" = "2.0.0 beta" ] || { echo "sw not installed"; return 1; }
	[ "$(value_of "$tmp/id2" Device.DeviceInfo.SerialNumber)" = SIM0001 ] || { echo "serial"; return 1; }
	[ "$(cat "$sd/reboots")" = 3 ]
}
check "sim system: identity, reboot counts, pending firmware installed" sim_system

sim_factory_reset() {
	export CWMPD_STATE_DIR="$tmp/sim-system"
	sd=$CWMPD_STATE_DIR/sim
	run nat get Device.NAT. >"$tmp/fr0" || return 1
	run nat delete Device.NAT.PortMapping.1. && run nat apply || return 1
	printf 'Device.DeviceInfo.ProvisioningCode\tpc-1\n' | run deviceinfo set && run deviceinfo apply || return 1
	printf 'x\n' >"$sd/nat.staged"
	run system factory-reset || return 1
	[ "$(cat "$sd/reboots")" = 4 ] || { echo "not counted as a reboot"; return 1; }
	[ ! -f "$sd/nat" ] && [ ! -f "$sd/nat.staged" ] && [ ! -f "$sd/deviceinfo" ] || { echo "stores left"; return 1; }
	run nat get Device.NAT. >"$tmp/fr1" || return 1
	cmp -s "$tmp/fr0" "$tmp/fr1" || { echo "nat not back to its seed"; return 1; }
	run system identity >"$tmp/id3" || return 1
	[ "$(value_of "$tmp/id3" Device.DeviceInfo.SoftwareVersion)" = "2.0.0 beta" ] || { echo "firmware lost"; return 1; }
	[ -z "$(value_of "$tmp/id3" Device.DeviceInfo.ProvisioningCode)" ] || { echo "provisioning code kept"; return 1; }
	run system frobnicate 2>/dev/null
	[ $? -eq 2 ]
}
check "sim system factory-reset: stores back to seed, identity and firmware kept" sim_factory_reset

# at NOW PLUGIN VERB ARG...: run a plugin with the sim clock at NOW.
at() {
	_now=$1 _p=$2
	shift 2
	CWMPD_SIM_NOW=$_now $SH "$PLUGINS/$_p" "$@"
}
uptime_at() { # uptime_at NOW: DeviceInfo.UpTime at NOW
	at "$1" deviceinfo get Device.DeviceInfo.UpTime | value_of /dev/stdin Device.DeviceInfo.UpTime
}

# UpTime counts from the simulated boot: the first use, then every reboot,
# firmware upgrade and factory reset; never negative; garbage is a boot.
sim_uptime() {
	export CWMPD_STATE_DIR="$tmp/sim-uptime"
	sd=$CWMPD_STATE_DIR/sim
	t0=$(date +%s)
	at "$t0" system identity >/dev/null || return 1
	[ "$(cat "$sd/boot-time")" = "$t0" ] || { echo "first use: boot-time $(cat "$sd/boot-time")"; return 1; }
	[ "$(uptime_at $((t0 + 500)))" = 500 ] && [ "$(uptime_at $((t0 + 900)))" = 900 ] || { echo "not growing"; return 1; }
	[ "$(uptime_at $((t0 - 10)))" = 0 ] || { echo "negative"; return 1; }
	at $((t0 + 1000)) system reboot || return 1
	[ "$(uptime_at $((t0 + 1003)))" = 3 ] || { echo "after reboot: $(uptime_at $((t0 + 1003)))"; return 1; }
	printf '2.0.0\n' >"$sd/firmware.pending"
	at $((t0 + 2000)) system reboot 2>/dev/null || return 1
	[ "$(uptime_at $((t0 + 2001)))" = 1 ] || { echo "after firmware upgrade"; return 1; }
	echo junk >"$sd/boot-time"
	[ "$(uptime_at $((t0 + 2500)))" = 0 ] && [ "$(cat "$sd/boot-time")" = $((t0 + 2500)) ] ||
		{ echo "garbage boot-time: $(cat "$sd/boot-time")"; return 1; }
	[ "$(uptime_at $((t0 + 5000)))" = 2500 ] || { echo "before factory reset"; return 1; }
	at $((t0 + 5000)) system factory-reset || return 1
	[ "$(uptime_at $((t0 + 5002)))" = 2 ] || { echo "after factory reset: $(uptime_at $((t0 + 5002)))"; return 1; }
	# The real clock: a reboot now, not the host's uptime.
	run system reboot || return 1
	up=$(run deviceinfo get Device.DeviceInfo. | value_of /dev/stdin Device.DeviceInfo.UpTime)
	[ "$up" -ge 0 ] && [ "$up" -le 2 ] || { echo "real clock: $up"; return 1; }
}
check "sim deviceinfo UpTime: from the first use, reboot, firmware upgrade, factory reset; garbage, clock" sim_uptime

# Status follows Enable: PLUGIN OBJECT ON OFF REQUIRED MISCONF ("-": none).
# REQUIRED is emptied by a set where it is writable, else in the store.
STATUS_CASES='nat Device.NAT.PortMapping.1. Enabled Disabled InternalClient Error_Misconfigured
dhcpv4 Device.DHCPv4.Server.Pool.1. Enabled Disabled MaxAddress Error_Misconfigured
dns Device.DNS.Client. Enabled Disabled - -
dns Device.DNS.Client.Server.2. Enabled Disabled DNSServer Error
ethernet Device.Ethernet.Interface.2. Up Down - -
ip Device.IP.Interface.1. Up Down - -
ip Device.IP.Interface.2.IPv4Address.1. Enabled Disabled SubnetMask Error_Misconfigured
routing Device.Routing.Router.1. Enabled Disabled - -
routing Device.Routing.Router.1.IPv4Forwarding.3. Enabled Disabled GatewayIPAddress|Interface Error_Misconfigured
time Device.Time. Synchronized Disabled - -
time Device.Time.Client.1. Synchronized Disabled Servers Error_FailedToSynchronize
wifi Device.WiFi.Radio.2. Up Down - -
wifi Device.WiFi.SSID.3. Up Down - -
wifi Device.WiFi.AccessPoint.4. Enabled Disabled SSIDReference Error_Misconfigured'

status_is() { # status_is PLUGIN OBJECT WANT
	_got=$(run "$1" get "$2" | value_of /dev/stdin "${2}Status")
	[ "$_got" = "$3" ] || { echo "$2Status: '$_got', not '$3'"; return 1; }
}
spv_apply() { # spv_apply PLUGIN LINES: set and apply
	printf '%s\n' "$2" | run "$1" set >/dev/null && run "$1" apply
}
# empty_fields PLUGIN OBJECT FIELDS: FIELDS ("A|B") emptied and Enable true.
empty_fields() {
	_l="${2}Enable${TAB}true"
	for _f in $(echo "$3" | tr '|' ' '); do _l="$_l
${2}$_f$TAB"; done
	spv_apply "$1" "$_l" 2>/dev/null && return 0
	run "$1" revert
	_st=$CWMPD_STATE_DIR/sim/$1
	awk -F "$TAB" -v obj="$2" -v f="|$3|" \
		'index($1, obj) == 1 && index(f, "|" substr($1, length(obj) + 1) "|") { $0 = $1 "\t" } { print }' \
		"$_st" >"$_st.new" && mv "$_st.new" "$_st" || return 1
	spv_apply "$1" "${2}Enable${TAB}true"
}
sim_status() {
	export CWMPD_STATE_DIR="$tmp/sim-status"
	while read -r p obj on off req mis; do
		status_is "$p" "$obj" "$on" || return 1
		spv_apply "$p" "${obj}Enable${TAB}false" && status_is "$p" "$obj" "$off" || return 1
		spv_apply "$p" "${obj}Enable${TAB}1" && status_is "$p" "$obj" "$on" || return 1
		[ "$req" = - ] && continue
		empty_fields "$p" "$obj" "$req" && status_is "$p" "$obj" "$mis" || return 1
		spv_apply "$p" "${obj}Enable${TAB}false" && status_is "$p" "$obj" "$off" || return 1
	done <<EOF
$STATUS_CASES
EOF
}
check "sim Status follows Enable (Enabled/Up, Disabled/Down, Error_Misconfigured and kin)" sim_status

# GenieACS's addObject flow: AddObject, then one set of Enable and the
# fields, each applied; Status is never written by a set.
sim_status_add() {
	export CWMPD_STATE_DIR="$tmp/sim-status-add"
	pm=Device.NAT.PortMapping.5.
	run nat add Device.NAT.PortMapping. 5 && run nat apply && status_is nat $pm Disabled || return 1
	spv_apply nat "${pm}Enable${TAB}true
${pm}InternalClient${TAB}192.168.1.20
${pm}InternalPort${TAB}22
${pm}ExternalPort${TAB}2222" && status_is nat $pm Enabled || return 1
	out=$(printf '%sStatus\tDisabled\n' "$pm" | run nat set) && { echo "Status written"; return 1; }
	[ "$out" = "${pm}Status${TAB}9005" ] || { echo "set Status: $out"; return 1; }
	spv_apply nat "${pm}Enable${TAB}false" && status_is nat $pm Disabled
}
check "sim nat: AddObject + set + apply gives Status Enabled, Status not writable" sim_status_add

# ---- OpenWrt -----------------------------------------------------------------

export CWMPD_PLATFORM=openwrt
export CWMPD_BIN="$src/tests/plugins/bin"
for p in $(map_plugins); do
	[ -f "$PLUGINS/$p" ] || { notok "openwrt $p: no scripts/plugins/$p"; continue; }
	export CWMPD_STATE_DIR="$tmp/ow-$p"
	export CWMPD_ROOT="$tmp/root-$p"
	cp -R "$src/tests/plugins/openwrt-root" "$CWMPD_ROOT"
	root=$(map_root "$p")
	if run "$p" get "$root" >"$tmp/get"; then
		check "openwrt $p get: every map.txt parameter of each instance" coverage "$p" "$tmp/get" empty-ok
		values_ok "openwrt $p get" "$tmp/get"
	else
		notok "openwrt $p get"
		continue
	fi
	# A plugin that writes no uci config (OW_CONFIGS) takes no sets here.
	wp= OWVAL= svc=$(plugin_var "$p" OW_SERVICES)
	[ -z "$(plugin_var "$p" OW_CONFIGS)" ] || ow_set_target "$p" "$tmp/get" >"$tmp/target"
	[ -s "$tmp/target" ] && IFS="$TAB" read -r wp OWVAL <"$tmp/target"
	rm -f "$tmp/target"
	if [ -n "$wp" ]; then
		ow_spv_apply() {
			rm -rf "$tmp/cfg-set" && cp -R "$CWMPD_ROOT/etc/config" "$tmp/cfg-set"
			printf '%s\t%s\n' "$wp" "$OWVAL" | run "$p" set || return 1
			configs_same "$CWMPD_ROOT/etc/config" "$tmp/cfg-set" || { echo "committed before apply"; return 1; }
			run "$p" apply >"$tmp/units" || return 1
			for _s in $svc; do
				if ow_deferred "$_s"; then
					grep -qx "init:$_s${TAB}deferred" "$tmp/units" || { echo "$_s not deferred"; return 1; }
					! grep -q "^$_s reload" "$CWMPD_ROOT/init.log" 2>/dev/null || { echo "$_s reloaded"; return 1; }
				else
					grep -q "^$_s reload" "$CWMPD_ROOT/init.log" || { echo "no $_s reload"; return 1; }
				fi
			done
			run "$p" apply-deferred >/dev/null || return 1
			for _s in $svc; do
				grep -q "^$_s reload" "$CWMPD_ROOT/init.log" || { echo "no $_s reload"; return 1; }
			done
			run "$p" get "$root" >"$tmp/g1"
			got=$(value_of "$tmp/g1" "$wp")
			[ "$got" = "$OWVAL" ] || { echo "got '$got'"; return 1; }
		}
		check "openwrt $p set+apply through uci ($wp)" ow_spv_apply
		ow_unknown() {
			cp -R "$CWMPD_ROOT/etc/config" "$tmp/cfg-before"
			out=$(printf '%s\tx\n%s\ty\n' "$wp" "${root}NoSuchParam" | run "$p" set) && { echo "exit 0"; return 1; }
			[ "$out" = "${root}NoSuchParam${TAB}9005" ] || { echo "output: $out"; return 1; }
			[ ! -d "$CWMPD_ROOT/etc/config/.staged" ] || [ -z "$(ls "$CWMPD_ROOT/etc/config/.staged")" ] || { echo "uci delta left"; return 1; }
			diff -r "$CWMPD_ROOT/etc/config" "$tmp/cfg-before"
		}
		check "openwrt $p set: unknown path gives 9005, uci untouched" ow_unknown
		rm -rf "$tmp/cfg-before"
		ow_revert() {
			printf '%s\tnever\n' "$wp" | run "$p" set || return 1
			run "$p" revert && run "$p" apply || return 1
			run "$p" get "$wp" >"$tmp/g2"
			[ "$(value_of "$tmp/g2" "$wp")" = "$OWVAL" ]
		}
		check "openwrt $p revert (uci revert)" ow_revert
	else
		skip "openwrt $p set: nothing writable (yet)"
	fi
done

# A wired-only router: no wifi section, the wireless config missing or
# empty. The tables are empty and their counters 0 -- not "" (awk prints a
# counter never set as ""), which is no unsignedInt.
ow_wired_only() {
	export CWMPD_STATE_DIR="$tmp/ow-wired" CWMPD_ROOT="$tmp/root-wired"
	cp -R "$src/tests/plugins/openwrt-root" "$CWMPD_ROOT" || return 1
	want=$(printf 'Device.WiFi.%sNumberOfEntries\t0\n' AccessPoint Radio SSID)
	for how in missing empty; do
		if [ $how = missing ]; then rm -f "$CWMPD_ROOT/etc/config/wireless"; else : >"$CWMPD_ROOT/etc/config/wireless"; fi
		run wifi get Device.WiFi. >"$tmp/wired-$how" || { echo "$how wireless config: get failed"; return 1; }
		[ "$(sort "$tmp/wired-$how")" = "$want" ] || { echo "$how wireless config:"; cat "$tmp/wired-$how"; return 1; }
	done
}
check "openwrt wifi on a wired-only router (wireless config missing or empty): counters 0" ow_wired_only
values_ok "openwrt wifi get on a wired-only router" "$tmp/wired-empty"

# One write over ip, dns and routing, which all stage in uci's network
# config, as cwmpd runs it: each plugin's revert before its set gets the
# units the earlier ones did (so network is reverted once and nothing
# staged is dropped), the applies likewise (one commit, one deferred
# network reload), then apply-deferred reloads network once.
ow_shared_config() {
	export CWMPD_STATE_DIR="$tmp/ow-shared" CWMPD_ROOT="$tmp/root-shared"
	cp -R "$src/tests/plugins/openwrt-root" "$CWMPD_ROOT" || return 1
	for p in ip dns routing; do run "$p" get Device. >/dev/null || return 1; done
	: >"$tmp/done"
	for p in ip dns routing; do
		run_units "$p" revert <"$tmp/done" >>"$tmp/done" || return 1
		case $p in
		ip) printf 'Device.IP.Interface.1.IPv4Address.1.IPAddress\t192.168.1.2\n' ;;
		dns) printf 'Device.DNS.Client.Server.1.DNSServer\t192.0.2.53\n' ;;
		routing) printf 'Device.Routing.Router.1.IPv4Forwarding.1.GatewayIPAddress\t192.168.1.253\n' ;;
		esac | run "$p" set || { echo "$p set"; return 1; }
	done
	[ "$(cat "$tmp/done")" = "uci:network${TAB}reverted" ] || { echo "reverts: $(cat "$tmp/done")"; return 1; }
	: >"$tmp/done"
	for p in ip dns routing; do run_units "$p" apply <"$tmp/done" >>"$tmp/done" || return 1; done
	[ "$(cat "$tmp/done")" = "$(printf 'uci:network\tapplied\ninit:network\tdeferred')" ] ||
		{ echo "applies: $(cat "$tmp/done")"; return 1; }
	[ "$(grep -c '^commit network' "$CWMPD_ROOT/uci.log")" = 1 ] || { echo "commits"; return 1; }
	! grep -q reload "$CWMPD_ROOT/init.log" 2>/dev/null || { echo "reloaded before apply-deferred"; return 1; }
	run ip apply-deferred >/dev/null && run_units dns apply-deferred <"$tmp/done" >/dev/null || return 1
	[ "$(cat "$CWMPD_ROOT/init.log")" = "network reload" ] || { echo "reloads: $(cat "$CWMPD_ROOT/init.log")"; return 1; }
	f=$CWMPD_ROOT/etc/config/network
	grep -q "^network.lan.ipaddr='192.168.1.2'" "$f" && grep -q "'192.0.2.53'" "$f" &&
		grep -q "gateway='192.168.1.253'" "$f" || { echo "not all in uci:"; cat "$f"; return 1; }
}
check "openwrt ip, dns and routing in one write: network reverted, committed and reloaded once" ow_shared_config

# What uci cannot take fails the set. A value with a newline or a CR (uci
# show would print it raw) is 9007; a uci error (here: an option of a
# section that is gone) is exit 1 without fault lines, with the config
# reverted. Values reach uci on stdin only: uci.log (its argv) has none.
ow_uci_errors() {
	export CWMPD_STATE_DIR="$tmp/ow-errors" CWMPD_ROOT="$tmp/root-errors"
	cp -R "$src/tests/plugins/openwrt-root" "$CWMPD_ROOT" || return 1
	t=Device.Routing.Router.1.IPv4Forwarding.
	run routing get Device.Routing. >/dev/null || return 1
	for v in 'a\nb' "a$(printf '\r')b"; do
		out=$(printf '%s1.GatewayIPAddress\t%s\n' $t "$v" | run routing set) && { echo "exit 0"; return 1; }
		[ "$out" = "${t}1.GatewayIPAddress${TAB}9007" ] || { echo "output: $out"; return 1; }
	done
	sec=$(awk -F "$TAB" '$1 == 1 { print $2 }' "$CWMPD_STATE_DIR/instances/routing")
	grep -v "^network\.$sec[.=]" "$CWMPD_ROOT/etc/config/network" >"$tmp/net" &&
		cp "$tmp/net" "$CWMPD_ROOT/etc/config/network"
	out=$(printf '%s1.GatewayIPAddress\t192.168.1.9\n' $t | run routing set 2>"$tmp/err") && { echo "exit 0"; return 1; }
	[ -z "$out" ] || { echo "output: $out"; return 1; }
	grep -q "uci batch: uci: Invalid argument" "$tmp/err" || { echo "stderr: $(cat "$tmp/err")"; return 1; }
	[ -z "$(ls "$CWMPD_ROOT/etc/config/.staged" 2>/dev/null)" ] || { echo "uci delta left"; return 1; }
	! grep -q "192.168.1.9" "$CWMPD_ROOT/uci.log" || { echo "a value in uci's argv"; return 1; }
	grep -q "^batch" "$CWMPD_ROOT/uci.log" || { echo "no uci batch"; return 1; }
}
check "openwrt set: a newline or CR is 9007; a uci error fails the set and reverts; values never in uci's argv" ow_uci_errors

# No plugin hands uci a value in its argv: only ow_uci (uci batch) stages.
ow_no_argv_values() {
	! grep -nE '(^|[^_])uci +(-q +)?(set|add_list|del_list|rename) +"[^"]*=[^"]*\$' "$PLUGINS"/*
}
check "openwrt plugins: no uci set/add_list with a \$value in argv" ow_no_argv_values

# A radio without a country reads the world domain "00 " (3 characters, as
# TR-181 wants); MaxAllowedAssociations 0 (what no maxassoc reads as)
# removes the option rather than writing hostapd's "no station at all".
ow_wifi_defaults() {
	export CWMPD_STATE_DIR="$tmp/ow-wifi-d" CWMPD_ROOT="$tmp/root-wifi-d"
	cp -R "$src/tests/plugins/openwrt-root" "$CWMPD_ROOT" || return 1
	sed -i '/^wireless.radio1.country=/d' "$CWMPD_ROOT/etc/config/wireless"
	run wifi get Device.WiFi. >"$tmp/wd" || return 1
	[ "$(value_of "$tmp/wd" Device.WiFi.Radio.2.RegulatoryDomain)" = "00 " ] || { echo "no 00"; return 1; }
	[ "$(value_of "$tmp/wd" Device.WiFi.Radio.1.RegulatoryDomain)" = "DE " ] || { echo "no DE"; return 1; }
	a=Device.WiFi.AccessPoint.
	printf '%s1.MaxAllowedAssociations\t12\n%s2.MaxAllowedAssociations\t0\n' $a $a |
		run wifi set && run wifi apply || return 1
	printf '%s1.MaxAllowedAssociations\t0\n' $a | run wifi set && run wifi apply || return 1
	! grep -q maxassoc "$CWMPD_ROOT/etc/config/wireless" || { grep maxassoc "$CWMPD_ROOT/etc/config/wireless"; return 1; }
}
check "openwrt wifi: RegulatoryDomain 00 without a country; MaxAllowedAssociations 0 = no maxassoc" ow_wifi_defaults

# NAT: add/delete through uci and the instance mapping.
ow_nat_add() {
	export CWMPD_STATE_DIR="$tmp/ow-nat" CWMPD_ROOT="$tmp/root-nat"
	run nat add Device.NAT.PortMapping. 9 && run nat apply || return 1
	run nat get Device.NAT. >"$tmp/g5"
	[ "$(value_of "$tmp/g5" Device.NAT.PortMappingNumberOfEntries)" = 3 ] || { echo "count"; return 1; }
	grep -q '^Device.NAT.PortMapping.9.Enable	false' "$tmp/g5" || { echo "no instance 9"; return 1; }
	printf 'Device.NAT.PortMapping.9.ExternalPort\t2222\nDevice.NAT.PortMapping.9.InternalClient\t192.168.1.10\n' | run nat set &&
		run nat apply || return 1
	grep -q "src_dport='2222'" "$CWMPD_ROOT/etc/config/firewall" || { echo "not in uci"; return 1; }
	run nat delete Device.NAT.PortMapping.1. && run nat apply || return 1
	run nat get Device.NAT. >"$tmp/g6"
	grep -q '^Device.NAT.PortMapping.1\.' "$tmp/g6" && { echo "1 still there"; return 1; }
	grep -q '^Device.NAT.PortMapping.2.Description' "$tmp/g6" || { echo "2 renumbered"; return 1; }
	grep -q '^Device.NAT.PortMapping.9.ExternalPort	2222' "$tmp/g6"
}
check "openwrt nat add/delete (stable instance numbers)" ow_nat_add

ow_dhcp_add() {
	export CWMPD_STATE_DIR="$tmp/ow-dhcpv4" CWMPD_ROOT="$tmp/root-dhcpv4"
	t=Device.DHCPv4.Server.Pool.1.StaticAddress.
	run dhcpv4 add $t 5 && run dhcpv4 apply || return 1
	printf '%s5.Chaddr\t02:00:00:00:00:05\n%s5.Yiaddr\t192.168.1.55\n' $t $t | run dhcpv4 set && run dhcpv4 apply || return 1
	run dhcpv4 get Device.DHCPv4. >"$tmp/g7"
	[ "$(value_of "$tmp/g7" Device.DHCPv4.Server.Pool.1.StaticAddressNumberOfEntries)" = 2 ] || { echo count; return 1; }
	grep -q "^${t}5.Yiaddr	192.168.1.55" "$tmp/g7" || { echo "no 5"; return 1; }
	printf 'Device.DHCPv4.Server.Pool.1.MinAddress\t192.168.1.50\n' | run dhcpv4 set && run dhcpv4 apply || return 1
	run dhcpv4 get Device.DHCPv4.Server.Pool.1. >"$tmp/g8"
	[ "$(value_of "$tmp/g8" Device.DHCPv4.Server.Pool.1.MinAddress)" = 192.168.1.50 ] &&
		[ "$(value_of "$tmp/g8" Device.DHCPv4.Server.Pool.1.MaxAddress)" = 192.168.1.249 ] || { echo range; return 1; }
	run dhcpv4 delete ${t}5. && run dhcpv4 apply || return 1
	run dhcpv4 get Device.DHCPv4. | grep -q "^${t}5\." && return 1
	return 0
}
check "openwrt dhcpv4 add/delete StaticAddress, pool range" ow_dhcp_add

ow_route_add() {
	export CWMPD_STATE_DIR="$tmp/ow-routing" CWMPD_ROOT="$tmp/root-routing"
	t=Device.Routing.Router.1.IPv4Forwarding.
	before=$(run routing get Device.Routing. | value_of /dev/stdin Device.Routing.Router.1.IPv4ForwardingNumberOfEntries)
	run routing add $t 40 && run routing apply || return 1
	printf '%s40.DestIPAddress\t10.20.0.0\n%s40.DestSubnetMask\t255.255.0.0\n' $t $t | run routing set && run routing apply || return 1
	run routing get Device.Routing. >"$tmp/g9"
	[ "$(value_of "$tmp/g9" Device.Routing.Router.1.IPv4ForwardingNumberOfEntries)" = $((before + 1)) ] || { echo count; return 1; }
	grep -q "^${t}40.DestIPAddress	10.20.0.0" "$tmp/g9" || { echo "no 40"; return 1; }
	run routing delete ${t}40. && run routing apply || return 1
	run routing get Device.Routing. | grep -q "^${t}40\." && return 1
	run routing delete ${t}2. 2>/dev/null && { echo "deleted a kernel route"; return 1; }
	return 0
}
check "openwrt routing add/delete static route" ow_route_add

# system reboot / factory-reset through the fake commands.
ow_system() {
	export CWMPD_STATE_DIR="$tmp/ow-system" CWMPD_ROOT="$tmp/root-system"
	cp -R "$src/tests/plugins/openwrt-root" "$CWMPD_ROOT"
	[ -x "$CWMPD_BIN/reboot" ] || { echo "no fake reboot"; return 1; }
	run system identity >/dev/null || return 1
	run system reboot || return 1
	[ "$(cat "$CWMPD_ROOT/init.log")" = "reboot " ] || { echo "log: $(cat "$CWMPD_ROOT/init.log")"; return 1; }
	rm -f "$CWMPD_ROOT/init.log"
	run system factory-reset || return 1
	[ "$(cat "$CWMPD_ROOT/init.log")" = "$(printf 'firstboot -y\nreboot ')" ] ||
		{ echo "log: $(cat "$CWMPD_ROOT/init.log")"; return 1; }
	touch "$CWMPD_ROOT/reboot.fail"
	run system reboot 2>/dev/null && { echo "a failed reboot exits 0"; return 1; }
	return 0
}
check "openwrt system reboot and factory-reset (firstboot -y, reboot)" ow_system

# deviceinfo: ProcessStatus.Process.{i} is numbered by PID, so an instance
# keeps its meaning from one read to the next (fixtures 1, 812 and 4711:
# /proc lists them as 1 4711 812); a process that exits between the
# listing and the read (a dangling stat) is skipped, not the end of it.
ow_process_by_pid() {
	export CWMPD_STATE_DIR="$tmp/ow-proc" CWMPD_ROOT="$tmp/root-proc"
	cp -R "$src/tests/plugins/openwrt-root" "$CWMPD_ROOT"
	mkdir -p "$CWMPD_ROOT/proc/4711" "$CWMPD_ROOT/proc/999"
	sed 's/^812 (dnsmasq) S 1 812 812/4711 (uhttpd) R 1 4711 4711/' "$CWMPD_ROOT/proc/812/stat" \
		>"$CWMPD_ROOT/proc/4711/stat"
	ln -s gone "$CWMPD_ROOT/proc/999/stat"
	run deviceinfo get Device.DeviceInfo.ProcessStatus. >"$tmp/proc.out" || return 1
	pp=Device.DeviceInfo.ProcessStatus
	for pid in 1 812 4711; do
		[ "$(value_of "$tmp/proc.out" "$pp.Process.$pid.PID")" = "$pid" ] ||
			{ echo "no Process.$pid:"; cat "$tmp/proc.out"; return 1; }
	done
	[ "$(value_of "$tmp/proc.out" "$pp.Process.4711.Command")" = uhttpd ] &&
		[ "$(value_of "$tmp/proc.out" "$pp.Process.4711.State")" = Running ] &&
		[ "$(grep -c "^$pp[.]Process[.][0-9]*[.]PID$TAB" "$tmp/proc.out")" = 3 ] &&
		[ "$(value_of "$tmp/proc.out" "$pp.ProcessNumberOfEntries")" = 3 ] ||
		{ cat "$tmp/proc.out"; return 1; }
}
check "openwrt deviceinfo: Process.{i} numbered by PID; a process gone meanwhile skipped" ow_process_by_pid

# deviceinfo on the live /proc, run by a script as cwmpd would run it,
# with another child of that script running beside it (another plugin):
# the plugin's own process is never listed, its parent is; when the parent
# is cwmpd (its command is "cwmpd"), cwmpd's other children are left out
# too, else they are listed. Every instance number is its PID.
ow_process_own() {
	[ -r /proc/self/stat ] || { echo "no /proc here"; return 1; }
	export CWMPD_STATE_DIR="$tmp/ow-live" CWMPD_ROOT="$tmp/root-live"
	cp -R "$src/tests/plugins/openwrt-root" "$CWMPD_ROOT"
	rm -rf "$CWMPD_ROOT/proc" && ln -s /proc "$CWMPD_ROOT/proc"
	mkdir -p "$tmp/live"
	pp=Device.DeviceInfo.ProcessStatus
	for name in cwmpd other; do
		w=$tmp/live/$name
		cat >"$w" <<EOF
#!/bin/sh
sleep 30 &
echo \$! >"$w.sibling"
$SH "$PLUGINS/deviceinfo" get $pp. >"$w.out" &
echo \$! >"$w.plugin"
wait \$!
rc=\$?
kill "\$(cat "$w.sibling")"
echo \$\$ >"$w.self"
exit \$rc
EOF
		chmod +x "$w"
		"$w" || { echo "$name: the plugin failed"; return 1; }
		awk -F "$TAB" -v pp="$pp" '
		index($1, pp ".Process.") == 1 && $1 ~ /[.]PID$/ {
			n = $1; sub(/^.*[.]Process[.]/, "", n); sub(/[.]PID$/, "", n)
			if (n != $2) { print "Process." n ".PID is " $2; bad = 1 }
		}
		END { exit bad }' "$w.out" || return 1
		[ -n "$(value_of "$w.out" "$pp.Process.$(cat "$w.self").PID")" ] ||
			{ echo "$name: its parent is not listed"; return 1; }
		[ -z "$(value_of "$w.out" "$pp.Process.$(cat "$w.plugin").PID")" ] ||
			{ echo "$name: the plugin lists itself"; return 1; }
		sib=$(value_of "$w.out" "$pp.Process.$(cat "$w.sibling").PID")
		if [ "$name" = cwmpd ]; then
			[ -z "$sib" ] || { echo "cwmpd's other plugin is listed"; return 1; }
		else
			[ -n "$sib" ] || { echo "$name: a process beside the plugin is not listed"; return 1; }
		fi
	done
}
check "openwrt deviceinfo on the live /proc: the plugin and cwmpd's other plugins left out, cwmpd listed" ow_process_own

# firmware: firmware-apply and config-apply, sim and openwrt.
sim_firmware() {
	export CWMPD_PLATFORM=sim CWMPD_STATE_DIR="$tmp/sim-firmware"
	sd=$CWMPD_STATE_DIR/sim
	mkdir -p "$tmp/fw"
	printf 'CWMPD-SIM-FIRMWARE 2.0.0\nrest of the image\n' >"$tmp/fw/good"
	run firmware firmware-apply "$tmp/fw/good" >"$tmp/fw/out" || { echo "good image refused"; return 1; }
	[ "$(cat "$tmp/fw/out")" = "version${TAB}2.0.0" ] || { echo "out: $(cat "$tmp/fw/out")"; return 1; }
	[ "$(cat "$sd/firmware.pending")" = 2.0.0 ] || { echo "pending"; return 1; }
	rm -f "$sd/firmware.pending"
	for bad in 'not an image' 'CWMPD-SIM-FIRMWARE ' 'CWMPD-SIM-FIRMWARE 1$(id)' 'cwmpd-sim-firmware 2.0.0'; do
		printf '%s\n' "$bad" >"$tmp/fw/bad"
		run firmware firmware-apply "$tmp/fw/bad" 2>/dev/null
		[ $? -eq 1 ] || { echo "accepted: $bad"; return 1; }
	done
	: >"$tmp/fw/empty"
	run firmware firmware-apply "$tmp/fw/empty" 2>/dev/null
	[ $? -eq 1 ] && [ ! -f "$sd/firmware.pending" ] || { echo "empty image"; return 1; }
	printf 'CWMPD-SIM-FIRMWARE 3.0 beta' >"$tmp/fw/nonl"
	run firmware firmware-apply "$tmp/fw/nonl" >/dev/null && [ "$(cat "$sd/firmware.pending")" = "3.0 beta" ] ||
		{ echo "image without a newline"; return 1; }
	printf 'a=1\nb\t2\n' >"$tmp/fw/conf"
	run firmware config-export "$tmp/fw/exp0" && grep -q '^# firmware.pending' "$tmp/fw/exp0" ||
		{ echo "export of the store"; return 1; }
	run firmware config-apply "$tmp/fw/conf" </dev/null && cmp -s "$tmp/fw/conf" "$sd/vendor.conf" || { echo "config"; return 1; }
	run firmware config-export "$tmp/fw/exp1" && cmp -s "$tmp/fw/conf" "$tmp/fw/exp1" || { echo "export"; return 1; }
	run firmware log-export "$tmp/fw/log" && [ -s "$tmp/fw/log" ] || { echo "log-export"; return 1; }
	run firmware config-apply "$tmp/fw/empty" </dev/null 2>/dev/null
	[ $? -eq 1 ] || { echo "empty config accepted"; return 1; }
	run firmware firmware-apply "$tmp/fw/missing" 2>/dev/null
	[ $? -eq 2 ] || { echo "missing file"; return 1; }
	run firmware flash "$tmp/fw/good" 2>/dev/null
	[ $? -eq 2 ]
}
check "sim firmware: firmware-apply (pending version), bad images exit 1, config-apply/-export, log-export" sim_firmware

# config-apply lists the file in DeviceInfo.VendorConfigFile: a new name
# gets a new instance (past the highest ever handed out), the same name
# updates its Date; the name is cut at 64 characters.
sim_vendor_config_file() {
	export CWMPD_PLATFORM=sim CWMPD_STATE_DIR="$tmp/sim-vcf"
	vcf=Device.DeviceInfo.VendorConfigFile
	mkdir -p "$tmp/vcf" "$CWMPD_STATE_DIR"
	printf 'a=1\n' >"$tmp/vcf/conf"
	printf 'Device.DeviceInfo.VendorConfigFile.\t4\n' >"$CWMPD_STATE_DIR/instance-counters"
	printf 'name\tsite-a.cfg\n' | run firmware config-apply "$tmp/vcf/conf" || { echo "apply 1"; return 1; }
	run deviceinfo get "$vcf." >"$tmp/vcf/get1" || return 1
	[ "$(value_of "$tmp/vcf/get1" "$vcf.1.Name")" = factory.conf ] || { echo "seed lost"; return 1; }
	[ "$(value_of "$tmp/vcf/get1" "$vcf.5.Name")" = site-a.cfg ] || { echo "no instance 5"; cat "$tmp/vcf/get1"; return 1; }
	[ "$(value_of "$tmp/vcf/get1" "$vcf.5.Version")" = "" ] || { echo "version"; return 1; }
	d1=$(value_of "$tmp/vcf/get1" "$vcf.5.Date")
	case $d1 in
	20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z) ;;
	*) echo "date: $d1"; return 1 ;;
	esac
	run deviceinfo get Device.DeviceInfo. >"$tmp/vcf/all" || return 1
	[ "$(value_of "$tmp/vcf/all" Device.DeviceInfo.VendorConfigFileNumberOfEntries)" = 2 ] || { echo "count"; return 1; }
	# The same name again: the same instance, no new one.
	printf 'name\tsite-a.cfg\n' | run firmware config-apply "$tmp/vcf/conf" || { echo "apply 2"; return 1; }
	run deviceinfo get "$vcf." >"$tmp/vcf/get2" || return 1
	[ "$(grep -c "^$vcf[.][0-9]*[.]Name$TAB" "$tmp/vcf/get2")" = 2 ] || { echo "a second instance"; return 1; }
	# A long name with a tab and a backslash, escaped on both sides.
	long=$(printf 'x%.0s' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60)
	printf 'name\tb\\\\c\\td%s\n' "$long" | run firmware config-apply "$tmp/vcf/conf" || { echo "apply 3"; return 1; }
	run deviceinfo get "$vcf." >"$tmp/vcf/get3" || return 1
	[ "$(value_of "$tmp/vcf/get3" "$vcf.6.Name")" = "b\\\\c\\td$(printf '%.59s' "$long")" ] ||
		{ echo "long name: $(value_of "$tmp/vcf/get3" "$vcf.6.Name")"; return 1; }
	# No name: an instance with an empty Name (TargetFileName was empty too).
	run firmware config-apply "$tmp/vcf/conf" </dev/null || { echo "apply 4"; return 1; }
	run deviceinfo get "$vcf." >"$tmp/vcf/get4" || return 1
	[ "$(grep -c "^$vcf[.]7[.]Name$TAB\$" "$tmp/vcf/get4")" = 1 ] || { echo "no nameless instance"; return 1; }
}
check "sim firmware config-apply: DeviceInfo.VendorConfigFile updated or added by name" sim_vendor_config_file

ow_firmware() {
	export CWMPD_PLATFORM=openwrt CWMPD_STATE_DIR="$tmp/ow-firmware" CWMPD_ROOT="$tmp/root-firmware"
	mkdir -p "$CWMPD_ROOT" "$tmp/owfw/etc"
	printf 'OPENWRT-TEST-IMAGE\n' >"$tmp/owfw/good.bin"
	run firmware firmware-apply "$tmp/owfw/good.bin" >"$tmp/owfw/out" || { echo "good image refused"; return 1; }
	[ "$(cat "$CWMPD_ROOT/init.log")" = "$(printf 'sysupgrade -T %s\nsysupgrade %s' "$tmp/owfw/good.bin" "$tmp/owfw/good.bin")" ] ||
		{ echo "log: $(cat "$CWMPD_ROOT/init.log")"; return 1; }
	[ ! -s "$tmp/owfw/out" ] || { echo "a version without metadata: $(cat "$tmp/owfw/out")"; return 1; }
	rm -f "$CWMPD_ROOT/init.log"
	# With fwtool metadata: the version line, as the system plugin makes it.
	printf 'OPENWRT-TEST-IMAGE\nMETA 23.05.3 r23809-234f1a2efa\n' >"$tmp/owfw/meta.bin"
	run firmware firmware-apply "$tmp/owfw/meta.bin" >"$tmp/owfw/out" || { echo "meta image refused"; return 1; }
	[ "$(cat "$tmp/owfw/out")" = "$(printf 'version\t23.05.3-r23809-234f1a2efa')" ] ||
		{ echo "version: $(cat "$tmp/owfw/out")"; return 1; }
	rm -f "$CWMPD_ROOT/init.log"
	printf 'garbage\n' >"$tmp/owfw/bad.bin"
	run firmware firmware-apply "$tmp/owfw/bad.bin" 2>/dev/null
	[ $? -eq 1 ] || { echo "bad image accepted"; return 1; }
	[ "$(cat "$CWMPD_ROOT/init.log")" = "sysupgrade -T $tmp/owfw/bad.bin" ] || { echo "flashed a bad image"; return 1; }
	rm -f "$CWMPD_ROOT/init.log"
	echo "option x 1" >"$tmp/owfw/etc/config"
	(cd "$tmp/owfw" && tar -czf backup.tar.gz etc) || return 1
	mkdir -p "$CWMPD_STATE_DIR"
	echo current >"$CWMPD_STATE_DIR/transfers"
	printf 'name\tbackup.tar.gz\n' | run firmware config-apply "$tmp/owfw/backup.tar.gz" ||
		{ echo "backup refused"; return 1; }
	[ "$(cat "$CWMPD_ROOT/init.log")" = "$(printf 'sysupgrade -r %s\nreload_config' "$tmp/owfw/backup.tar.gz")" ] ||
		{ echo "log: $(cat "$CWMPD_ROOT/init.log")"; return 1; }
	# The backup's old copy of the state dir did not replace the state.
	[ "$(cat "$CWMPD_STATE_DIR/transfers")" = current ] && [ ! -e "$CWMPD_STATE_DIR/pending-op" ] ||
		{ echo "state dir clobbered by the restore"; ls -la "$CWMPD_STATE_DIR"; return 1; }
	(export CWMPD_ROOT="$tmp/root-deviceinfo" && run deviceinfo get Device.DeviceInfo.) >"$tmp/owfw/di" ||
		{ echo "deviceinfo get"; return 1; }
	[ "$(value_of "$tmp/owfw/di" Device.DeviceInfo.VendorConfigFileNumberOfEntries)" = 1 ] &&
		[ "$(value_of "$tmp/owfw/di" Device.DeviceInfo.VendorConfigFile.1.Name)" = backup.tar.gz ] &&
		[ -n "$(value_of "$tmp/owfw/di" Device.DeviceInfo.VendorConfigFile.1.Date)" ] ||
		{ echo "VendorConfigFile:"; grep VendorConfig "$tmp/owfw/di"; return 1; }
	run firmware config-apply "$tmp/owfw/bad.bin" </dev/null 2>/dev/null
	[ $? -eq 1 ] || { echo "bad backup accepted"; return 1; }
	rm -f "$CWMPD_ROOT/init.log"
	run firmware config-export "$tmp/owfw/out.tar.gz" &&
		[ "$(cat "$CWMPD_ROOT/init.log")" = "sysupgrade -b $tmp/owfw/out.tar.gz" ] || { echo "config-export"; return 1; }
	run firmware log-export "$tmp/owfw/log" && grep -q 'session done' "$tmp/owfw/log"
}
check "openwrt firmware: sysupgrade -T then sysupgrade; config-apply/-export = sysupgrade -r/-b; logread" ow_firmware
export CWMPD_PLATFORM=openwrt

# ---- the batch runner ----------------------------------------------------------

# batch_parts FILE DIR: the runner's output FILE split into DIR/NAME (the
# part, the runner's LF before the end line taken off) and DIR/NAME.status.
batch_parts() {
	rm -rf "$2" && mkdir -p "$2"
	awk -v dir="$2" '
	/^\036begin / { name = substr($0, 8); f = dir "/" name; n = 0; printf "" > f; next }
	/^\036end / && name != "" {
		split($0, a, " ")
		for (i = 1; i < n; i++) print L[i] > f
		close(f)
		print a[3] > (f ".status"); close(f ".status")
		name = ""; next
	}
	name != "" { L[++n] = $0 }' "$1"
}

# batch_same PLATFORM [reverse]: on the fixtures (sim: a fresh store and
# a fixed clock; openwrt: the fixture root), each plugin's part of one
# batch of every plugin, in map order or reversed, is what the plugin's
# own get prints afterwards (the clock's CurrentLocalTime aside), with
# status 0; the snapshot is gone afterwards and no plugin left any file in
# TMPDIR. The orders tell a plugin's awk globals leaking into the next's
# apart.
batch_same() {
	export CWMPD_PLATFORM=$1 CWMPD_STATE_DIR="$tmp/batch-$1" CWMPD_ROOT="$tmp/root-batch-$1"
	export CWMPD_PLUGIN_DIR="$PLUGINS" CWMPD_SIM_NOW=1800000000 TMPDIR="$tmp/batch-tmp"
	rm -rf "$CWMPD_STATE_DIR" "$CWMPD_ROOT" "$TMPDIR" && mkdir -p "$TMPDIR"
	cp -R "$src/tests/plugins/openwrt-root" "$CWMPD_ROOT"
	set --
	for p in $(map_plugins); do set -- "$@" "$p" "$(map_root "$p")"; done
	[ "${2-}" != reverse ] || set -- $(printf '%s %s\n' "$@" | sort -r)
	# The batch first, on a fresh store and fresh instance numbers (every
	# reference to another table there at once), then each alone.
	$SH "$CWMPD_LIB/batch.sh" get "$@" >"$tmp/batch.out" || { echo "batch.sh failed"; return 1; }
	for p in $(map_plugins); do
		run "$p" get "$(map_root "$p")" | grep -v CurrentLocalTime >"$tmp/alone-$p" ||
			{ echo "$p get failed"; return 1; }
	done
	batch_parts "$tmp/batch.out" "$tmp/parts"
	for p in $(map_plugins); do
		[ "$(cat "$tmp/parts/$p.status" 2>/dev/null)" = 0 ] || { echo "$p: no part, or status not 0"; return 1; }
		grep -v CurrentLocalTime "$tmp/parts/$p" | diff "$tmp/alone-$p" - ||
			{ echo "$p: the batch's part differs"; return 1; }
	done
	# The snapshot goes in the background, once the runner has answered.
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		[ -z "$(ls -A "$TMPDIR")" ] && break
		sleep 0.2
	done
	[ -z "$(ls -A "$TMPDIR")" ] || { echo "left in TMPDIR: $(ls -A "$TMPDIR")"; return 1; }
	unset CWMPD_PLUGIN_DIR CWMPD_SIM_NOW TMPDIR
}
for platform in sim openwrt; do
	check "$platform batch.sh: each plugin's part is its own get, in map order" batch_same $platform
	check "$platform batch.sh: each plugin's part is its own get, in reverse order" batch_same $platform reverse
done
export CWMPD_PLATFORM=openwrt

# A plugin that is not batchable (no mark on its third line, or no file)
# gets no part, so cwmpd runs it alone; one whose get fails gets an empty
# part with its status; the others are still there.
batch_skips() {
	export CWMPD_PLATFORM=openwrt CWMPD_STATE_DIR="$tmp/batch-skip" CWMPD_ROOT="$tmp/root-batch-skip"
	cp -R "$src/tests/plugins/openwrt-root" "$CWMPD_ROOT"
	mkdir -p "$tmp/skip-plugins"
	cp "$PLUGINS/users" "$PLUGINS/hosts" "$tmp/skip-plugins/"
	printf '#!/bin/sh\n# SPDX-License-Identifier: BSD-2-Clause\n# wrapped\nexit 0\n' >"$tmp/skip-plugins/wrapped"
	sed '$i\
ow_get() { return 3; }' "$PLUGINS/users" >"$tmp/skip-plugins/failing"
	CWMPD_PLUGIN_DIR="$tmp/skip-plugins" $SH "$CWMPD_LIB/batch.sh" get wrapped Device.Users. \
		failing Device.Users. hosts Device.Hosts. missing Device.NAT. >"$tmp/skip.out" || return 1
	batch_parts "$tmp/skip.out" "$tmp/skip-parts"
	[ "$(cd "$tmp/skip-parts" && echo *)" = "failing failing.status hosts hosts.status" ] ||
		{ echo "parts: $(cd "$tmp/skip-parts" && echo *)"; return 1; }
	[ "$(cat "$tmp/skip-parts/failing.status")" = 3 ] && [ ! -s "$tmp/skip-parts/failing" ] &&
		[ "$(cat "$tmp/skip-parts/hosts.status")" = 0 ] && grep -q "^Device.Hosts.HostNumberOfEntries$TAB" "$tmp/skip-parts/hosts"
}
check "openwrt batch.sh: not batchable or missing gives no part, a failed get its status" batch_skips

# Names and prefixes that are not a plugin's: a path in the name, a name
# without a prefix, a prefix with a shell or awk character. None gets a
# part (so none is sourced), the good one after them does.
batch_bad_args() {
	export CWMPD_PLATFORM=openwrt CWMPD_STATE_DIR="$tmp/batch-bad" CWMPD_ROOT="$tmp/root-batch-skip"
	CWMPD_PLUGIN_DIR="$PLUGINS" $SH "$CWMPD_LIB/batch.sh" get ../plugins/users Device.Users. \
		nat hosts Device.Hosts. users 'Device.Users.$(id)' dns 'Device.DNS."' \
		ip Device.IP. >"$tmp/bad.out" || return 1
	batch_parts "$tmp/bad.out" "$tmp/bad-parts"
	[ "$(cd "$tmp/bad-parts" && echo *)" = "hosts hosts.status ip ip.status" ] ||
		{ echo "parts: $(cd "$tmp/bad-parts" && echo *)"; return 1; }
}
check "openwrt batch.sh: a name with a path or no prefix, a prefix with odd bytes: no part" batch_bad_args

# The one awk ending early (a plugin's program calls exit): the parts
# before are whole, that plugin's and the later ones have no end line (nor
# a begin line: what the program printed was still in emit's buffer), so
# cwmpd runs them alone.
batch_awk_exit() {
	export CWMPD_PLATFORM=openwrt CWMPD_STATE_DIR="$tmp/batch-exit" CWMPD_ROOT="$tmp/root-batch-skip"
	sed '$i\
ow_get() { cwmp_awk dies_get "function dies_get() { out(\\"Device.Users.UserNumberOfEntries\\", 1); exit 3 }"; }' \
		"$PLUGINS/users" >"$tmp/skip-plugins/dies"
	CWMPD_PLUGIN_DIR="$tmp/skip-plugins" $SH "$CWMPD_LIB/batch.sh" get users Device.Users. \
		dies Device.Users. hosts Device.Hosts. >"$tmp/exit.out" || return 1
	batch_parts "$tmp/exit.out" "$tmp/exit-parts"
	[ "$(cd "$tmp/exit-parts" && echo *)" = "users users.status" ] ||
		{ echo "parts: $(cd "$tmp/exit-parts" && echo *)"; return 1; }
	[ "$(cat "$tmp/exit-parts/users.status")" = 0 ] && grep -q "^Device.Users.UserNumberOfEntries$TAB" "$tmp/exit-parts/users"
}
check "openwrt batch.sh: the awk exiting in a plugin's program ends the parts there" batch_awk_exit

# The runner killed at cwmpd's time limit (SIGTERM to its process group)
# while a get waits: no snapshot file is left behind.
batch_killed() {
	export CWMPD_PLATFORM=openwrt CWMPD_STATE_DIR="$tmp/batch-kill" CWMPD_ROOT="$tmp/root-batch-skip"
	export TMPDIR="$tmp/kill-tmp"
	rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"
	sed '$i\
ow_get() { ow_snap_uci; sleep 30; }' "$PLUGINS/users" >"$tmp/skip-plugins/slow"
	CWMPD_PLUGIN_DIR="$tmp/skip-plugins" setsid $SH "$CWMPD_LIB/batch.sh" get hosts Device.Hosts. \
		slow Device.Users. >/dev/null &
	_pid=$!
	for _i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		[ -n "$(ls -A "$TMPDIR")" ] && break
		sleep 0.1
	done
	[ -n "$(ls -A "$TMPDIR")" ] || { echo "no snapshot was taken"; kill -KILL "-$_pid"; return 1; }
	kill -TERM "-$_pid"
	wait "$_pid"
	_rc=$?
	unset TMPDIR
	[ -z "$(ls -A "$tmp/kill-tmp")" ] || { echo "left in TMPDIR: $(ls -A "$tmp/kill-tmp")"; return 1; }
	[ "$_rc" -ne 0 ] || { echo "the killed runner exited 0"; return 1; }
}
if command -v setsid >/dev/null 2>&1; then
	check "openwrt batch.sh: killed at the time limit, the snapshot goes" batch_killed
else
	skip "openwrt batch.sh: killed at the time limit (no setsid)"
fi


echo "1..$n"
[ "$fails" -eq 0 ]
