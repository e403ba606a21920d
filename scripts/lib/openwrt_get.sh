# SPDX-License-Identifier: BSD-2-Clause
# openwrt_get.sh: the get side of the openwrt platform, sourced by
# openwrt.sh. A plugin's get is one awk (cwmp_awk: in a batch, one awk for
# every plugin): a function of OW_TABLE... that reads what it needs
# itself (the snapshot below, /proc, /sys, its number files) with
# getline, prints the lines under the get's prefixes (out) and gives
# instance numbers (map): no pipeline, no $(...) on the way. An
# unreadable file is no error there (getline returns -1): a process gone
# from /proc since the glob, a missing /tmp/dhcp.leases.
#
# The snapshot: what the plugins read of uci and netifd, taken once per
# get, or once per batch of gets (batch.sh: every plugin of the batch
# reads the same): `uci -X show` of every config (ow_snap_uci) and, for the
# plugins that need it, netifd's `network.interface dump` as one
# jsonfilter reads it (ow_snap_if). The files are in RAM ($TMPDIR, else
# /tmp), private (umask 077) and new (noclobber: O_EXCL, so never a file or
# a link someone put there), named after the shell's PID, and removed at
# the end (ow_snap_drop).

OW_SNAP=${TMPDIR:-/tmp}/cwmpd-snap.$$
OW_SNAP_FILES=
OW_SNAP_UCI=
OW_SNAP_IF=
OW_UCI_TEXT=
OW_PID=$$
OW_Q_TABLES=
export CWMPD_ROOT CWMPD_STATE_DIR OW_SNAP OW_SNAP_UCI OW_PID OW_INST_DIR OW_ANON

# _ow_snap_new NAME: sets _f to the new, empty snapshot file NAME. A file
# of that name left by a killed run with the same PID goes first.
_ow_snap_new() {
	_f=$OW_SNAP.$1
	umask 077
	set -C
	true 2>/dev/null >"$_f" || { rm -f "$_f" && true >"$_f"; } || {
		set +C
		cwmp_die 1 "cannot create $_f"
	}
	set +C
	OW_SNAP_FILES="$OW_SNAP_FILES $_f"
}

# ow_snap_uci: the uci snapshot, unless taken: OW_SNAP_UCI names the file
# (what `uci -q -X show` prints, staged changes included; a config that
# does not parse is left out, as uci leaves it out).
ow_snap_uci() {
	[ -n "$OW_SNAP_UCI" ] && return 0
	OW_UCI_TEXT=$(uci -q -X show 2>/dev/null)
	_ow_snap_new uci
	printf '%s\n' "$OW_UCI_TEXT" >>"$_f"
	OW_SNAP_UCI=$_f
}

# ow_snap_if: netifd's state of the network config's interfaces (not
# loopback), unless taken: OW_IFS lists them and OW_U<k> (up: 1 or 0),
# OW_T<k> (uptime), OW_L<k> (l3_device), OW_A<k> and OW_M<k> (the first
# IPv4 address and its prefix length), OW_D<k> (the DNS servers in use,
# blank-separated) hold the k-th one's, as exported variables (for the
# awk: ifs_load), empty where netifd knows nothing. Only the interface's
# own keys count, never those under "inactive". One `ubus call
# network.interface dump` into a file, read by one jsonfilter whose
# "export VAR=...;" lines are sourced.
ow_snap_if() {
	[ -n "$OW_SNAP_IF" ] && return 0
	ow_snap_uci
	OW_IFS=
	_ifs=$IFS
	IFS=$cwmp_nl
	set -f
	for _l in $OW_UCI_TEXT; do
		case $_l in
		network.*=interface)
			_s=${_l#network.}
			_s=${_s%=interface}
			case $_s in loopback | "" | *[!A-Za-z0-9_]*) ;; *) OW_IFS="$OW_IFS $_s" ;; esac
			;;
		esac
	done
	set +f
	IFS=$_ifs
	export OW_IFS
	set --
	_k=0
	for _s in $OW_IFS; do
		_k=$((_k + 1))
		unset "OW_U$_k" "OW_T$_k" "OW_L$_k" "OW_A$_k" "OW_M$_k" "OW_D$_k"
		_q="@.interface[@.interface='$_s']"
		set -- "$@" -e "OW_U$_k=$_q.up" -e "OW_T$_k=$_q.uptime" -e "OW_L$_k=$_q.l3_device" \
			-e "OW_A$_k=$_q['ipv4-address'][0].address" \
			-e "OW_M$_k=$_q['ipv4-address'][0].mask" -e "OW_D$_k=$_q['dns-server'][*]"
	done
	_ow_snap_new if
	OW_SNAP_IF=$_f
	[ $# -gt 0 ] || return 0
	_ow_snap_new ifvars
	ubus call network.interface dump >>"$OW_SNAP_IF" 2>/dev/null
	# jsonfilter exits 1 when an expression matched nothing: not an error.
	jsonfilter -i "$OW_SNAP_IF" "$@" >>"$_f" 2>/dev/null
	. "$_f"
}

# ow_snap_drop: remove the snapshot (the next get takes a new one).
ow_snap_drop() {
	[ -n "$OW_SNAP_FILES" ] && rm -f $OW_SNAP_FILES
	OW_SNAP_FILES= OW_SNAP_UCI= OW_SNAP_IF= OW_UCI_TEXT=
}

# ow_batch_end: after the batch's awk: the number files and pins of the
# queued tables, then the snapshot goes, in the background (cwmpd has its
# answer once the runner exits).
ow_batch_end() {
	ow_maps_done $OW_Q_TABLES
	if [ -n "$OW_SNAP_FILES" ]; then
		rm -f $OW_SNAP_FILES >/dev/null 2>&1 &
	fi
	OW_SNAP_FILES=
}

# ow_maps_done NAME[:CONFIG]...: after the awk, for each of its tables: the
# number file it wrote (map, only when a number changed) replaces the
# table's, then (with CONFIG) the anonymous sections it found are pinned
# (ow_pin).
ow_maps_done() {
	for _m; do
		_n=${_m%%:*}
		[ -f "$OW_INST_DIR/$_n.tmp.$$" ] && mv -f "$OW_INST_DIR/$_n.tmp.$$" "$OW_INST_DIR/$_n"
		[ -f "$OW_SNAP.pin.$_n" ] || continue
		[ "$_n" != "$_m" ] && ow_pin "${_m#*:}" "$_n" <"$OW_SNAP.pin.$_n"
		rm -f "$OW_SNAP.pin.$_n"
	done
	return 0
}

# The awk library (CWMP_AWK_PLATFORM on openwrt), after cwmp.sh's. From the
# environment: OW_SNAP_UCI, OW_IFS and its variables (ow_snap_if),
# CWMPD_ROOT, CWMPD_STATE_DIR, OW_INST_DIR, OW_ANON, OW_PID, OW_SNAP (pin
# files). Globals: ROOT, STATE.
#   uci_load(cfg, T, V, S)  the snapshot's config cfg: T[section] its type,
#                      V[section, option] the value (unquoted, a list's
#                      items joined by a blank, escaped), S[1..n] the
#                      sections in order; returns n
#   ifs_load(UP, UPT, L3, ADDR, MASK, DNS)  netifd's state by interface:
#                      up (1/0), uptime, l3_device, the first IPv4
#                      address and its prefix length, the DNS servers
#                      (blank-separated)
#   dev_load(C)        /proc/net/dev: C[dev, i], i = 1..16 its counters
#                      (1-4 received bytes, packets, errors, drops; 9-12
#                      the same sent)
#   stats(p, C, dev)   the 8 Stats. lines of object p for dev
#   map(name, cfg, K, n, NUM)  instance numbers (openwrt.sh, "Instance
#                      numbers") of table name for the keys K[1..n] in
#                      config order: NUM[key]. Returns m, K[1..m] being
#                      the keys left when "" and repeats are dropped.
#                      New keys get the next numbers; anonymous uci
#                      section names that are gone leave the file. Only
#                      when something changed, the file is written anew
#                      as NAME.tmp.PID (ow_maps_done renames it). With cfg
#                      (the uci config of the sections), the anonymous
#                      ones go to the pin file for ow_maps_done.
#   ip_map(K, NUM)     the IP.Interface table's (map "ip"): the network
#                      config's interface sections but loopback, K[1..n]
#                      in order; returns n. For every plugin that names an
#                      IP.Interface, so that the numbers are there on the
#                      first read, whichever plugin comes first (its
#                      OW_TABLES has "ip").
#   readline(f)        the first line of file f ("" when none)
#   identity(I, M, nm)  the device's identity as the system plugin's
#                      identity verb gives it and Device.DeviceInfo. has it:
#                      I[name] for each name of IDENTITY (blank-separated:
#                      the Device.DeviceInfo. parameters in Inform order)
#                      but ProvisioningCode, and I["Description"], escaped:
#                      from /etc/board.json (model.id, model.name,
#                      system.label_macaddr), /etc/openwrt_release (read,
#                      never sourced) and the MAC address: the label's,
#                      else eth0's, else that of the first interface with a
#                      real one among the address files M[1..nm]
#   json_load(file, J)  the JSON file's strings by their dotted key path
#                      (J["model.id"]), through objects only
OW_AWK_LIB='
BEGIN {
	UCI = ENVIRON["OW_SNAP_UCI"]; ROOT = ENVIRON["CWMPD_ROOT"]
	STATE = ENVIRON["CWMPD_STATE_DIR"]
	IDENTITY = "Manufacturer ManufacturerOUI ProductClass SerialNumber HardwareVersion " \
		"SoftwareVersion ProvisioningCode ModelName"
}
# The snapshot is read once per awk, into UC_*: per config c, UC_NS[c]
# sections UC_S[c, i] of type UC_T[c, s], and UC_NO[c] options UC_OS[c, i]
# (section), UC_OO[c, i] (option) of value UC_V[c, i].
function uci_read(   l, eq, k, v, c, d, s) {
	UC_READ = 1
	while (UCI != "" && (getline l < UCI) > 0) {
		if (!(eq = index(l, "=")) || !(d = index(l, "."))) continue
		c = substr(l, 1, d - 1); k = substr(l, d + 1, eq - d - 1); v = substr(l, eq + 1)
		gsub(/\047\\\047\047/, "\001", v)
		gsub(/\047 \047/, " ", v)
		gsub(/\047/, "", v)
		gsub(/\001/, "\047", v)
		v = esc(v)
		if (d = index(k, ".")) {
			s = ++UC_NO[c]; UC_OS[c, s] = substr(k, 1, d - 1); UC_OO[c, s] = substr(k, d + 1); UC_V[c, s] = v
		} else { UC_S[c, ++UC_NS[c]] = k; UC_T[c, k] = v }
	}
	if (UCI != "") close(UCI)
}
function uci_load(cfg, T, V, S,   i, n) {
	if (!UC_READ) uci_read()
	n = UC_NS[cfg] + 0
	for (i = 1; i <= n; i++) { S[i] = UC_S[cfg, i]; T[S[i]] = UC_T[cfg, S[i]] }
	for (i = 1; i <= UC_NO[cfg] + 0; i++) V[UC_OS[cfg, i], UC_OO[cfg, i]] = UC_V[cfg, i]
	return n
}
function ifs_load(UP, UPT, L3, ADDR, MASK, DNS,   n, N, k) {
	n = split(ENVIRON["OW_IFS"], N, " ")
	for (k = 1; k <= n; k++) {
		UP[N[k]] = ENVIRON["OW_U" k]; UPT[N[k]] = ENVIRON["OW_T" k]
		L3[N[k]] = ENVIRON["OW_L" k]; ADDR[N[k]] = ENVIRON["OW_A" k]
		MASK[N[k]] = ENVIRON["OW_M" k]; DNS[N[k]] = ENVIRON["OW_D" k]
	}
}
function dev_load(C,   f, l, c, d, F, i) {
	f = ROOT "/proc/net/dev"
	while ((getline l < f) > 0) {
		if (!(c = index(l, ":"))) continue
		d = substr(l, 1, c - 1); gsub(/ /, "", d)
		split(substr(l, c + 1), F, " ")
		for (i = 1; i <= 16; i++) C[d, i] = F[i]
	}
	close(f)
}
function stats(p, C, d) {
	out(p "Stats.BytesSent", C[d, 9] + 0)
	out(p "Stats.BytesReceived", C[d, 1] + 0)
	out(p "Stats.PacketsSent", C[d, 10] + 0)
	out(p "Stats.PacketsReceived", C[d, 2] + 0)
	out(p "Stats.ErrorsSent", C[d, 11] + 0)
	out(p "Stats.ErrorsReceived", C[d, 3] + 0)
	out(p "Stats.DiscardPacketsSent", C[d, 12] + 0)
	out(p "Stats.DiscardPacketsReceived", C[d, 4] + 0)
}
function map(name, cfg, K, n, NUM,   f, l, a, anon, pin, max, seen, gone, done, i, m, s, ch, tmp) {
	f = ENVIRON["OW_INST_DIR"] "/" name
	anon = ENVIRON["OW_ANON"]; pin = ENVIRON["OW_SNAP"] ".pin." name
	while ((getline l < f) > 0) {
		split(l, a, "\t")
		if (a[1] == "#max") max = a[2] + 0
		else { NUM[a[2]] = a[1]; if (a[1] + 0 > max) max = a[1] + 0 }
	}
	close(f)
	for (i = 1; i <= n; i++) seen[K[i]] = 1
	for (s in NUM) if (!(s in seen) && s ~ anon) gone[s] = 1
	for (s in gone) { delete NUM[s]; ch = 1 }
	for (i = 1; i <= n; i++) {
		s = K[i]
		if (s == "" || (s in done)) continue
		done[s] = 1
		K[++m] = s
		if (!(s in NUM)) { NUM[s] = ++max; ch = 1 }
		if (cfg != "" && s ~ anon) print NUM[s] "\t" s > pin
	}
	if (ch) {
		tmp = f ".tmp." ENVIRON["OW_PID"]
		print "#max\t" max > tmp
		for (s in NUM) print NUM[s] "\t" s > tmp
		close(tmp)
	}
	if (cfg != "") close(pin)
	return m + 0
}
function ip_map(K, NUM,   T, V, S, ns, n, i, k) {
	if (!IP_N) {
		ns = uci_load("network", T, V, S)
		for (i = 1; i <= ns; i++) if (T[S[i]] == "interface" && S[i] != "loopback") IP_K[++n] = S[i]
		IP_N = map("ip", "", IP_K, n + 0, IP_NUM) + 1
	}
	for (i = 1; i < IP_N; i++) K[i] = IP_K[i]
	for (k in IP_NUM) NUM[k] = IP_NUM[k]
	return IP_N - 1
}
function readline(f,   l) {
	l = ""
	if ((getline l < f) <= 0) l = ""
	close(f)
	return l
}
function json_load(file, J,   s, l, n, Q, i, j, c, gap, str, depth, K, OBJ, key, p, k) {
	while ((getline l < file) > 0) s = s l "\n"
	close(file)
	n = split(s, Q, "\"")
	for (i = 1; i <= n; i++) {
		# Q[i]: between strings; Q[i + 1]...: a string, its escaped
		# quotes ending a piece with an odd number of backslashes.
		gap = Q[i]; gsub(/[ \t\r\n]/, "", gap)
		for (j = 1; j <= length(gap); j++) {
			c = substr(gap, j, 1)
			if (c == "{" || c == "[") { K[++depth] = key; OBJ[depth] = (c == "{"); key = "" }
			else if (c == "}" || c == "]") { depth--; key = "" }
			else if (c == ",") key = ""
		}
		if (++i > n) break
		str = Q[i]
		while (i < n && match(str, /\\+$/) && RLENGTH % 2) str = str "\"" Q[++i]
		if (index(str, "\\")) str = json_unescape(str)
		gap = Q[i + 1]; sub(/^[ \t\r\n]*/, "", gap)
		if (OBJ[depth] && substr(gap, 1, 1) == ":") { key = str; continue }
		p = ""
		for (k = 2; k <= depth; k++) { if (!OBJ[k - 1]) break; p = p K[k] "." }
		if (k > depth && OBJ[depth] && !((p key) in J)) J[p key] = str
	}
}
function json_unescape(s,   r, i, c, code, k) {
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\\") {
			c = substr(s, ++i, 1)
			if (c == "n") c = "\n"; else if (c == "t") c = "\t"; else if (c == "r") c = "\r"
			else if (c == "b") c = "\b"; else if (c == "f") c = "\f"
			else if (c == "u") {
				code = 0
				for (k = 1; k <= 4; k++) code = code * 16 + index("0123456789abcdef", tolower(substr(s, i + k, 1))) - 1
				i += 4
				if (code < 128) c = sprintf("%c", code)
				else if (code < 2048) c = sprintf("%c%c", 192 + int(code / 64), 128 + code % 64)
				else c = sprintf("%c%c%c", 224 + int(code / 4096), 128 + int(code / 64) % 64, 128 + code % 64)
			}
		}
		r = r c
	}
	return r
}
function release(R,   f, l, eq, v) {
	f = ROOT "/etc/openwrt_release"
	while ((getline l < f) > 0) {
		if (!(eq = index(l, "="))) continue
		v = substr(l, eq + 1); sub(/^[\047"]/, "", v); sub(/[\047"]$/, "", v)
		R[substr(l, 1, eq - 1)] = v
	}
	close(f)
}
function macnorm(m) {
	m = toupper(m); gsub(/[:-]/, "", m)
	return (length(m) == 12 && m !~ /[^0-9A-F]/) ? m : ""
}
function identity(I, M, nm,   J, id, name, R, mac, i, v, cl, sw) {
	json_load(ROOT "/etc/board.json", J)
	id = J["model.id"]; name = J["model.name"]; mac = J["system.label_macaddr"]
	for (i = 0; i <= nm && mac == ""; i++) {
		if (i && M[i] ~ /\/lo\/address$/) continue
		mac = readline(i ? M[i] : ROOT "/sys/class/net/eth0/address")
		if (mac == "00:00:00:00:00:00") mac = ""
	}
	mac = macnorm(mac)
	release(R)
	v = name; sub(/ .*/, "", v)
	if (v == "") { v = id; sub(/,.*/, "", v) }
	cl = id; sub(/^[^,]*,/, "", cl)
	sw = R["DISTRIB_RELEASE"]
	if (sw != "" && R["DISTRIB_REVISION"] != "") sw = sw "-"
	I["Manufacturer"] = esc(v != "" ? v : "OpenWrt")
	I["ManufacturerOUI"] = substr(mac, 1, 6)
	I["ProductClass"] = esc(cl != "" ? cl : (name != "" ? name : "OpenWrt"))
	I["SerialNumber"] = mac
	I["HardwareVersion"] = esc(R["DISTRIB_TARGET"])
	I["SoftwareVersion"] = esc(sw R["DISTRIB_REVISION"])
	I["ModelName"] = esc(name != "" ? name : id)
	I["Description"] = esc(R["DISTRIB_DESCRIPTION"])
}'
