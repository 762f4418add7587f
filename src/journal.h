/*
 * journal: the run journal, one JSON object per line, one line per task that
 * ended (ok, failed, crashed, timeout, interrupted). It is what makes a
 * batch resumable, and what `rasterpool status` and `rasterpool report`
 * read. An input skipped because an earlier run did it gets no line: its
 * earlier ok line still stands, so a no-op rerun does not grow the journal.
 *
 * Writing (the supervisor, one thread):
 *   struct rp_journal j;
 *   rp_journal_init(&j, path);
 *   rp_journal_set_run(&j, run_id, header);  the run header, kept (ref)
 *   rp_journal_append(&j, &record, err, n);  one write(2) per line, O_APPEND;
 *                                            the first creates the file and
 *                                            its directory and writes the
 *                                            run header first
 *   rp_journal_close(&j);
 * Each run's lines carry its id ("run"), after a header line of type "run"
 * with its configuration and counts (tasks, skipped, shard).
 * Nothing is created before the first line, so a run refused before any
 * task, or one that had nothing to do, leaves the journal as it was.
 * Every record starts on a fresh line: if the file does not end in a
 * newline (a line cut by a crash or a full disk), the first append ends
 * the fragment's line, so the reader skips the fragment alone.
 * After a failed append the journal stays broken (every later append
 * fails) and the caller reports it.
 * The caller appends a task's line only after the supervisor's commit
 * thread (commit.h) has renamed its output into place and synced the
 * directory, so a line says "this output is whole". Lines go out with a
 * single write each, so a journal cut by a crash loses at most its last
 * line.
 *
 * Reading, for resume (the lines are read by journal_read.h, as every
 * reader of the journal does):
 *   struct rp_journal_index ix;
 *   rp_journal_load(&ix, path, err, n);    a missing file is an empty index
 *   e = rp_journal_find(&ix, input);       the input's latest line, or NULL
 *   rp_journal_index_release(&ix);
 * The index owns its copies of the strings.
 *
 * rp_journal_decide() says whether an input must run again: it is skipped
 * only when its latest line is ok (or skipped, in older journals), with
 * the same options key and output, the input's size and mtime unchanged,
 * and the output present with the recorded size.
 *
 * Functions return 0 or -1 with the operating system's message in err.
 */
#ifndef RP_JOURNAL_H
#define RP_JOURNAL_H

#include <stddef.h>

struct rp_journal_record {
	const char *input;
	const char *output;
	const char *status; /* ok, failed, crashed, timeout, interrupted;
			     * skipped in journals of older versions */
	const char *error;  /* or NULL */
	const char *options; /* key of the option set (rp_journal_options_key) */
	unsigned attempts;
	unsigned threads;   /* GDAL threads the last attempt had */
	int worker;         /* Worker-N, 0 for none */
	long pid;
	double start, end;  /* wall clock, seconds since the epoch */
	double t_open, t_warp, t_write, t_total; /* worker's monotonic clock */
	double t_commit;    /* the supervisor's commit thread, after total */
	long long bytes_in, bytes_out, pixels_in, pixels_out;
	long long input_size, input_mtime_ns;
	int cpl_errno;
};

struct rp_journal {
	int fd;
	int broken;
	int own_dir; /* its directory is rasterpool's own (.rasterpool):
			made with mkdir, refused unless a real directory of
			this user (rp_atomic_own_parent) */
	char path[4096];
	char run[64];
	struct json_object *header;
};

struct rp_journal_entry {
	char *input;
	char *output;
	char *status;
	char *options;
	long long bytes_out;
	long long input_size;
	long long input_mtime_ns;
	size_t line;        /* later lines win */
};

struct rp_journal_index {
	struct rp_journal_entry *e;
	size_t nr;
	size_t alloc;
};

enum rp_resume {
	RP_RESUME_NEW,          /* no line for this input */
	RP_RESUME_FAILED,       /* its latest attempt failed */
	RP_RESUME_CHANGED,      /* input size or mtime differ */
	RP_RESUME_OPTIONS,      /* done with other options */
	RP_RESUME_OUTPUT,       /* output missing or of another size */
	RP_RESUME_DONE,         /* skip it */
	RP_RESUME_VERIFY,       /* done, from a remote input whose size and
				 * date the worker compares with the line's
				 * before it does anything (docs/REMOTE.md) */
};

struct json_object;

void rp_journal_init(struct rp_journal *j, const char *path);
/* Names this run: every line gets "run": run, and the first line this run
 * writes is `header` (with "type":"run"): the run's configuration. */
void rp_journal_set_run(struct rp_journal *j, const char *run,
			struct json_object *header);
int rp_journal_append(struct rp_journal *j, const struct rp_journal_record *r,
		      char *err, size_t errlen);
void rp_journal_close(struct rp_journal *j);

int rp_journal_load(struct rp_journal_index *ix, const char *path, char *err,
		    size_t errlen);
const struct rp_journal_entry *rp_journal_find(const struct rp_journal_index *ix,
					       const char *input);
void rp_journal_index_release(struct rp_journal_index *ix);

enum rp_resume rp_journal_decide(const struct rp_journal_entry *e,
				 const char *output, const char *options,
				 long long input_size, long long input_mtime_ns);
const char *rp_resume_reason(enum rp_resume r);

/* A short stable key (hex FNV-1a) of a text describing the option set. */
void rp_journal_options_key(const char *text, char out[17]);

#endif
