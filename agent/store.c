/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The state directory: small files replaced atomically (write a temp file,
 * fsync it, rename it over the old one, fsync the directory) and only when
 * their bytes change, so a power cut leaves the old or the new file and the
 * flash is not worn by identical rewrites. Also the key=value format and the
 * backslash escaping that state files share with the plugin protocol.
 */
#define _XOPEN_SOURCE 700      /* nftw */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "store.h"

#define CMP_CHUNK 4096

static bool name_ok(const char *name)
{
	return name && name[0] != '\0' && name[0] != '.' && !strchr(name, '/');
}

/* dir/prefix+name+suffix into out (PATH_MAX bytes). */
static int path_join(char *out, const char *dir, const char *prefix,
		     const char *name, const char *suffix)
{
	int n;

	if (!dir || !name_ok(name))
		return -EINVAL;
	n = snprintf(out, PATH_MAX, "%s/%s%s%s", dir, prefix, name, suffix);
	if (n < 0 || n >= PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

static int mkdir_one(const char *path)
{
	struct stat st;

	if (mkdir(path, 0700) == 0)
		return 0;
	if (errno != EEXIST)
		return -errno;
	if (stat(path, &st) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

int store_init(const char *dir)
{
	char path[PATH_MAX];
	size_t len;
	int ret;

	if (!dir || !*dir)
		return -EINVAL;
	len = strlen(dir);
	if (len >= sizeof(path))
		return -ENAMETOOLONG;
	memcpy(path, dir, len + 1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = '\0';
		ret = mkdir_one(path);
		*p = '/';
		if (ret < 0)
			return ret;
	}
	return mkdir_one(path);
}

/* Read up to len bytes, retrying on EINTR; returns bytes read or -errno. */
static ssize_t read_full(int fd, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, (char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

static int write_full(int fd, const void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, (const char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		done += (size_t)n;
	}
	return 0;
}

/* True when path is a regular file holding exactly len bytes of buf. */
static bool same_content(const char *path, const void *buf, size_t len)
{
	char chunk[CMP_CHUNK];
	struct stat st;
	size_t off = 0;
	bool same = false;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return false;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (uintmax_t)st.st_size != len)
		goto out;
	while (off < len) {
		size_t want = len - off < sizeof(chunk) ? len - off : sizeof(chunk);

		if (read_full(fd, chunk, want) != (ssize_t)want ||
		    memcmp(chunk, (const char *)buf + off, want) != 0)
			goto out;
		off += want;
	}
	same = read_full(fd, chunk, 1) == 0;
out:
	close(fd);
	return same;
}

static int fsync_dir(const char *dir)
{
	int fd, ret = 0;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int write_tmp(const char *tmp, const void *buf, size_t len)
{
	int fd, ret;

	fd = open(tmp, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	ret = write_full(fd, buf, len);
	if (ret == 0 && fsync(fd) < 0)
		ret = -errno;
	if (close(fd) < 0 && ret == 0)
		ret = -errno;
	return ret;
}

int store_write(const char *dir, const char *name, const void *buf, size_t len)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	int ret;

	if (!buf && len)
		return -EINVAL;
	ret = path_join(path, dir, "", name, "");
	if (ret == 0)
		ret = path_join(tmp, dir, ".", name, ".tmp");
	if (ret < 0)
		return ret;
	if (same_content(path, buf, len))
		return 0;
	ret = write_tmp(tmp, buf ? buf : "", len);
	if (ret == 0 && rename(tmp, path) < 0)
		ret = -errno;
	if (ret == 0)
		ret = fsync_dir(dir);
	if (ret < 0)
		unlink(tmp);
	return ret;
}

/* Grow *buf so that it holds at least want + 1 bytes. */
static int grow(char **buf, size_t *size, size_t want)
{
	char *p;

	if (want < *size)
		return 0;
	p = realloc(*buf, want + 1);
	if (!p)
		return -ENOMEM;
	*buf = p;
	*size = want + 1;
	return 0;
}

/* Read the whole of fd, at most max bytes, into a new NUL-terminated buffer. */
static int read_capped(int fd, size_t hint, size_t max, char **out, size_t *outlen)
{
	char *buf = NULL;
	size_t size = 0, len = 0;
	int ret;

	ret = grow(&buf, &size, hint < max ? hint : max);
	while (ret == 0) {
		ssize_t n = read_full(fd, buf + len, size - 1 - len);

		if (n < 0) {
			ret = (int)n;
			break;
		}
		len += (size_t)n;
		if (len < size - 1)
			break;
		if (len == max) {
			char extra;

			n = read_full(fd, &extra, 1);
			ret = n < 0 ? (int)n : n > 0 ? -EFBIG : 0;
			break;
		}
		ret = grow(&buf, &size, max - len > len + 64 ? 2 * len + 64 : max);
	}
	if (ret < 0) {
		free(buf);
		return ret;
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
}

int store_read(const char *dir, const char *name, char **buf, size_t *len, size_t max)
{
	char path[PATH_MAX];
	struct stat st;
	int fd, ret;

	ret = path_join(path, dir, "", name, "");
	if (ret < 0 || !buf || !len)
		return ret < 0 ? ret : -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = -EINVAL;
		goto out;
	}
	if ((uintmax_t)st.st_size > max) {
		ret = -EFBIG;
		goto out;
	}
	ret = read_capped(fd, (size_t)st.st_size, max, buf, len);
out:
	close(fd);
	return ret;
}

int store_remove(const char *dir, const char *name)
{
	char path[PATH_MAX];
	int ret;

	ret = path_join(path, dir, "", name, "");
	if (ret < 0)
		return ret;
	if (unlink(path) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

int store_wipe(const char *dir)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int ret = 0;

	if (!dir)
		return -EINVAL;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno != 0 && ret == 0)
				ret = -errno;   /* not the end: a file may be left */
			break;
		}
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) < 0 && errno != ENOENT && ret == 0)
			ret = -errno;
	}
	closedir(d);
	return ret;
}

static int clamp_size(size_t size)
{
	return size > INT_MAX ? INT_MAX : (int)size;
}

int store_escape(char *out, size_t size, const char *s)
{
	size_t cap = (size_t)clamp_size(size), n = 0;

	if (!out || !s || cap == 0)
		return -ENOSPC;
	for (; *s; s++) {
		char esc = *s == '\\' ? '\\' : *s == '\t' ? 't' : *s == '\n' ? 'n'
			 : *s == '\r' ? 'r' : 0;
		size_t need = esc ? 2 : 1;

		if (n + need >= cap) {
			out[n] = '\0';
			return -ENOSPC;
		}
		if (esc)
			out[n++] = '\\';
		out[n++] = esc ? esc : *s;
	}
	out[n] = '\0';
	return (int)n;
}

/* The byte an escape "\c" stands for, or 0 for a bad escape. */
static char unescape_char(char c)
{
	return c == '\\' ? '\\' : c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : 0;
}

int store_unescape(char *out, size_t size, const char *in, size_t len)
{
	size_t cap = (size_t)clamp_size(size), n = 0;

	if (!out || cap == 0)
		return -ENOSPC;
	for (size_t i = 0; i < len; i++) {
		char c = in[i];

		if (c == '\0' || c == '\t' || c == '\n')
			return -EINVAL;
		if (c == '\\') {
			c = i + 1 < len ? unescape_char(in[++i]) : 0;
			if (!c)
				return -EINVAL;
		}
		if (n + 1 >= cap)
			return -ENOSPC;
		out[n++] = c;
	}
	out[n] = '\0';
	return (int)n;
}

int store_kv_format(char *out, size_t size, const char *key, const char *value)
{
	size_t klen, cap = (size_t)clamp_size(size);
	int vlen;

	if (!out || cap == 0)
		return -ENOSPC;
	out[0] = '\0';
	if (!key || !*key || !value || strpbrk(key, "=\n\t\\"))
		return -EINVAL;
	klen = strlen(key);
	if (klen + 2 >= cap)
		return -ENOSPC;
	memcpy(out, key, klen);
	out[klen] = '=';
	vlen = store_escape(out + klen + 1, cap - klen - 1, value);
	if (vlen < 0 || klen + 1 + (size_t)vlen + 1 >= cap) {
		out[0] = '\0';
		return -ENOSPC;
	}
	out[klen + 1 + (size_t)vlen] = '\n';
	out[klen + 2 + (size_t)vlen] = '\0';
	return (int)(klen + 2 + (size_t)vlen);
}

/* The unescaped value of one "key=value" line of len bytes, or NULL. */
static char *kv_line_value(const char *line, size_t len, const char *key, size_t klen)
{
	size_t vlen;
	char *val;

	if (len <= klen || memcmp(line, key, klen) != 0 || line[klen] != '=')
		return NULL;
	vlen = len - klen - 1;
	val = malloc(vlen + 1);
	if (val && store_unescape(val, vlen + 1, line + klen + 1, vlen) < 0) {
		free(val);
		val = NULL;
	}
	return val;
}

char *store_kv_get(const char *text, const char *key)
{
	size_t klen;

	if (!text || !key || !*key)
		return NULL;
	klen = strlen(key);
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		char *val = kv_line_value(text, len, key, klen);

		if (val)
			return val;
		text += len + (nl ? 1 : 0);
	}
	return NULL;
}

/* ---- the state dir is private ---- */

static int private_rc;

static int private_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	mode_t want = type == FTW_F ? 0600 : (type == FTW_D || type == FTW_DP) ? 0700 : 0;

	(void)ftw;
	if (!want || (st->st_mode & 07777) == want)
		return 0;               /* a symlink, or already right */
	if (chmod(path, want) != 0) {
		log_err("store: cannot make %s private: %s", path, strerror(errno));
		if (!private_rc)
			private_rc = -errno;
	}
	return 0;
}

int store_private(const char *dir)
{
	if (!dir || !*dir)
		return -EINVAL;
	private_rc = 0;
	if (nftw(dir, private_one, 16, FTW_PHYS) != 0 && !private_rc)
		private_rc = -errno;
	return private_rc;
}
