/*
 * journal_read: the one reader of run journals, for resume (journal.c),
 * `rasterpool status` (status.c) and the HTML report (htmlreport.c). It
 * turns each line into a typed record, so that no reader handles json-c
 * objects or trusts a field's type:
 *
 *   static int take(void *cookie, const struct rp_journal_line *l)
 *   {
 *           if (l->kind == RP_JOURNAL_RUN) ...  l->header
 *           else ...                            l->task
 *           return 0;                           non-zero stops the reading
 *   }
 *   rc = rp_journal_read(f, take, cookie);
 *
 * A journal is data from anywhere: any bytes are read without harm. A line
 * that is not a whole JSON object (cut by a crash or a full disk, NUL
 * bytes, garbage) or is no record of ours is skipped. A run header is an
 * object with "type":"run"; a task line is an object without "type" whose
 * "input" and "status" are non-empty strings. Every other field is typed
 * and defaulted: a member that is missing or of another type takes the
 * default; integers are clamped to their field's range; numbers are finite
 * and within +-1e15 (a NaN or an infinity takes the default), so callers
 * may do arithmetic on them. Strings are passed through as bytes (file
 * names need not be UTF-8).
 *
 * Ownership: the strings and header.json are the reader's and live until
 * the callback returns; copy what you keep (json_object_get for json).
 *
 * rp_journal_read() returns 0 at the end of f, the callback's first
 * non-zero return, or -1 (errno) when f cannot be read or memory runs out.
 */
#ifndef RP_JOURNAL_READ_H
#define RP_JOURNAL_READ_H

#include <stddef.h>
#include <stdio.h>

#include "journal.h"

struct json_object;

enum rp_journal_kind {
	RP_JOURNAL_RUN,  /* a run's header: header is set */
	RP_JOURNAL_TASK, /* a task that ended: task is set */
};

struct rp_journal_header {
	long shard, shards;   /* -1 when not a shard's run */
	long long tasks;      /* inputs the run had to do, -1 unknown */
	long long skipped;    /* of those, done by an earlier run; -1 unknown */
	const char *cwd;      /* where relative inputs are, or NULL */
	struct json_object *json; /* the whole line */
};

struct rp_journal_line {
	enum rp_journal_kind kind;
	size_t number;        /* line number, from 1 */
	const char *run;      /* the run's id, "" when absent */
	struct rp_journal_header header;
	/* input and status are non-empty; output and options "" when absent;
	 * error NULL when absent. */
	struct rp_journal_record task;
};

int rp_journal_read(FILE *f,
		    int (*fn)(void *cookie, const struct rp_journal_line *l),
		    void *cookie);

#endif
