/*
 * libFuzzer target: any bytes as the journal `rasterpool report` turns
 * into a page. The page must be made of our own tags only (a journal field
 * that could open a tag or leave an attribute would show as an unknown tag
 * or a '<' inside one) and be valid UTF-8; a crash, a leak or undefined
 * behaviour is reported by the sanitizers.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "htmlreport.h"
#include "utf8.h"

static const char *const tags[] = {
	"!DOCTYPE html>", "html ", "html>", "head>", "meta ", "title>",
	"style>", "body>", "h1>", "h2>", "table", "tr>", "th>", "td>", "td ",
	"svg ", "g ", "g>", "text ", "rect ", "title>", "polyline ", "p>",
	"pre>", "svg>", "text>", "rect>", "table>", "style>",
};

static void check_page(const char *html)
{
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		const char *name = p + 1 + (p[1] == '/');
		int ours = 0;
		for (size_t i = 0; i < sizeof(tags) / sizeof(*tags); i++)
			ours |= !strncmp(name, tags[i], strlen(tags[i]));
		const char *end = strchr(p, '>');
		if (!ours || !end || memchr(p + 1, '<', (size_t)(end - p)))
			abort();
	}
	for (const unsigned char *u = (const unsigned char *)html; *u;) {
		size_t n = rp_utf8_len(u);
		if (!n)
			abort();
		u += n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("journal", MFD_CLOEXEC);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	char path[64], err[256], *html = NULL;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	struct rp_html_run run;
	size_t len = 0;
	if (rp_html_load(&run, path, err, sizeof(err)) == 0) {
		FILE *out = open_memstream(&html, &len);
		if (!out || rp_html_write(&run, out) < 0 || fclose(out))
			abort();
		if (strlen(html) != len)
			abort();
		check_page(html);
		free(html);
	}
	rp_html_release(&run);
	close(fd);
	return 0;
}
