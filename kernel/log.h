/* SPDX-License-Identifier: MIT */
/* kernel/log.h: the one logger, BUG_ON, and die() for setup failures. */
#ifndef KERNEL_LOG_H
#define KERNEL_LOG_H

#include <stdarg.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

extern int log_threshold; /* messages above it are dropped; --debug raises it */

void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Raw line to the log stream, no prefix (used by --strace). */
void log_raw(const char *buf, unsigned long len);

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)                                                                             \
    do {                                                                                           \
        if (log_threshold >= LOG_DEBUG)                                                            \
            log_msg(LOG_DEBUG, __VA_ARGS__);                                                       \
    } while (0)

void bug(const char *file, int line, const char *cond) __attribute__((noreturn));
/* A broken runtime invariant. Stays on in release builds (not assert()). */
#define BUG_ON(cond)                                                                               \
    do {                                                                                           \
        if (__builtin_expect(!!(cond), 0))                                                         \
            bug(__FILE__, __LINE__, #cond);                                                        \
    } while (0)

#endif
