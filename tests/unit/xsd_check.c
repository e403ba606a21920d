/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * XSD validation for unit tests: writes the envelope to a temp file and
 * runs validate-cwmp.sh on it with fork and execlp (no shell string).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xsd_check.h"

static bool on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];

	while (path && *path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, prog);
		if (n && access(buf, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

const char *xsd_unavailable(void)
{
	const char *dir = getenv("CWMP_XSD_DIR");

	if (!dir || !*dir)
		return "CWMP_XSD_DIR is not set (make check sets it when ../shared/bbf"
		       " holds validate-cwmp.sh)";
	if (!on_path("xmllint"))
		return "no xmllint on PATH (Debian package libxml2-utils)";
	return NULL;
}

int xsd_validate(const char *xml, size_t len)
{
	const char *dir = getenv("CWMP_XSD_DIR");
	char script[4096], file[] = "/tmp/cwmpd_xsd_XXXXXX";
	int fd, status = -1;
	pid_t pid;

	if (xsd_unavailable())
		return -1;
	snprintf(script, sizeof(script), "%s/validate-cwmp.sh", dir);
	fd = mkstemp(file);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, xml, len), (ssize_t)len);
	close(fd);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execlp("sh", "sh", script, file, (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	unlink(file);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
