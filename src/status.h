/*
 * status: where a batch stands, from every journal under OUT_DIR/.rasterpool
 * (one per shard when the batch runs on many nodes), merged:
 *
 *   shard 1/4: 10 done, 0 failed, 0 missing (journal.shard-1-of-4.jsonl)
 *   total: 40 done, 0 failed, 0 missing, 4 of 4 shards started
 *
 * An input's latest line decides: ok or skipped is done, failed, crashed or
 * timeout is failed; missing is what a shard's latest run header says it
 * holds minus those. rp_status() returns 0 when every shard has started
 * and nothing is failed or missing, 1 otherwise, -1 (err) when the journals
 * cannot be read. With list_failed it prints only the failed inputs, one a
 * line, ready for --from-list.
 */
#ifndef RP_STATUS_H
#define RP_STATUS_H

#include <stddef.h>
#include <stdio.h>

int rp_status(const char *out_dir, int list_failed, FILE *out, char *err,
	      size_t errlen);

#endif
