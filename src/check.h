/*
 * check: invariants that fail loudly. RP_CHECK(cond, what) aborts with the
 * file, line and what was expected when cond is false, instead of letting
 * a broken invariant crash the supervisor later, far from its cause. Unlike
 * assert() it stays in release builds: the checks are cheap and a run that
 * broke one has no good way to go on.
 */
#ifndef RP_CHECK_H
#define RP_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define RP_CHECK(cond, what)                                                  \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "rasterpool: internal error at %s:%d: " \
				"%s\n", __FILE__, __LINE__, what);            \
			abort();                                              \
		}                                                             \
	} while (0)

#endif
