/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cwmpd: the command line, the config check, daemonizing, the signals, and
 * the loop. Everything else lives in libcwmp.
 *
 *   cwmpd [-c FILE] [-f] [-l LEVEL] [-h] [-V]
 *
 * Exit status: 0 after SIGTERM/SIGINT, 1 on a start-up failure, 2 for a bad
 * command line or config file (one line naming file, line and option).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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

struct options {
	const char *config;
	bool foreground;
	int level;               /* -1: from the config */
};

static void usage(FILE *f)
{
	fprintf(f, "usage: cwmpd [-c FILE] [-f] [-l LEVEL] [-h] [-V]\n"
		   "  -c FILE   config file (default %s)\n"
		   "  -f        stay in the foreground and log to stderr\n"
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
	o->level = -1;
	while ((c = getopt(argc, argv, "c:fl:hV")) != -1) {
		switch (c) {
		case 'c':
			o->config = optarg;
			break;
		case 'f':
			o->foreground = true;
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

	switch (signo) {
	case SIGTERM:
	case SIGINT:
		log_notice("cwmpd: signal %d: exiting", signo);
		loop_quit(l);
		break;
	case SIGHUP:
		agent_reload(a);
		break;
	case SIGUSR1:
		notify_poll_now(a);     /* a hotplug script: values may have changed */
		break;
	default:
		break;
	}
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

static int run(const struct options *o, struct config *cfg)
{
	struct loop *l;
	struct agent *a;
	int rc = 1;

	if (!o->foreground && daemonize() != 0) {
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
	if (agent_start(a) != 0)
		goto out;
	log_notice("cwmpd %s started (ACS %s, platform %s)", PACKAGE_VERSION, a->cfg.acs_url,
		   a->cfg.platform);
	rc = loop_run(l) == 0 ? 0 : 1;
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
	int rc = parse_args(argc, argv, &o);

	if (rc >= 0)
		return rc;
	log_open(true, LOG_LVL_NOTICE);
	if (config_load(o.config, &cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "cwmpd: %s\n", err);
		return 2;
	}
	log_open(o.foreground, o.level >= 0 ? (enum log_level)o.level
					    : (enum log_level)cfg.log_level);
	if (o.level >= 0)
		cfg.log_level = o.level;
	rc = run(&o, &cfg);
	config_fini(&cfg);
	return rc;
}
