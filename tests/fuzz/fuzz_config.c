/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for the configuration reader: the bytes go to uci_parse
 * and to config_parse, and, when they parse, to uci_text_set_option (whose
 * result must parse again). Everything is freed, so leaks show. Warnings
 * are silenced to keep the fuzzer's output readable.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../agent/config.h"
#include "../../agent/log.h"
#include "../../agent/uci.h"

static void fuzz_set_option(const char *text, size_t len)
{
	struct uci_file *f = NULL;
	char *out = NULL;
	size_t outlen;
	char err[128];
	int line;

	if (uci_text_set_option(text, len, "acs", "url", "http://x/'y'", &out, &outlen) == 0) {
		if (uci_parse(out, outlen, &f, &line, err, sizeof(err)) != 0)
			abort();
		uci_file_free(f);
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uci_file *f = NULL;
	struct config cfg;
	char err[256];
	int line;

	log_set_level(LOG_LVL_ERR);
	if (uci_parse((const char *)data, size, &f, &line, err, sizeof(err)) == 0) {
		uci_file_free(f);
		fuzz_set_option((const char *)data, size);
	}
	if (config_parse("fuzz", (const char *)data, size, &cfg, err, sizeof(err)) == 0)
		config_fini(&cfg);
	return 0;
}
