/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/fsops.c: run a script of file-system operations, print each result deterministically. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "errname.h"

/*
 * usage: fsops OP ARGS... [OP ARGS...]
 * Every line printed is independent of where the tree lives and of inode numbers,
 * times and directory order, so a native run on a scratch copy is the oracle.
 */

static void result(int r)
{
    if (r < 0)
        printf(" -> %s\n", ename(errno));
    else
        printf(" -> ok\n");
}

static uint32_t fnv(const unsigned char *p, size_t n, uint32_t h)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static char type_of(mode_t m)
{
    return S_ISREG(m) ? 'f' : S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c'
         : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '?';
}

/* type, permissions, links; size and a content hash for files; the target for links. */
static void describe(const char *path, const struct stat *st)
{
    printf("%c %04o n%lu", type_of(st->st_mode), (unsigned)(st->st_mode & 07777),
           (unsigned long)st->st_nlink);
    if (S_ISREG(st->st_mode)) {
        unsigned char buf[4096];
        uint32_t h = 2166136261u;
        int fd = open(path, O_RDONLY);
        ssize_t n;

        printf(" s%lld", (long long)st->st_size);
        if (fd >= 0) {
            while ((n = read(fd, buf, sizeof(buf))) > 0)
                h = fnv(buf, (size_t)n, h);
            close(fd);
            printf(" h%08x", h);
        } else {
            printf(" unreadable");
        }
    } else if (S_ISLNK(st->st_mode)) {
        char t[4096];
        ssize_t n = readlink(path, t, sizeof(t) - 1);

        if (n >= 0) {
            t[n] = 0;
            printf(" -> %s", t);
        }
    }
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of @dir without "." and "..". */
static char **names(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **v = NULL;
    size_t cap = 0;

    *n = 0;
    if (!d)
        return NULL;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            v = realloc(v, cap * sizeof(*v));
        }
        v[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(v, *n, sizeof(*v), cmp);
    return v;
}

static void tree(const char *path, const char *rel)
{
    size_t n;
    char **v = names(path, &n);

    for (size_t i = 0; i < n; i++) {
        char p[8192], r[8192];
        struct stat st;

        snprintf(p, sizeof(p), "%s/%s", path, v[i]);
        snprintf(r, sizeof(r), "%s%s%s", rel, *rel ? "/" : "", v[i]);
        if (lstat(p, &st) < 0) {
            printf("  %s: lstat %s\n", r, ename(errno));
            continue;
        }
        printf("  %s: ", r);
        describe(p, &st);
        printf("\n");
        if (S_ISDIR(st.st_mode))
            tree(p, r);
        free(v[i]);
    }
    free(v);
}

static void cat(const char *path)
{
    char buf[4096];
    int fd = open(path, O_RDONLY);
    ssize_t n;

    if (fd < 0) {
        result(-1);
        return;
    }
    printf(" -> \"");
    while ((n = read(fd, buf, sizeof(buf))) > 0)
        fwrite(buf, 1, (size_t)n, stdout);
    printf("\"\n");
    close(fd);
}

static int put(const char *path, const char *text, int flags)
{
    int fd = open(path, O_WRONLY | O_CREAT | flags, 0666), r;

    if (fd < 0)
        return -1;
    r = write(fd, text, strlen(text)) == (ssize_t)strlen(text) ? 0 : -1;
    close(fd);
    return r;
}

/* /proc/self/status fields that do not depend on the run, normalized. */
static void procstatus(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[512];
    int seen = 0;

    if (!f) {
        result(-1);
        return;
    }
    printf("\n");
    while (fgets(line, sizeof(line), f)) {
        char key[64];
        long v;

        if (sscanf(line, "%63[^:]:", key) != 1)
            continue;
        if (!strcmp(key, "Name") || !strcmp(key, "Umask") || !strcmp(key, "Uid") ||
            !strcmp(key, "Gid") || !strcmp(key, "Threads") || !strncmp(key, "State", 5)) {
            printf("  %s", line);
            seen++;
        } else if (!strcmp(key, "Pid") && sscanf(line, "Pid: %ld", &v) == 1) {
            printf("  Pid is getpid: %d\n", v == getpid());
        } else if (!strcmp(key, "PPid") && sscanf(line, "PPid: %ld", &v) == 1) {
            printf("  PPid is getppid: %d\n", v == getppid());
        } else if (!strcmp(key, "VmSize") || !strcmp(key, "SigBlk") || !strcmp(key, "FDSize")) {
            printf("  has %s\n", key);
        }
    }
    fclose(f);
    printf("  fields %d\n", seen);
}

static int code_marker(void)
{
    return 42;
}

/* /proc/self/maps: the mappings holding our code, stack and data, by permission. */
static void procmaps(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    uintptr_t code = (uintptr_t)&code_marker, stack = (uintptr_t)&f;
    static int data;
    uintptr_t dat = (uintptr_t)&data;
    char line[512], *heap = malloc(100);
    int lines = 0, sorted = 1;
    unsigned long long prev = 0;

    if (!f) {
        result(-1);
        return;
    }
    printf("\n");
    while (fgets(line, sizeof(line), f)) {
        unsigned long long s, e;
        char perms[8], name[256] = "";

        if (sscanf(line, "%llx-%llx %7s %*s %*s %*s %255s", &s, &e, perms, name) < 3)
            continue;
        lines++;
        if (s < prev)
            sorted = 0;
        prev = e;
        if (code >= s && code < e)
            printf("  code in %s\n", perms);
        if (stack >= s && stack < e)
            printf("  stack in %s %s\n", perms, name);
        if (dat >= s && dat < e)
            printf("  data in %s\n", perms);
    }
    fclose(f);
    printf("  sorted %d, some %d\n", sorted, lines > 3);
    free(heap);
}

static void proccmdline(int argc, char **argv)
{
    char buf[65536], *p;
    int fd = open("/proc/self/cmdline", O_RDONLY), i = 0, match = 1;
    ssize_t n = 0, r;

    if (fd < 0) {
        result(-1);
        return;
    }
    while ((r = read(fd, buf + n, sizeof(buf) - (size_t)n)) > 0)
        n += r;
    close(fd);
    for (p = buf; p < buf + n; p += strlen(p) + 1, i++)
        if (i >= argc || strcmp(p, argv[i]))
            match = 0;
    printf(" -> %d args, match %d\n", i, match && i == argc);
}

/* The cwd at start: chdir results are shown relative to it. */
static char start[4096];

int main(int argc, char **argv)
{
    int i = 1;

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!getcwd(start, sizeof(start)))
        strcpy(start, "?");
    umask(022);
    while (i < argc) {
        const char *op = argv[i++];
        const char *a = i < argc ? argv[i] : "", *b = i + 1 < argc ? argv[i + 1] : "";
        struct stat st;
        int r;

        printf("%s", op);
#define ARGS(n)                                                                                    \
    do {                                                                                           \
        for (int k = 0; k < (n); k++)                                                              \
            printf(" %s", i + k < argc ? argv[i + k] : "?");                                       \
        i += (n);                                                                                  \
    } while (0)
        if (!strcmp(op, "mkdir")) {
            ARGS(2);
            result(mkdir(a, (mode_t)strtol(b, NULL, 8)));
        } else if (!strcmp(op, "rmdir")) {
            ARGS(1);
            result(rmdir(a));
        } else if (!strcmp(op, "unlink")) {
            ARGS(1);
            result(unlink(a));
        } else if (!strcmp(op, "write")) {
            ARGS(2);
            result(put(a, b, O_TRUNC));
        } else if (!strcmp(op, "append")) {
            ARGS(2);
            result(put(a, b, O_APPEND));
        } else if (!strcmp(op, "excl")) {
            ARGS(1);
            r = open(a, O_WRONLY | O_CREAT | O_EXCL, 0644);
            result(r);
            if (r >= 0)
                close(r);
        } else if (!strcmp(op, "cat")) {
            ARGS(1);
            cat(a);
        } else if (!strcmp(op, "rename")) {
            ARGS(2);
            result(rename(a, b));
        } else if (!strcmp(op, "rename-noreplace")) {
            ARGS(2);
            result((int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 1));
        } else if (!strcmp(op, "rename-exchange")) {
            ARGS(2);
            result((int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 2));
        } else if (!strcmp(op, "link")) {
            ARGS(2);
            result(link(a, b));
        } else if (!strcmp(op, "symlink")) {
            ARGS(2);
            result(symlink(a, b));
        } else if (!strcmp(op, "chmod")) {
            ARGS(2);
            result(chmod(a, (mode_t)strtol(b, NULL, 8)));
        } else if (!strcmp(op, "truncate")) {
            ARGS(2);
            result(truncate(a, atoll(b)));
        } else if (!strcmp(op, "utime")) {
            struct timespec ts[2] = {{atoll(b), 0}, {atoll(b), 0}};

            ARGS(2);
            r = utimensat(AT_FDCWD, a, ts, AT_SYMLINK_NOFOLLOW);
            if (r == 0 && lstat(a, &st) == 0)
                printf(" -> mtime %lld\n", (long long)st.st_mtime);
            else
                result(r);
        } else if (!strcmp(op, "stat")) {
            ARGS(1);
            if (lstat(a, &st) < 0) {
                result(-1);
            } else {
                printf(" -> ");
                describe(a, &st);
                printf("\n");
            }
        } else if (!strcmp(op, "tree")) {
            ARGS(1);
            printf("\n");
            tree(a, "");
        } else if (!strcmp(op, "access")) {
            ARGS(2);
            result(access(a, atoi(b)));
        } else if (!strcmp(op, "mmap")) {
            int fd;
            char *p;

            ARGS(1);
            fd = open(a, O_RDONLY);
            if (fd < 0 || fstat(fd, &st) < 0 || st.st_size == 0) {
                result(-1);
                continue;
            }
            p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
            close(fd);
            if (p == MAP_FAILED) {
                result(-1);
                continue;
            }
            printf(" -> h%08x\n", fnv((unsigned char *)p, (size_t)st.st_size, 2166136261u));
            munmap(p, (size_t)st.st_size);
        } else if (!strcmp(op, "ftruncate")) {
            int fd;

            ARGS(2);
            fd = open(a, O_RDWR);
            r = fd < 0 ? -1 : ftruncate(fd, atoll(b));
            result(r);
            if (fd >= 0)
                close(fd);
        } else if (!strcmp(op, "chdir")) {
            char cwd[4096];

            ARGS(1);
            r = chdir(a);
            if (r == 0 && getcwd(cwd, sizeof(cwd)))
                printf(" -> ok, cwd %s\n", strncmp(cwd, start, strlen(start)) ? "outside"
                                                                       : cwd + strlen(start));
            else
                result(r);
        } else if (!strcmp(op, "procstatus")) {
            procstatus();
        } else if (!strcmp(op, "procmaps")) {
            procmaps();
        } else if (!strcmp(op, "proccmdline")) {
            proccmdline(argc, argv);
        } else {
            printf(": unknown op\n");
            return 2;
        }
    }
    return 0;
}
