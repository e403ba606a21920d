/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: being written. */
#include "httpreq.h"

int httpreq_placeholder(void);
int httpreq_placeholder(void)
{
	return 0;
}
