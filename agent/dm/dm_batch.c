/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The batch runner's argv and the split of its stdout (dm_batch.h). A part
 * is framed as RS "begin NAME" LF, the output, LF RS "end NAME STATUS" LF
 * (RS: 036). The end line is looked for as that exact text after the
 * begin line, so whatever the plugin prints (a line starting with RS, a
 * last line without LF) stays its output.
 */
#include <errno.h>
#include <string.h>

#include "dm_batch.h"
#include "dm_plugin.h"
#include "schema.h"

#define RS '\036'
#define BEGIN_TAG "\036begin "
#define END_TAG "\036end "
#define NAME_MAX_LEN 64

void dm_batch_init(struct dm_batch *b)
{
	b->n = 0;
	b->args[0] = "get";
	b->args[1] = NULL;
}

int dm_batch_add(struct dm_batch *b, uint16_t idx)
{
	int rc;

	if (idx == 0 || idx >= dm_plugins_len)
		return -EINVAL;
	if (b->n == DM_BATCH_MAX)
		return -ENOSPC;
	rc = dm_plugin_prefix(idx, b->prefix[b->n], sizeof(b->prefix[b->n]));
	if (rc != 0)
		return rc;
	b->idx[b->n] = idx;
	b->args[1 + 2 * b->n] = dm_plugins[idx];
	b->args[2 + 2 * b->n] = b->prefix[b->n];
	b->n++;
	b->args[1 + 2 * b->n] = NULL;
	return 0;
}

const char *const *dm_batch_args(const struct dm_batch *b)
{
	return b->args;
}

int dm_batch_find(const struct dm_batch *b, const char *name, size_t name_len)
{
	for (size_t i = 0; i < b->n; i++) {
		const char *have = dm_plugins[b->idx[i]];

		if (strlen(have) == name_len && memcmp(have, name, name_len) == 0)
			return (int)i;
	}
	return -1;
}

/* The end line of plugin name at or after out[from]: the offset of the LF
 * before it (the part ends there), or -1. */
static long find_end(const char *out, size_t len, size_t from, const char *name, size_t nl)
{
	const char *p = out + from, *end = out + len;

	while ((p = memchr(p, RS, (size_t)(end - p))) != NULL) {
		size_t left = (size_t)(end - p);

		if (p > out + from && p[-1] == '\n' && left > strlen(END_TAG) + nl &&
		    memcmp(p, END_TAG, strlen(END_TAG)) == 0 &&
		    memcmp(p + strlen(END_TAG), name, nl) == 0 && p[strlen(END_TAG) + nl] == ' ')
			return (long)(p - out) - 1;
		p++;
	}
	return -1;
}

/* "STATUS" LF at out[at], 0..255: the status and *next past the LF, or -1. */
static int parse_status(const char *out, size_t len, size_t at, size_t *next)
{
	int st = 0;
	size_t i = at;

	while (i < len && i - at < 3 && out[i] >= '0' && out[i] <= '9')
		st = st * 10 + (out[i++] - '0');
	if (i == at || i >= len || out[i] != '\n' || st > 255)
		return -1;
	*next = i + 1;
	return st;
}

/* One part at out[*at]: calls cb and moves *at past it; -1 when there is
 * no whole part there. */
static int split_one(const char *out, size_t len, size_t *at, dm_batch_part_cb cb, void *ctx)
{
	size_t bl = strlen(BEGIN_TAG), from, nl, next;
	const char *name = out + *at + bl, *lf;
	long stop;
	int st;

	if (len - *at <= bl || memcmp(out + *at, BEGIN_TAG, bl) != 0)
		return -1;
	lf = memchr(name, '\n', len - *at - bl);
	if (!lf || lf == name || (nl = (size_t)(lf - name)) > NAME_MAX_LEN ||
	    memchr(name, ' ', nl) || memchr(name, RS, nl))
		return -1;
	from = (size_t)(lf - out) + 1;
	stop = find_end(out, len, from, name, nl);
	if (stop < 0)
		return -1;
	st = parse_status(out, len, (size_t)stop + 1 + strlen(END_TAG) + nl + 1, &next);
	if (st < 0)
		return -1;
	cb(ctx, name, nl, st, out + from, (size_t)stop - from);
	*at = next;
	return 0;
}

size_t dm_batch_split(const char *out, size_t len, dm_batch_part_cb cb, void *ctx)
{
	size_t at = 0, n = 0;

	while (at < len && split_one(out, len, &at, cb, ctx) == 0)
		n++;
	return n;
}
