/*
 * remote: whether an input is read over the network by GDAL, and from
 * where. The one answer the planner, the storage tiers and the worker
 * share: a path the tiers take for local but the worker for remote (or the
 * reverse) gets the wrong I/O limit or the wrong GDAL settings.
 *
 *   char where[128];
 *   enum rp_remote_kind k = rp_remote_locate(path, where, sizeof(where));
 *   if (k != RP_REMOTE_NONE) ... tier rp_remote_kind_name(k) ":" where
 *   if (rp_remote_kind(path)) ... remote settings for the task
 *   inner = rp_remote_innermost(path)   the file a local chain reads
 *
 * Recognised, case-insensitively as the worker always did: /vsicurl/,
 * /vsicurl_streaming/ (and their "?url=" forms), http://, https://, ftp://
 * (http); /vsis3/ and /vsis3_streaming/ (s3); /vsigs/, /vsigs_streaming/
 * (gs); /vsiaz/, /vsiaz_streaming/, /vsiadls/ (az); /vsioss/,
 * /vsioss_streaming/ (oss); /vsiswift/, /vsiswift_streaming/ (swift);
 * /vsihdfs/, /vsiwebhdfs/ (hdfs). A remote file inside a local wrapper is
 * remote: /vsizip//vsicurl/https://h/x.zip/a.tif reads from h (wrappers:
 * any other /vsiNAME/ prefix, "{...}" quoting and /vsisubfile/'s
 * "offset_size," are looked through).
 *
 * `where` is the host of a URL (without port or credentials), or the
 * bucket or container of an object store; "unknown" when none can be read.
 * Pure string functions: no I/O, no allocation, no GDAL.
 */
#ifndef RP_REMOTE_H
#define RP_REMOTE_H

#include <stddef.h>

enum rp_remote_kind {
	RP_REMOTE_NONE, /* a local file, or a local file inside wrappers */
	RP_REMOTE_HTTP,
	RP_REMOTE_S3,
	RP_REMOTE_GS,
	RP_REMOTE_AZ,
	RP_REMOTE_OSS,
	RP_REMOTE_SWIFT,
	RP_REMOTE_HDFS,
};

enum rp_remote_kind rp_remote_kind(const char *path);
enum rp_remote_kind rp_remote_locate(const char *path, char *where,
				     size_t wherelen);
/* "http", "s3", "gs", "az", "oss", "swift", "hdfs"; "" for none. */
const char *rp_remote_kind_name(enum rp_remote_kind kind);
/* For a path that is not remote: the part after every /vsiNAME/ wrapper
 * (the local archive path and the member inside it: "/d/x.zip/a.tif" for
 * "/vsizip//d/x.zip/a.tif"); the path itself when it has no wrapper. */
const char *rp_remote_innermost(const char *path);

#endif
