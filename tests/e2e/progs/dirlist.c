/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/dirlist.c: list a directory sorted, with d_type, lstat type, sizes and link targets. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
    /* Skip the packed d_type byte: order by name only. */
    return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

static char dtype_char(unsigned char t)
{
    switch (t) {
    case DT_REG: return 'f';
    case DT_DIR: return 'd';
    case DT_LNK: return 'l';
    case DT_CHR: return 'c';
    case DT_BLK: return 'b';
    case DT_FIFO: return 'p';
    case DT_SOCK: return 's';
    case DT_UNKNOWN: return '?';
    default: return '!';
    }
}

static char mode_char(mode_t m)
{
    if (S_ISREG(m)) return 'f';
    if (S_ISDIR(m)) return 'd';
    if (S_ISLNK(m)) return 'l';
    if (S_ISCHR(m)) return 'c';
    if (S_ISBLK(m)) return 'b';
    if (S_ISFIFO(m)) return 'p';
    if (S_ISSOCK(m)) return 's';
    return '!';
}

int main(int argc, char **argv)
{
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    DIR *d;

    if (argc != 2) {
        fprintf(stderr, "usage: dirlist DIR\n");
        return 2;
    }
    d = opendir(argv[1]);
    if (!d) {
        fprintf(stderr, "dirlist: opendir %s: %s\n", argv[1], strerror(errno));
        return 3;
    }
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            names = realloc(names, cap * sizeof(*names));
            if (!names)
                return 4;
        }
        /* Pack d_type in front of the name so it survives the sort. */
        names[n] = malloc(strlen(de->d_name) + 2);
        if (!names[n])
            return 4;
        names[n][0] = (char)dtype_char(de->d_type);
        strcpy(names[n] + 1, de->d_name);
        n++;
        errno = 0;
    }
    if (errno) {
        fprintf(stderr, "dirlist: readdir: %s\n", strerror(errno));
        return 3;
    }
    qsort(names, n, sizeof(*names), cmp);

    printf("%zu entries\n", n);
    for (size_t i = 0; i < n; i++) {
        const char *name = names[i] + 1;
        struct stat st;

        printf("%c ", names[i][0]);
        if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            printf("%s lstat-error %s\n", name, strerror(errno));
            continue;
        }
        printf("%c %04o %s", mode_char(st.st_mode), (unsigned)(st.st_mode & 07777), name);
        if (S_ISREG(st.st_mode))
            printf(" size=%lld", (long long)st.st_size);
        if (S_ISLNK(st.st_mode)) {
            char target[4096];
            ssize_t len = readlinkat(dirfd(d), name, target, sizeof(target) - 1);

            if (len >= 0)
                printf(" -> %.*s", (int)len, target);
            else
                printf(" readlink-error %s", strerror(errno));
        }
        printf("\n");
        free(names[i]);
    }
    free(names);
    closedir(d);
    return 0;
}
