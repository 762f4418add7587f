/*
 * upload: an output written locally, copied to its object-store key
 * (/vsis3/bucket/key, /vsigs/, /vsiaz/) by GDAL's own writer: one PUT, or
 * a multipart upload past GDAL's chunk size (VSIS3_CHUNK_SIZE, 50 MB by
 * default). The object appears under its key only when the upload
 * completes (the store's semantics: a PUT, or CompleteMultipartUpload, is
 * atomic); after a failed upload the pending multipart uploads of the key
 * are aborted (VSIAbortPendingUploads: GDAL 3.6 leaves them open). A
 * worker killed mid-upload leaves at most an incomplete multipart upload,
 * never an object (docs/REMOTE.md: the bucket's lifecycle rule reaps them).
 *
 *   rp_upload(local, key, err, errlen)   0, or -1: err says why (GDAL's
 *                                        own errors went to its handler)
 *   rp_upload_sidecars(local, key, err, errlen)
 *                                        after rp_upload of an output: every
 *                                        other regular file in local's
 *                                        directory (its sidecars: .aux.xml,
 *                                        .msk, a world file) to the same
 *                                        name beside key; 0, or -1 at the
 *                                        first that fails
 *   rp_upload_check(dir, err, errlen)    0 if the bucket of an object-store
 *                                        directory answers with these
 *                                        credentials, else -1
 * Credentials come from GDAL's usual configuration (AWS_*, GS_*, AZURE_*
 * options or environment, profiles); nothing here prints them.
 */
#ifndef RP_UPLOAD_H
#define RP_UPLOAD_H

#include <stddef.h>

int rp_upload(const char *local, const char *key, char *err, size_t errlen);
int rp_upload_sidecars(const char *local, const char *key, char *err,
		       size_t errlen);
int rp_upload_check(const char *dir, char *err, size_t errlen);

#endif
