# SPDX-License-Identifier: BSD-2-Clause
# openwrt.sh: what the plugins share on the openwrt platform. Sourced after
# cwmp.sh. Commands (uci, ubus, iwinfo, /etc/init.d scripts) are looked up in
# PATH, with $CWMPD_BIN first when set (tests put fake commands there); files
# are read under $CWMPD_ROOT. A plugin defines:
#   ow_get                 print every line of its subtree (ow_main filters)
#   ow_set_line PATH VALUE change one parameter with `ow_uci set ...`, or
#                          call ow_fault PATH CODE
#   ow_add TABLE. N / ow_delete TABLE.N.   (optional)
#   OW_CONFIGS             the uci configs it writes ("firewall wireless")
#   OW_SERVICES            the init scripts reloaded on apply
# set is all or none: every line is first checked with OW_DRY=1 (ow_uci does
# nothing then), and applied only when no line drew a fault. Changes stay in
# uci's delta until apply (uci commit + reload); revert is uci revert.

[ -n "${CWMPD_BIN-}" ] && PATH=$CWMPD_BIN:$PATH
OW_INST_DIR=$CWMPD_STATE_DIR/instances
OW_FAULTS=

# cwmp_filter PREFIX...: stdin lines whose path is, or starts with, a PREFIX
# ending in "." (one awk).
cwmp_filter() {
	awk -F "$cwmp_tab" -v prefixes="$*" '
	BEGIN { np = split(prefixes, P, " ") }
	{ for (i = 1; i <= np; i++) {
		q = P[i]
		if (substr(q, length(q)) == ".") { if (index($1, q) == 1) { print; next } }
		else if ($1 == q) { print; next }
	} }'
}

ow_fault() {
	OW_FAULTS=$OW_FAULTS$1$cwmp_tab$2$cwmp_nl
}

# ow_uci ARG...: uci, unless this is the checking pass. Values are argv
# words, never a shell string.
ow_uci() {
	[ "${OW_DRY-}" = 1 ] && return 0
	uci "$@"
}

# Awk function esc(s): s escaped per the protocol (split and join: gsub
# replacement strings treat backslashes differently in each awk).
OW_AWK_ESC='
function esc(s,   n, a, i, r) {
	n = split(s, a, "\\"); r = a[1]
	for (i = 2; i <= n; i++) r = r "\\\\" a[i]
	n = split(r, a, "\t"); r = a[1]
	for (i = 2; i <= n; i++) r = r "\\t" a[i]
	return r
}'

# ow_uci_show CONFIG: "section<TAB>option<TAB>value" lines (option empty on
# the line that gives the section's type as value), unquoted, values escaped
# per the protocol. Lists come out with their items joined by a blank.
ow_uci_show() {
	uci -q -X show "$1" 2>/dev/null | awk -v cfg="$1" "$OW_AWK_ESC"'
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

# ow_map NAME: stdin: the uci section names of one table, in config order.
# stdout: "N<TAB>section" for each, N from $OW_INST_DIR/NAME; sections
# without a number get the next ones in ascending order. Numbers are never
# reused: the file remembers the highest one given out.
ow_map() {
	_mf=$OW_INST_DIR/$1
	[ -d "$OW_INST_DIR" ] || mkdir -p "$OW_INST_DIR"
	[ -f "$_mf" ] || : >"$_mf"
	awk -F "$cwmp_tab" -v mf="$_mf" -v tmp="$_mf.tmp.$$" '
	FILENAME == mf { if ($1 == "#max") max = $2 + 0; else { num[$2] = $1; if ($1 + 0 > max) max = $1 + 0 }; next }
	$0 != "" && !($0 in seen) { seen[$0] = 1; sec[++n] = $0 }
	END {
		for (i = 1; i <= n; i++) {
			s = sec[i]
			if (!(s in num)) { num[s] = ++max; changed = 1 }
			print num[s] "\t" s
		}
		if (changed) {
			print "#max\t" max > tmp
			for (s in num) print num[s] "\t" s > tmp
			close(tmp)
		}
	}' "$_mf" - >"$_mf.out.$$"
	[ -f "$_mf.tmp.$$" ] && mv -f "$_mf.tmp.$$" "$_mf"
	sort -n "$_mf.out.$$"
	rm -f "$_mf.out.$$"
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

# ow_map_section NAME N: prints the section of instance N (nothing if none).
ow_map_section() {
	[ -f "$OW_INST_DIR/$1" ] || return 0
	awk -F "$cwmp_tab" -v n="$2" '$1 == n { print $2; exit }' "$OW_INST_DIR/$1"
}

_ow_set() {
	_in=$CWMPD_STATE_DIR/.set.$$
	[ -d "$CWMPD_STATE_DIR" ] || mkdir -p "$CWMPD_STATE_DIR"
	cat >"$_in" || cwmp_die 1 "cannot buffer input"
	OW_DRY=1
	cwmp_read_lines ow_set_line <"$_in"
	if [ -n "$OW_FAULTS" ]; then
		rm -f "$_in"
		printf '%s' "$OW_FAULTS"
		exit 1
	fi
	OW_DRY=0
	cwmp_read_lines ow_set_line <"$_in"
	rm -f "$_in"
	if [ -n "$OW_FAULTS" ]; then
		printf '%s' "$OW_FAULTS"
		_ow_revert
		exit 1
	fi
}

_ow_apply() {
	for _c in $OW_CONFIGS; do
		uci commit "$_c" || cwmp_die 1 "uci commit $_c failed"
	done
	for _s in $OW_SERVICES; do
		if [ -n "${CWMPD_BIN-}" ] && [ -x "$CWMPD_BIN/init.d-$_s" ]; then
			"$CWMPD_BIN/init.d-$_s" reload
		elif [ -x "$CWMPD_ROOT/etc/init.d/$_s" ]; then
			"$CWMPD_ROOT/etc/init.d/$_s" reload
		fi
	done
	return 0
}

_ow_revert() {
	for _c in $OW_CONFIGS; do
		uci revert "$_c"
	done
	return 0
}

ow_main() {
	_verb=$1
	shift
	case $_verb in
	get) [ $# -gt 0 ] || cwmp_die 2 "usage: get PREFIX..."; ow_get | cwmp_filter "$@" ;;
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
	apply) _ow_apply ;;
	revert) _ow_revert ;;
	*) cwmp_die 2 "unknown verb '$_verb'" ;;
	esac
}
