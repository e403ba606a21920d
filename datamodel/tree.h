/* SPDX-License-Identifier: BSD-2-Clause */
/* placeholder: being written */
#ifndef CWMP_DM_TREE_H
#define CWMP_DM_TREE_H
#endif
