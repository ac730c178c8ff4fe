/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/hello.c: smallest guest: buffered stdout plus raw writes to stderr. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    static const char raw[] = "hello from write(2)\n";

    printf("Hello, world!\n");
    printf("%s %d %.3f\n", "formatted", 42, 3.25);
    fflush(stdout);
    if (write(2, raw, strlen(raw)) != (ssize_t)strlen(raw))
        return 1;
    fprintf(stderr, "hello from stderr via stdio\n");
    return 0;
}
