#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# recipe.sh RECIPE_DIR STAGE DEST: run the install step of an OpenWrt
# package recipe (RECIPE_DIR/Makefile, Package/<name>/install) the way the
# buildroot runs it, with STAGE as $(PKG_INSTALL_DIR) (what make install
# put there) and DEST as $(1); writes DEST/CONTROL/conffiles as opkg keeps
# them. The recipe itself is the file list: nothing here names a file.
# GNU make with a stand-in for the buildroot's rules.mk and package.mk.
set -eu
recipe=$(cd "$1" && pwd)
stage=$(cd "$2" && pwd)
mkdir -p "$3"
dest=$(cd "$3" && pwd)
top=$(mktemp -d)
trap 'rm -rf "$top"' EXIT
mkdir -p "$top/include"
cat >"$top/rules.mk" <<'MK'
INCLUDE_DIR:=$(TOPDIR)/include
MK
cat >"$top/include/package.mk" <<'MK'
# The buildroot's install helpers (include/package-defaults.mk, rules.mk).
INSTALL_DIR:=install -d -m0755
INSTALL_BIN:=install -m0755
INSTALL_DATA:=install -m0644
INSTALL_CONF:=install -m0600
CP:=cp -fpR
PKG_BUILD_DIR:=$(TOPDIR)/build
define BuildPackage
stage:
	$$(call Package/$(1)/install,$$(DEST))
	mkdir -p $$(DEST)/CONTROL
	printf '%s\n' $$(strip $$(Package/$(1)/conffiles)) >$$(DEST)/CONTROL/conffiles
endef
MK
make -C "$recipe" -f Makefile TOPDIR="$top" PKG_INSTALL_DIR="$stage" DEST="$dest" stage
