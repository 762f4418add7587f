/* The HTML report: lanes and bars against a small journal; aggregation and
 * size at 100,000 tasks; nothing that loads from anywhere. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "htmlreport.h"

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static char *render(const char *journal_text)
{
	char path[] = "/tmp/rp-html-XXXXXX";
	FILE *f = fdopen(mkstemp(path), "w");
	fputs(journal_text, f);
	fclose(f);
	struct rp_html_run run;
	char err[256], *html = NULL;
	size_t len = 0;
	assert_int_equal(rp_html_load(&run, path, err, sizeof(err)), 0);
	FILE *out = open_memstream(&html, &len);
	assert_int_equal(rp_html_write(&run, out), 0);
	fclose(out);
	rp_html_release(&run);
	unlink(path);
	return html;
}

#define TASK(in, st, w, s, e, err) \
	"{\"run\":\"r2\",\"input\":\"" in "\",\"status\":\"" st \
	"\",\"worker\":" #w ",\"start\":" #s ",\"end\":" #e \
	",\"stages\":{\"open\":0.1,\"warp\":0.5,\"write\":0.1," \
	"\"total\":0.7},\"bytes_in\":1000000,\"error\":" err "}\n"

static void lanes_and_bars(void **state)
{
	(void)state;
	char *html = render(
		"{\"type\":\"run\",\"run\":\"r1\"}\n"
		TASK("old.tif", "ok", 1, 1, 2, "null")
		"{\"type\":\"run\",\"run\":\"r2\",\"host\":\"h\"}\n"
		TASK("a.tif", "ok", 1, 100, 101, "null")
		TASK("b.tif", "ok", 1, 101, 102, "null")
		TASK("c.tif", "ok", 2, 100, 100.9, "null")
		TASK("<d>.tif", "failed", 2, 101, 101.5, "\"<bad> & 'x'\"")
		TASK("e.tif", "crashed", 3, 102, 103, "\"crashed (SIGSEGV)\"")
		"{\"run\":\"r2\",\"input\":\"f.tif\",\"status\":\"skipped\"}\n"
		"{\"input\":\"cut");
	assert_int_equal(count(html, "<g class=\"lane\">"), 2); /* 3 shares 2 */
	assert_int_equal(count(html, "class=\"bar s-ok\""), 3);
	assert_int_equal(count(html, "class=\"bar s-failed\""), 1);
	assert_int_equal(count(html, "class=\"bar s-crashed\""), 1);
	assert_null(strstr(html, "old.tif"));          /* an earlier run */
	assert_non_null(strstr(html, "&lt;bad&gt; &amp; &#39;x&#39;"));
	assert_non_null(strstr(html, "&lt;d&gt;.tif"));
	assert_null(strstr(html, "<d>"));
	assert_non_null(strstr(html, "<th>skipped (done before)</th><td>1</td>"));
	assert_non_null(strstr(html, "&quot;host&quot;:&quot;h&quot;"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "http"));
	assert_null(strstr(html, "url("));
	free(html);
}

static void hundred_thousand_tasks_stay_small(void **state)
{
	(void)state;
	size_t cap = 100000 * 220 + 100, len = 0;
	char *j = malloc(cap);
	for (int i = 0; i < 100000; i++)
		len += (size_t)snprintf(j + len, cap - len,
			"{\"input\":\"t%06d.tif\",\"status\":\"%s\",\"worker\""
			":%d,\"start\":%.4f,\"end\":%.4f,\"bytes_in\":5000}\n",
			i, i == 500 ? "failed" : "ok", 1 + i % 2,
			(i / 2) * 0.003, (i / 2) * 0.003 + 0.0029);
	char *html = render(j);
	size_t n = strlen(html);
	assert_true(n < 1500000);
	assert_true(count(html, "class=\"bar ") < 100);
	assert_true(count(html, "class=\"agg s-ok\"") >= 2);
	assert_int_equal(count(html, "class=\"agg s-failed\""), 1);
	assert_int_equal(count(html, "<g class=\"lane\">"), 2);
	free(html);
	free(j);
}

/* Every tag of the page is one of ours: a known name, then only
 * name="value" attributes of known names whose values hold no markup. */
static void only_our_tags(const char *html)
{
	static const char *const attrs[] = {"class", "x", "y", "width",
		"height", "viewBox", "text-anchor", "points", "lang", "charset"};
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		const char *q = p + 1 + (p[1] == '/' || p[1] == '!');
		while (isalnum((unsigned char)*q))
			q++;
		if (!strncmp(p, "<!DOCTYPE html>", 15))
			continue;
		while (*q == ' ') {
			const char *name = ++q;
			while (isalpha((unsigned char)*q) || *q == '-')
				q++;
			int known = 0;
			for (size_t i = 0; i < sizeof(attrs) / sizeof(*attrs); i++)
				known |= (size_t)(q - name) == strlen(attrs[i]) &&
					 !strncmp(name, attrs[i], strlen(attrs[i]));
			if (!known || q[0] != '=' || q[1] != '"')
				fail_msg("foreign attribute in %.80s", p);
			q = strchr(q + 2, '"');
			assert_non_null(q);
			for (const char *v = p; v < q; v++)
				if (*v == '<' && v != p)
					fail_msg("markup in a value: %.80s", p);
			q++;
		}
		if (*q == '/')
			q++;
		if (*q != '>')
			fail_msg("not one of our tags: %.80s", p);
	}
}

#define EVIL "<script>alert(1)</script>\\\"><img src=x onerror=alert(2)>'\\u0001\\n\xff"

static void journal_fields_are_data(void **state)
{
	(void)state;
	char *html = render(
		"{\"type\":\"run\",\"run\":\"" EVIL "\",\"host\":\"" EVIL "\","
		"\"config\":{\"" EVIL "\":[\"" EVIL "\"]}}\n"
		"{\"run\":\"" EVIL "\",\"input\":\"" EVIL "\",\"status\":\"" EVIL
		"\",\"error\":\"" EVIL "\",\"output\":\"" EVIL "\",\"options\":\""
		EVIL "\",\"worker\":1,\"start\":1,\"end\":2}\n"
		"{\"input\":\"" EVIL "\",\"status\":\"ok\",\"worker\":2,"
		"\"start\":1,\"end\":1.001,\"error\":null}\n"
		"{\"input\":null,\"status\":null,\"error\":5}\n"
		"{\"input\":\"x\",\"status\":\"ok\",\"start\":\"" EVIL "\","
		"\"stages\":\"" EVIL "\",\"worker\":\"" EVIL "\"}\n");
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	assert_non_null(strstr(html, "&lt;script&gt;"));
	assert_non_null(strstr(html, "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
	only_our_tags(html);
	setlocale(LC_CTYPE, "C.UTF-8");
	assert_true(mbstowcs(NULL, html, 0) != (size_t)-1); /* valid UTF-8 */
	free(html);
}

/* No task at all (a header, garbage): a page all the same. */
static void journal_without_tasks(void **state)
{
	(void)state;
	char *html = render("{\"type\":\"run\",\"skipped\":3}\n\xff\n");
	assert_non_null(strstr(html, "<th>tasks</th><td>0</td>"));
	/* skipped inputs have no lines: the header counts them */
	assert_non_null(strstr(html, "<th>skipped (done before)</th><td>3</td>"));
	assert_non_null(strstr(html, "</html>"));
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lanes_and_bars),
		cmocka_unit_test(hundred_thousand_tasks_stay_small),
		cmocka_unit_test(journal_fields_are_data),
		cmocka_unit_test(journal_without_tasks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
