/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The transfer queue file (round trip, escaping, bad and extra lines, v1
 * and v2 files), ScheduleDownload's window rules (as a table), the
 * FileType strings and GetQueuedTransfers' State. The TransferComplete
 * request is tested with the other CPE messages (test_cpe_msg.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "transfer_windows.h"
#include "transfers.h"

static struct transfer sample(unsigned id, enum transfer_state st)
{
	struct transfer t;

	memset(&t, 0, sizeof(t));
	t.id = id;
	t.state = st;
	t.file_type = TRANSFER_FIRMWARE;
	strcpy(t.command_key, "key\twith\ntab \\ and <xml>");
	strcpy(t.url, "http://127.0.0.1:8080/fw.bin?a=1&b=2");
	strcpy(t.username, "fw");
	strcpy(t.password, "p\\a\ts\ns");
	t.file_size = 5000000000ULL;
	t.due = 1700000000;
	t.start_time = 1700000001;
	t.complete_time = 1700000002;
	t.fault = 9017;
	strcpy(t.fault_string, "cut after 12 bytes");
	strcpy(t.version, "2.0.0");
	return t;
}

static void assert_same(const struct transfer *a, const struct transfer *b)
{
	assert_int_equal(a->id, b->id);
	assert_int_equal(a->state, b->state);
	assert_int_equal(a->file_type, b->file_type);
	assert_string_equal(a->command_key, b->command_key);
	assert_string_equal(a->url, b->url);
	assert_string_equal(a->username, b->username);
	assert_string_equal(a->password, b->password);
	assert_true(a->file_size == b->file_size);
	assert_true(a->due == b->due && a->start_time == b->start_time);
	assert_true(a->complete_time == b->complete_time);
	assert_int_equal(a->fault, b->fault);
	assert_string_equal(a->fault_string, b->fault_string);
	assert_string_equal(a->version, b->version);
	assert_true(a->deadline == b->deadline);
	assert_string_equal(a->old_version, b->old_version);
	assert_string_equal(a->target_name, b->target_name);
	assert_string_equal(a->file_name, b->file_name);
	assert_int_equal(a->n_windows, b->n_windows);
	assert_int_equal(a->win, b->win);
	assert_int_equal(a->attempts, b->attempts);
	for (unsigned i = 0; i < a->n_windows; i++) {
		assert_true(a->windows[i].start == b->windows[i].start);
		assert_true(a->windows[i].end == b->windows[i].end);
		assert_int_equal(a->windows[i].mode, b->windows[i].mode);
		assert_int_equal(a->windows[i].max_retries, b->windows[i].max_retries);
	}
}

static void test_round_trip(void **state)
{
	struct transfer in[3] = { sample(1, TRANSFER_QUEUED), sample(7, TRANSFER_REBOOTING),
				  sample(9, TRANSFER_DONE) }, out[4];
	struct xbuf b;
	size_t n, bad;

	(void)state;
	in[1].deadline = 1700003600;            /* a ScheduleDownload */
	in[1].windows[0] = (struct transfer_window){ 1700000000, 1700000600, 4, 0 };
	in[1].windows[1] = (struct transfer_window){ 1700001000, 1700003600, 1, -1 };
	in[1].n_windows = 2;
	in[1].win = 1;
	in[1].attempts = 3;
	strcpy(in[1].target_name, "t\a	rget name.bin");
	strcpy(in[1].file_name, "fw.bin");
	in[2].file_type = TRANSFER_UPLOAD_LOG;
	in[2].password[0] = '\0';
	snprintf(in[1].old_version, sizeof(in[1].old_version), "1.0\tb");
	xbuf_init(&b, 64 * 1024);
	transfers_format(&b, in, 3);
	assert_int_equal(xbuf_error(&b), 0);
	assert_int_equal(strncmp(b.data, "# cwmpd transfers v3\n", 21), 0);
	assert_int_equal(transfers_parse(b.data, b.len, out, 4, &n, &bad), 0);
	assert_int_equal(n, 3);
	assert_int_equal(bad, 0);
	for (size_t i = 0; i < 3; i++)
		assert_same(&in[i], &out[i]);
	/* Only max entries are kept; the rest count as bad. */
	assert_int_equal(transfers_parse(b.data, b.len, out, 2, &n, &bad), 0);
	assert_int_equal(n, 2);
	assert_int_equal(bad, 1);
	xbuf_fini(&b);
}

static void test_empty_queue(void **state)
{
	struct transfer out[1];
	struct xbuf b;
	size_t n = 9, bad = 9;

	(void)state;
	xbuf_init(&b, 1024);
	transfers_format(&b, NULL, 0);
	assert_int_equal(transfers_parse(b.data, b.len, out, 1, &n, &bad), 0);
	assert_int_equal(n, 0);
	assert_int_equal(bad, 0);
	xbuf_fini(&b);
}

/* Each of these lines is refused; the good line after it is kept. */
static const char *const bad_lines[] = {
	"1\t0\t1\tk\tu\tn\tp\t0\t0\t0\t0\t0\t\t0",            /* 14 fields */
	"1\t0\t1\tk\tu\tn\tp\t0\t0\t0\t0\t0\t\t\t\t0",        /* 16, deadline empty */
	"1\t0\t1\tk\tu\tn\tp\t0\t0\t0\t0\t0\t\t\t0\t\t",    /* 17 fields */
	"x\t0\t1\tk\tu\tn\tp\t0\t0\t0\t0\t0\t\t\t0",          /* id not a number */
	"1\t9\t1\tk\tu\tn\tp\t0\t0\t0\t0\t0\t\t\t0",          /* state out of range */
	"1\t0\t2\tk\tu\tn\tp\t0\t0\t0\t0\t0\t\t\t0",          /* file type 2 */
	"1\t0\t1\tk\\q\tu\tn\tp\t0\t0\t0\t0\t0\t\t\t0",       /* bad escape */
	"1\t0\t1\t012345678901234567890123456789012\tu\tn\tp\t0\t0\t0\t0\t0\t\t\t0", /* key > 32 */
	"1\t0\t1\tk\tu\tn\tp\t-1\t0\t0\t0\t0\t\t\t0",         /* negative FileSize */
	"1\t0\t1\tk\tu\tn\tp\t0\t0\t0\t0\t10000\t\t\t0",      /* fault out of range */
	"1\t0\t13\tk\tu\tn\tp\t0\t0\t0\t0\t0\t\t\t0",         /* file type 13 */
	"1\t0\t1\tk\tu\tn\tp\t0\t0\t0\t0\t0\t\t\t-5",         /* negative deadline */
};

/* A v2 file (16 fields: no names, no windows) is still read; its
 * ScheduleDownload gets the one window v2 had, without retries. */
static void test_v2_file(void **state)
{
	const char *v2 = "# cwmpd transfers v2\n"
			 "4\t0\t3\tsd\thttp://h/c.cfg\t\t\t0\t1000\t0\t0\t0\t\t\t1600\t\n"
			 "5\t0\t1\tdl\thttp://h/f.bin\t\t\t0\t1000\t0\t0\t0\t\t\t0\t\n";
	struct transfer out[2];
	size_t n, bad;

	(void)state;
	assert_int_equal(transfers_parse(v2, strlen(v2), out, 2, &n, &bad), 0);
	assert_int_equal(n, 2);
	assert_int_equal(bad, 0);
	assert_int_equal(out[0].n_windows, 1);
	assert_true(out[0].windows[0].start == 1000 && out[0].windows[0].end == 1600);
	assert_int_equal(out[0].windows[0].max_retries, 0);
	assert_int_equal(out[1].n_windows, 0);
	assert_string_equal(out[1].target_name, "");
	assert_string_equal(out[1].file_name, "");
}

/* The schedule field: garbage is refused. */
static void test_windows_field(void **state)
{
	static const char *const bad[] = { "x", "0", "0 0 10", "0 0 10 5 1 0", "0 0 10 20 5 0",
					   "0 0 10 20 1 -2", "3 0 10 20 1 0",
					   "0 0 1 2 1 0 3 4 1 0 5 6 1 0" };
	struct transfer t;

	(void)state;
	memset(&t, 0, sizeof(t));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(transfer_windows_parse(bad[i], strlen(bad[i]), &t), -EINVAL);
	assert_int_equal(transfer_windows_parse("1 2 10 20 3 -1", 14, &t), 0);
	assert_int_equal(t.n_windows, 1);
	assert_int_equal(t.win, 1);
	assert_int_equal(t.attempts, 2);
	assert_int_equal(transfer_windows_parse("", 0, &t), 0);
	assert_int_equal(t.n_windows, 0);
}

/* The window rules as a table: windows [100, 200) and [300, 400). */
static void test_window_rules(void **state)
{
	static const struct {
		int mode1, retries1, mode2, retries2;
		unsigned win, attempts;     /* before */
		time_t now;
		enum transfer_window_check want;
		time_t when;                /* WAIT */
		unsigned win_after, attempts_after;
	} cases[] = {
		{ 1, 0, 1, 0, 0, 0, 50, TRANSFER_WINDOW_WAIT, 100, 0, 0 },
		{ 1, 0, 1, 0, 0, 0, 100, TRANSFER_WINDOW_START, 0, 0, 0 },
		{ 1, 0, 1, 0, 0, 1, 150, TRANSFER_WINDOW_WAIT, 300, 1, 0 },    /* no retry */
		{ 1, 1, 1, 0, 0, 1, 150, TRANSFER_WINDOW_START, 0, 0, 1 },     /* one retry */
		{ 1, 1, 1, 0, 0, 2, 150, TRANSFER_WINDOW_WAIT, 300, 1, 0 },    /* used up */
		{ 1, -1, 1, 0, 0, 50, 199, TRANSFER_WINDOW_START, 0, 0, 50 },  /* unlimited */
		{ 1, -1, 1, 0, 0, 1, 200, TRANSFER_WINDOW_WAIT, 300, 1, 0 },   /* window over */
		{ 4, 0, 1, 0, 0, 0, 100, TRANSFER_WINDOW_WAIT, 300, 1, 0 },    /* mode 4 skipped */
		{ 4, 0, 4, 0, 0, 0, 100, TRANSFER_WINDOW_OVER, 0, 2, 0 },
		{ 1, 0, 1, 0, 1, 1, 350, TRANSFER_WINDOW_OVER, 0, 2, 0 },
		{ 1, 0, 1, 2, 1, 2, 350, TRANSFER_WINDOW_START, 0, 1, 2 },
		{ 2, 0, 3, 0, 0, 0, 400, TRANSFER_WINDOW_OVER, 0, 2, 0 },      /* too late */
		{ 3, 0, 1, 0, 0, 0, 250, TRANSFER_WINDOW_WAIT, 300, 1, 0 },    /* missed the first */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct transfer t;
		time_t when = 0;

		memset(&t, 0, sizeof(t));
		t.windows[0] = (struct transfer_window){ 100, 200, cases[i].mode1, cases[i].retries1 };
		t.windows[1] = (struct transfer_window){ 300, 400, cases[i].mode2, cases[i].retries2 };
		t.n_windows = 2;
		t.deadline = 400;
		t.win = cases[i].win;
		t.attempts = cases[i].attempts;
		print_message("# case %zu\n", i);
		assert_int_equal(transfer_window_check(&t, cases[i].now, &when), cases[i].want);
		if (cases[i].want == TRANSFER_WINDOW_WAIT)
			assert_true(when == cases[i].when);
		assert_int_equal(t.win, cases[i].win_after);
		assert_int_equal(t.attempts, cases[i].attempts_after);
	}
}

/* A v1 file (15 fields, no version before the apply) is still read. */
static void test_v1_file(void **state)
{
	const char *v1 = "# cwmpd transfers v1\n"
			 "3\t2\t1\tfw\t\t\t\t0\t0\t10\t0\t0\t\t2.0\t0\n";
	struct transfer out[1];
	size_t n, bad;

	(void)state;
	assert_int_equal(transfers_parse(v1, strlen(v1), out, 1, &n, &bad), 0);
	assert_int_equal(n, 1);
	assert_int_equal(bad, 0);
	assert_int_equal(out[0].state, TRANSFER_APPLYING);
	assert_string_equal(out[0].version, "2.0");
	assert_string_equal(out[0].old_version, "");
}

static void test_bad_lines(void **state)
{
	const char *good = "5\t4\t3\tok\t\t\t\t0\t0\t10\t20\t9018\tbad image\t\t0\n";
	struct transfer out[2];
	size_t n, bad;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++) {
		char text[512];
		int len = snprintf(text, sizeof(text), "# c\n%s\n%s", bad_lines[i], good);

		assert_int_equal(transfers_parse(text, (size_t)len, out, 2, &n, &bad), 0);
		assert_int_equal(n, 1);
		assert_int_equal(bad, 1);
		assert_int_equal(out[0].id, 5);
		assert_int_equal(out[0].state, TRANSFER_DONE);
		assert_int_equal(out[0].fault, 9018);
		assert_string_equal(out[0].fault_string, "bad image");
	}
	/* A last line without its newline is a cut write: skipped. */
	assert_int_equal(transfers_parse(good, strlen(good) - 1, out, 2, &n, &bad), 0);
	assert_int_equal(n, 0);
	assert_int_equal(bad, 1);
}

static void test_file_types_and_states(void **state)
{
	enum transfer_file_type t;
	struct transfer q = sample(1, TRANSFER_QUEUED);

	(void)state;
	assert_int_equal(transfers_file_type_parse("1 Firmware Upgrade Image", false, &t), 0);
	assert_int_equal(t, TRANSFER_FIRMWARE);
	assert_int_equal(transfers_file_type_parse("1 Vendor Configuration File", true, &t), 0);
	assert_int_equal(t, TRANSFER_UPLOAD_CONFIG);
	assert_int_equal(transfers_file_type_parse("1 Vendor Configuration File", false, &t),
			 -EINVAL);
	assert_int_equal(transfers_file_type_parse("2 Web Content", false, &t), -EINVAL);
	assert_string_equal(transfers_file_type_name(TRANSFER_UPLOAD_LOG), "2 Vendor Log File");
	assert_int_equal(transfers_queued_state(&q), 1);
	q.state = TRANSFER_APPLYING;
	assert_int_equal(transfers_queued_state(&q), 2);
	q.state = TRANSFER_REBOOTING;
	assert_int_equal(transfers_queued_state(&q), 3);
	q.state = TRANSFER_DONE;
	assert_int_equal(transfers_queued_state(&q), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_empty_queue),
		cmocka_unit_test(test_v1_file),
		cmocka_unit_test(test_v2_file),
		cmocka_unit_test(test_windows_field),
		cmocka_unit_test(test_window_rules),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_file_types_and_states),
	};

	return cmocka_run_group_tests_name("transfers", tests, NULL, NULL);
}
