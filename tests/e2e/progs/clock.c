/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/clock.c: read the clocks many times (through the vDSO where there is one) and check them. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

/*
 * usage: clock [N]
 * Reads CLOCK_MONOTONIC N times (default 1000), which must never go back, then
 * checks that clock_gettime(CLOCK_REALTIME), gettimeofday() and time() agree
 * within two seconds. Prints one line that does not depend on the time.
 */
int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000;
    struct timespec prev = {0, 0}, ts;
    for (long i = 0; i < n; i++) {
        if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
            perror("clock_gettime");
            return 1;
        }
        if (ts.tv_sec < prev.tv_sec || (ts.tv_sec == prev.tv_sec && ts.tv_nsec < prev.tv_nsec)) {
            printf("CLOCK_MONOTONIC went back at read %ld\n", i);
            return 1;
        }
        prev = ts;
    }
    struct timespec rt;
    struct timeval tv;
    clock_gettime(CLOCK_REALTIME, &rt);
    gettimeofday(&tv, NULL);
    time_t now = time(NULL);
    if (llabs((long long)(rt.tv_sec - now)) > 2 || llabs((long long)(tv.tv_sec - now)) > 2) {
        printf("clocks disagree: realtime %lld, gettimeofday %lld, time %lld\n",
               (long long)rt.tv_sec, (long long)tv.tv_sec, (long long)now);
        return 1;
    }
    printf("%ld monotonic reads in order; realtime, gettimeofday and time agree\n", n);
    return 0;
}
