# SPDX-License-Identifier: BSD-2-Clause
# batch.sh: the batch runner (cwmp.sh, "Batches"): the get of several
# plugins in one shell and one awk, for cwmpd:
#
#   /bin/sh batch.sh get NAME PREFIX... [NAME PREFIX...]...
#
# Sources the library once, then each batchable plugin of
# $CWMPD_PLUGIN_DIR in argv order and calls its get, which queues its awk
# (cwmp_awk); a get that fails prints its part at once, empty, with its
# status. Then one awk prints every queued part (cwmp_awk_flush), and the
# platform finishes (openwrt: ow_batch_end). A plugin that is not
# batchable (or has no file) gets no part at all: cwmpd runs it alone.
# When a plugin ended the shell, or a signal did, the exit trap removes
# what the platform read once for the batch (openwrt: the snapshot).

. "${CWMPD_LIB:-/usr/lib/cwmpd/lib}/cwmp.sh"
cwmp_platform_lib

[ "${1-}" = get ] && [ $# -ge 3 ] || cwmp_die 2 "usage: batch.sh get NAME PREFIX... [NAME PREFIX...]..."
shift
CWMP_BATCH=1
dir=${CWMPD_PLUGIN_DIR:-${CWMPD_LIB%/*}/plugins}
trap '[ "$CWMPD_PLATFORM" = openwrt ] && ow_snap_drop' EXIT
trap 'exit 143' TERM INT HUP

# batchable FILE: true when FILE's third line is the batch mark.
batchable() {
	[ -f "$1" ] && [ -r "$1" ] || return 1
	{ IFS= read -r _l && IFS= read -r _l && IFS= read -r _l; } <"$1" || return 1
	[ "$_l" = "# cwmpd: batch" ]
}

while [ $# -gt 0 ]; do
	name=$1
	shift
	prefixes=
	while [ $# -gt 0 ]; do
		case $1 in
		*.*) prefixes="$prefixes $1" ;;
		*) break ;;
		esac
		shift
	done
	case $name in "" | -* | *[!A-Za-z0-9_-]*) continue ;; esac
	case $prefixes in *[!A-Za-z0-9._\ -]*) continue ;; esac
	[ -n "$prefixes" ] && batchable "$dir/$name" || continue
	# The optional hooks of the plugin before.
	unset -f ow_add ow_delete sim_live
	unset SIM_STATUS SIM_ROOT
	CWMP_NAME=$name
	. "$dir/$name"
	cwmp_main get $prefixes || printf '\036begin %s\n\n\036end %s %s\n' "$name" "$name" $?
done
cwmp_awk_flush
trap - EXIT
[ "$CWMPD_PLATFORM" = openwrt ] && ow_batch_end
exit 0
