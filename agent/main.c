/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cwmpd: the command line, the config check, daemonizing, the signals, and
 * the loop. Everything else lives in libcwmp.
 *
 *   cwmpd [-c FILE] [-f] [-s] [-l LEVEL] [-h] [-V]
 *
 * Exit status: 0 after SIGTERM/SIGINT, 1 on a start-up failure, 2 for a bad
 * command line or config file (one line naming file, line and option: on
 * stderr, or to syslog with -s).
 *
 * Logs go to stderr with -f, to syslog as a daemon or with -s (procd runs
 * the daemon with -f -s: its stderr would reach logd as daemon.err lines
 * carrying a second time stamp).
 *
 * A reboot on the sim platform (ops.h) ends the loop; once everything is
 * freed the daemon re-executes itself: /proc/self/exe with the same argv, in
 * the same process (same PID; fds 0-2 kept, every other fd is O_CLOEXEC or
 * closed by then), through the emulator that CWMPD_EMULATOR names if set
 * (tools/cross.sh runs cross builds under qemu-user). The signals that stop
 * or reload it are blocked across the exec so none is lost, and the new
 * image does not daemonize again.
 *
 * Those signals are blocked from the first line of main() on, until the
 * loop's handlers are in place: a SIGHUP from procd's reload or a SIGUSR1
 * from a hotplug script during the config load or libcurl's start would
 * otherwise kill the daemon (their default action). They stay pending and
 * reach the loop once it runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "agent.h"
#include "http.h"
#include "log.h"
#include "notify.h"
#include "loop.h"
#include "ops.h"

#define REEXEC_ENV "CWMPD_REEXEC"  /* set across the exec of a sim reboot */
#define EMULATOR_ENV "CWMPD_EMULATOR"  /* runs a sim reboot's exec (qemu-user) */

struct options {
	const char *config;
	bool foreground;
	bool syslog;             /* -s: syslog even in the foreground */
	int level;               /* -1: from the config */
	bool reexeced;           /* started by a sim reboot's re-exec */
};

static void usage(FILE *f)
{
	fprintf(f, "usage: cwmpd [-c FILE] [-f] [-s] [-l LEVEL] [-h] [-V]\n"
		   "  -c FILE   config file (default %s)\n"
		   "  -f        stay in the foreground and log to stderr\n"
		   "  -s        log to syslog, also with -f (as under procd)\n"
		   "  -l LEVEL  err, warn, notice, info or debug (default: from the config)\n"
		   "  -h        this help\n"
		   "  -V        print the version\n",
		CONFIG_DEFAULT_PATH);
}

/* Returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, struct options *o)
{
	int c;

	o->config = CONFIG_DEFAULT_PATH;
	o->foreground = false;
	o->syslog = false;
	o->level = -1;
	while ((c = getopt(argc, argv, "c:fsl:hV")) != -1) {
		switch (c) {
		case 'c':
			o->config = optarg;
			break;
		case 'f':
			o->foreground = true;
			break;
		case 's':
			o->syslog = true;
			break;
		case 'l':
			o->level = log_level_parse(optarg);
			if (o->level < 0) {
				fprintf(stderr, "cwmpd: -l: unknown level '%s'\n", optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("cwmpd %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 2;
	}
	return -1;
}

static void on_signal(struct loop *l, int signo, void *ctx)
{
	struct agent *a = ctx;

	(void)l;
	switch (signo) {
	case SIGTERM:
	case SIGINT:
		/* Never kill a plugin in the middle of its apply, a reboot or a
		 * factory reset (busy.h). */
		if (busy_active(&a->busy))
			log_notice("cwmpd: signal %d: exiting once the plugins applied", signo);
		else
			log_notice("cwmpd: signal %d: exiting", signo);
		busy_quit(&a->busy);
		break;
	case SIGHUP:
		agent_reload(a);
		break;
	case SIGUSR1:
		agent_poke(a);          /* an interface trigger: values may have changed */
		break;
	default:
		break;
	}
}

/* Block (or unblock) the signals the loop handles but SIGCHLD: blocked
 * from the start of main() (and from the end of the loop to the next
 * image's loop) until the loop's handlers are in place, they stay pending. */
static void signals_hold(bool hold)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1 };
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&set, sigs[i]);
	sigprocmask(hold ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

/* execv(path, argv), or "EMULATOR path argv[1]..." when CWMPD_EMULATOR
 * names one: a cross build under qemu-user without binfmt_misc cannot
 * execute itself (ENOEXEC). Returns only when the exec failed (errno). */
static void exec_self(const char *path, char *const *argv, const char *emu)
{
	size_t n = 0;
	char **v;
	int err;

	if (!emu) {
		execv(path, argv);
		return;
	}
	while (argv[n])
		n++;
	v = calloc(n + 3, sizeof(*v));
	if (!v)
		return;
	v[0] = (char *)emu;
	v[1] = (char *)path;
	for (size_t i = 1; i < n; i++)
		v[i + 1] = argv[i];
	execvp(emu, v);
	err = errno;
	free(v);
	errno = err;
}

/* The sim platform's reboot. Returns only when the exec failed. The
 * program's path as /proc/self/exe names it: under valgrind the link itself
 * is valgrind's tool, while reading it gives the program (which valgrind
 * then runs bare; qemu-user answers the same). A replaced binary
 * ("... (deleted)") runs from the link. */
static int reexec(char *const *argv)
{
	const char *emu = getenv(EMULATOR_ENV);
	char self[4096];
	const char *path = "/proc/self/exe";
	ssize_t n = readlink(path, self, sizeof(self) - 1);

	if (n > 0) {
		self[n] = '\0';
		if (access(self, X_OK) == 0)
			path = self;
	}
	if (emu && !*emu)
		emu = NULL;
	log_notice("cwmpd: rebooting: re-executing %s%s%s", path, emu ? " through " : "",
		   emu ? emu : "");
	if (setenv(REEXEC_ENV, "1", 1) == 0)
		exec_self(path, argv, emu);
	log_err("cwmpd: cannot re-execute %s: %s", path, strerror(errno));
	return 1;
}

/* Detach from the terminal: fork, setsid, stdio to /dev/null. */
static int daemonize(void)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return -errno;
	if (pid > 0)
		_exit(0);
	if (setsid() < 0)
		return -errno;
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	return 0;
}

/* Runs the daemon; *again is set when it must re-execute (sim reboot). */
static int run(const struct options *o, struct config *cfg, bool *again)
{
	struct loop *l;
	struct agent *a;
	int rc = 1;

	if (!o->foreground && !o->reexeced && daemonize() != 0) {
		log_err("cwmpd: cannot daemonize: %s", strerror(errno));
		return 1;
	}
	if (http_global_init() != 0)
		return 1;
	l = loop_new();
	a = l ? agent_new(l, o->config, cfg) : NULL;
	if (!a) {
		log_err("cwmpd: out of memory");
		goto out;
	}
	loop_set_signal_cb(l, on_signal, a);
	signals_hold(false);    /* held since main() began: pending ones reach the loop */
	if (agent_start(a) != 0)
		goto out;
	log_notice("cwmpd %s started (ACS %s, platform %s)", PACKAGE_VERSION, a->cfg.acs_url,
		   a->cfg.platform);
	rc = loop_run(l) == 0 ? 0 : 1;
	*again = ops_reexec_wanted(a->ops);
	if (*again)
		signals_hold(true);
out:
	agent_free(a);
	loop_free(l);
	http_global_cleanup();
	return rc;
}

int main(int argc, char **argv)
{
	struct options o;
	struct config cfg;
	char err[512];
	bool again = false;
	int rc;

	signals_hold(true);     /* first: nothing may die of a SIGHUP before the loop */
	umask(077);             /* every file cwmpd or a plugin makes is its own */
	rc = parse_args(argc, argv, &o);
	if (rc >= 0)
		return rc;
	o.reexeced = getenv(REEXEC_ENV) != NULL;
	unsetenv(REEXEC_ENV);
	log_open(o.syslog ? LOG_DEST_SYSLOG : LOG_DEST_STDERR, LOG_LVL_NOTICE);
	if (config_load(o.config, &cfg, err, sizeof(err)) != 0) {
		if (o.syslog)
			log_err("cwmpd: %s", err);
		else
			fprintf(stderr, "cwmpd: %s\n", err);
		return 2;
	}
	log_open(o.syslog || !o.foreground ? LOG_DEST_SYSLOG : LOG_DEST_STDERR,
		 o.level >= 0 ? (enum log_level)o.level : (enum log_level)cfg.log_level);
	if (o.level >= 0)
		cfg.log_level = o.level;
	rc = run(&o, &cfg, &again);
	config_fini(&cfg);
	if (again)
		rc = reexec(argv);
	return rc;
}
