/*
 * backoff: when to try again after workers (or the fork server's zygote)
 * failed to start, and when to give up. A pure function of the number of
 * failures in a row, so that the policy is tested without a clock.
 *
 *   double delay;
 *   if (rp_backoff_next(++failures, &delay) < 0)
 *           ... give up: the run cannot start workers ...
 *   else
 *           ... try again at now + delay ...
 *   failures = 0;   once a worker is ready
 *
 * Delays after the 1st, 2nd, 3rd ... failure in a row: 0, 0.1, 0.2, 0.4,
 * 0.8 s, doubling up to RP_BACKOFF_CAP; the RP_BACKOFF_MAX_FAILURES-th
 * failure in a row gives up. A zygote killed once is restarted at once; a
 * worker that cannot start at all stops the run after about 1.5 s.
 */
#ifndef RP_BACKOFF_H
#define RP_BACKOFF_H

#define RP_BACKOFF_MAX_FAILURES 6
#define RP_BACKOFF_FIRST 0.1
#define RP_BACKOFF_CAP 2.0

/* failures: how many starts failed in a row, this one included (>= 1).
 * Returns 0 and the seconds to wait in *delay, or -1: give up. */
int rp_backoff_next(unsigned failures, double *delay);

#endif
