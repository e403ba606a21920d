/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The asked-for Reboot or FactoryReset in the state dir (ops_pending.h):
 * written atomically with the store, read back once at the next start.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "ops_pending.h"
#include "pluginio.h"
#include "store.h"
#include "xbuf.h"

#define PENDING_FILE_MAX 1024

int ops_pending_save(const char *dir, const struct ops_pending *p)
{
	struct xbuf b;
	int rc;

	if (!p->reboot && !p->factory_reset) {
		rc = store_remove(dir, OPS_PENDING_FILE);
	} else {
		xbuf_init(&b, PENDING_FILE_MAX);
		if (p->reboot)
			pluginio_write(&b, "reboot", p->key);
		if (p->factory_reset)
			pluginio_write(&b, "factory-reset", "");
		rc = xbuf_error(&b);
		if (rc == 0)
			rc = store_write(dir, OPS_PENDING_FILE, b.data, b.len);
		xbuf_fini(&b);
	}
	if (rc != 0)
		log_err("ops: cannot save %s/%s: %s", dir, OPS_PENDING_FILE, strerror(-rc));
	return rc;
}

static int take_cb(void *ctx, const char *path, const char *value)
{
	struct ops_pending *p = ctx;

	if (strcmp(path, "reboot") == 0 && strlen(value) < sizeof(p->key)) {
		p->reboot = true;
		snprintf(p->key, sizeof(p->key), "%s", value);
	} else if (strcmp(path, "factory-reset") == 0) {
		p->factory_reset = true;
	}
	return 0;
}

int ops_pending_take(const char *dir, struct ops_pending *p)
{
	char *text = NULL;
	size_t len = 0;
	int rc = store_read(dir, OPS_PENDING_FILE, &text, &len, PENDING_FILE_MAX);

	memset(p, 0, sizeof(*p));
	if (rc == -ENOENT)
		return 0;
	if (rc == 0)
		rc = pluginio_parse(text, len, take_cb, p, NULL);
	else
		log_err("ops: cannot read %s/%s: %s", dir, OPS_PENDING_FILE, strerror(-rc));
	free(text);
	rc = store_remove(dir, OPS_PENDING_FILE);
	if (rc != 0) {
		log_err("ops: cannot remove %s/%s (%s): the operation in it is dropped", dir,
			OPS_PENDING_FILE, strerror(-rc));
		memset(p, 0, sizeof(*p));
	}
	return rc;
}
