#include "jsonutil.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

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

/* The object a whole line holds, or NULL: a line with a NUL byte, bytes
 * after the object or a cut object is not one. */
static struct json_object *parse_line(struct json_tokener *tok,
				      const char *buf, size_t len)
{
	if (len > INT_MAX)
		return NULL;
	json_tokener_reset(tok);
	struct json_object *o = json_tokener_parse_ex(tok, buf, (int)len);
	if (o && json_tokener_get_error(tok) == json_tokener_success &&
	    json_object_is_type(o, json_type_object)) {
		size_t end = json_tokener_get_parse_end(tok);
		while (end < len && buf[end] && strchr(" \t\r\n", buf[end]))
			end++;
		if (end == len)
			return o;
	}
	json_object_put(o);
	return NULL;
}

int rp_json_lines(FILE *f, int (*fn)(void *cookie, struct json_object *o,
				     size_t line),
		  void *cookie)
{
	struct json_tokener *tok = json_tokener_new();
	char *buf = NULL;
	size_t cap = 0, n = 0;
	ssize_t len;
	int rc = tok ? 0 : -1;
	while (!rc && (len = getline(&buf, &cap, f)) > 0) {
		struct json_object *o = parse_line(tok, buf, (size_t)len);
		rc = fn(cookie, o, ++n);
		json_object_put(o);
	}
	if (!rc && ferror(f))
		rc = -1;
	free(buf);
	if (tok)
		json_tokener_free(tok);
	return rc;
}
