/*
 * status: where a batch stands, from every journal under OUT_DIR/.rasterpool
 * (one per shard when the batch runs on many nodes), merged:
 *
 *   shard 1/4: 10 done, 0 failed, 0 missing (journal.shard-1-of-4.jsonl)
 *   total: 40 done, 0 failed, 0 missing, 4 of 4 shards started
 *
 *   rc = rp_status(out_dir, list_failed, stdout, err, sizeof(err));
 *
 * The journals are read with journal_read.h, so any bytes in them are
 * harmless; cut and foreign lines are skipped. An input's latest line
 * decides: ok (or skipped, in older journals) is done; failed, crashed,
 * timeout (or any other status) is failed, unless the input no longer
 * exists: then it is gone (a local path that lstat says is not there,
 * relative paths taken from the run's "cwd"; /vsi and URL inputs are never
 * gone), printed as ", N gone" when there are any, and neither failed nor
 * listed by --failed. An interrupted line does not count. Missing is what
 * a journal's latest run header says the run had to do ("tasks") minus the
 * inputs counted.
 *
 * rp_status() writes to out and returns 0 when every shard has started and
 * nothing is failed or missing (gone inputs do not count), 1 otherwise, -1
 * with a message in err when the journals cannot be read. Errors writing
 * out are the caller's to check (ferror). With list_failed it prints only
 * the failed tasks, as a plan (plan.h: input, output relative to OUT_DIR,
 * cost; outputs of older journals made absolute from the run's "cwd"),
 * ready for `rasterpool OP --plan - OUT_DIR`, which redoes each into the
 * output it had (a --recursive tree stays a tree).
 */
#ifndef RP_STATUS_H
#define RP_STATUS_H

#include <stddef.h>
#include <stdio.h>

int rp_status(const char *out_dir, int list_failed, FILE *out, char *err,
	      size_t errlen);

#endif
