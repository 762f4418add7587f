#include "path.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *absolute(const char *path)
{
	if (path[0] == '/')
		return strdup(path);
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	char *s = malloc(strlen(cwd) + 1 + strlen(path) + 1);
	if (s)
		sprintf(s, "%s/%s", cwd, path);
	return s;
}

/* Appends name to the canonical directory dir (in place, dir has room):
 * "." stays, ".." goes up, anything else is added. */
static void append(char *dir, const char *name, size_t len)
{
	if (len == 0 || (len == 1 && name[0] == '.'))
		return;
	size_t n = strlen(dir);
	if (len == 2 && !strncmp(name, "..", 2)) {
		while (n > 1 && dir[n - 1] != '/')
			n--;
		dir[n > 1 ? n - 1 : 1] = '\0';
		return;
	}
	if (n > 1)
		dir[n++] = '/';
	memcpy(dir + n, name, len);
	dir[n + len] = '\0';
}

/* realpath() of the longest existing leading part of abs, then the rest. */
static char *resolve(char *abs)
{
	size_t cut = strlen(abs);
	char *real = NULL;
	for (;;) {
		char save = abs[cut];
		abs[cut] = '\0';
		real = realpath(cut ? abs : "/", NULL);
		abs[cut] = save;
		if (real || (errno != ENOENT && errno != ENOTDIR))
			break;
		while (cut > 0 && abs[cut - 1] != '/')
			cut--;
		while (cut > 0 && abs[cut - 1] == '/')
			cut--;
	}
	char *out = real ? malloc(strlen(real) + strlen(abs) + 2) : NULL;
	if (out) {
		strcpy(out, real);
		for (const char *p = abs + cut; *p;) {
			p += strspn(p, "/");
			size_t len = strcspn(p, "/");
			append(out, p, len);
			p += len;
		}
	}
	free(real);
	return out;
}

char *rp_path_canonical(const char *path)
{
	char *abs = absolute(path);
	char *out = abs ? resolve(abs) : NULL;
	int saved = errno;
	free(abs);
	errno = saved;
	return out;
}

char *rp_path_canonical_parent(const char *path)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t base = n;
	while (base > 0 && path[base - 1] != '/')
		base--;
	const char *name = path + base;
	size_t len = n - base;
	if (len == 0 || (len == 1 && name[0] == '.') ||
	    (len == 2 && !strncmp(name, "..", 2)))
		return rp_path_canonical(path);
	char *dir = strndup(path, base ? base : 0);
	char *cdir = dir ? rp_path_canonical(base ? dir : ".") : NULL;
	char *out = cdir ? malloc(strlen(cdir) + 1 + len + 1) : NULL;
	if (out)
		sprintf(out, "%s%s%.*s", cdir, strcmp(cdir, "/") ? "/" : "",
			(int)len, name);
	free(dir);
	free(cdir);
	return out;
}

const char *rp_path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return path[0] == '/' ? path + 1 : NULL;
	if (strncmp(path, dir, n))
		return NULL;
	if (!path[n])
		return path + n;
	return path[n] == '/' ? path + n + 1 : NULL;
}

long rp_path_stat_prefix(const char *path, struct stat *st)
{
	char buf[PATH_MAX];
	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -1;
	for (size_t n = strlen(buf); n > 0;) {
		if (stat(buf, st) == 0)
			return S_ISDIR(st->st_mode) ? -1 : (long)n;
		while (n > 0 && buf[n - 1] != '/')
			n--;
		while (n > 0 && buf[n - 1] == '/')
			n--;
		buf[n] = '\0';
	}
	return -1;
}
