/*
 * timeutil: clocks. rp_now() is monotonic seconds, for durations and
 * deadlines; rp_wall() is the wall clock, for log stamps and records.
 */
#ifndef RP_TIMEUTIL_H
#define RP_TIMEUTIL_H

double rp_now(void);
double rp_wall(void);

#endif
