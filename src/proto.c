#include "proto.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <json.h>

void rp_frame_reader_init(struct rp_frame_reader *r)
{
	memset(r, 0, sizeof(*r));
}

void rp_frame_reader_release(struct rp_frame_reader *r)
{
	free(r->buf);
	rp_frame_reader_init(r);
}

static void restore(struct rp_frame_reader *r)
{
	if (r->patched)
		r->buf[r->patch] = r->saved;
	r->patched = 0;
}

/* Makes room for n more bytes plus the NUL put after each payload. */
static int reserve(struct rp_frame_reader *r, size_t n)
{
	restore(r);
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->len - r->start);
		r->len -= r->start;
		r->start = 0;
	}
	if (r->len + n + 1 <= r->alloc)
		return 0;
	size_t want = r->alloc ? r->alloc : 4096;
	while (want < r->len + n + 1)
		want *= 2;
	char *p = realloc(r->buf, want);
	if (!p)
		return -ENOMEM;
	r->buf = p;
	r->alloc = want;
	return 0;
}

int rp_frame_reader_feed(struct rp_frame_reader *r, const void *data, size_t n)
{
	int rc = reserve(r, n);
	if (rc)
		return rc;
	memcpy(r->buf + r->len, data, n);
	r->len += n;
	return 0;
}

ssize_t rp_frame_reader_fill(struct rp_frame_reader *r, int fd)
{
	int rc = reserve(r, 65536);
	if (rc)
		return rc;
	ssize_t n;
	do
		n = read(fd, r->buf + r->len, r->alloc - r->len - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	r->len += (size_t)n;
	return n;
}

static uint32_t get_u32(const char *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return ntohl(v);
}

static int known_type(uint32_t type)
{
	return type >= RP_FRAME_CONFIG && type <= RP_FRAME_LOG;
}

int rp_frame_reader_next(struct rp_frame_reader *r, struct rp_frame *frame)
{
	restore(r);
	size_t avail = r->len - r->start;
	if (avail < RP_FRAME_HEADER)
		return 0;
	const char *head = r->buf + r->start;
	uint32_t type = get_u32(head), length = get_u32(head + 4);
	if (!known_type(type) || length > RP_FRAME_MAX)
		return -1;
	if (avail - RP_FRAME_HEADER < length)
		return 0;
	size_t end = r->start + RP_FRAME_HEADER + length;
	/* NUL-terminate in place: the byte at `end` (the next frame's first, or
	 * spare room that reserve() always keeps) is saved and put back later. */
	r->saved = r->buf[end];
	r->patch = end;
	r->patched = 1;
	r->buf[end] = '\0';
	frame->type = type;
	frame->length = length;
	frame->payload = r->buf + r->start + RP_FRAME_HEADER;
	r->start = end;
	return 1;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == ENOTSOCK)
			w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int rp_frame_write(int fd, uint32_t type, const void *payload, size_t len)
{
	if (len > RP_FRAME_MAX)
		return -EMSGSIZE;
	char *frame = malloc(RP_FRAME_HEADER + len);
	if (!frame)
		return -ENOMEM;
	uint32_t t = htonl(type), l = htonl((uint32_t)len);
	memcpy(frame, &t, 4);
	memcpy(frame + 4, &l, 4);
	if (len)
		memcpy(frame + RP_FRAME_HEADER, payload, len);
	int rc = write_all(fd, frame, RP_FRAME_HEADER + len);
	free(frame);
	return rc;
}

int rp_frame_write_json(int fd, uint32_t type, struct json_object *obj)
{
	size_t len;
	const char *text = json_object_to_json_string_length(
		obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	return rp_frame_write(fd, type, text, len);
}

struct json_object *rp_frame_json(const struct rp_frame *frame)
{
	struct json_tokener *tok = json_tokener_new();
	if (!tok)
		return NULL;
	struct json_object *obj =
		json_tokener_parse_ex(tok, frame->payload, (int)frame->length);
	int complete = json_tokener_get_error(tok) == json_tokener_success &&
		       (size_t)json_tokener_get_parse_end(tok) == frame->length;
	json_tokener_free(tok);
	if (!obj || !complete || !json_object_is_type(obj, json_type_object)) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}
