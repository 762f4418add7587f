/*
 * utf8: where bytes from outside (file names, GDAL messages, journal
 * fields) meet formats that must be UTF-8 (the JSON log, the HTML report).
 *
 *   n = rp_utf8_len(p);   the length (1 to 4) of the valid UTF-8 sequence
 *                         at p, or 0 when p starts none: a stray
 *                         continuation byte, an overlong form, a surrogate,
 *                         a code point past U+10FFFF or a cut sequence
 *
 * p must be NUL-terminated (a cut sequence stops at the NUL). Callers
 * replace an invalid byte with RP_UTF8_REPLACEMENT (U+FFFD) and go on with
 * the next byte. No state, no allocation, no errors.
 */
#ifndef RP_UTF8_H
#define RP_UTF8_H

#include <stddef.h>

#define RP_UTF8_REPLACEMENT "\xef\xbf\xbd"

size_t rp_utf8_len(const unsigned char *p);

#endif
