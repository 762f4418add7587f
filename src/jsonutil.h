/*
 * jsonutil: reading members of json-c objects without ceremony. Each
 * returns the member's value, or the fallback when the object is NULL, the
 * member is missing, or (for strings) is not a string. Strings are the
 * object's: copy them to keep them past json_object_put().
 */
#ifndef RP_JSONUTIL_H
#define RP_JSONUTIL_H

struct json_object;

const char *rp_json_str(struct json_object *o, const char *key);
double rp_json_num(struct json_object *o, const char *key, double fallback);
long long rp_json_int(struct json_object *o, const char *key,
		      long long fallback);

#endif
