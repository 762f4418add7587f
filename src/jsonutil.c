#include "jsonutil.h"

#include <stdlib.h>

#include <json.h>

static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v;
	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

const char *rp_json_str(struct json_object *o, const char *key)
{
	struct json_object *v = member(o, key);
	return v && json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v) : NULL;
}

double rp_json_num(struct json_object *o, const char *key, double fallback)
{
	struct json_object *v = member(o, key);
	return v ? json_object_get_double(v) : fallback;
}

long long rp_json_int(struct json_object *o, const char *key,
		      long long fallback)
{
	struct json_object *v = member(o, key);
	return v ? json_object_get_int64(v) : fallback;
}

void rp_json_set_str(struct json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, v ? json_object_new_string(v) : NULL);
}

void rp_json_set_int(struct json_object *o, const char *key, long long v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

void rp_json_set_num(struct json_object *o, const char *key, double v)
{
	json_object_object_add(o, key, json_object_new_double(v));
}

struct json_object *rp_json_stages(double open, double warp, double write,
				   double total, double commit)
{
	struct json_object *s = json_object_new_object();
	rp_json_set_num(s, "open", open);
	rp_json_set_num(s, "warp", warp);
	rp_json_set_num(s, "write", write);
	rp_json_set_num(s, "total", total);
	rp_json_set_num(s, "commit", commit);
	return s;
}

int rp_json_lines(FILE *f, int (*fn)(void *cookie, struct json_object *o,
				     size_t line),
		  void *cookie)
{
	char *buf = NULL;
	size_t cap = 0, n = 0;
	int rc = 0;
	while (!rc && getline(&buf, &cap, f) > 0) {
		struct json_object *o = json_tokener_parse(buf);
		if (o && !json_object_is_type(o, json_type_object)) {
			json_object_put(o);
			o = NULL;
		}
		rc = fn(cookie, o, ++n);
		json_object_put(o);
	}
	free(buf);
	return rc;
}
