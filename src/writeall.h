/*
 * writeall: writes a whole buffer to a descriptor, across short writes and
 * EINTR, the loop the log, the progress bar and the journal each had.
 *
 *   if (rp_write_all(fd, buf, len) < 0) ... the descriptor is broken ...
 *
 * Returns 0 once all `len` bytes are written, or -errno (-EIO for a write
 * that wrote nothing) with an unknown part of the buffer written. SIGPIPE
 * is the caller's business (the supervisor ignores it); frames to workers
 * use proto.h, which sends with MSG_NOSIGNAL instead.
 */
#ifndef RP_WRITEALL_H
#define RP_WRITEALL_H

#include <stddef.h>

int rp_write_all(int fd, const void *buf, size_t len);

#endif
