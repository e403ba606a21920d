/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The agent's small state file (state_dir/state): the ACS URL the last
 * BOOTSTRAP was for (a new URL means a new BOOTSTRAP) and the ParameterKey
 * (ManagementServer.ParameterKey, changed only by a successful write).
 * Saved at every change (store.h: atomic, on change only).
 */
#ifndef CWMP_CWMP_STATE_H
#define CWMP_CWMP_STATE_H

#define CWMP_STATE_KEY_MAX 32

struct cwmp_state {
	const char *dir;                /* the state dir (borrowed) */
	char *acs_url;                  /* owned; NULL: no BOOTSTRAP yet */
	char parameter_key[CWMP_STATE_KEY_MAX + 1];
};

/* Empty state for dir (which must outlive s). */
void cwmp_state_init(struct cwmp_state *s, const char *dir);
void cwmp_state_fini(struct cwmp_state *s);

/* Read the file. 0; -ENOENT (first start: nothing saved yet); other
 * -errno (logged: the state starts afresh). A file without a URL (corrupt)
 * loads its key and leaves acs_url NULL, so the agent bootstraps again. */
int cwmp_state_load(struct cwmp_state *s);

/* Remember url as bootstrapped and save. 0 or -errno (logged). */
int cwmp_state_set_url(struct cwmp_state *s, const char *url);

/* A new ParameterKey (at most CWMP_STATE_KEY_MAX bytes; longer is cut),
 * saved at once. 0 or -errno (logged). */
int cwmp_state_set_key(struct cwmp_state *s, const char *key);

#endif
