/*
 * proto: the frames that carry messages between the supervisor and a worker.
 *
 * A frame is an 8-byte header, {uint32 type, uint32 length} in network byte
 * order, followed by `length` bytes of payload. The payload of every frame
 * type is a JSON object (docs/PROTOCOL.md lists the members) except REFUSED,
 * whose payload is plain error text. Frames travel over a SOCK_STREAM
 * socketpair, so one read may hold part of a frame or several frames:
 * struct rp_frame_reader reassembles them.
 *
 * Reading:
 *   struct rp_frame_reader r;
 *   rp_frame_reader_init(&r);
 *   n = rp_frame_reader_fill(&r, fd);    (or rp_frame_reader_feed)
 *   while ((rc = rp_frame_reader_next(&r, &frame)) == 1)
 *           use frame.type, frame.payload, frame.length;
 *   rp_frame_reader_release(&r);
 *
 * rp_frame_reader_next() returns 1 with a frame whose payload stays valid
 * until the next call, 0 when it needs more bytes, and -1 for a malformed
 * stream (unknown type, or a length over RP_FRAME_MAX); after -1 the stream
 * cannot be resynchronised and the peer must be treated as broken. The
 * payload is always followed by a NUL byte that is not counted in length.
 *
 * Writing: rp_frame_write() writes the whole frame, retrying short writes
 * and EINTR, never raising SIGPIPE; it returns 0 or -errno.
 */
#ifndef RP_PROTO_H
#define RP_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct json_object;

enum rp_frame_type {
	RP_FRAME_CONFIG = 1,  /* supervisor -> worker, once, first */
	RP_FRAME_READY = 2,   /* worker -> supervisor: configuration accepted */
	RP_FRAME_REFUSED = 3, /* worker -> supervisor: configuration rejected */
	RP_FRAME_TASK = 4,    /* supervisor -> worker: do one task */
	RP_FRAME_RESULT = 5,  /* worker -> supervisor: the task's outcome */
	RP_FRAME_LOG = 6,     /* worker -> supervisor: a line for the log */
};

#define RP_FRAME_HEADER 8u
#define RP_FRAME_MAX (1u << 20)

struct rp_frame {
	uint32_t type;
	uint32_t length;
	const char *payload;
};

struct rp_frame_reader {
	char *buf;
	size_t len;      /* bytes held */
	size_t start;    /* first byte not yet consumed */
	size_t alloc;
	size_t patch;    /* where a NUL replaced `saved`, if patched */
	char saved;
	int patched;
};

void rp_frame_reader_init(struct rp_frame_reader *r);
void rp_frame_reader_release(struct rp_frame_reader *r);
int rp_frame_reader_feed(struct rp_frame_reader *r, const void *data, size_t n);
ssize_t rp_frame_reader_fill(struct rp_frame_reader *r, int fd);
int rp_frame_reader_next(struct rp_frame_reader *r, struct rp_frame *frame);

int rp_frame_write(int fd, uint32_t type, const void *payload, size_t len);
int rp_frame_write_json(int fd, uint32_t type, struct json_object *obj);

/* Parses a frame's payload as a JSON object; NULL if it is not one. */
struct json_object *rp_frame_json(const struct rp_frame *frame);

#endif
