/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the connection request parser's fuzz target is being
 * written. */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)data;
	(void)size;
	return 0;
}
