/*
 * libFuzzer target: the bytes a worker could send the supervisor. The
 * input is cut into reads of varying sizes (its first byte picks them),
 * fed to the frame reader, and every frame's payload goes through the JSON
 * parser, as the supervisor does with RESULT and LOG frames.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t chunk = (size_t)(data[0] % 17) + 1;
	data++;
	size--;
	struct rp_frame_reader r;
	rp_frame_reader_init(&r);
	for (size_t off = 0; off < size; off += chunk) {
		size_t n = size - off < chunk ? size - off : chunk;
		if (rp_frame_reader_feed(&r, data + off, n))
			abort();
		struct rp_frame f;
		int rc;
		while ((rc = rp_frame_reader_next(&r, &f)) == 1) {
			if (f.length > RP_FRAME_MAX || f.payload[f.length] != '\0')
				abort();
			json_object_put(rp_frame_json(&f));
		}
		if (rc < 0)
			break;
	}
	rp_frame_reader_release(&r);
	return 0;
}
