# SPDX-License-Identifier: BSD-2-Clause
# sim.sh: the file-backed store of the sim platform, shared by the plugins.
# Sourced after cwmp.sh. A plugin sets, before calling sim_main VERB ARG...:
#   SIM_FILE    the store's name under $CWMP_SIM_DIR (one file per plugin)
#   SIM_TABLES  the plugin's tables as schema patterns separated by blanks,
#               e.g. "Device.Hosts.Host.{i}. Device.Hosts.Host.{i}.IPv4Address.{i}."
#   SIM_RW      an ERE of the paths a set may change
#   sim_seed    a function printing the first contents as "PATH VALUE" lines
#               (split at the first blank; the value already escaped)
#   sim_template PATTERN   prints "MEMBER VALUE" lines for a new instance of
#               the table PATTERN (Device.X.{i}.); returns 1 when the table
#               takes no AddObject
#   sim_live PREFIX...  (optional) prints "PATH<TAB>VALUE" lines that
#               replace stored values on get (uptime, clocks); gets get's
#               prefixes, to skip work nobody asked for
#   SIM_STATUS  (optional) how the Status parameters follow Enable: one rule
#               a line, "OBJECT ON OFF MISCONF REQUIRED...". OBJECT is a
#               schema pattern ("Device.NAT.PortMapping.{i}."), ON and OFF
#               the Status when OBJECT.Enable is true (or missing) and false,
#               MISCONF the Status when Enable is true but a REQUIRED
#               member is empty ("-": OFF then); a member may be "A|B"
#               (either will do). The store's Status values are recomputed whenever the
#               store is written (seed, apply), so get serves them as stored.
#
# The simulated device's boot: $CWMP_SIM_DIR/boot-time holds its time in
# epoch seconds. sim_boot writes "now" there (system reboot, and the first
# use of the sim store, which is the first power-on); sim_uptime counts from
# it. "Now" is $CWMPD_SIM_NOW when that is a number (tests fake the clock),
# else the host's clock.
#
# Store: $CWMP_SIM_DIR/$SIM_FILE holds "path<TAB>value" lines, escaped as in
# the plugin protocol. NumberOfEntries parameters are not stored: get counts
# the instances. set, add and delete write $SIM_FILE.staged (based on the
# staged file when there is one); apply renames it over the store; revert
# removes it. Each verb is one or two awk processes, whatever the size.

# Awk helper shared by get/add: pattern ("Device.A.{i}.B.{i}.") to an ERE.
_SIM_AWK_RE='
function to_re(pat,   r, i, c) {
	r = "^"
	for (i = 1; i <= length(pat); i++) {
		c = substr(pat, i, 1)
		if (c == ".") r = r "[.]"
		else if (c == "{") { r = r "[0-9]+"; i += 2 }
		else r = r c
	}
	return r
}'

# Awk helper shared by seed/apply: SIM_STATUS applied to val[] (the store's
# values by path) and order[1..n] (its paths). Call status_init(rules) first.
_SIM_AWK_STATUS='
function status_init(rules,   nl, L, i, nf, F, k) {
	nl = split(rules, L, "\n")
	for (i = 1; i <= nl; i++) {
		nf = split(L[i], F, " ")
		if (nf < 3) continue
		st_on[F[1]] = F[2]
		st_off[F[1]] = F[3]
		st_mis[F[1]] = (nf >= 4 && F[4] != "-") ? F[4] : F[3]
		st_req[F[1]] = ""
		for (k = 5; k <= nf; k++) st_req[F[1]] = st_req[F[1]] " " F[k]
		nst++
	}
}
function status_of(obj, pat,   e, nr, R, i, na, A, j, ok) {
	e = ((obj "Enable") in val) ? val[obj "Enable"] : "true"
	if (e != "true" && e != "1") return st_off[pat]
	nr = split(st_req[pat], R, " ")
	for (i = 1; i <= nr; i++) {
		na = split(R[i], A, "|")
		ok = 0
		for (j = 1; j <= na && !ok; j++) if (((obj A[j]) in val) && val[obj A[j]] != "") ok = 1
		if (!ok) return st_mis[pat]
	}
	return st_on[pat]
}
function status_fix(   i, p, obj, pat) {
	if (!nst) return
	for (i = 1; i <= n; i++) {
		p = order[i]
		if (substr(p, length(p) - 6) != ".Status") continue
		obj = substr(p, 1, length(p) - 6)
		pat = obj
		gsub(/[.][0-9]+[.]/, ".{i}.", pat)
		gsub(/[.][0-9]+[.]/, ".{i}.", pat)
		if (pat in st_on) val[p] = status_of(obj, pat)
	}
}'

# sim_now: sets SIM_NOW, the time in epoch seconds.
sim_now() {
	case ${CWMPD_SIM_NOW-} in
	"" | *[!0-9]*) SIM_NOW=$(date +%s) ;;
	*) SIM_NOW=$CWMPD_SIM_NOW ;;
	esac
}

# sim_boot: the simulated device boots now (writes boot-time); returns 1
# when the file cannot be written.
sim_boot() {
	sim_now
	cwmp_sim_init && echo "$SIM_NOW" | cwmp_write_file "$CWMP_SIM_DIR/boot-time"
}

# sim_uptime: sets SIM_UPTIME, the seconds since boot-time (never negative).
# A missing or garbage boot-time is a boot now (and is rewritten).
sim_uptime() {
	_bt=
	[ -f "$CWMP_SIM_DIR/boot-time" ] && { IFS= read -r _bt <"$CWMP_SIM_DIR/boot-time" || true; }
	case $_bt in
	"" | *[!0-9]* | 0?* | ?????????????*)
		sim_boot || cwmp_log "cannot write $CWMP_SIM_DIR/boot-time"
		SIM_UPTIME=0
		return 0
		;;
	esac
	sim_now
	SIM_UPTIME=$((SIM_NOW - _bt))
	[ "$SIM_UPTIME" -ge 0 ] || SIM_UPTIME=0
}

sim_store() {
	SIM_STORE=$CWMP_SIM_DIR/$SIM_FILE
	# The first use of the sim store is the device's first power-on.
	[ -f "$CWMP_SIM_DIR/boot-time" ] || sim_boot || cwmp_log "cannot write $CWMP_SIM_DIR/boot-time"
	[ -f "$SIM_STORE" ] && return 0
	cwmp_sim_init || cwmp_die 1 "cannot create $CWMP_SIM_DIR"
	sim_seed | awk -v rules="${SIM_STATUS-}" "$_SIM_AWK_STATUS"'
		BEGIN { status_init(rules) }
		{ sp = index($0, " ")
		  if (sp) { p = substr($0, 1, sp - 1); v = substr($0, sp + 1) } else { p = $0; v = "" }
		  if (p == "") next
		  if (!(p in val)) order[++n] = p
		  val[p] = v }
		END {
			status_fix()
			for (i = 1; i <= n; i++) printf "%s\t%s\n", order[i], val[order[i]]
		}' |
		cwmp_write_file "$SIM_STORE" || cwmp_die 1 "cannot write $SIM_STORE"
}

# The file set/add/delete start from.
sim_base() {
	if [ -f "$SIM_STORE.staged" ]; then
		SIM_BASE=$SIM_STORE.staged
	else
		SIM_BASE=$SIM_STORE
	fi
}

sim_get() {
	_live=
	command -v sim_live >/dev/null 2>&1 && _live=$(sim_live "$@")
	awk -F "$cwmp_tab" -v prefixes="$*" -v tables="$SIM_TABLES" -v live="$_live" "$_SIM_AWK_RE"'
	BEGIN {
		np = split(prefixes, P, " ")
		nt = split(tables, T, " ")
		for (t = 1; t <= nt; t++) {
			s = substr(T[t], 1, length(T[t]) - 5)      # drop ".{i}."
			for (k = length(s); k > 0 && substr(s, k, 1) != "."; k--) ;
			par = substr(s, 1, k)
			re_full[t] = to_re(T[t])
			re_par[t] = to_re(par)
			if (!index(par, "{")) fixed[t] = par
			cname[t] = substr(s, k + 1) "NumberOfEntries"
			tlit[t] = "." substr(s, k + 1) "."
		}
		nl = split(live, L, "\n")
		for (i = 1; i <= nl; i++) {
			tab = index(L[i], "\t")
			if (tab) lv[substr(L[i], 1, tab - 1)] = substr(L[i], tab + 1)
		}
	}
	function want(p,   i, q) {
		for (i = 1; i <= np; i++) {
			q = P[i]
			if (substr(q, length(q)) == ".") { if (index(p, q) == 1) return 1 }
			else if (p == q) return 1
		}
		return 0
	}
	{
		path = $1
		if (want(path)) {
			if (path in lv) print path "\t" lv[path]
			else print
		}
		# Regexes are slow in busybox awk: the store keeps an instance
		# together, so most lines hit the cached prefixes.
		for (t = 1; t <= nt; t++) {
			if (lpar[t] != "" && index(path, lpar[t]) == 1) key = t SUBSEP lpar[t]
			else {
				if (!match(path, re_par[t])) continue
				lpar[t] = substr(path, 1, RLENGTH)
				key = t SUBSEP lpar[t]
				if (!(key in cnt)) { cnt[key] = 0; order[++no] = key }
			}
			if (linst[t] != "" && index(path, linst[t]) == 1) continue
			if (!index(path, tlit[t])) continue
			if (match(path, re_full[t])) {
				ik = substr(path, 1, RLENGTH)
				linst[t] = ik
				if (!(ik in inst)) { inst[ik] = 1; cnt[key]++ }
			}
		}
	}
	END {
		for (t = 1; t <= nt; t++)
			if ((t in fixed) && !((t SUBSEP fixed[t]) in cnt)) { cnt[t SUBSEP fixed[t]] = 0; order[++no] = t SUBSEP fixed[t] }
		for (k = 1; k <= no; k++) {
			split(order[k], a, SUBSEP)
			cp = a[2] cname[a[1]]
			if (want(cp)) print cp "\t" cnt[order[k]]
		}
	}' "$SIM_STORE"
}

sim_set() {
	sim_base
	_tmp=$SIM_STORE.staged.tmp.$$
	: >"$_tmp" || cwmp_die 1 "cannot write $_tmp"
	awk -F "$cwmp_tab" -v rw="$SIM_RW" -v out="$_tmp" -v base="$SIM_BASE" '
	FILENAME == base { order[++n] = $1; val[$1] = substr($0, length($1) + 2); next }
	{
		line = $0
		sub(/\r$/, "", line)
		if (line == "") next
		tab = index(line, "\t")
		p = tab ? substr(line, 1, tab - 1) : line
		v = tab ? substr(line, tab + 1) : ""
		chk = v
		gsub(/\\[tn\\]/, "", chk)
		if (!tab || index(v, "\t")) { fault[++nf] = p "\t9003"; next }
		if (!(p in val) || p !~ rw) { fault[++nf] = p "\t9005"; next }
		if (index(chk, "\\")) { fault[++nf] = p "\t9007"; next }
		nv[p] = v
	}
	END {
		if (nf) { for (i = 1; i <= nf; i++) print fault[i]; exit 1 }
		for (i = 1; i <= n; i++) {
			p = order[i]
			printf "%s\t%s\n", p, ((p in nv) ? nv[p] : val[p]) > out
		}
		close(out)
	}' "$SIM_BASE" - || {
		rm -f "$_tmp"
		return 1
	}
	mv -f "$_tmp" "$SIM_STORE.staged"
}

# Sets SIM_PAT: the schema pattern of an object path (instance numbers
# replaced by {i}). Pure shell.
sim_pattern() {
	SIM_PAT=
	_rest=$1
	while [ -n "$_rest" ]; do
		_seg=${_rest%%.*}
		_rest=${_rest#*.}
		case $_seg in
		"" | *[!0-9]*) SIM_PAT=$SIM_PAT$_seg. ;;
		*) SIM_PAT=$SIM_PAT'{i}'. ;;
		esac
	done
}

sim_add() {
	_table=$1 _n=$2
	case $_table in *.) ;; *) cwmp_die 2 "add: TABLE must end in '.'" ;; esac
	case $_n in "" | *[!0-9]*) cwmp_die 2 "add: bad instance number" ;; esac
	sim_pattern "$_table"
	case " $SIM_TABLES " in
	*" $SIM_PAT{i}. "*) ;;
	*) cwmp_die 1 "add: $_table is no table of this plugin" ;;
	esac
	_tpl=$(sim_template "$SIM_PAT{i}.") || cwmp_die 1 "add: $_table takes no AddObject"
	sim_base
	_tmp=$SIM_STORE.staged.tmp.$$
	: >"$_tmp" || cwmp_die 1 "cannot write $_tmp"
	# A nested table needs its parent instance.
	_parent=
	case $SIM_PAT in *"{i}"*) _parent=${_table%.*.}. ;; esac
	awk -F "$cwmp_tab" -v pre="$_table$_n." -v tpl="$_tpl" -v parent="$_parent" -v out="$_tmp" '
	{ if (index($1, pre) == 1) dup = 1
	  if (parent != "" && index($1, parent) == 1) has = 1
	  print > out }
	END {
		if (dup) { print "instance exists" > "/dev/stderr"; exit 1 }
		if (parent != "" && !has) { print "no such object " parent > "/dev/stderr"; exit 1 }
		n = split(tpl, L, "\n")
		for (i = 1; i <= n; i++) {
			sp = index(L[i], " ")
			if (sp) printf "%s%s\t%s\n", pre, substr(L[i], 1, sp - 1), substr(L[i], sp + 1) > out
			else if (L[i] != "") printf "%s%s\t\n", pre, L[i] > out
		}
		close(out)
	}' "$SIM_BASE" || {
		rm -f "$_tmp"
		return 1
	}
	mv -f "$_tmp" "$SIM_STORE.staged"
}

sim_delete() {
	case $1 in *.[0-9]*.) ;; *) cwmp_die 2 "delete: not an instance: $1" ;; esac
	sim_base
	_tmp=$SIM_STORE.staged.tmp.$$
	: >"$_tmp" || cwmp_die 1 "cannot write $_tmp"
	awk -F "$cwmp_tab" -v pre="$1" -v out="$_tmp" '
	index($1, pre) == 1 { gone++; next }
	{ print > out }
	END { close(out); if (!gone) exit 1 }' "$SIM_BASE" || {
		rm -f "$_tmp"
		cwmp_die 1 "delete: no such instance $1"
	}
	mv -f "$_tmp" "$SIM_STORE.staged"
}

# The staged file gets its Status values recomputed (SIM_STATUS), then
# replaces the store in one rename.
sim_apply() {
	[ -f "$SIM_STORE.staged" ] || return 0
	if [ -n "${SIM_STATUS-}" ]; then
		_tmp=$SIM_STORE.staged.tmp.$$
		awk -F "$cwmp_tab" -v rules="$SIM_STATUS" "$_SIM_AWK_STATUS"'
		BEGIN { status_init(rules) }
		{ if (!($1 in val)) order[++n] = $1
		  val[$1] = substr($0, length($1) + 2) }
		END {
			status_fix()
			for (i = 1; i <= n; i++) printf "%s\t%s\n", order[i], val[order[i]]
		}' "$SIM_STORE.staged" >"$_tmp" && mv -f "$_tmp" "$SIM_STORE.staged" || {
			rm -f "$_tmp"
			cwmp_die 1 "cannot write $SIM_STORE.staged"
		}
	fi
	mv -f "$SIM_STORE.staged" "$SIM_STORE"
}

sim_revert() {
	rm -f "$SIM_STORE.staged"
}

# sim_main VERB ARG...: the verbs of a store-backed plugin on the sim platform.
sim_main() {
	sim_store
	_verb=$1
	shift
	case $_verb in
	get) [ $# -gt 0 ] || cwmp_die 2 "usage: get PREFIX..."; sim_get "$@" ;;
	set) sim_set ;;
	add) [ $# -eq 2 ] || cwmp_die 2 "usage: add TABLE. N"; sim_add "$1" "$2" ;;
	delete) [ $# -eq 1 ] || cwmp_die 2 "usage: delete TABLE.N."; sim_delete "$1" ;;
	apply) sim_apply ;;
	revert) sim_revert ;;
	*) cwmp_die 2 "unknown verb '$_verb'" ;;
	esac
}
