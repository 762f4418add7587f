/*
 * objstore: OUT_DIR in object storage (/vsis3/bucket/prefix, /vsigs/,
 * /vsiaz/). The supervisor has no GDAL: it only names things here; the
 * workers write each output locally and upload it (worker/upload.h).
 *
 *   rp_objstore_path(path)                  1 for an object-store path
 *   rp_objstore_state_dir(out_dir, buf, n)  where the run's own files live:
 *       OUT_DIR/.rasterpool for a directory; for object storage a local
 *       directory, $XDG_STATE_HOME/rasterpool/<OUT_DIR without its leading
 *       slash> ($XDG_STATE_HOME defaults to ~/.local/state): the journal,
 *       and staging/ for outputs being written
 *   rp_objstore_local(out_dir, output, buf, n)   the local file an output
 *       is written as before its commit: the output itself, or for object
 *       storage staging/<its name> in the state directory
 * Each returns 0, or -1 when the result does not fit in buf.
 */
#ifndef RP_OBJSTORE_H
#define RP_OBJSTORE_H

#include <stddef.h>

int rp_objstore_path(const char *path);
int rp_objstore_state_dir(const char *out_dir, char *buf, size_t n);
int rp_objstore_local(const char *out_dir, const char *output, char *buf,
		      size_t n);

#endif
