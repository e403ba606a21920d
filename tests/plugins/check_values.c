/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_values: read a plugin's "get" output on stdin and check it as the
 * agent will load it (dm_tree_load_stats): every line well formed, every
 * path in the schema, every value fitting its parameter's type. Each
 * problem is one line on stdout ("line 3: Device.WiFi.RadioNumberOfEntries:
 * "" is no valid unsignedInt"); the exit status is 0 when there is none, 1
 * when there is one, 2 when the input cannot be read. tests/plugins/run.sh
 * runs it over every plugin's output on both platforms, so a plugin that
 * prints what the agent would refuse fails its own test.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tree.h"
#include "types.h"
#include "xbuf.h"

#define INPUT_MAX (64u << 20)

static void invalid_cb(void *ctx, const struct dm_tree_invalid *inv)
{
	(void)ctx;
	printf("line %zu: %s: \"%s\" is no valid %s%s\n", inv->line, inv->path, inv->value,
	       (inv->node->flags & DM_F_LIST) ? "list of " : "", dm_type_name(inv->node));
}

/* All of stdin into b. 0 or -errno. */
static int read_all(struct xbuf *b)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		xbuf_add(b, chunk, n);
	return ferror(stdin) ? -1 : xbuf_error(b);
}

int main(void)
{
	struct dm_tree *t = dm_tree_new();
	struct dm_tree_load_stats st = { 0, 0, 0 };
	struct xbuf b;
	int rc = 2;

	xbuf_init(&b, INPUT_MAX);
	if (t && read_all(&b) == 0 &&
	    dm_tree_load_stats(t, NULL, b.data ? b.data : "", b.len, &st, invalid_cb, NULL) == 0) {
		if (st.malformed)
			printf("%zu malformed lines\n", st.malformed);
		if (st.refused)
			printf("%zu lines not in the schema\n", st.refused);
		rc = st.malformed || st.refused || st.invalid;
	} else {
		fprintf(stderr, "check_values: cannot read the input\n");
	}
	xbuf_fini(&b);
	dm_tree_free(t);
	return rc;
}
