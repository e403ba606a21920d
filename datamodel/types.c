/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * TR-106 value checks (see types.h). Every check works on a (pointer,
 * length) span so list items are checked in place. Decisions where TR-106
 * or XML Schema leave room: numbers are accepted only in canonical decimal
 * form ("0", "42", "-7"; no "+", no leading zeros, no "-0", no spaces)
 * because values reach the plugins verbatim and "010" is octal to a shell;
 * string sizes count UTF-8 code points and invalid UTF-8 is refused;
 * base64 and hexBinary sizes count decoded bytes (as TR-181's own size
 * facets do, e.g. 145 octets "which requires 196 bytes for Base64"), base64
 * must be one line with canonical padding; dateTime may omit the time zone
 * (TR-106 writes time since boot as "0001-01-03T03:04:05"); lists are
 * comma-separated with no blanks, "" is the empty list, and min/max apply
 * to each item while list_max bounds the whole value; the named types
 * (IPAddress, MACAddress, ...) all accept "" as "unspecified".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "types.h"

#define ALIAS_MAX 64


static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool span_eq(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

/* ---- sizes -------------------------------------------------------------- */

/* Length of the UTF-8 sequence at s (1..4), or 0 when it is invalid:
 * truncated, overlong, a surrogate or past U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
	uint32_t cp, min;
	size_t k;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		k = 2, cp = s[0] & 0x1F, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		k = 3, cp = s[0] & 0x0F, min = 0x800;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		k = 4, cp = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (avail < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return k;
}

/* Number of characters (code points) in s, or -EINVAL if not UTF-8. */
static int utf8_chars(const char *s, size_t len, size_t *chars)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n = 0;

	while (i < len) {
		size_t k = utf8_seq(u + i, len - i);

		if (k == 0)
			return -EINVAL;
		i += k;
		n++;
	}
	*chars = n;
	return 0;
}

static int b64_val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (is_digit(c))
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decoded size of base64 text; the bits past the last byte must be 0. */
static int base64_bytes(const char *s, size_t len, size_t *bytes)
{
	size_t pad = 0;

	if (len % 4 != 0)
		return -EINVAL;
	if (len > 0 && s[len - 1] == '=')
		pad++;
	if (pad == 1 && s[len - 2] == '=')
		pad++;
	for (size_t i = 0; i < len - pad; i++)
		if (b64_val(s[i]) < 0)
			return -EINVAL;
	if ((pad == 1 && (b64_val(s[len - 2]) & 0x03)) ||
	    (pad == 2 && (b64_val(s[len - 3]) & 0x0F)))
		return -EINVAL;
	*bytes = len / 4 * 3 - pad;
	return 0;
}

static int hex_bytes(const char *s, size_t len, size_t *bytes)
{
	if (len % 2 != 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++)
		if (!is_hex(s[i]))
			return -EINVAL;
	*bytes = len / 2;
	return 0;
}

/* The node's size facets (characters or decoded bytes). */
static int check_size(const struct dm_node *n, size_t size)
{
	const struct dm_spec *sp = dm_node_spec(n);

	if ((n->flags & DM_F_HAS_MIN) && sp->min > 0 && size < (uint64_t)sp->min)
		return -EINVAL;
	if ((n->flags & DM_F_HAS_MAX) && (sp->max < 0 || size > (uint64_t)sp->max))
		return -EINVAL;
	return 0;
}

/* ---- numbers ------------------------------------------------------------ */

/* Canonical unsigned decimal: "0" or [1-9][0-9]*, at most UINT64_MAX. */
static int parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0 || (s[0] == '0' && len > 1))
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (!is_digit(s[i]) || v > (UINT64_MAX - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* Canonical signed decimal: an optional '-' (not on 0), then parse_u64. */
static int parse_i64(const char *s, size_t len, int64_t *out)
{
	size_t neg = len > 0 && s[0] == '-';
	uint64_t mag;

	if (parse_u64(s + neg, len - neg, &mag) < 0)
		return -EINVAL;
	if (neg && (mag == 0 || mag > (uint64_t)INT64_MAX + 1))
		return -EINVAL;
	if (!neg && mag > INT64_MAX)
		return -EINVAL;
	if (neg)
		*out = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	else
		*out = (int64_t)mag;
	return 0;
}

static int check_signed(const struct dm_node *n, const char *s, size_t len,
			int64_t lo, int64_t hi)
{
	int64_t v;
	const struct dm_spec *sp = dm_node_spec(n);

	if (parse_i64(s, len, &v) < 0 || v < lo || v > hi)
		return -EINVAL;
	if ((n->flags & DM_F_HAS_MIN) && v < sp->min)
		return -EINVAL;
	if ((n->flags & DM_F_HAS_MAX) && v > sp->max)
		return -EINVAL;
	return 0;
}

static int check_unsigned(const struct dm_node *n, const char *s, size_t len, uint64_t hi)
{
	uint64_t v;
	const struct dm_spec *sp = dm_node_spec(n);

	if (parse_u64(s, len, &v) < 0 || v > hi)
		return -EINVAL;
	if ((n->flags & DM_F_HAS_MIN) && sp->min > 0 && v < (uint64_t)sp->min)
		return -EINVAL;
	if ((n->flags & DM_F_HAS_MAX) && (sp->max < 0 || v > (uint64_t)sp->max))
		return -EINVAL;
	return 0;
}

/* ---- boolean, dateTime -------------------------------------------------- */

static int check_boolean(const char *s, size_t len)
{
	if (span_eq(s, len, "0") || span_eq(s, len, "1") ||
	    span_eq(s, len, "true") || span_eq(s, len, "false"))
		return 0;
	return -EINVAL;
}

/* The value of n digits at s, or -1. */
static int digits(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int days_in_month(int y, int m)
{
	static const unsigned char days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* "YYYY-MM-DDThh:mm:ss", the first 19 characters of s. */
static int datetime_fields(const char *s)
{
	int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
	int h = digits(s + 11, 2), mi = digits(s + 14, 2), sec = digits(s + 17, 2);

	if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
		return -EINVAL;
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -EINVAL;
	if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
		return -EINVAL;
	return 0;
}

/* What follows the seconds: [.digits] then nothing, "Z" or "+hh:mm"/"-hh:mm". */
static int datetime_tail(const char *s, size_t len)
{
	size_t i = 0;
	int hh, mm;

	if (len > 0 && s[0] == '.') {
		for (i = 1; i < len && is_digit(s[i]); i++)
			;
		if (i == 1)
			return -EINVAL;
	}
	if (i == len || (len - i == 1 && s[i] == 'Z'))
		return 0;
	if (len - i != 6 || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':')
		return -EINVAL;
	hh = digits(s + i + 1, 2);
	mm = digits(s + i + 4, 2);
	if (hh < 0 || mm < 0 || mm > 59 || hh > 14 || (hh == 14 && mm != 0))
		return -EINVAL;
	return 0;
}

static int check_datetime(const char *s, size_t len)
{
	if (len < 19 || datetime_fields(s) < 0)
		return -EINVAL;
	return datetime_tail(s + 19, len - 19);
}

/* ---- named data types --------------------------------------------------- */

/* Dotted quad, each octet 0..255 without leading zeros. */
static bool ipv4_valid(const char *s, size_t len)
{
	size_t i = 0;

	for (int octet = 0; octet < 4; octet++) {
		size_t start;
		unsigned v = 0;

		if (octet > 0 && (i >= len || s[i++] != '.'))
			return false;
		start = i;
		while (i < len && i - start < 3 && is_digit(s[i]))
			v = v * 10 + (unsigned)(s[i++] - '0');
		if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
			return false;
	}
	return i == len;
}

/* RFC 4291 text forms, no zone identifier (inet_pton refuses '%'). */
static bool ipv6_valid(const char *s, size_t len)
{
	char buf[INET6_ADDRSTRLEN];
	unsigned char addr[16];

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return inet_pton(AF_INET6, buf, addr) == 1;
}

static bool ip_valid(const char *s, size_t len)
{
	return ipv4_valid(s, len) || ipv6_valid(s, len);
}

/* "addr/n" or "/n"; n up to 32 after an IPv4 address, 128 after IPv6. */
static bool prefix_valid(const char *s, size_t len, bool v4, bool v6)
{
	const char *slash = memchr(s, '/', len);
	size_t alen, plen;
	uint64_t bits, max;

	if (!slash)
		return false;
	alen = (size_t)(slash - s);
	plen = len - alen - 1;
	if (plen > 3 || parse_u64(slash + 1, plen, &bits) < 0)
		return false;
	if (alen == 0)
		max = v6 ? 128 : 32;
	else if (v4 && ipv4_valid(s, alen))
		max = 32;
	else if (v6 && ipv6_valid(s, alen))
		max = 128;
	else
		return false;
	return bits <= max;
}

static bool prefix_any(const char *s, size_t len) { return prefix_valid(s, len, true, true); }
static bool prefix_v4(const char *s, size_t len) { return prefix_valid(s, len, true, false); }
static bool prefix_v6(const char *s, size_t len) { return prefix_valid(s, len, false, true); }

static bool mac_valid(const char *s, size_t len)
{
	if (len != 17)
		return false;
	for (size_t i = 0; i < len; i++)
		if (i % 3 == 2 ? s[i] != ':' : !is_hex(s[i]))
			return false;
	return true;
}

/* Only the size: we do not implement Alias-based addressing. */
static bool alias_valid(const char *s, size_t len)
{
	size_t chars;

	return utf8_chars(s, len, &chars) == 0 && chars <= ALIAS_MAX;
}

struct named_type {
	const char *name;
	bool (*valid)(const char *s, size_t len);   /* not called for "" */
};

static const struct named_type named_types[] = {
	{ "IPAddress", ip_valid },
	{ "IPv4Address", ipv4_valid },
	{ "IPv6Address", ipv6_valid },
	{ "IPPrefix", prefix_any },
	{ "IPv4Prefix", prefix_v4 },
	{ "IPv6Prefix", prefix_v6 },
	{ "MACAddress", mac_valid },
	{ "Alias", alias_valid },
};

static int check_named(const struct dm_node *n, const char *s, size_t len)
{
	const struct dm_spec *sp = dm_node_spec(n);

	if (!sp->datatype || len == 0)
		return 0;
	for (size_t i = 0; i < sizeof(named_types) / sizeof(named_types[0]); i++)
		if (strcmp(sp->datatype, named_types[i].name) == 0)
			return named_types[i].valid(s, len) ? 0 : -EINVAL;
	return 0;
}

/* ---- items, lists, the entry points ------------------------------------- */

/* Printable US-ASCII (0x20..0x7e) only? */
static bool printable_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

static int check_enum(const struct dm_node *n, const char *s, size_t len)
{
	const struct dm_spec *sp = dm_node_spec(n);

	if (!sp->enums)
		return 0;
	for (const char *e = sp->enums; *e; e += strlen(e) + 1)
		if (span_eq(s, len, e))
			return 0;
	return -EINVAL;
}

static int check_base(const struct dm_node *n, const char *s, size_t len)
{
	size_t size;

	switch (n->type) {
	case DM_T_STRING:
		if (utf8_chars(s, len, &size) < 0 || ((n->flags & DM_F_ASCII) && !printable_ascii(s, len)))
			return -EINVAL;
		return check_size(n, (n->flags & DM_F_OCTETS) ? len : size);
	case DM_T_INT:
		return check_signed(n, s, len, INT32_MIN, INT32_MAX);
	case DM_T_UNSIGNED_INT:
		return check_unsigned(n, s, len, UINT32_MAX);
	case DM_T_LONG:
		return check_signed(n, s, len, INT64_MIN, INT64_MAX);
	case DM_T_UNSIGNED_LONG:
		return check_unsigned(n, s, len, UINT64_MAX);
	case DM_T_BOOLEAN:
		return check_boolean(s, len);
	case DM_T_DATETIME:
		return check_datetime(s, len);
	case DM_T_BASE64:
		return base64_bytes(s, len, &size) < 0 ? -EINVAL : check_size(n, size);
	case DM_T_HEXBINARY:
		return hex_bytes(s, len, &size) < 0 ? -EINVAL : check_size(n, size);
	default:
		return -EINVAL;
	}
}

static int check_item(const struct dm_node *n, const char *s, size_t len)
{
	int rc = check_base(n, s, len);

	if (rc == 0)
		rc = check_enum(n, s, len);
	if (rc == 0)
		rc = check_named(n, s, len);
	return rc;
}

static int check_list(const struct dm_node *n, const char *s, size_t len)
{
	const struct dm_spec *sp = dm_node_spec(n);
	size_t chars, start = 0;

	if (utf8_chars(s, len, &chars) < 0 || (sp->list_max && chars > sp->list_max))
		return -EINVAL;
	if (len == 0)
		return 0;
	for (;;) {
		const char *comma = memchr(s + start, ',', len - start);
		size_t end = comma ? (size_t)(comma - s) : len;
		int rc = check_item(n, s + start, end - start);

		if (rc < 0 || !comma)
			return rc;
		start = end + 1;
	}
}

int dm_value_check(const struct dm_node *n, const char *value)
{
	size_t len;

	if (!n || !value || n->type == DM_T_OBJECT || n->type > DM_T_HEXBINARY)
		return -EINVAL;
	len = strlen(value);
	if (n->flags & DM_F_LIST)
		return check_list(n, value, len);
	return check_item(n, value, len);
}

const char *dm_type_name(const struct dm_node *n)
{
	static const char *const names[] = {
		[DM_T_OBJECT] = "object", [DM_T_STRING] = "string", [DM_T_INT] = "int",
		[DM_T_UNSIGNED_INT] = "unsignedInt", [DM_T_LONG] = "long",
		[DM_T_UNSIGNED_LONG] = "unsignedLong", [DM_T_BOOLEAN] = "boolean",
		[DM_T_DATETIME] = "dateTime", [DM_T_BASE64] = "base64",
		[DM_T_HEXBINARY] = "hexBinary",
	};

	if (!n || n->type >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[n->type];
}

int dm_value_canonical(const struct dm_node *n, const char *value, char *out, size_t outlen)
{
	const char *src = value;
	size_t len;

	if (!n || !value || !out)
		return -EINVAL;
	if (n->type == DM_T_BOOLEAN && !(n->flags & DM_F_LIST)) {
		if (strcmp(value, "1") == 0 || strcmp(value, "true") == 0)
			src = "true";
		else if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0)
			src = "false";
	}
	len = strlen(src);
	if (len >= outlen) {
		if (outlen > 0)
			out[0] = '\0';
		return -ENOSPC;
	}
	memcpy(out, src, len + 1);
	return 0;
}
