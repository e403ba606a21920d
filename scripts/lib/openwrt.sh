# SPDX-License-Identifier: BSD-2-Clause
# openwrt.sh: what the plugins share on the openwrt platform. Sourced after
# cwmp.sh. Commands (uci, ubus, jsonfilter, iwinfo, /etc/init.d scripts) are
# looked up in PATH, with $CWMPD_BIN first when set (tests put fake commands
# there); files are read under $CWMPD_ROOT. A plugin defines:
#   ow_get                 print the lines of its subtree under the get's
#                          prefixes: one cwmp_awk (openwrt_get.sh)
#   OW_TABLES              its tables' instance numbers (map), as
#                          NAME[:CONFIG] (ow_maps_done)
#   ow_set_line PATH VALUE change one parameter with `ow_uci set KEY VALUE`
#                          (ow_uci below), or call ow_fault PATH CODE
#   ow_add TABLE. N / ow_delete TABLE.N.   (optional)
#   OW_CONFIGS             the uci configs it writes ("firewall wireless")
#   OW_SERVICES            the init scripts reloaded on apply
# set is all or none: every line is first checked with OW_DRY=1 (ow_uci
# does nothing then), and staged only when no line drew a fault. A value
# with a newline or a CR is refused (9007): `uci show` prints it raw, so it
# could not be read back. The changes of one set go to uci in one `uci
# batch` on stdin (values never in a command line); any uci error there
# reverts the plugin's configs and fails the set (exit 1 without fault
# lines: 9002). Changes stay in uci's delta (/tmp/.uci, RAM) until apply.
#
# Units (cwmp.sh, "Writes"): a config is "uci:CONFIG" (revert: uci revert;
# apply: uci commit), a service "init:SERVICE" (apply: its reload). The
# reload of a service in OW_DEFERRED is deferred to apply-deferred, after
# the session: network and firewall, whose reload can cut the way to the
# ACS.
[ -n "${OW_SH_LOADED-}" ] && return 0
OW_SH_LOADED=1
[ -n "${CWMPD_BIN-}" ] && PATH=$CWMPD_BIN:$PATH
OW_INST_DIR=$CWMPD_STATE_DIR/instances
OW_FAULTS=
OW_BATCH=
OW_UCI_FAILED=
OW_DEFERRED="network firewall"

ow_fault() {
	OW_FAULTS=$OW_FAULTS$1$cwmp_tab$2$cwmp_nl
}

# ow_uci set KEY VALUE | add_list KEY VALUE | delete KEY: one more line
# of the set's `uci batch` (nothing in the checking pass). KEY is built
# from uci's own names; VALUE goes single-quoted.
ow_uci() {
	[ "${OW_DRY-}" = 1 ] && return 0
	case $1 in
	delete) OW_BATCH=$OW_BATCH"delete $2$cwmp_nl" ;;
	*)
		ow_quote "$3"
		OW_BATCH=$OW_BATCH"$1 $2=$OW_Q$cwmp_nl"
		;;
	esac
}

# ow_quote VALUE: sets OW_Q to VALUE single-quoted for uci batch (a quote
# inside is written '\'').
ow_quote() {
	_q=$1
	OW_Q=
	while :; do
		case $_q in
		*"'"*) ;;
		*) break ;;
		esac
		OW_Q=$OW_Q${_q%%"'"*}"'\\''"
		_q=${_q#*"'"}
	done
	OW_Q="'$OW_Q$_q'"
}

# ow_uci_flush: run the lines ow_uci gathered, in one `uci batch`. uci
# batch exits 0 whatever failed and says so on stderr only: anything there
# is a failure. Returns 1 (logged, OW_UCI_FAILED set) on one.
ow_uci_flush() {
	[ -n "$OW_BATCH" ] || return 0
	_err=$(uci batch 2>&1 >/dev/null <<EOF
$OW_BATCH
EOF
)
	_rc=$?
	OW_BATCH=
	[ $_rc = 0 ] && [ -z "$_err" ] && return 0
	cwmp_log "uci batch: ${_err:-exit status $_rc}"
	OW_UCI_FAILED=1
	return 1
}

# ow_uci_get KEY: uci -q get KEY, with what this set staged so far.
ow_uci_get() {
	ow_uci_flush
	uci -q get "$1"
}

# ow_uci_show CONFIG: "section<TAB>option<TAB>value" lines (option empty on
# the line that gives the section's type as value), unquoted, values escaped
# per the protocol, with what this set staged so far. Lists come out with
# their items joined by a blank.
ow_uci_show() {
	ow_uci_flush
	uci -q -X show "$1" 2>/dev/null | awk -v cfg="$1" "$CWMP_AWK_ESC"'
	{
		eq = index($0, "="); if (!eq) next
		k = substr($0, 1, eq - 1); v = substr($0, eq + 1)
		if (index(k, cfg ".") != 1) next
		k = substr(k, length(cfg) + 2)
		dot = index(k, ".")
		if (dot) { sec = substr(k, 1, dot - 1); opt = substr(k, dot + 1) } else { sec = k; opt = "" }
		gsub(/'"'"'\\'"'"''"'"'/, "\001", v)
		gsub(/'"'"' '"'"'/, " ", v)
		gsub(/'"'"'/, "", v)
		gsub(/\001/, "'"'"'", v)
		print sec "\t" opt "\t" esc(v)
	}'
}

# Instance numbers. A table's number for each entry is kept in
# $OW_INST_DIR/NAME as "N<TAB>key" lines (key: the uci section name, or a
# plugin's own key) with "#max<TAB>M", the highest number ever given out:
# numbers are never reused.
#
# uci sections are the keys, so a key must name the same section for the
# section's whole life. A named section's name does; an anonymous one's
# does not: libuci names it "cfg" + two hex digits of its position in the
# file + four of a hash of its type (list.c, uci_fixup_section), afresh at
# every load, so deleting a section (LuCI, `uci delete
# firewall.@redirect[0]`, DeleteObject) renames every anonymous section
# after it, and a later one takes over the deleted one's name. Hence an
# anonymous section is pinned when it first gets a number: it is renamed
# to cwmp_NAME_N (dots as _; _2, _3... after it when that is taken), a
# normal named section for LuCI, firewall4, dnsmasq/odhcpd and netifd,
# none of which give a redirect, host, route or wifi-iface name any
# meaning. The alternatives were weighed: a number kept as an option in
# the section is as much a commit, and firewall4 warns at every reload
# about an option it does not know; matching by content loses the entry
# when the ACS changes it, and two equal entries are not told apart.
# Interface sections are not pinned (the ip plugin passes no config):
# their name is the interface's name, which netifd, firewall zones and
# dhcp pools refer to; an anonymous interface is not a thing on OpenWrt.
#
# The rename goes straight into the file, `uci rename /etc/config/C.S=N`:
# libuci then loads and commits the file without any change file. `uci -t
# DIR commit C`, a private save dir, would not do: libuci still applies,
# and so commits, every change staged in /tmp/.uci for C (delta.c,
# uci_load_delta reads every delta path; only rpcd clears the list), and
# leaves them staged to be applied twice. A section is left anonymous for
# now, and pinned at a later read, when it is only staged (not in the
# file), when a change staged by anyone (/tmp/.uci, LuCI's sessions under
# /var/run/rpcd) names it (the rename would orphan that change), or while
# LuCI's apply with rollback holds a snapshot of the config. What stays
# open is uci's own race: a section deleted by position between the read
# and the rename (milliseconds, once per new section) moves the name onto
# the next one, as it would move a LuCI edit made by position.
#
# Cost: nothing but the get's awk (map in openwrt_get.sh) for a read that
# finds no anonymous section, and a rename of the number file when a
# number is new; the checks and the rename (a few processes) run at the
# read that first finds one, and again only while it is left anonymous.

OW_ANON='^cfg[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]+$'

# ow_pin CONFIG NAME: stdin: "N<TAB>section" for anonymous sections of
# table NAME in uci config CONFIG. Renames those that may be renamed now
# (see above) to cwmp_NAME_N in the config file. The number file holds
# both names while the rename runs (a plugin killed then leaves a number
# that still finds its section), then the one that names it.
ow_pin() {
	[ -e "$CWMPD_ROOT/var/run/rpcd/snapshot-files/$1" ] && return 0
	_pf=$CWMPD_ROOT/etc/config/$1
	_plan=${TMPDIR:-/tmp}/cwmpd-plan.$$
	{
		cat
		printf '#saved\n'
		cat "$CWMPD_ROOT/tmp/.uci/$1" "$CWMPD_ROOT"/var/run/rpcd/uci-*/"$1" 2>/dev/null
		printf '#file\n'
		uci -q -X show "$_pf"
	} | awk -F "$cwmp_tab" -v cfg="$1" -v name="$2" '
	function sect(l) { l = substr(l, length(cfg) + 2); sub(/[.=].*/, "", l); return l }
	/^#(saved|file)$/ { part = substr($0, 2); next }
	$0 == "" { next }
	part == "" { want[++n] = $2; num[$2] = $1; next }
	part == "saved" {
		c = substr($0, 1, 1)
		l = index("-+@^|~", c) ? substr($0, 2) : $0
		if (index(l, cfg ".") != 1) next
		s = sect(l); used[s] = 1; taken[s] = 1
		if (c == "@") { v = substr(l, index(l, "=") + 1); gsub(/'"'"'/, "", v); taken[v] = 1 }
		next
	}
	index($0, cfg ".") == 1 { s = sect($0); infile[s] = 1; taken[s] = 1 }
	END {
		gsub(/\./, "_", name)
		for (i = 1; i <= n; i++) {
			s = want[i]
			if (!(s in infile) || (s in used)) continue
			to = "cwmp_" name "_" num[s]
			for (k = 2; to in taken; k++) to = "cwmp_" name "_" num[s] "_" k
			taken[to] = 1
			print num[s] "\t" s "\t" to
		}
	}' >"$_plan"
	if [ -s "$_plan" ]; then
		cut -f1,3 "$_plan" | ow_map_edit "$2" add
		while IFS="$cwmp_tab" read -r _n _old _new; do
			if uci rename "$_pf.$_old=$_new"; then
				printf '%s\n' "$_old"
			else
				printf '%s\n' "$_new"
			fi
		done <"$_plan" | ow_map_edit "$2" drop
	fi
	rm -f "$_plan"
}

# ow_map_edit NAME add|drop: stdin: "N<TAB>key" lines to add to
# $OW_INST_DIR/NAME, or keys to drop from it.
ow_map_edit() {
	awk -F "$cwmp_tab" -v how="$2" -v mf="$OW_INST_DIR/$1" '
	FILENAME != mf { if (how == "add") print; else drop[$1] = 1; next }
	!($2 in drop) || $1 == "#max" { print }' - "$OW_INST_DIR/$1" | cwmp_write_file "$OW_INST_DIR/$1"
}

# ow_section CONFIG TYPE NAME N: stages a new section of TYPE for instance
# N of table NAME (AddObject), named as ow_pin names (never anonymous), and
# prints its name.
ow_section() {
	_to=cwmp_$3
	while :; do
		case $_to in *.*) _to=${_to%%.*}_${_to#*.} ;; *) break ;; esac
	done
	_to=${_to}_$4
	_k=1
	_try=$_to
	while uci -q get "$1.$_try" >/dev/null; do
		_k=$((_k + 1))
		_try=${_to}_$_k
	done
	uci set "$1.$_try=$2" || return 1
	printf '%s\n' "$_try"
}

# ow_map_add NAME N SECTION: record the section ow_add created for N.
ow_map_add() {
	_mf=$OW_INST_DIR/$1
	[ -d "$OW_INST_DIR" ] || mkdir -p "$OW_INST_DIR"
	[ -f "$_mf" ] || : >"$_mf"
	awk -F "$cwmp_tab" -v n="$2" -v s="$3" '
	$1 == "#max" { if ($2 + 0 > n + 0) n2 = $2; next }
	$2 != s { print }
	END { print n "\t" s; print "#max\t" (n2 != "" ? n2 : n) }' "$_mf" | cwmp_write_file "$_mf"
}

# ow_map_section NAME N: prints the section of instance N (nothing if none;
# the pinned name while ow_pin's rename has both).
ow_map_section() {
	[ -f "$OW_INST_DIR/$1" ] || return 0
	awk -F "$cwmp_tab" -v n="$2" -v anon="$OW_ANON" '
	$1 == n { k = $2; if (k !~ anon) exit }
	END { if (k != "") print k }' "$OW_INST_DIR/$1"
}

# A parameter's value: a newline or CR is refused before the plugin sees it.
_ow_set_line() {
	case $2 in
	*"$cwmp_nl"* | *"$cwmp_cr"*) ow_fault "$1" 9007 ;;
	*) ow_set_line "$1" "$2" ;;
	esac
}

# The input stays in RAM (a variable, read back through a here-document),
# never in a file on flash.
_ow_set() {
	_in=$(cat) || cwmp_die 1 "cannot read the input"
	[ -n "$_in" ] || return 0
	OW_DRY=1
	cwmp_read_lines _ow_set_line <<EOF
$_in
EOF
	if [ -n "$OW_FAULTS" ]; then
		printf '%s' "$OW_FAULTS"
		exit 1
	fi
	OW_DRY=0
	cwmp_read_lines _ow_set_line <<EOF
$_in
EOF
	ow_uci_flush
	if [ -n "$OW_FAULTS" ] || [ -n "$OW_UCI_FAILED" ]; then
		printf '%s' "$OW_FAULTS"
		_ow_revert >/dev/null
		exit 1
	fi
}

# The units another plugin of this write already did in this pass (stdin,
# one "UNIT<TAB>STATE" line each) into _ow_done; nothing from a terminal.
_ow_read_done() {
	_ow_done=" "
	[ -t 0 ] && return 0
	while IFS= read -r _l || [ -n "$_l" ]; do
		_ow_done="$_ow_done${_l%%"$cwmp_tab"*} "
	done
}

# _ow_todo UNIT: true when UNIT is not done yet in this pass.
_ow_todo() {
	case $_ow_done in
	*" $1 "*) return 1 ;;
	esac
	return 0
}

_ow_deferred() {
	case " $OW_DEFERRED " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

_ow_reload() {
	if [ -n "${CWMPD_BIN-}" ] && [ -x "$CWMPD_BIN/init.d-$1" ]; then
		"$CWMPD_BIN/init.d-$1" reload
	elif [ -x "$CWMPD_ROOT/etc/init.d/$1" ]; then
		"$CWMPD_ROOT/etc/init.d/$1" reload
	fi
	printf 'init:%s\tapplied\n' "$1"
}

_ow_apply() {
	for _c in $OW_CONFIGS; do
		_ow_todo "uci:$_c" || continue
		uci commit "$_c" || cwmp_die 1 "uci commit $_c failed"
		printf 'uci:%s\tapplied\n' "$_c"
	done
	for _s in $OW_SERVICES; do
		_ow_todo "init:$_s" || continue
		if _ow_deferred "$_s"; then
			printf 'init:%s\tdeferred\n' "$_s"
		else
			_ow_reload "$_s"
		fi
	done
	return 0
}

_ow_apply_deferred() {
	for _s in $OW_SERVICES; do
		_ow_deferred "$_s" && _ow_todo "init:$_s" && _ow_reload "$_s"
	done
	return 0
}

_ow_revert() {
	for _c in $OW_CONFIGS; do
		_ow_todo "uci:$_c" || continue
		uci revert "$_c" || cwmp_die 1 "uci revert $_c failed"
		printf 'uci:%s\treverted\n' "$_c"
	done
	return 0
}

ow_main() {
	_verb=$1
	shift
	_ow_done=" "
	case $_verb in
	get)
		[ $# -gt 0 ] || cwmp_die 2 "usage: get PREFIX..."
		CWMP_PREFIXES=$*
		CWMP_AWK_PLATFORM=$OW_AWK_LIB
		[ -d "$OW_INST_DIR" ] || mkdir -p "$OW_INST_DIR"
		if [ -n "${CWMP_BATCH-}" ]; then
			# Queued: batch.sh runs the awk, then ow_maps_done.
			ow_get || return
			OW_Q_TABLES="$OW_Q_TABLES $OW_TABLES"
			return 0
		fi
		ow_get
		_rc=$?
		[ $_rc = 0 ] && ow_maps_done $OW_TABLES
		ow_snap_drop
		return $_rc
		;;
	set) _ow_set ;;
	add)
		[ $# -eq 2 ] || cwmp_die 2 "usage: add TABLE. N"
		command -v ow_add >/dev/null 2>&1 || cwmp_die 1 "add: not supported"
		ow_add "$1" "$2"
		;;
	delete)
		[ $# -eq 1 ] || cwmp_die 2 "usage: delete TABLE.N."
		command -v ow_delete >/dev/null 2>&1 || cwmp_die 1 "delete: not supported"
		ow_delete "$1"
		;;
	apply) _ow_read_done; _ow_apply ;;
	apply-deferred) _ow_read_done; _ow_apply_deferred ;;
	revert) _ow_read_done; _ow_revert ;;
	*) cwmp_die 2 "unknown verb '$_verb'" ;;
	esac
}

. "$CWMPD_LIB/openwrt_get.sh"
