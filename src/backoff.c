#include "backoff.h"

int rp_backoff_next(unsigned failures, double *delay)
{
	if (failures >= RP_BACKOFF_MAX_FAILURES)
		return -1;
	double d = 0;
	if (failures >= 2)
		d = RP_BACKOFF_FIRST;
	for (unsigned i = 2; i < failures && d < RP_BACKOFF_CAP; i++)
		d *= 2;
	*delay = d < RP_BACKOFF_CAP ? d : RP_BACKOFF_CAP;
	return 0;
}
