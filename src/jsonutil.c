#include "jsonutil.h"

#include <stddef.h>

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
