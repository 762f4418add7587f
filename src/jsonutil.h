/*
 * jsonutil: reading members of json-c objects without ceremony. Each
 * returns the member's value, or the fallback when the object is NULL, the
 * member is missing, or (for strings) is not a string. Strings are the
 * object's: copy them to keep them past json_object_put().
 */
#ifndef RP_JSONUTIL_H
#define RP_JSONUTIL_H

#include <stddef.h>
#include <stdio.h>

struct json_object;

const char *rp_json_str(struct json_object *o, const char *key);
double rp_json_num(struct json_object *o, const char *key, double fallback);
long long rp_json_int(struct json_object *o, const char *key,
		      long long fallback);

/* Sets a member: a string (JSON null for NULL), an integer, a number. */
void rp_json_set_str(struct json_object *o, const char *key, const char *v);
void rp_json_set_int(struct json_object *o, const char *key, long long v);
void rp_json_set_num(struct json_object *o, const char *key, double v);

/* A new {"open","warp","write","total","commit"} object of seconds: the
 * stage timings, per task in the journal and summed in the report. */
struct json_object *rp_json_stages(double open, double warp, double write,
				   double total, double commit);

/* Calls fn for each line of f that holds a JSON object, in order, with the
 * line's number (from 1); other lines (a cut last line, a NUL byte, bytes
 * after the object, not an object) are passed as NULL. A last line without
 * its newline counts if it holds a whole object. Stops at the first
 * non-zero return of fn and returns it; 0 at the end of f, -1 (errno) when
 * f cannot be read or memory runs out. The object is freed after fn
 * returns. */
int rp_json_lines(FILE *f, int (*fn)(void *cookie, struct json_object *o,
				     size_t line),
		  void *cookie);

#endif
