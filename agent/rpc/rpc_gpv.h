/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GetParameterValues' reading of a filled tree, for a caller that is not
 * the ACS (cwmpctl's get, ctl_dm.c): the same checks of the names and the
 * same value for each parameter, so a local read shows what the ACS would
 * get.
 */
#ifndef CWMP_RPC_GPV_H
#define CWMP_RPC_GPV_H

#include <stddef.h>

#include "tree.h"

#define GPV_MAX_NAMES 1024

/* The names against the tree t, filled for them: 0, or a fault code with
 * *bad the index of the name it is about: 9005 when a name is not in the
 * tree (checked for every name first), 9002 when a parameter named exactly
 * has no valid value (a plugin printed one its type refuses; logged). */
int rpc_gpv_check(const struct dm_tree *t, const char *const *names, size_t n, size_t *bad);

/* The value shown for a parameter of a walk: "" for a hidden one, the
 * default for a command, else its value. A parameter whose value is not
 * valid (it->valid false) is left out of an answer. */
const char *rpc_gpv_value(const struct dm_tree_item *it);

#endif
