/* parse(&cli, err, argc, "arg1", ...): rp_cli_parse() on a command line
 * given as arguments, "rasterpool" put in front (argc counts it); err has
 * 512 bytes. Include after <cmocka.h> and "cli.h". */
#ifndef RP_TEST_CLI_PARSE_H
#define RP_TEST_CLI_PARSE_H

#include <stdarg.h>

static inline int parse(struct rp_cli *c, char *err, int argc, ...)
{
	char *argv[32];
	va_list ap;
	va_start(ap, argc);
	argv[0] = "rasterpool";
	for (int i = 1; i < argc && i < 31; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc < 31 ? argc : 31] = NULL;
	return rp_cli_parse(c, argc < 31 ? argc : 31, argv, err, 512);
}

#endif
