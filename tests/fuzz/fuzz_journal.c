/*
 * libFuzzer target: any bytes as a run journal, read by the journal reader
 * that resume, status and the report share. Every record it yields must
 * keep its promises (journal_read.h): a known kind, non-empty input and
 * status, strings readable, numbers finite and clamped; anything else is a
 * crash the fuzzer reports.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal_read.h"

static void check_number(double d)
{
	if (!isfinite(d) || fabs(d) > 1e15)
		abort();
}

static int check(void *cookie, const struct rp_journal_line *l)
{
	size_t *sum = cookie;
	*sum += strlen(l->run) + l->number;
	if (l->kind == RP_JOURNAL_RUN) {
		const struct rp_journal_header *h = &l->header;
		if (h->shard < -1 || h->shards < -1 || h->tasks < -1 ||
		    h->skipped < -1 || !h->json)
			abort();
		*sum += h->cwd ? strlen(h->cwd) : 0;
		return 0;
	}
	if (l->kind != RP_JOURNAL_TASK)
		abort();
	const struct rp_journal_record *t = &l->task;
	if (!*t->input || !*t->status || t->worker < 0 || t->pid < 0)
		abort();
	*sum += strlen(t->output) + strlen(t->options) +
		(t->error ? strlen(t->error) : 0);
	const double v[] = {t->start, t->end, t->t_open, t->t_warp,
			    t->t_write, t->t_total, t->t_commit};
	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++)
		check_number(v[i]);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	size_t sum = 0;
	if (rp_journal_read(f, check, &sum) > 0)
		abort(); /* check never stops the reading */
	fclose(f);
	return 0;
}
