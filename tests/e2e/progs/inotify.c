/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/inotify.c: inotify watches on a directory and a file: the events of each operation, their order, and the API's errors. */
/*
 * usage: inotify DIR     (a writable directory; a subdirectory is made and removed)
 * Each step's events are read at once and printed by name, with the watch
 * they came to (dir, file) and whether a rename's two cookies agree, never
 * the numbers that differ between runs. The directory's watch and the file
 * watches are in two instances, so their relative order is not compared:
 * Linux 6.1 and 6.18 differ there (IN_DELETE_SELF before or after the
 * directory's IN_DELETE; IN_OPEN before or after the truncation of O_TRUNC).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

static int ifd, ifd2, wd_dir = -100, wd_file = -100, wd_other = -100;
static char dir[256];

/* The watch @wd of instance @fd, by name: the directory's is in the first. */
static const char *wd_name(int fd, int wd)
{
    if (wd == -1)
        return "-1";
    if (fd == ifd)
        return wd == wd_dir ? "dir" : wd == wd_other ? "other" : "?";
    return wd == wd_file ? "file" : wd == wd_other ? "other" : "watch";
}

static void print_mask(uint32_t m)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } names[] = {
        {IN_ACCESS, "ACCESS"}, {IN_MODIFY, "MODIFY"}, {IN_ATTRIB, "ATTRIB"},
        {IN_CLOSE_WRITE, "CLOSE_WRITE"}, {IN_CLOSE_NOWRITE, "CLOSE_NOWRITE"}, {IN_OPEN, "OPEN"},
        {IN_MOVED_FROM, "MOVED_FROM"}, {IN_MOVED_TO, "MOVED_TO"}, {IN_CREATE, "CREATE"},
        {IN_DELETE, "DELETE"}, {IN_DELETE_SELF, "DELETE_SELF"}, {IN_MOVE_SELF, "MOVE_SELF"},
        {IN_Q_OVERFLOW, "Q_OVERFLOW"}, {IN_IGNORED, "IGNORED"}, {IN_ISDIR, "ISDIR"},
    };
    const char *sep = "";
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (m & names[i].bit) {
            printf("%s%s", sep, names[i].name);
            sep = "|";
            m &= ~names[i].bit;
        }
    if (m)
        printf("%s%#x", sep, m);
}

/* Read and print every queued event of instance @fd. */
static void drain_one(int fd)
{
    char buf[4096] __attribute__((aligned(8)));
    uint32_t last_cookie = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n < 0) {
            if (errno != EAGAIN)
                printf("  read: %s\n", ename(errno));
            break;
        }
        for (ssize_t off = 0; off < n;) {
            struct inotify_event *e = (struct inotify_event *)(buf + off);
            printf("  %s ", wd_name(fd, e->wd));
            /* IN_ISDIR on a directory's own events differs between kernel versions. */
            print_mask(e->mask & (IN_DELETE_SELF | IN_MOVE_SELF) ? e->mask & ~IN_ISDIR : e->mask);
            if (e->cookie)
                printf(" cookie %s", e->cookie == last_cookie ? "same" : "new");
            last_cookie = e->cookie ? e->cookie : last_cookie;
            if (e->len)
                printf(" \"%s\" (len %u)", e->name, e->len);
            printf("\n");
            off += (ssize_t)sizeof(*e) + e->len;
        }
    }
    fflush(stdout);
}

static void drain(const char *step)
{
    printf("%s:\n", step);
    drain_one(ifd);
    if (ifd2 >= 0) {
        printf(" second instance:\n");
        drain_one(ifd2);
    }
}

static char *at(const char *name)
{
    static char p[2][512];
    static int i;
    i ^= 1;
    snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
    return p[i];
}

static void put(const char *name, const char *text, int flags)
{
    int fd = open(at(name), O_WRONLY | flags, 0644);
    if (fd < 0) {
        printf("open %s: %s\n", name, ename(errno));
        return;
    }
    (void)!write(fd, text, strlen(text));
    (void)!write(fd, text, strlen(text));
    close(fd);
}

int main(int argc, char **argv)
{
    snprintf(dir, sizeof(dir), "%s/rf-inotify-%d", argc > 1 ? argv[1] : "/tmp", (int)getpid());
    if (mkdir(dir, 0755) != 0) {
        printf("mkdir: %s\n", ename(errno));
        return 1;
    }
    show_value("inotify_init1 bad flags", inotify_init1(1));
    ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    ifd2 = inotify_init1(IN_NONBLOCK);
    printf("close-on-exec %d, nonblocking %d\n", (fcntl(ifd, F_GETFD) & FD_CLOEXEC) != 0,
           (fcntl(ifd, F_GETFL) & O_NONBLOCK) != 0);
    wd_dir = inotify_add_watch(ifd, dir, IN_ALL_EVENTS);
    printf("dir watch %d\n", wd_dir);
    struct pollfd p = {ifd, POLLIN, 0};
    printf("poll before any event: %d\n", poll(&p, 1, 0));
    drain("nothing yet");

    put("a", "hi", O_CREAT);
    printf("poll after: %d\n", poll(&p, 1, 0));
    int avail = -1;
    ioctl(ifd, FIONREAD, &avail);
    printf("FIONREAD %d\n", avail);
    char small[20];
    show_value("read into 20 bytes", read(ifd, small, sizeof(small)));
    drain("create, two writes, close");

    wd_file = inotify_add_watch(ifd2, at("a"), IN_ALL_EVENTS);
    printf("file watch: %d\n", wd_file);
    int fd = open(at("a"), O_RDONLY);
    char b[8];
    (void)!read(fd, b, sizeof(b));
    (void)!read(fd, b, sizeof(b)); /* at the end: 0 bytes, no event */
    close(fd);
    drain("open, read, close with both watches");

    chmod(at("a"), 0600);
    truncate(at("a"), 1);
    struct timespec both[2] = {{1, 0}, {2, 0}};
    utimensat(AT_FDCWD, at("a"), both, 0);
    struct timespec atime_only[2] = {{3, 0}, {0, UTIME_OMIT}};
    utimensat(AT_FDCWD, at("a"), atime_only, 0);
    struct timespec mtime_only[2] = {{0, UTIME_OMIT}, {4, 0}};
    utimensat(AT_FDCWD, at("a"), mtime_only, 0);
    drain("chmod, truncate, utimensat of both times, then each alone");

    /* In a subdirectory, which the directory's watch does not see into. */
    mkdir(at("t"), 0755);
    put("t/x", "x", O_CREAT);
    int ifd3 = inotify_init1(IN_NONBLOCK);
    inotify_add_watch(ifd3, at("t"), IN_MODIFY | IN_CLOSE_WRITE);
    put("t/x", "again", O_TRUNC);
    printf("open O_TRUNC of an existing file, watched for IN_MODIFY and IN_CLOSE_WRITE:\n");
    drain_one(ifd3);
    close(ifd3);
    unlink(at("t/x"));
    rmdir(at("t"));
    drain("that subdirectory made and removed");

    rename(at("a"), at("b"));
    drain("rename a to b");
    link(at("b"), at("c"));
    drain("link c to b");
    unlink(at("c"));
    drain("unlink c");
    unlink(at("b"));
    drain("unlink b, the last link");

    mkdir(at("sub"), 0755);
    wd_other = inotify_add_watch(ifd2, at("sub"), IN_ALL_EVENTS);
    rmdir(at("sub"));
    drain("mkdir sub, watch it, rmdir sub");

    /* Another process's changes. */
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        put("from-child", "x", O_CREAT);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    unlink(at("from-child"));
    drain("a child writes a file, the parent removes it");

    /* A one-shot watch ends after its first event. */
    put("e", "e", O_CREAT);
    wd_other = inotify_add_watch(ifd, at("e"), IN_MODIFY | IN_ONESHOT);
    inotify_rm_watch(ifd, wd_dir);
    drain("one-shot watch made, dir watch removed");
    put("e", "e", 0);
    put("e", "e", 0);
    drain("two writes under a one-shot watch");

    /* Watches of the same inode share the wd; IN_MASK_ADD adds to the mask. */
    wd_dir = inotify_add_watch(ifd, dir, IN_CREATE);
    printf("same wd again: %d\n", inotify_add_watch(ifd, dir, IN_DELETE) == wd_dir);
    put("f", "f", O_CREAT);
    unlink(at("f"));
    drain("mask replaced by IN_DELETE");
    inotify_add_watch(ifd, dir, IN_CREATE | IN_MASK_ADD);
    put("g", "g", O_CREAT);
    unlink(at("g"));
    drain("IN_CREATE added");

    show_value("add_watch bad fd", inotify_add_watch(99, dir, IN_CREATE));
    show_value("add_watch not inotify", inotify_add_watch(0, dir, IN_CREATE));
    show_value("add_watch missing", inotify_add_watch(ifd, at("missing"), IN_CREATE));
    show_value("add_watch IN_ONLYDIR of a file", inotify_add_watch(ifd, at("e"), IN_ONLYDIR | IN_MODIFY));
    show_value("add_watch MASK_ADD|MASK_CREATE", inotify_add_watch(ifd, dir, IN_CREATE | IN_MASK_ADD | IN_MASK_CREATE));
    show_value("add_watch mask 0", inotify_add_watch(ifd, dir, 0));
    show_value("add_watch MASK_CREATE existing", inotify_add_watch(ifd, dir, IN_CREATE | IN_MASK_CREATE));
    show_value("rm_watch unknown", inotify_rm_watch(ifd, 12345));
    show_value("rm_watch not inotify", inotify_rm_watch(0, 1));
    show_value("read empty", read(ifd, small, sizeof(small)));

    unlink(at("e"));
    rmdir(dir);
    drain("the end: e removed, dir removed");
    close(ifd);
    return 0;
}
