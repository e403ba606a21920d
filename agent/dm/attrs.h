/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Parameter attributes (Notification, AccessList) as the ACS set them with
 * SetParameterAttributes, kept in the file "attributes" of the state
 * directory so they survive restarts and reboots. An entry belongs to the
 * path the ACS named: a parameter ("Device.DeviceInfo.UpTime") or a partial
 * path ("Device.Hosts.Host.2.", "Device."; the root "" is kept as
 * "Device."). Each entry holds either attribute or both. A parameter's
 * attribute is the one of the longest stored path that covers it (the
 * parameter itself, then the nearest object above), else the default:
 * Notification 2 for forceEnabled and forceDefaultEnabled parameters, 0
 * otherwise; AccessList empty. A forceEnabled parameter always reads 2.
 * Setting an attribute on a partial path drops that attribute from every
 * entry strictly below it, so the newest setting wins; a setting equal to
 * what the path would inherit anyway is not stored, which keeps the file
 * small.
 *
 * File format: pluginio lines "path<TAB>value" (pluginio.h escaping), sorted
 * by path. value is "N" or "N;LIST": N is the Notification "0".."2", or "-"
 * when the entry does not set it; ";LIST" is present when the entry sets the
 * AccessList, LIST being its comma-separated names (only "Subscriber"; may
 * be empty). So "2", "1;Subscriber", "-;" (AccessList explicitly empty).
 * A line that does not parse, whose path does not start with "Device." or
 * that sets neither attribute is skipped.
 *
 * Policy (which Notification a parameter accepts) is the RPC layer's; this
 * module stores what it is given.
 */
#ifndef CWMP_ATTRS_H
#define CWMP_ATTRS_H

#include <stddef.h>

#include "schema.h"

#define ATTRS_FILE "attributes"
#define ATTRS_MAX_ENTRIES 4096        /* a cap on the file; more is -E2BIG */
#define ATTRS_NOTIFY_MAX 2            /* highest Notification we implement
					 (3..6 need Lightweight Notification) */
#define ATTRS_ACCESS_SUBSCRIBER 0x1u  /* AccessList holds ATTRS_SUBSCRIBER */
#define ATTRS_SUBSCRIBER "Subscriber" /* the one AccessList entry defined */

struct attrs;
struct xbuf;

/* An empty set. NULL when out of memory. Free with attrs_free. */
struct attrs *attrs_new(void);

/* Free the set and its entries. NULL is a no-op. */
void attrs_free(struct attrs *at);

/*
 * Read dir/ATTRS_FILE into a new set (*out, the caller frees it with
 * attrs_free). A missing file gives an empty set; bad lines are skipped
 * (and logged); entries past ATTRS_MAX_ENTRIES are dropped. 0, or -ENOMEM
 * or store_read's error (then *out is NULL).
 */
int attrs_load(const char *dir, struct attrs **out);

/* The same from len bytes of file text (need not be NUL-terminated) into a
 * new set (*out, the caller frees it with attrs_free); *bad (may be NULL)
 * counts the skipped lines. 0 or -ENOMEM (*out NULL). */
int attrs_parse(const char *buf, size_t len, struct attrs **out, size_t *bad);

/* Write the set to dir/ATTRS_FILE atomically (store_write; no write when
 * unchanged). 0 or -errno. */
int attrs_save(const struct attrs *at, const char *dir);

/* The file text: appended to b (errors stick in the xbuf). */
void attrs_format(const struct attrs *at, struct xbuf *b);

#define ATTRS_UNSET (-1)              /* an attribute the entry does not set */

/* One stored entry, as attrs_each gives it. */
struct attrs_item {
	const char *path;             /* as stored: the root is "Device." */
	int notification;             /* 0..ATTRS_NOTIFY_MAX, or ATTRS_UNSET */
	int access;                   /* ATTRS_ACCESS_* bits, or ATTRS_UNSET */
};

typedef int (*attrs_each_cb)(void *ctx, const struct attrs_item *it);

/* Call cb for each stored entry, in path order (it is valid during the
 * call; cb must not change the set). A non-zero return from cb stops the
 * walk and is returned; 0 otherwise, also for at NULL. */
int attrs_each(const struct attrs *at, attrs_each_cb cb, void *ctx);

/*
 * The Notification of the parameter at path (with instance numbers) whose
 * schema node is node (NULL: treated as a normal parameter). at may be NULL
 * (nothing stored). 0..ATTRS_NOTIFY_MAX.
 */
int attrs_notification(const struct attrs *at, const char *path, const struct dm_node *node);

/* The AccessList of the parameter at path: ATTRS_ACCESS_* bits, 0 = empty.
 * at may be NULL. */
unsigned attrs_access(const struct attrs *at, const char *path);

/*
 * Set the Notification of path (a parameter, or a partial path / "" for
 * everything below it) to value (0..ATTRS_NOTIFY_MAX). For a parameter
 * give its schema node (its default decides whether anything is stored);
 * for a partial path node is ignored. 0, -EINVAL (bad value, NULL),
 * -ENAMETOOLONG (path longer than PLUGINIO_MAX_PATH), -E2BIG (would pass
 * ATTRS_MAX_ENTRIES), -ENOMEM. Failing leaves the set as it was only for
 * -EINVAL and -ENAMETOOLONG: work on a set you can throw away.
 */
int attrs_set_notification(struct attrs *at, const char *path, int value,
			   const struct dm_node *node);

/* Set the AccessList of path (as above) to access (ATTRS_ACCESS_* bits).
 * Same returns. */
int attrs_set_access(struct attrs *at, const char *path, unsigned access);

/*
 * Remove every entry at or below prefix (DeleteObject of the instance
 * "Device.NAT.PortMapping.3."; a parameter path removes that entry only).
 * Returns how many entries went (0 when none; save the set if > 0).
 */
int attrs_forget(struct attrs *at, const char *prefix);

/* Number of stored entries. */
size_t attrs_count(const struct attrs *at);

#endif
