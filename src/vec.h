/*
 * vec: room for one more item in a growable array, the one doubling
 * realloc every module used to write out by hand.
 *
 *   struct item *items = NULL; size_t nr = 0, alloc = 0;
 *   struct item *p = rp_vec_reserve(items, nr, &alloc, sizeof(*p), 64);
 *   if (!p) ... out of memory: items, nr and alloc are as they were ...
 *   items = p;
 *   items[nr++] = x;
 *   free(items);
 *
 * The caller owns the array and keeps nr; rp_vec_reserve only ever grows
 * alloc (to `first` items, then twice as many each time). Returns the
 * array, moved or not, or NULL (errno ENOMEM, also when the size in bytes
 * would overflow) with the old array untouched and still the caller's.
 */
#ifndef RP_VEC_H
#define RP_VEC_H

#include <stddef.h>

void *rp_vec_reserve(void *items, size_t nr, size_t *alloc, size_t size,
		     size_t first);

#endif
