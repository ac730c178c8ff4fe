/* SPDX-License-Identifier: MIT */
/* kernel/log.c: the runtime's single logger (stderr), and bug() behind BUG_ON. */
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int log_threshold = LOG_WARN;

static const char *const level_name[] = {"error", "warning", "info", "debug"};

void log_msg(enum log_level lvl, const char *fmt, ...)
{
    if ((int)lvl > log_threshold)
        return;
    char buf[1024];
    int n = snprintf(buf, sizeof(buf), "ringfence: %s: ", level_name[lvl]);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (m < 0)
        m = 0;
    size_t len = (size_t)n + ((size_t)m < sizeof(buf) - (size_t)n - 2 ? (size_t)m
                                                                        : sizeof(buf) - (size_t)n - 2);
    buf[len++] = '\n';
    log_raw(buf, len);
}

void log_raw(const char *buf, unsigned long len)
{
    /* One write per line keeps lines whole when guest output shares stderr. */
    while (len) {
        ssize_t w = write(STDERR_FILENO, buf, len);
        if (w <= 0)
            return;
        buf += w;
        len -= (unsigned long)w;
    }
}

void bug(const char *file, int line, const char *cond)
{
    log_msg(LOG_ERROR, "BUG at %s:%d: %s", file, line, cond);
    abort();
}
