#include "utf8.h"

size_t rp_utf8_len(const unsigned char *s)
{
	size_t n = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2
		 : s[0] >= 0xe0 && s[0] < 0xf0 ? 3
		 : s[0] >= 0xf0 && s[0] < 0xf5 ? 4 : 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((n == 3 && s[0] == 0xe0 && s[1] < 0xa0) ||   /* overlong */
	    (n == 3 && s[0] == 0xed && s[1] >= 0xa0) ||  /* surrogate */
	    (n == 4 && s[0] == 0xf0 && s[1] < 0x90) ||   /* overlong */
	    (n == 4 && s[0] == 0xf4 && s[1] >= 0x90))    /* past U+10FFFF */
		return 0;
	return n;
}
