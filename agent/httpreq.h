/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: being written. */
#ifndef CWMP_HTTPREQ_H
#define CWMP_HTTPREQ_H
#endif
