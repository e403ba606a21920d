/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: being written. */
#ifndef CWMP_DIGEST_H
#define CWMP_DIGEST_H
#endif
