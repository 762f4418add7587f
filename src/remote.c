#include "remote.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *name; /* after "/vsi" */
	enum rp_remote_kind kind;
} handlers[] = {
	{"curl", RP_REMOTE_HTTP},   {"curl_streaming", RP_REMOTE_HTTP},
	{"s3", RP_REMOTE_S3},       {"s3_streaming", RP_REMOTE_S3},
	{"gs", RP_REMOTE_GS},       {"gs_streaming", RP_REMOTE_GS},
	{"az", RP_REMOTE_AZ},       {"az_streaming", RP_REMOTE_AZ},
	{"adls", RP_REMOTE_AZ},     {"oss", RP_REMOTE_OSS},
	{"oss_streaming", RP_REMOTE_OSS}, {"swift", RP_REMOTE_SWIFT},
	{"swift_streaming", RP_REMOTE_SWIFT}, {"hdfs", RP_REMOTE_HDFS},
	{"webhdfs", RP_REMOTE_HDFS},
};

static const char *const schemes[] = {"http://", "https://", "ftp://"};

const char *rp_remote_kind_name(enum rp_remote_kind kind)
{
	static const char *const names[] = {"", "http", "s3", "gs", "az",
					    "oss", "swift", "hdfs"};
	return names[kind];
}

static int has_scheme(const char *s)
{
	for (size_t i = 0; i < sizeof(schemes) / sizeof(*schemes); i++)
		if (!strncasecmp(s, schemes[i], strlen(schemes[i])))
			return 1;
	return 0;
}

/* The host of "scheme://[user@]host[:port]/...", or the first component of
 * "bucket/key". */
static void take_where(const char *s, char *where, size_t wherelen)
{
	const char *sep = strstr(s, "://");
	if (sep) {
		s = sep + 3;
		size_t end = strcspn(s, "/?#");
		const char *at = memchr(s, '@', end);
		if (at)
			s = at + 1;
	}
	while (*s == '/')
		s++;
	size_t n = strcspn(s, sep ? "/?#:" : "/?#");
	if (!n) {
		s = "unknown";
		n = strlen(s);
	}
	if (where && wherelen)
		snprintf(where, wherelen, "%.*s", (int)n, s);
}

/* "/vsiNAME/" or "/vsiNAME?": the length of NAME, 0 if s is no prefix. */
static size_t vsi_name(const char *s)
{
	if (strncasecmp(s, "/vsi", 4))
		return 0;
	size_t n = strcspn(s + 4, "/?");
	return n && (s[4 + n] == '/' || s[4 + n] == '?') ? n : 0;
}

/* The part after one wrapper's prefix: "{...}" quoting opened, and
 * /vsisubfile/'s "offset_size," skipped. */
static const char *unwrap(const char *s, size_t n)
{
	const char *rest = s + 4 + n + 1;
	if (n == 7 && !strncasecmp(s + 4, "subfile", 7)) {
		const char *comma = strchr(rest, ',');
		rest = comma ? comma + 1 : rest;
	}
	return *rest == '{' ? rest + 1 : rest;
}

/* The handler named by the n bytes at name, or NONE. */
static enum rp_remote_kind handler(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof(handlers) / sizeof(*handlers); i++)
		if (strlen(handlers[i].name) == n &&
		    !strncasecmp(name, handlers[i].name, n))
			return handlers[i].kind;
	return RP_REMOTE_NONE;
}

/* "/vsicurl?url=https%3A%2F%2Fhost%2F...": the host, percent-decoded
 * enough to be found. */
static void where_of_query(const char *q, char *where, size_t wherelen)
{
	const char *url = strstr(q, "url=");
	char buf[256];
	size_t n = 0;
	for (const char *p = url ? url + 4 : ""; *p && *p != '&' &&
	     n + 1 < sizeof(buf); p++) {
		if (p[0] == '%' && p[1] && p[2]) {
			char hex[3] = {p[1], p[2], 0};
			unsigned v;
			if (sscanf(hex, "%2x", &v) == 1) {
				buf[n++] = (char)v;
				p += 2;
				continue;
			}
		}
		buf[n++] = *p;
	}
	buf[n] = '\0';
	take_where(buf, where, wherelen);
}

enum rp_remote_kind rp_remote_locate(const char *path, char *where,
				     size_t wherelen)
{
	const char *s = path;
	size_t n;
	while ((n = vsi_name(s)) != 0) {
		enum rp_remote_kind k = handler(s + 4, n);
		if (k != RP_REMOTE_NONE) {
			if (s[4 + n] == '?')
				where_of_query(s + 4 + n, where, wherelen);
			else
				take_where(s + 4 + n + 1, where, wherelen);
			return k;
		}
		s = unwrap(s, n);
	}
	if (!has_scheme(s))
		return RP_REMOTE_NONE;
	take_where(s, where, wherelen);
	return RP_REMOTE_HTTP;
}

enum rp_remote_kind rp_remote_kind(const char *path)
{
	return rp_remote_locate(path, NULL, 0);
}

const char *rp_remote_innermost(const char *path)
{
	const char *s = path;
	size_t n;
	while ((n = vsi_name(s)) != 0)
		s = unwrap(s, n);
	return s;
}
