#include "vec.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

void *rp_vec_reserve(void *items, size_t nr, size_t *alloc, size_t size,
		     size_t first)
{
	if (nr < *alloc)
		return items;
	size_t n = *alloc ? *alloc : (first ? first : 1);
	while (n <= nr)
		n = n > SIZE_MAX / 2 ? SIZE_MAX : n * 2;
	if (n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = realloc(items, n * size);
	if (p)
		*alloc = n;
	return p;
}
