/*
 * jobconfig: what every worker of a run is told (the CONFIG frame's payload,
 * docs/PROTOCOL.md) and where the run journals, from the command line.
 *
 *   char key[17];
 *   struct json_object *c = rp_jobconfig_make(&cli, key);  new reference
 *   rp_jobconfig_journal(&cli, path, sizeof(path));
 *
 * The CONFIG is complete but for the per-worker cache share and the start
 * method, which the run adds once it knows how many workers start. The
 * options key is a hash of what decides an output's bytes (the operation,
 * GDAL's arguments, the overview levels and resampling), so that resume
 * redoes everything when any of them changes. rp_jobconfig_make returns
 * NULL only when out of memory.
 */
#ifndef RP_JOBCONFIG_H
#define RP_JOBCONFIG_H

#include <stddef.h>

struct json_object;
struct rp_cli;

struct json_object *rp_jobconfig_make(const struct rp_cli *cli, char key[17]);

/* --journal, else the state directory's journal.jsonl (OUT_DIR/.rasterpool
 * for a local OUT_DIR, objstore.h for object storage); a shard journals to
 * journal.shard-K-of-N.jsonl, so that shards never share a file. */
void rp_jobconfig_journal(const struct rp_cli *cli, char *out, size_t outlen);

#endif
