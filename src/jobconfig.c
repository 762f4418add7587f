#include "jobconfig.h"

#include <limits.h>
#include <stdio.h>

#include <json.h>

#include "cli.h"
#include "gdalargs.h"
#include "journal.h"
#include "objstore.h"

/* The job's GDAL arguments as a JSON array (owned by the caller). */
static struct json_object *gdal_args_json(const struct rp_cli *cli)
{
	struct rp_argv a = {0};
	struct json_object *j = NULL;
	if (rp_cli_gdal_args(cli, &a) == 0) {
		j = json_object_new_array();
		for (size_t i = 0; i < a.n; i++)
			json_object_array_add(j, json_object_new_string(a.v[i]));
	}
	rp_argv_release(&a);
	return j;
}

static const char *plain(struct json_object *o)
{
	return json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}

/* The CONFIG payload but for the cache share, which depends on how many
 * workers run; the options key is taken from what decides the output's
 * bytes: the operation, GDAL's arguments, the overview levels. */
struct json_object *rp_jobconfig_make(const struct rp_cli *cli, char key[17])
{
	struct json_object *c = json_object_new_object();
	json_object_object_add(c, "op",
			       json_object_new_string(rp_cli_op_name(cli->op)));
	json_object_object_add(c, "args", gdal_args_json(cli));
	if (cli->op == RP_OP_OVERVIEWS) {
		struct json_object *lv = json_object_new_array();
		for (size_t i = 0; i < cli->nr_levels; i++)
			json_object_array_add(lv, json_object_new_int(
				(int)cli->levels[i]));
		json_object_object_add(c, "levels", lv);
		json_object_object_add(c, "resampling", json_object_new_string(
			cli->resampling_given ? cli->resampling : "nearest"));
	}
	rp_journal_options_key(plain(c), key);
	json_object_object_add(c, "memory_mb",
			       json_object_new_int64((long)cli->worker_memory_mb));
	if (cli->allow_vrt_raw)
		json_object_object_add(c, "allow_vrt_raw",
				       json_object_new_int(1));
	return c;
}

void rp_jobconfig_journal(const struct rp_cli *cli, char *out, size_t outlen)
{
	char state[PATH_MAX];
	rp_objstore_state_dir(cli->out_dir, state, sizeof(state));
	if (cli->journal)
		snprintf(out, outlen, "%s", cli->journal);
	else if (cli->shard_n)
		snprintf(out, outlen, "%s/journal.shard-%u-of-%u.jsonl",
			 state, cli->shard_k, cli->shard_n);
	else
		snprintf(out, outlen, "%s/journal.jsonl", state);
}
