/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the event queue (agent/events.c): the code strings, the
 * queueing rules run as scripts of operations with the expected queue after
 * each, a full queue, saving and loading with the reboot rules, and corrupt
 * files (every truncation of a good file, garbage, long lines). log_msg is
 * stubbed to count warnings and errors.
 */
#define _GNU_SOURCE 1  /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "log.h"
#include "store.h"

static int warn_count, err_count;

void log_msg(enum log_level level, const char *fmt, ...)
{
	(void)fmt;
	warn_count += level == LOG_LVL_WARN;
	err_count += level == LOG_LVL_ERR;
}

/* The queue as "CODE[=key][*]|...", '*' marking events sent. */
static const char *dump(const struct events *q)
{
	static char out[8192];
	size_t pos = 0;

	out[0] = '\0';
	for (size_t i = 0; i < q->n; i++) {
		const struct event *ev = &q->v[i];

		pos += (size_t)snprintf(out + pos, sizeof(out) - pos, "%s%s%s%s%s",
					i ? "|" : "", event_code_str(ev->code),
					ev->command_key[0] ? "=" : "", ev->command_key,
					ev->sent ? "*" : "");
	}
	return out;
}

static int rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	char *dir = strdup("/tmp/test_events.XXXXXX");

	if (!dir || !mkdtemp(dir)) {
		free(dir);
		return -1;
	}
	*state = dir;
	warn_count = err_count = 0;
	return 0;
}

static int teardown(void **state)
{
	nftw(*state, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	free(*state);
	return 0;
}

static void test_code_strings(void **state)
{
	const struct { enum event_code code; const char *s; } cases[] = {
		{ EV_BOOTSTRAP, "0 BOOTSTRAP" }, { EV_BOOT, "1 BOOT" },
		{ EV_VALUE_CHANGE, "4 VALUE CHANGE" },
		{ EV_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE, "12 AUTONOMOUS DU STATE CHANGE COMPLETE" },
		{ EV_HEARTBEAT, "14 HEARTBEAT" }, { EV_M_REBOOT, "M Reboot" },
		{ EV_M_CHANGE_DU_STATE, "M ChangeDUState" },
	};
	const char *bad[] = { NULL, "", "1 boot", "1 BOOT ", " 1 BOOT", "M", "M Foo", "15 X" };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(event_code_str(cases[i].code), cases[i].s);
	for (int c = 0; c < EV_COUNT; c++) {
		assert_non_null(event_code_str((enum event_code)c));
		assert_int_equal(event_code_parse(event_code_str((enum event_code)c)), c);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(event_code_parse(bad[i]), -EINVAL);
	assert_null(event_code_str(EV_COUNT));
	assert_null(event_code_str((enum event_code)-1));
}

enum op_kind { ADD, MARK, DELIVERED, FAILED, REMOVE, REMOVE_KEY, END };

struct op {
	enum op_kind kind;
	int code;
	const char *key;
	int ret;                 /* ADD only */
	const char *want;        /* the queue after this op, NULL = not checked */
};

#define KEY32 "0123456789abcdef0123456789abcdef"
#define SLASH32 "\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\"  /* 32 backslashes */

static const struct op script_dedupe[] = {
	{ ADD, EV_PERIODIC, NULL, 0, "2 PERIODIC" },
	{ ADD, EV_BOOT, NULL, 0, "2 PERIODIC|1 BOOT" },
	{ ADD, EV_PERIODIC, NULL, 0, "2 PERIODIC|1 BOOT" },
	{ ADD, EV_PERIODIC, "ignored", 0, "2 PERIODIC|1 BOOT" },
	{ ADD, EV_VALUE_CHANGE, "k", 0, "2 PERIODIC|1 BOOT|4 VALUE CHANGE" },
	{ END, 0, NULL, 0, NULL },
};

static const struct op script_method_keys[] = {
	{ ADD, EV_M_DOWNLOAD, "a", 0, "M Download=a" },
	{ ADD, EV_M_DOWNLOAD, "b", 0, "M Download=a|M Download=b" },
	{ ADD, EV_M_DOWNLOAD, "a", 0, "M Download=a|M Download=b" },
	{ ADD, EV_M_UPLOAD, "a", 0, "M Download=a|M Download=b|M Upload=a" },
	{ ADD, EV_M_REBOOT, NULL, 0, "M Download=a|M Download=b|M Upload=a|M Reboot" },
	{ ADD, EV_M_REBOOT, "", 0, "M Download=a|M Download=b|M Upload=a|M Reboot" },
	{ END, 0, NULL, 0, NULL },
};

static const struct op script_bad_args[] = {
	{ ADD, EV_M_REBOOT, KEY32, 0, "M Reboot=" KEY32 },
	{ ADD, EV_M_REBOOT, KEY32 "x", -EINVAL, "M Reboot=" KEY32 },
	{ ADD, EV_BOOT, KEY32 "x", -EINVAL, "M Reboot=" KEY32 },
	{ ADD, EV_COUNT, NULL, -EINVAL, "M Reboot=" KEY32 },
	{ ADD, -1, NULL, -EINVAL, "M Reboot=" KEY32 },
	{ END, 0, NULL, 0, NULL },
};

static const struct op script_bootstrap[] = {
	{ ADD, EV_BOOT, NULL, 0, NULL },
	{ ADD, EV_PERIODIC, NULL, 0, NULL },
	{ ADD, EV_M_REBOOT, "r", 0, NULL },
	{ ADD, EV_VALUE_CHANGE, NULL, 0, NULL },
	{ ADD, EV_TRANSFER_COMPLETE, NULL, 0, NULL },
	{ ADD, EV_M_DOWNLOAD, "d", 0, NULL },
	{ ADD, EV_M_UPLOAD, "u", 0, NULL },
	{ ADD, EV_M_SCHEDULE_INFORM, "s", 0, NULL },
	/* the TransferCompletes are still to be sent: their events stay */
	{ ADD, EV_BOOTSTRAP, NULL, 0, "1 BOOT|7 TRANSFER COMPLETE|M Download=d|M Upload=u|"
				      "0 BOOTSTRAP" },
	{ ADD, EV_VALUE_CHANGE, NULL, 0, "1 BOOT|7 TRANSFER COMPLETE|M Download=d|M Upload=u|"
					 "0 BOOTSTRAP|4 VALUE CHANGE" },
	{ REMOVE, EV_TRANSFER_COMPLETE, NULL, 0, "1 BOOT|0 BOOTSTRAP|4 VALUE CHANGE" },
	/* the URL changed again: discard again, BOOTSTRAP keeps its place */
	{ ADD, EV_BOOTSTRAP, NULL, 0, "1 BOOT|0 BOOTSTRAP" },
	{ END, 0, NULL, 0, NULL },
};

static const struct op script_deliver[] = {
	{ ADD, EV_PERIODIC, NULL, 0, NULL },
	{ ADD, EV_M_REBOOT, "r", 0, NULL },
	{ MARK, 0, NULL, 0, "2 PERIODIC*|M Reboot=r*" },
	{ ADD, EV_CONNECTION_REQUEST, NULL, 0, "2 PERIODIC*|M Reboot=r*|6 CONNECTION REQUEST" },
	{ ADD, EV_M_REBOOT, "other", 0, NULL },
	{ DELIVERED, 0, NULL, 0, "6 CONNECTION REQUEST|M Reboot=other" },
	{ MARK, 0, NULL, 0, NULL },
	{ DELIVERED, 0, NULL, 0, "" },
	{ END, 0, NULL, 0, NULL },
};

static const struct op script_readd_in_flight[] = {
	{ ADD, EV_VALUE_CHANGE, NULL, 0, NULL },
	{ ADD, EV_BOOT, NULL, 0, NULL },
	{ MARK, 0, NULL, 0, "4 VALUE CHANGE*|1 BOOT*" },
	{ ADD, EV_VALUE_CHANGE, NULL, 0, "4 VALUE CHANGE|1 BOOT*" },
	{ DELIVERED, 0, NULL, 0, "4 VALUE CHANGE" },
	{ END, 0, NULL, 0, NULL },
};

static const struct op script_failed[] = {
	{ ADD, EV_BOOT, NULL, 0, NULL },
	{ ADD, EV_CONNECTION_REQUEST, NULL, 0, NULL },
	{ ADD, EV_VALUE_CHANGE, NULL, 0, NULL },
	{ ADD, EV_M_SCHEDULE_INFORM, "s", 0, NULL },
	{ MARK, 0, NULL, 0, "1 BOOT*|6 CONNECTION REQUEST*|4 VALUE CHANGE*|M ScheduleInform=s*" },
	{ FAILED, 0, NULL, 0, "1 BOOT|4 VALUE CHANGE|M ScheduleInform=s" },
	{ ADD, EV_CONNECTION_REQUEST, NULL, 0, NULL },
	{ FAILED, 0, NULL, 0, "1 BOOT|4 VALUE CHANGE|M ScheduleInform=s" },
	{ END, 0, NULL, 0, NULL },
};

static const struct op script_transfer[] = {
	{ ADD, EV_TRANSFER_COMPLETE, NULL, 0, NULL },
	{ ADD, EV_M_DOWNLOAD, "d1", 0, NULL },
	{ ADD, EV_M_UPLOAD, "u1", 0, NULL },
	{ ADD, EV_PERIODIC, NULL, 0, NULL },
	{ ADD, EV_M_REBOOT, "r", 0, NULL },
	{ MARK, 0, NULL, 0, NULL },
	/* held until the ACS answers TransferComplete */
	{ DELIVERED, 0, NULL, 0, "7 TRANSFER COMPLETE|M Download=d1|M Upload=u1" },
	{ REMOVE_KEY, EV_M_UPLOAD, "u1", 0, "7 TRANSFER COMPLETE|M Download=d1" },
	{ REMOVE_KEY, EV_M_UPLOAD, "nope", 0, "7 TRANSFER COMPLETE|M Download=d1" },
	{ ADD, EV_M_SCHEDULE_DOWNLOAD, "s", 0, NULL },
	{ ADD, EV_VALUE_CHANGE, NULL, 0, NULL },
	{ REMOVE, EV_TRANSFER_COMPLETE, NULL, 0, "4 VALUE CHANGE" },
	/* an "M Download" without "7 TRANSFER COMPLETE" is not held */
	{ ADD, EV_M_DOWNLOAD, "d2", 0, NULL },
	{ MARK, 0, NULL, 0, NULL },
	{ DELIVERED, 0, NULL, 0, "" },
	{ END, 0, NULL, 0, NULL },
};

static const struct op script_remove[] = {
	{ ADD, EV_M_DOWNLOAD, "a", 0, NULL },
	{ ADD, EV_PERIODIC, NULL, 0, NULL },
	{ ADD, EV_M_DOWNLOAD, "b", 0, NULL },
	{ REMOVE, EV_M_DOWNLOAD, NULL, 0, "2 PERIODIC" },
	{ REMOVE, EV_BOOT, NULL, 0, "2 PERIODIC" },
	{ REMOVE_KEY, EV_PERIODIC, NULL, 0, "" },
	{ END, 0, NULL, 0, NULL },
};

static void run_script(struct events *q, const struct op *ops)
{
	for (size_t i = 0; ops[i].kind != END; i++) {
		const struct op *op = &ops[i];

		switch (op->kind) {
		case ADD:
			assert_int_equal(events_add(q, (enum event_code)op->code, op->key), op->ret);
			break;
		case MARK:
			events_mark_sent(q);
			break;
		case DELIVERED:
			events_delivered(q);
			break;
		case FAILED:
			events_failed(q);
			break;
		case REMOVE:
			events_remove(q, (enum event_code)op->code);
			break;
		case REMOVE_KEY:
			events_remove_key(q, (enum event_code)op->code, op->key);
			break;
		case END:
			break;
		}
		if (op->want && strcmp(dump(q), op->want) != 0)
			print_message("# after op %zu\n", i);
		if (op->want)
			assert_string_equal(dump(q), op->want);
	}
}

static void test_scripts(void **state)
{
	const struct op *scripts[] = {
		script_dedupe, script_method_keys, script_bad_args, script_bootstrap,
		script_deliver, script_readd_in_flight, script_failed, script_transfer,
		script_remove,
	};

	for (size_t i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++) {
		struct events q, back;
		size_t k = 0;

		/* in memory, then persisting: the file loads back what survives
		 * a reboot, in order */
		events_init(&q, NULL);
		run_script(&q, scripts[i]);
		events_fini(&q);
		events_init(&q, *state);
		run_script(&q, scripts[i]);
		events_init(&back, *state);
		assert_int_equal(events_load(&back), 0);
		for (size_t j = 0; j < q.n; j++) {
			if (q.v[j].code == EV_BOOT || q.v[j].code == EV_VALUE_CHANGE ||
			    q.v[j].code == EV_CONNECTION_REQUEST)
				continue;
			assert_true(k < back.n);
			assert_int_equal(back.v[k].code, q.v[j].code);
			assert_string_equal(back.v[k].command_key, q.v[j].command_key);
			k++;
		}
		assert_int_equal(k, back.n);
		events_fini(&back);
		events_fini(&q);
		assert_int_equal(store_remove(*state, "events"), 0);
	}
	assert_int_equal(err_count, 0);
	assert_int_equal(warn_count, 0);
}

static void test_full(void **state)
{
	char key[16], before[8192];
	struct events q;

	(void)state;
	events_init(&q, NULL);
	assert_int_equal(events_add(&q, EV_PERIODIC, NULL), 0);
	assert_int_equal(events_add(&q, EV_BOOT, NULL), 0);
	assert_int_equal(events_add(&q, EV_VALUE_CHANGE, NULL), 0);
	assert_int_equal(events_add(&q, EV_TRANSFER_COMPLETE, NULL), 0);
	for (int i = 0; q.n < EVENTS_MAX; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		assert_int_equal(events_add(&q, EV_M_DOWNLOAD, key), 0);
	}
	/* full: the oldest droppable (PERIODIC) goes, then VALUE CHANGE */
	assert_int_equal(events_add(&q, EV_M_UPLOAD, "u"), 0);
	assert_int_equal(q.n, EVENTS_MAX);
	assert_false(events_has(&q, EV_PERIODIC));
	assert_true(events_has(&q, EV_VALUE_CHANGE));
	assert_int_equal(events_add(&q, EV_KICKED, NULL), 0);
	assert_false(events_has(&q, EV_VALUE_CHANGE));
	assert_true(events_has(&q, EV_KICKED));
	/* a duplicate needs no room */
	assert_int_equal(events_add(&q, EV_KICKED, NULL), 0);
	assert_int_equal(events_add(&q, EV_M_DOWNLOAD, "k0"), 0);
	assert_int_equal(events_add(&q, EV_M_UPLOAD, "v"), 0);
	assert_false(events_has(&q, EV_KICKED));
	/* nothing droppable left: refused, queue unchanged */
	snprintf(before, sizeof(before), "%s", dump(&q));
	assert_int_equal(events_add(&q, EV_M_UPLOAD, "w"), -ENOSPC);
	assert_int_equal(events_add(&q, EV_PERIODIC, NULL), -ENOSPC);
	assert_string_equal(dump(&q), before);
	assert_true(events_has(&q, EV_BOOT));
	assert_true(events_has(&q, EV_TRANSFER_COMPLETE));
	/* BOOTSTRAP makes room by itself: the transfers' events, kept
	 * otherwise, go when they alone fill the queue */
	assert_int_equal(events_add(&q, EV_BOOTSTRAP, NULL), 0);
	assert_string_equal(dump(&q), "1 BOOT|0 BOOTSTRAP");
	events_fini(&q);
}

static void write_file(const char *dir, const char *text, size_t len)
{
	assert_int_equal(store_write(dir, "events", text, len), 0);
}

static const char *load_dump(const char *dir)
{
	struct events q;
	const char *d;

	events_init(&q, dir);
	assert_int_equal(events_load(&q), 0);
	d = dump(&q);
	events_fini(&q);
	return d;
}

static void test_round_trip(void **state)
{
	static const char want_file[] =
		"# cwmpd events v1\n"
		"0 BOOTSTRAP\t\n"
		"1 BOOT\t\n"
		"2 PERIODIC\t\n"
		"M Reboot\tk\\t1\\n\\\\\n"
		"4 VALUE CHANGE\t\n"
		"6 CONNECTION REQUEST\t\n"
		"8 DIAGNOSTICS COMPLETE\t\n"
		"7 TRANSFER COMPLETE\t\n"
		"M Download\td\n"
		"M ScheduleInform\t\n"
		"13 WAKEUP\t\n";
	const struct { int code; const char *key; } adds[] = {
		{ EV_BOOTSTRAP, NULL }, { EV_BOOT, NULL }, { EV_PERIODIC, NULL },
		{ EV_M_REBOOT, "k\t1\n\\" }, { EV_VALUE_CHANGE, NULL },
		{ EV_CONNECTION_REQUEST, NULL }, { EV_DIAGNOSTICS_COMPLETE, NULL },
		{ EV_TRANSFER_COMPLETE, NULL }, { EV_M_DOWNLOAD, "d" },
		{ EV_M_SCHEDULE_INFORM, "" }, { EV_WAKEUP, NULL },
	};
	struct events q;
	char *text = NULL;
	size_t len;

	events_init(&q, *state);
	assert_int_equal(events_load(&q), 0);             /* no file yet */
	assert_true(events_empty(&q));
	for (size_t i = 0; i < sizeof(adds) / sizeof(adds[0]); i++)
		assert_int_equal(events_add(&q, (enum event_code)adds[i].code, adds[i].key), 0);
	events_mark_sent(&q);                             /* not saved */
	assert_int_equal(events_save(&q), 0);             /* same bytes again */
	events_fini(&q);
	assert_int_equal(store_read(*state, "events", &text, &len, 100000), 0);
	assert_string_equal(text, want_file);
	free(text);
	/* after the reboot: no VALUE CHANGE, CONNECTION REQUEST, DIAGNOSTICS
	 * COMPLETE or old BOOT; the new boot adds its BOOT */
	events_init(&q, *state);
	assert_int_equal(events_load(&q), 0);
	assert_int_equal(events_add(&q, EV_BOOT, NULL), 0);
	assert_string_equal(dump(&q), "0 BOOTSTRAP|2 PERIODIC|M Reboot=k\t1\n\\|"
			    "7 TRANSFER COMPLETE|M Download=d|M ScheduleInform|13 WAKEUP|1 BOOT");
	events_fini(&q);
	/* the file was rewritten with what survived */
	assert_string_equal(load_dump(*state), "0 BOOTSTRAP|2 PERIODIC|M Reboot=k\t1\n\\|"
			    "7 TRANSFER COMPLETE|M Download=d|M ScheduleInform|13 WAKEUP");
	assert_int_equal(warn_count, 0);
	assert_int_equal(err_count, 0);
}

/* Every prefix of a good file loads the events of its complete lines. */
static void test_truncated(void **state)
{
	static const char good[] =
		"# cwmpd events v1\n"
		"0 BOOTSTRAP\t\n"
		"M Reboot\tkey\\\\1\n"
		"2 PERIODIC\t\n"
		"M Download\t" KEY32 "\n";
	static const char *const want[] = {
		"", "0 BOOTSTRAP", "0 BOOTSTRAP|M Reboot=key\\1",
		"0 BOOTSTRAP|M Reboot=key\\1|2 PERIODIC",
		("0 BOOTSTRAP|M Reboot=key\\1|2 PERIODIC|M Download=" KEY32),
	};

	for (size_t len = 0; len <= sizeof(good) - 1; len++) {
		size_t lines = 0;
		bool partial = len > 0 && good[len - 1] != '\n';

		for (size_t i = 0; i < len; i++)
			lines += good[i] == '\n';
		write_file(*state, good, len);
		warn_count = 0;
		assert_string_equal(load_dump(*state), want[lines ? lines - 1 : 0]);
		/* one warning for a cut event line, none for a cut comment */
		assert_int_equal(warn_count, partial && lines > 0 ? 1 : 0);
	}
}

static void test_corrupt(void **state)
{
	static char huge[20000], slashes[96];
	static const char binary[] = "\x01\xff\xfe\t\x80\n\0\0\t\n1 BOOT\0\t\n2 PERIODIC\t\n";
	const struct { const char *text; size_t len; const char *want; int warns; } cases[] = {
		{ "garbage", 0, "", 1 },
		{ "2 PERIODIC\t\n", 0, "2 PERIODIC", 0 },        /* no header: fine */
		{ "2 PERIODIC\t\n99 NOPE\t\nM Nope\tx\n5 KICKED\t\n", 0, "2 PERIODIC|5 KICKED", 1 },
		{ "M Reboot\t" KEY32 "x\n5 KICKED\t\n", 0, "5 KICKED", 1 },
		{ "M Reboot\t" KEY32 "\n", 0, "M Reboot=" KEY32, 0 },
		{ slashes, 0, "M Reboot=" SLASH32, 0 },                /* 64 bytes escaped */
		{ "2 PERIODIC\tkey\n5 KICKED\t\n", 0, "5 KICKED", 1 },  /* numbered + key */
		{ "2 PERIODIC\n5 KICKED\t\n", 0, "5 KICKED", 1 },       /* no tab */
		{ "M Reboot\ta\\qb\nM Reboot\ta\\\n", 0, "", 1 },       /* bad escapes */
		{ "M Reboot\ta\tb\n", 0, "", 1 },                       /* second tab */
		{ "M Reboot\tx\r\n", 0, "M Reboot=x\r", 0 },
		{ "\n\n# comment\n\n5 KICKED\t\n", 0, "5 KICKED", 0 },
		{ "5 KICKED\t\n5 KICKED\t\n", 0, "5 KICKED", 0 },
		{ binary, sizeof(binary) - 1, "2 PERIODIC", 1 },
		{ huge, sizeof(huge), "5 KICKED", 1 },
	};

	memset(huge, 'A', sizeof(huge));
	memcpy(huge + sizeof(huge) - 11, "\n5 KICKED\t\n", 11);
	snprintf(slashes, sizeof(slashes), "M Reboot\t%s\n", SLASH32 SLASH32);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);

		write_file(*state, cases[i].text, len);
		warn_count = 0;
		assert_string_equal(load_dump(*state), cases[i].want);
		assert_int_equal(warn_count, cases[i].warns);
	}
}

/* Random bytes and random mixes of good lines and noise: no crash. */
static void test_garbage(void **state)
{
	static const char *const pieces[] = {
		"0 BOOTSTRAP\t\n", "M Reboot\tk\n", "\t", "\n", "\\", "\\n", "M ", "7 ",
		"TRANSFER COMPLETE", "\0", "\xff", "# cwmpd events v1\n",
	};
	char buf[600];
	unsigned seed = 12345;

	for (int round = 0; round < 300; round++) {
		size_t len = 0;

		while (len < sizeof(buf) - 40) {
			seed = seed * 1103515245u + 12345u;
			if (round % 2) {
				buf[len++] = (char)(seed >> 16);
			} else {
				const char *p = pieces[(seed >> 16) % 12];
				size_t n = p[0] ? strlen(p) : 1;

				memcpy(buf + len, p, n);
				len += n;
			}
		}
		write_file(*state, buf, len);
		warn_count = 0;
		(void)load_dump(*state);
		assert_true(warn_count <= 1);
	}
}

static void test_big_file(void **state)
{
	size_t len = 200 * 1024;
	char *big = malloc(len);

	assert_non_null(big);
	for (size_t i = 0; i < len; i++)
		big[i] = "2 PERIODIC\t\n"[i % 12];
	write_file(*state, big, len);
	free(big);
	warn_count = 0;
	assert_string_equal(load_dump(*state), "");
	assert_int_equal(warn_count, 1);
}

static void test_save_failure(void **state)
{
	char dir[256];
	struct events q;

	snprintf(dir, sizeof(dir), "%s/missing", (char *)*state);
	events_init(&q, dir);
	assert_int_equal(events_load(&q), 0);
	assert_int_equal(events_add(&q, EV_BOOT, NULL), 0);
	assert_true(err_count > 0);
	assert_int_equal(events_add(&q, EV_M_REBOOT, "r"), 0);
	assert_int_equal(events_save(&q), -ENOENT);      /* the caller can tell */
	events_mark_sent(&q);
	events_delivered(&q);
	assert_true(events_empty(&q));
	assert_int_equal(events_add(&q, EV_PERIODIC, NULL), 0);
	assert_string_equal(dump(&q), "2 PERIODIC");
	events_fini(&q);
	events_fini(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_strings),
		cmocka_unit_test_setup_teardown(test_scripts, setup, teardown),
		cmocka_unit_test(test_full),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_failure, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
