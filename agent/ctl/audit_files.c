/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `cwmpctl audit`, the files (audit_int.h): who owns, may read and may
 * write the config, the state dir, the TLS files, the plugins cwmpd runs
 * as root, the download dir and the control socket's directory. A file
 * owned by root or by the user running the audit (cwmpd's) is "ours".
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit_int.h"

#define WALK_MAX_DEPTH 4
#define WALK_MAX_ENTRIES 4096

static bool ours(const struct stat *st)
{
	return st->st_uid == 0 || st->st_uid == geteuid();
}

/* Others may create, rename and delete entries: writable, not sticky. */
static bool dir_open(const struct stat *st)
{
	return (st->st_mode & S_IWOTH) && !(st->st_mode & S_ISVTX);
}

/* ---- the config file -------------------------------------------------------- */

static void config_dir(const char *path, struct audit_report *r)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	struct stat st;

	if (!slash || (size_t)(slash - path) >= sizeof(dir))
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	if (stat(dir, &st) == 0 && (dir_open(&st) || !ours(&st)))
		audit_add(r, AUDIT_HIGH, "config-dir-writable",
			  "chown root and chmod go-w the directory",
			  "%s, the config's directory, %s: the config can be replaced", dir,
			  ours(&st) ? "is writable by every user" : "belongs to another user");
}

static void config_file(const char *path, const struct config *cfg, struct audit_report *r)
{
	const char *fix = "chown root and chmod 600 the file";
	bool secrets = cfg && (cfg->acs_password[0] || cfg->cr_password[0] ||
			       cfg->xmpp_password[0] || cfg->stun_password[0]);
	struct stat st;

	if (stat(path, &st) != 0)
		return;         /* config-invalid says so */
	if (!ours(&st))
		audit_add(r, AUDIT_HIGH, "config-owner", fix,
			  "%s belongs to uid %u: that user can point cwmpd at another ACS",
			  path, (unsigned)st.st_uid);
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		audit_add(r, AUDIT_HIGH, "config-writable", fix,
			  "%s is writable by %s: they can point cwmpd at another ACS", path,
			  st.st_mode & S_IWOTH ? "every user" : "its group");
	if (secrets && (st.st_mode & S_IROTH))
		audit_add(r, AUDIT_HIGH, "config-readable", fix,
			  "%s holds passwords (ACS, connection requests, XMPP, STUN) and "
			  "every user may read it (mode %03o)", path, (unsigned)st.st_mode & 0777);
	else if (secrets && (st.st_mode & S_IRGRP))
		audit_add(r, AUDIT_MEDIUM, "config-readable", fix,
			  "%s holds passwords (ACS, connection requests, XMPP, STUN) and its "
			  "group may read it (mode %03o)", path, (unsigned)st.st_mode & 0777);
	else if (cfg && (st.st_mode & (S_IRGRP | S_IROTH)))
		audit_add(r, AUDIT_LOW, "config-readable", fix,
			  "%s may be read by other users (mode %03o): no password in it yet, "
			  "but cwmpd keeps the mode when it writes one the ACS sets", path,
			  (unsigned)st.st_mode & 0777);
	config_dir(path, r);
}

/* ---- the state dir ---------------------------------------------------------- */

/* What a walk of the state dir found: a count and the first path of each. */
struct walk {
	unsigned n_link, n_read, n_group, n_write, n_owner, entries;
	char link[PATH_MAX], read[PATH_MAX], group[PATH_MAX], write[PATH_MAX],
	     owner[PATH_MAX];
};

static void note(unsigned *n, char *first, const char *path)
{
	if ((*n)++ == 0)
		snprintf(first, PATH_MAX, "%s", path);
}

static void walk_entry(struct walk *w, const char *path, int depth);

static void walk_dir(struct walk *w, const char *dir, int depth)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d;

	if (depth > WALK_MAX_DEPTH || !(d = opendir(dir)))
		return;
	while ((e = readdir(d)) && w->entries < WALK_MAX_ENTRIES) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		w->entries++;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) < (int)sizeof(path))
			walk_entry(w, path, depth + 1);
	}
	closedir(d);
}

static void walk_entry(struct walk *w, const char *path, int depth)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return;
	if (S_ISLNK(st.st_mode)) {
		note(&w->n_link, w->link, path);
		return;
	}
	if (!ours(&st))
		note(&w->n_owner, w->owner, path);
	if (S_ISDIR(st.st_mode)) {
		if (st.st_mode & 0077)
			note(&w->n_group, w->group, path);
		walk_dir(w, path, depth);
		return;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		note(&w->n_write, w->write, path);
	if (st.st_mode & S_IROTH)
		note(&w->n_read, w->read, path);
	else if (st.st_mode & S_IRGRP)
		note(&w->n_group, w->group, path);
}

static void state_report(const struct walk *w, struct audit_report *r)
{
	const char *fix = "chmod -R go-rwx the state dir (cwmpd does it at its next start) "
			  "and remove what it did not make";

	if (w->n_link)
		audit_add(r, AUDIT_HIGH, "state-symlink", fix,
			  "%u symbolic link%s in the state dir (%s): a file cwmpd writes "
			  "there could land anywhere", w->n_link, w->n_link == 1 ? "" : "s",
			  w->link);
	if (w->n_owner)
		audit_add(r, AUDIT_HIGH, "state-owner", fix,
			  "%u entr%s of the state dir belong%s to another user (%s)",
			  w->n_owner, w->n_owner == 1 ? "y" : "ies", w->n_owner == 1 ? "s" : "",
			  w->owner);
	if (w->n_write)
		audit_add(r, AUDIT_HIGH, "state-writable", fix,
			  "%u state file%s other users may write (%s): events, the parameter "
			  "key and the values plugins keep can be forged", w->n_write,
			  w->n_write == 1 ? "" : "s", w->write);
	if (w->n_read)
		audit_add(r, AUDIT_HIGH, "state-readable", fix,
			  "%u state file%s every user may read (%s): the values plugins keep "
			  "there include secrets (the sim's Wi-Fi keys)", w->n_read,
			  w->n_read == 1 ? "" : "s", w->read);
	if (w->n_group)
		audit_add(r, AUDIT_MEDIUM, "state-mode", fix,
			  "%u entr%s of the state dir open to group or others (%s)", w->n_group,
			  w->n_group == 1 ? "y" : "ies", w->group);
}

static void state_dir(const char *dir, struct audit_report *r)
{
	static struct walk w;   /* 5 paths: not for the stack */
	struct stat st;

	if (lstat(dir, &st) != 0)
		return;         /* made at cwmpd's first start, 0700 */
	if (!S_ISDIR(st.st_mode)) {
		audit_add(r, AUDIT_HIGH, "state-dir-not-dir",
			  "remove it: cwmpd makes its own directory (0700) at start",
			  "the state dir %s is %s, not a directory", dir,
			  S_ISLNK(st.st_mode) ? "a symbolic link" : "a file");
		return;
	}
	memset(&w, 0, sizeof(w));
	walk_entry(&w, dir, 0);
	state_report(&w, r);
}

/* ---- TLS files, plugins, transfers, the control socket --------------------- */

static void tls_files(const struct config *cfg, struct audit_report *r)
{
	const char *trust[] = { cfg->ca_file, cfg->client_cert };
	struct stat st;

	if (cfg->client_key[0] && stat(cfg->client_key, &st) == 0 &&
	    (!ours(&st) || (st.st_mode & (S_IRGRP | S_IROTH | S_IWGRP | S_IWOTH))))
		audit_add(r, AUDIT_HIGH, "client-key-readable", "chown root and chmod 600 the key",
			  "the TLS client key %s is %s (mode %03o): whoever reads it can pose "
			  "as this device to the ACS", cfg->client_key,
			  ours(&st) ? "open to other users" : "another user's",
			  (unsigned)st.st_mode & 0777);
	for (size_t i = 0; i < 2; i++)
		if (trust[i][0] && stat(trust[i], &st) == 0 &&
		    (!ours(&st) || (st.st_mode & (S_IWGRP | S_IWOTH))))
			audit_add(r, AUDIT_HIGH, "tls-file-writable",
				  "chown root and chmod go-w the file",
				  "%s (acs.%s) can be changed by another user: cwmpd would "
				  "trust or present what they put there", trust[i],
				  i ? "client_cert" : "ca_file");
}

/* The plugin dir and every file in it: cwmpd runs them as root. */
static void plugins(const char *dir, struct audit_report *r)
{
	char path[PATH_MAX], bad[PATH_MAX] = "";
	unsigned n = 0;
	struct dirent *e;
	struct stat st;
	DIR *d;

	if (stat(dir, &st) != 0)
		return;
	if (!ours(&st) || (st.st_mode & (S_IWGRP | S_IWOTH)))
		note(&n, bad, dir);
	if ((d = opendir(dir))) {
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.' ||
			    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path))
				continue;
			if (stat(path, &st) == 0 && (!ours(&st) || (st.st_mode & (S_IWGRP | S_IWOTH))))
				note(&n, bad, path);
		}
		closedir(d);
	}
	if (n)
		audit_add(r, AUDIT_HIGH, "plugin-writable",
			  "chown root and chmod go-w the plugin dir and its files",
			  "%u of cwmpd's plugins (or their directory) can be changed by "
			  "another user (%s): cwmpd runs them as root", n, bad);
}

static void download_dir(const char *dir, struct audit_report *r)
{
	struct stat st;

	if (!dir[0] || stat(dir, &st) != 0)
		return;
	if (dir_open(&st))
		audit_add(r, AUDIT_HIGH, "download-dir-open",
			  "a download_dir only root may write (or chmod +t it)",
			  "cpe.download_dir %s is writable by every user and not sticky: they "
			  "can rename cwmpd's transfer directory and put their own in its "
			  "place", dir);
	else if (st.st_mode & S_IWOTH)
		audit_add(r, AUDIT_LOW, "download-dir-shared",
			  "none needed for secrecy; against the space, a download_dir only root "
			  "may write (it must exist before cwmpd starts)",
			  "cpe.download_dir %s is shared with every user: cwmpd keeps its "
			  "files in a 0700 directory of its own there, but another user can "
			  "fill the file system a download needs", dir);
}

static void ctl_dir(const char *sock, struct audit_report *r)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(sock, '/');
	struct stat st;

	if (!sock[0] || !slash)
		return;
	snprintf(dir, sizeof(dir), "%.*s", slash == sock ? 1 : (int)(slash - sock), sock);
	if (stat(dir, &st) == 0 && (dir_open(&st) || !ours(&st)))
		audit_add(r, AUDIT_LOW, "ctl-dir-open",
			  "a ctl_socket path in a directory only root may write (/var/run)",
			  "the control socket's directory %s may be changed by other users: "
			  "they can remove the socket (cwmpctl refuses a socket that is not "
			  "root's, so they cannot pose as cwmpd)", dir);
}

void audit_files(const char *path, const struct config *cfg, struct audit_report *r)
{
	config_file(path, cfg, r);
	if (!cfg)
		return;
	state_dir(cfg->state_dir, r);
	tls_files(cfg, r);
	plugins(cfg->plugin_dir, r);
	download_dir(cfg->download_dir, r);
	ctl_dir(cfg->ctl_socket, r);
}
