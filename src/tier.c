#include "tier.h"
#include "path.h"
#include "remote.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>

const char *rp_tier_class_name(enum rp_tier_class cls)
{
	static const char *const names[] = {"local", "network", "remote"};
	return names[cls];
}

/* statfs f_type of filesystems whose bytes cross a network. */
static int network_fs(long type)
{
	static const long types[] = {
		0x6969,           /* NFS */
		0x517B,           /* SMB */
		0xFF534D42,       /* CIFS */
		0xFE534D42,       /* SMB2 */
		0x65735546,       /* FUSE (sshfs, s3fs, gcsfuse...) */
		0x00C36400,       /* Ceph */
		0x0BD00BD0,       /* Lustre */
		0x47504653,       /* GPFS */
		0x6B414653,       /* AFS */
		0x01021997,       /* 9p */
	};
	for (size_t i = 0; i < sizeof(types) / sizeof(*types); i++)
		if (type == types[i])
			return 1;
	return 0;
}

static int remote_tier(const char *input, char *name, size_t namelen)
{
	char where[128];
	enum rp_remote_kind k = rp_remote_locate(input, where, sizeof(where));
	if (k == RP_REMOTE_NONE)
		return 0;
	snprintf(name, namelen, "%s:%s", rp_remote_kind_name(k), where);
	return 1;
}

void rp_tier_of(const char *input, char *name, size_t namelen,
		enum rp_tier_class *cls)
{
	struct stat st;
	struct statfs fs;
	if (remote_tier(input, name, namelen)) {
		*cls = RP_TIER_REMOTE;
		return;
	}
	/* a member of a local archive: the archive's tier */
	char file[4096];
	long n = rp_path_stat_prefix(rp_remote_innermost(input), &st);
	snprintf(file, sizeof(file), "%.*s", n < 0 ? 4095 : (int)n,
		 n < 0 ? input : rp_remote_innermost(input));
	if (n < 0 && stat(input, &st) < 0) {
		snprintf(name, namelen, "local:unknown");
		*cls = RP_TIER_LOCAL;
		return;
	}
	*cls = statfs(file, &fs) == 0 && network_fs((long)fs.f_type)
		? RP_TIER_NETWORK : RP_TIER_LOCAL;
	snprintf(name, namelen, "%s:%u:%u", rp_tier_class_name(*cls),
		 major(st.st_dev), minor(st.st_dev));
}

int rp_tier_device(const char *name, unsigned *maj, unsigned *min)
{
	return sscanf(name, "local:%u:%u", maj, min) == 2;
}

int rp_tier_limit_parse(struct rp_tier_limits *lim, const char *arg,
			char *err, size_t errlen)
{
	const char *eq = strrchr(arg, '=');
	char *end;
	unsigned long v = eq ? strtoul(eq + 1, &end, 10) : 0;
	if (!eq || eq == arg || !eq[1] || *end || v < 1 || v > 1024 ||
	    (size_t)(eq - arg) >= sizeof(lim->name[0])) {
		snprintf(err, errlen, "--io-limit: '%s' is not TIER=N "
			 "(TIER: local, network, remote or a tier's name)", arg);
		return -1;
	}
	if (lim->nr == RP_TIER_MAX_LIMITS) {
		snprintf(err, errlen, "--io-limit: too many limits");
		return -1;
	}
	snprintf(lim->name[lim->nr], sizeof(lim->name[0]), "%.*s",
		 (int)(eq - arg), arg);
	lim->value[lim->nr++] = (unsigned)v;
	return 0;
}

unsigned rp_tier_limit(const struct rp_tier_limits *lim, const char *name,
		       enum rp_tier_class cls, unsigned workers)
{
	unsigned by_class = 0;
	for (size_t i = 0; i < lim->nr; i++) {
		if (!strcmp(lim->name[i], name))
			return lim->value[i];
		if (!strcmp(lim->name[i], rp_tier_class_name(cls)))
			by_class = lim->value[i];
	}
	if (by_class)
		return by_class;
	if (cls == RP_TIER_REMOTE)
		return RP_TIER_REMOTE_PER_CORE * (workers ? workers : 1);
	return cls == RP_TIER_LOCAL ? workers : RP_TIER_DEFAULT_SHARED;
}
