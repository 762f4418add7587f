/*
 * log: the run's log, in the seed script's format, written by the supervisor
 * alone so that lines from different workers never interleave:
 *
 *   2026-11-25 04:13:30,731 [INFO] MainProcess: Processing 30 rasters ...
 *   2026-11-25 04:13:31,002 [ERROR] Worker-2: Failed in/a.tif: reason
 *
 * The owner (main) fills a struct rp_log and passes it down; nothing here is
 * global. Each line is built whole, whatever its length (a message is
 * never cut), and written from one buffer. A closed stdout (EPIPE, e.g.
 * `| head`) marks the log broken and later lines are dropped; the run
 * itself goes on. Messages below `level` are dropped, and so is a line
 * that memory does not suffice to build.
 *
 * Text lines write a control character of a message as \n, \t or \xNN.
 * With `json` set, each record is one JSON object per line instead, built
 * and escaped by json-c; bytes of the message that are not UTF-8 (a
 * Latin-1 file name) become U+FFFD, so every line is valid JSON:
 *   {"time":"2026-11-25 04:13:30,731","level":"INFO","process":"MainProcess",
 *    "message":"..."}
 * `around`, when set, is called before (after = 0) and after (after = 1)
 * each line is written: the progress bar uses it to stay below the log.
 */
#ifndef RP_LOG_H
#define RP_LOG_H

enum rp_log_level {
	RP_LOG_DEBUG,
	RP_LOG_INFO,
	RP_LOG_WARNING,
	RP_LOG_ERROR,
};

struct rp_log {
	int fd;
	enum rp_log_level level;
	int broken;
	int json;
	void (*around)(void *cookie, int after);
	void *around_cookie;
};

void rp_log_init(struct rp_log *log, int fd, enum rp_log_level level);
void rp_log(struct rp_log *log, enum rp_log_level level, const char *who,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
const char *rp_log_level_name(enum rp_log_level level);

/* Formats wall-clock seconds as "2026-11-25 04:13:30,731" (local time). */
void rp_log_stamp(double wall, char *out, unsigned outlen);

#endif
