/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The parameter path parser: splits "Device.WiFi.SSID.2.SSID" into its
 * components, checking the syntax only (see path.h). The length is checked
 * first (strnlen, so nothing past the NUL or past DM_PATH_MAX + 1 bytes is
 * read), then the components left to right; the first error found is the
 * one returned. Instance wildcards ("{i}", "*") and Alias-based addressing
 * ("[alias]") are not supported and give -EINVAL: InstanceWildcardsSupported
 * and AliasBasedAddressing are optional and we advertise neither.
 */
#include <errno.h>
#include <string.h>

#include "path.h"

static bool is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A name: [A-Za-z_][A-Za-z0-9_-]*. */
static bool name_valid(const char *s, size_t len)
{
	if (!is_alpha(s[0]) && s[0] != '_')
		return false;
	for (size_t i = 1; i < len; i++)
		if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '_' && s[i] != '-')
			return false;
	return true;
}

/* An instance number: 1..4294967295, digits only, no leading zero. */
static int instance_parse(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;

	if (len > 10 || s[0] == '0')
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (!is_digit(s[i]))
			return -EINVAL;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

static int part_parse(const char *s, size_t len, struct dm_path_part *p)
{
	p->name = s;
	p->len = (uint16_t)len;
	p->instance = 0;
	if (len == 0)
		return -EINVAL;
	if (is_digit(s[0]))
		return instance_parse(s, len, &p->instance);
	return name_valid(s, len) ? 0 : -EINVAL;
}

static int parts_parse(const char *s, size_t total, struct dm_path *out)
{
	size_t start = 0;

	while (start < total) {
		const char *dot = memchr(s + start, '.', total - start);
		size_t end = dot ? (size_t)(dot - s) : total;
		int rc;

		if (out->n == DM_PATH_MAX_PARTS)
			return -E2BIG;
		rc = part_parse(s + start, end - start, &out->part[out->n]);
		if (rc < 0)
			return rc;
		out->n++;
		if (!dot)
			return 0;
		start = end + 1;
	}
	out->partial = true;
	return 0;
}

int dm_path_parse(const char *s, struct dm_path *out)
{
	size_t total;
	int rc = -EINVAL;

	if (!s || !out)
		return -EINVAL;
	out->n = 0;
	out->partial = false;
	total = strnlen(s, DM_PATH_MAX + 1);
	if (total > DM_PATH_MAX) {
		rc = -E2BIG;
		goto out;
	}
	rc = parts_parse(s, total, out);
out:
	if (rc < 0) {
		out->n = 0;
		out->partial = false;
	}
	return rc;
}
