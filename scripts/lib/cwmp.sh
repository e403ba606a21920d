# SPDX-License-Identifier: BSD-2-Clause
# cwmp.sh: the shell library every cwmpd plugin sources. It writes and reads
# the plugin line format without a fork per parameter, picks the platform,
# and knows where the state directory and the sim store are. POSIX sh; runs
# under dash and busybox ash. Sourced as: . "${CWMPD_LIB:-/usr/lib/cwmpd/lib}/cwmp.sh"
#
# ---- The plugin protocol ----------------------------------------------------
#
# A plugin is an executable that serves one subtree of the data model.
# cwmpd runs it with fork + execve, never through a shell string:
#
#   PLUGIN VERB [ARG...]
#
# argv holds the verb and object paths only. Values (and secrets) travel on
# stdin and stdout, never in argv and never in the environment.
#
# Verbs (a plugin implements those that make sense for its subtree):
#   get PREFIX...        stdout: path<TAB>value for every parameter under each
#                        PREFIX, instances included (one pass)
#   set                  stdin: path<TAB>value lines; all or none. Exit 0, or
#                        exit 1 with path<TAB>faultcode lines on stdout (a
#                        refusal: 9003), or exit 1 without any (it failed,
#                        e.g. the platform's store did: 9002)
#   add TABLE. N         create instance N (chosen by cwmpd, never reused)
#   delete TABLE.N.      delete an instance
#   revert               drop what was staged and not applied  } stdin and
#   apply                commit what set/add/delete staged      } stdout:
#   apply-deferred       what apply deferred (after the session)} units
#   identity             (system) Device.DeviceInfo.{Manufacturer,
#                        ManufacturerOUI, ProductClass, SerialNumber,
#                        HardwareVersion, SoftwareVersion, ProvisioningCode,
#                        ModelName} lines
#   reboot               (system) reboot the device (cwmpd calls it after the
#                        session); exit 0 once it is under way (sim: counts it
#                        and installs $CWMP_SIM_DIR/firmware.pending, one raw
#                        SoftwareVersion line; cwmpd then re-executes itself)
#   factory-reset        (system) the platform's factory reset, then reboot
#                        (cwmpd wipes its own state dir)
#   firmware-apply FILE | config-apply FILE  (firmware)
#
# Writes. A SetParameterValues, AddObject or DeleteObject is one write, all
# or nothing over every plugin it touches: each plugin gets "revert"
# before its first step (a stage a crash left behind is dropped), then its
# steps (one "set" with all its values, or "add" / "delete"); when every
# step succeeded, "apply" for each plugin touched, in the order first
# touched, else "revert" for each (and a fault).
#
# Units. Plugins may stage in the same place: on OpenWrt ip, dns and
# routing all stage in uci's network config, and several configs are
# reloaded by one service. A unit names one such thing that revert and
# apply act on ("uci:network", "init:network"); the plugin chooses the
# names. revert, apply and apply-deferred print one "UNIT<TAB>STATE" line
# for each unit they did: STATE "reverted", "applied", or from apply
# "deferred" (committed, but in effect only once apply-deferred ran).
# Within each pass of a write (the reverts before the steps, the applies,
# the reverts of a rollback) cwmpd gives each plugin on stdin the lines
# the plugins before it in that pass printed, and a plugin leaves those
# units alone: a config is reverted once before the steps (a second revert
# would drop what the first plugin staged), committed once and its service
# reloaded once. A plugin that prints no units is simply called each time.
#
# Deferred applies. A change that can cut the way to the ACS (on OpenWrt
# the network and firewall reloads) is not applied during the session:
# apply prints its unit as "deferred", cwmpd answers the RPC with Status 1
# (committed, applied later) and, once the session has ended, before
# anything else (a new session, transfers, a reboot), runs "apply-deferred"
# for one plugin of each deferred unit, again with the units done so far
# in that pass on stdin. A deferred unit left when cwmpd stops is in
# effect at the next reload of that service or boot.
#
# Line format, stdin and stdout alike: one "path<TAB>value" per line, LF
# terminated (a raw CR before the LF is ignored: a CRLF line end). In both
# fields a backslash is written \\, a TAB \t, a newline \n and a carriage
# return \r (cwmpd writes every CR so; a plugin must at least escape a
# value's last one, which would else be taken for a line end); no other
# escape exists and a line
# with any other backslash sequence, no TAB, a second raw TAB, an empty path,
# a path over 256 bytes or a NUL byte is ignored (and counted) by cwmpd.
# Types, access and defaults come from cwmpd's schema, never from a plugin.
#
# Environment: cwmpd gives plugins only these variables:
#   PATH              /usr/sbin:/usr/bin:/sbin:/bin
#   CWMPD_PLATFORM    sim | openwrt (default: openwrt when
#                     $CWMPD_ROOT/etc/openwrt_release exists, else sim)
#   CWMPD_STATE_DIR   cwmpd's state directory (default /etc/cwmpd); the sim
#                     platform keeps its store in $CWMPD_STATE_DIR/sim
#   CWMPD_LIB         where this file lives (default /usr/lib/cwmpd/lib)
#   CWMPD_ROOT        prefix for /etc, /sys and /proc reads (default "":
#                     the real root); tests point it at fixture trees
#   CWMPD_PLUGIN_DIR  the plugins' directory (for the batch runner)
#
# Exit codes: 0 done; 1 refused or failed (set: with fault lines on stdout);
# 2 usage: unknown verb, bad arguments or unknown platform; anything else, or
# death by a signal, is an internal error. stderr is logged by cwmpd with the
# plugin's name (the first 100 lines of at most 512 bytes each). Each call has
# a time limit: SIGTERM to the plugin's process group, SIGKILL a second later.
#
# Batches. When cwmpd needs the get of two or more plugins at once (the
# first GetParameterValues of a session over the whole tree), it runs
# them in one process, the batch runner $CWMPD_LIB/batch.sh, under /bin/sh
# (it needs no exec bit):
#
#   batch.sh get NAME PREFIX... [NAME PREFIX...]...
#
# (an argument without a "." is a plugin's name, those after it up to the
# next name its prefixes). It sources this library and the platform's
# once, then each plugin of $CWMPD_PLUGIN_DIR in turn (in the same shell:
# no process per plugin) and calls its get, which only queues its one awk
# (cwmp_awk, below); one awk then prints every part. stdout holds, for
# each plugin, the line RS "begin NAME" (RS: the byte 036; never a data
# line: no TAB), the plugin's get output as its own get prints it, then LF
# RS "end NAME STATUS" LF: that LF is the runner's, STATUS the get's exit
# status. A get that fails before it queues gets an empty part with its
# status at once. cwmpd loads each part as that plugin's output; a plugin
# whose part is missing (not batchable, the runner died or was killed at
# its time limit before the end line) or failed (a STATUS other than 0, a
# line that breaks the format) is run again alone, the usual way, so what
# a failure does and says stays the plugin's own. A plugin is batchable
# when its third line is exactly "# cwmpd: batch": it then sources this
# library first, defines functions and sets variables only (the next
# plugin's replace them; the runner unsets the optional hooks in between),
# prints nothing from its get in a batch but through cwmp_awk (or
# cwmp_cat, which prints its part at once), and ends
# with `[ -n "${CWMP_BATCH-}" ] || cwmp_main "$@"`. A get in a batch
# shares what the platform reads once per batch (openwrt: the uci and
# netifd snapshot, openwrt_get.sh) and leaves the shell as it found it
# (no exit, no cd, no traps).

# Sourced once per shell: the batch runner sources it, then each plugin
# does again (a dot script's return ends only the dot script).
[ -n "${CWMP_SH_LOADED-}" ] && return 0
CWMP_SH_LOADED=1

CWMPD_ROOT=${CWMPD_ROOT-}
CWMPD_STATE_DIR=${CWMPD_STATE_DIR:-/etc/cwmpd}
CWMPD_LIB=${CWMPD_LIB:-/usr/lib/cwmpd/lib}
if [ -z "${CWMPD_PLATFORM-}" ]; then
	if [ -f "$CWMPD_ROOT/etc/openwrt_release" ]; then
		CWMPD_PLATFORM=openwrt
	else
		CWMPD_PLATFORM=sim
	fi
fi
CWMP_SIM_DIR=$CWMPD_STATE_DIR/sim

# No fork at start: the tab is the middle of IFS's default (blank, tab,
# newline); the CR comes on first use (cwmp_cr_init).
cwmp_tab=${IFS#?}
cwmp_tab=${cwmp_tab%?}
case $cwmp_tab in ?) ;; *) cwmp_tab=$(printf '\t') ;; esac
cwmp_cr=
cwmp_nl='
'

# cwmp_cr_init: sets cwmp_cr (a CR) for the readers of input lines.
cwmp_cr_init() {
	[ -n "$cwmp_cr" ] || cwmp_cr=$(printf '\r')
}

# Print a message on stderr, prefixed with the plugin's name.
cwmp_log() {
	printf '%s: %s\n' "${CWMP_NAME:-${0##*/}}" "$*" >&2
}

# cwmp_die CODE MESSAGE: log and exit.
cwmp_die() {
	_cwmp_code=$1
	shift
	cwmp_log "$*"
	exit "$_cwmp_code"
}

# Exit 2 unless the platform is one we know.
cwmp_check_platform() {
	case $CWMPD_PLATFORM in
	sim | openwrt) ;;
	*) cwmp_die 2 "unknown platform '$CWMPD_PLATFORM'" ;;
	esac
}

# cwmp_platform_lib: source the library of the platform in use
# ($CWMPD_LIB/sim.sh or openwrt.sh), after cwmp_check_platform.
cwmp_platform_lib() {
	cwmp_check_platform
	. "$CWMPD_LIB/$CWMPD_PLATFORM.sh"
}

# cwmp_main VERB ARG...: a plugin's verb on the platform in use (sim_main
# or ow_main); a plugin's last line (see "Batches" above).
cwmp_main() {
	cwmp_check_platform
	[ $# -gt 0 ] || cwmp_die 2 "usage: ${CWMP_NAME:-${0##*/}} get|set|add|delete|apply|revert"
	case $CWMPD_PLATFORM in
	sim) sim_main "$@" ;;
	openwrt) ow_main "$@" ;;
	esac
}

# cwmp_escape STRING: sets CWMP_ESC to STRING with \ TAB LF CR escaped.
# Pure shell (no fork): cut at the next special character, map it, go on.
cwmp_escape() {
	_cwmp_s=$1
	CWMP_ESC=
	cwmp_cr_init
	while :; do
		case $_cwmp_s in
		*[\\$cwmp_tab$cwmp_nl$cwmp_cr]*) ;;
		*) break ;;
		esac
		_cwmp_head=${_cwmp_s%%[\\$cwmp_tab$cwmp_nl$cwmp_cr]*}
		_cwmp_s=${_cwmp_s#"$_cwmp_head"}
		case $_cwmp_s in
		"$cwmp_tab"*) CWMP_ESC=$CWMP_ESC$_cwmp_head'\t' ;;
		"$cwmp_nl"*) CWMP_ESC=$CWMP_ESC$_cwmp_head'\n' ;;
		"$cwmp_cr"*) CWMP_ESC=$CWMP_ESC$_cwmp_head'\r' ;;
		*) CWMP_ESC=$CWMP_ESC$_cwmp_head'\\' ;;
		esac
		_cwmp_s=${_cwmp_s#?}
	done
	CWMP_ESC=$CWMP_ESC$_cwmp_s
}

# cwmp_unescape STRING: sets CWMP_UNESC; returns 1 on a bad escape.
cwmp_unescape() {
	_cwmp_s=$1
	CWMP_UNESC=
	while :; do
		case $_cwmp_s in
		*\\*) ;;
		*) break ;;
		esac
		_cwmp_head=${_cwmp_s%%\\*}
		_cwmp_s=${_cwmp_s#"$_cwmp_head"?}
		case $_cwmp_s in
		t*) CWMP_UNESC=$CWMP_UNESC$_cwmp_head$cwmp_tab ;;
		n*) CWMP_UNESC=$CWMP_UNESC$_cwmp_head$cwmp_nl ;;
		r*) cwmp_cr_init; CWMP_UNESC=$CWMP_UNESC$_cwmp_head$cwmp_cr ;;
		\\*) CWMP_UNESC=$CWMP_UNESC$_cwmp_head\\ ;;
		*) return 1 ;;
		esac
		_cwmp_s=${_cwmp_s#?}
	done
	CWMP_UNESC=$CWMP_UNESC$_cwmp_s
	return 0
}

# cwmp_out PATH VALUE: print one escaped line.
cwmp_out() {
	cwmp_escape "$1"
	_cwmp_p=$CWMP_ESC
	cwmp_escape "$2"
	printf '%s\t%s\n' "$_cwmp_p" "$CWMP_ESC"
}

# cwmp_parse_line LINE: split one raw line (as read by `IFS= read -r`) into
# CWMP_PATH and CWMP_VALUE, unescaped. Returns 1 for a bad line.
cwmp_parse_line() {
	cwmp_cr_init
	_cwmp_l=${1%"$cwmp_cr"}
	case $_cwmp_l in
	?*"$cwmp_tab"*) ;;
	*) return 1 ;;
	esac
	_cwmp_v=${_cwmp_l#*"$cwmp_tab"}
	case $_cwmp_v in
	*"$cwmp_tab"*) return 1 ;;
	esac
	cwmp_unescape "${_cwmp_l%%"$cwmp_tab"*}" || return 1
	CWMP_PATH=$CWMP_UNESC
	cwmp_unescape "$_cwmp_v" || return 1
	CWMP_VALUE=$CWMP_UNESC
	return 0
}

# cwmp_read_lines FUNC: call FUNC PATH VALUE for every good line on stdin;
# bad lines are logged and skipped. A last line without LF counts too.
cwmp_read_lines() {
	while IFS= read -r _cwmp_line || [ -n "$_cwmp_line" ]; do
		if cwmp_parse_line "$_cwmp_line"; then
			"$1" "$CWMP_PATH" "$CWMP_VALUE"
		else
			cwmp_log "bad input line ignored"
		fi
	done
}

# ---- A get's one awk ---------------------------------------------------------
#
# A get is one awk (cwmp_awk): its program reads what it needs itself and
# prints its lines through out(). In a batch, each get only queues its
# program, and batch.sh runs them all in one awk at the end
# (cwmp_awk_flush): one process for every plugin's values.

# Awk function esc(s): s escaped per the protocol (split and join: gsub
# replacement strings treat backslashes differently in each awk).
CWMP_AWK_ESC='
function esc(s,   n, a, i, r) {
	r = s
	if (index(r, "\\")) {
		n = split(r, a, "\\"); r = a[1]
		for (i = 2; i <= n; i++) r = r "\\\\" a[i]
	}
	if (index(r, "\t")) {
		n = split(r, a, "\t"); r = a[1]
		for (i = 2; i <= n; i++) r = r "\\t" a[i]
	}
	if (index(r, "\r")) {
		n = split(r, a, "\r"); r = a[1]
		for (i = 2; i <= n; i++) r = r "\\r" a[i]
	}
	return r
}'

# The functions every get's program has:
#   out(path, value)   print "path<TAB>value" when path is wanted(): is, or
#                      is under, one of the get's prefixes (value already
#                      escaped)
#   emit(line)         print line; a program prints through out() and
#                      emit() only: they write 32 lines at a time (busybox
#                      awk writes every print to a pipe at once: a write,
#                      and a wakeup of cwmpd, per line), the rest at the
#                      end of the call (emit_flush)
#   esc(s)             s escaped per the protocol
#   now()              the time in epoch seconds; isotime(t): t as an
#                      xsd:dateTime in UTC
# and, for cwmp_awk: prefixes(s) (the get's prefixes, blank-separated),
# part(name) and part_end(name) (a batch part's begin and end lines).
CWMP_AWK_LIB=$CWMP_AWK_ESC'
function prefixes(s) { NPF = split(s, PF, " ") }
function wanted(p,   i, q) {
	for (i = 1; i <= NPF; i++) {
		q = PF[i]
		if (substr(q, length(q)) == "." ? index(p, q) == 1 : p == q) return 1
	}
	return 0
}
function emit(s) { CWMP_OB = CWMP_OB s "\n"; if (++CWMP_ON >= 32) emit_flush() }
function emit_flush() { if (CWMP_ON) printf "%s", CWMP_OB; CWMP_OB = ""; CWMP_ON = 0 }
function out(p, v) { if (wanted(p)) emit(p "\t" v) }
function part(name) { emit("\036begin " name) }
function part_end(name) { emit("\n\036end " name " 0"); emit_flush() }
function now(   t) { srand(); t = srand(); return t }
function isotime(t,   d, s, era, doe, yoe, y, doy, mp, m) {
	d = int(t / 86400); s = t - d * 86400
	d += 719468; era = int(d / 146097); doe = d - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9
	return sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y + (m <= 2), m, d, int(s / 3600), int(s % 3600 / 60), s % 60)
}'
CWMP_AWK_N=0
CWMP_AWK_QUEUE=
CWMP_AWK_CALLS=

# cwmp_awk FN PROGRAM [ARG...]: a get's awk. PROGRAM, after CWMP_AWK_LIB
# and $CWMP_AWK_PLATFORM (the platform library's functions), defines the
# function FN; FN(ARG...) prints the get's lines for the prefixes in
# CWMP_PREFIXES. The ARGs and the prefixes reach the awk through the
# environment (CWMP_A<k>_<i>, CWMP_P<k>), never as awk text. Alone, runs
# now: the awk's exit status. In a batch (CWMP_BATCH set), queued for
# cwmp_awk_flush as plugin CWMP_NAME's part: returns 0. As one awk runs
# every plugin's program there, the functions PROGRAM defines have names
# of the plugin's own (a prefix of it), and every variable of theirs is a
# local (listed after the parameters).
cwmp_awk() {
	_cwmp_fn=$1 _cwmp_prog=$2
	shift 2
	CWMP_AWK_N=$((CWMP_AWK_N + 1))
	_cwmp_k=$CWMP_AWK_N
	export "CWMP_P$_cwmp_k=$CWMP_PREFIXES"
	_cwmp_call="prefixes(ENVIRON[\"CWMP_P$_cwmp_k\"]); $_cwmp_fn("
	_cwmp_i=0
	for _cwmp_a; do
		_cwmp_i=$((_cwmp_i + 1))
		export "CWMP_A${_cwmp_k}_$_cwmp_i=$_cwmp_a"
		[ $_cwmp_i = 1 ] || _cwmp_call="$_cwmp_call, "
		_cwmp_call="${_cwmp_call}ENVIRON[\"CWMP_A${_cwmp_k}_$_cwmp_i\"]"
	done
	_cwmp_call="$_cwmp_call)"
	if [ -z "${CWMP_BATCH-}" ]; then
		awk "$CWMP_AWK_LIB$CWMP_AWK_PLATFORM$_cwmp_prog
BEGIN { $_cwmp_call; emit_flush() }"
		return
	fi
	CWMP_AWK_QUEUE=$CWMP_AWK_QUEUE$_cwmp_prog
	CWMP_AWK_CALLS="$CWMP_AWK_CALLS
	part(\"$CWMP_NAME\"); $_cwmp_call; part_end(\"$CWMP_NAME\")"
}

# cwmp_awk_flush: run the queued programs in one awk (each call between its
# part's lines; a part the awk did not end is missing: cwmpd runs that
# plugin alone). The awk's exit status.
cwmp_awk_flush() {
	[ -n "$CWMP_AWK_CALLS" ] || return 0
	awk "$CWMP_AWK_LIB$CWMP_AWK_PLATFORM$CWMP_AWK_QUEUE
BEGIN {$CWMP_AWK_CALLS
}"
}

# cwmp_cat FILE...: a get whose output is the FILEs whole, as they are (the
# caller knows they hold good lines, each ending in LF): no awk reads them.
# Alone, cat's exit status. In a batch, the part is printed at once (its
# begin line, the files, its end line with cat's status): returns 0.
cwmp_cat() {
	if [ -z "${CWMP_BATCH-}" ]; then
		cat "$@"
		return
	fi
	printf '\036begin %s\n' "$CWMP_NAME"
	cat "$@"
	printf '\n\036end %s %s\n' "$CWMP_NAME" $?
}

# cwmp_sim_init: make sure the sim store directory exists.
cwmp_sim_init() {
	[ -d "$CWMP_SIM_DIR" ] || mkdir -p "$CWMP_SIM_DIR"
}

# cwmp_write_file FILE: copy stdin to FILE atomically (temp file + rename).
cwmp_write_file() {
	cat >"$1.tmp.$$" && mv -f "$1.tmp.$$" "$1" || {
		rm -f "$1.tmp.$$"
		return 1
	}
}
