/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/locks.c: advisory locks between processes: fcntl record locks, OFD locks and flock(). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

static char path[64];

static int lk(int fd, int cmd, int type, int whence, long start, long len)
{
    struct flock fl;
    memset(&fl, 0, sizeof(fl));
    fl.l_type = (short)type;
    fl.l_whence = (short)whence;
    fl.l_start = start;
    fl.l_len = len;
    errno = 0;
    return fcntl(fd, cmd, &fl);
}

/* F_GETLK (or F_OFD_GETLK) for a write lock on [start, start+len): who is in the way. */
static void show_getlk(const char *what, int fd, int cmd, long start, long len, pid_t who)
{
    struct flock fl;
    memset(&fl, 0, sizeof(fl));
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = start;
    fl.l_len = len;
    if (fcntl(fd, cmd, &fl) < 0) {
        show_value(what, -1);
        return;
    }
    if (fl.l_type == F_UNLCK)
        printf("%s: unlocked\n", what);
    else
        printf("%s: %s start %ld len %ld whence %d pid %s\n", what,
               fl.l_type == F_WRLCK ? "write" : "read", (long)fl.l_start, (long)fl.l_len,
               fl.l_whence, fl.l_pid == who ? "expected" : fl.l_pid == -1 ? "-1" : "other");
    fflush(stdout);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

/* Run @fn in a child that reports through stdout; wait for it. */
static void in_child(void (*fn)(int), int arg)
{
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        fn(arg);
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, NULL, 0);
}

static void child_probe(int unused)
{
    (void)unused;
    int fd = open(path, O_RDWR);
    pid_t parent = getppid();
    show_value("child setlk write over parent's", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 5, 10));
    show_getlk("child getlk [0,10)", fd, F_GETLK, 0, 10, parent);
    show_getlk("child getlk [30,35)", fd, F_GETLK, 30, 5, parent);
    show_getlk("child getlk [40,60)", fd, F_GETLK, 40, 20, parent);
    show_getlk("child getlk [60,)", fd, F_GETLK, 60, 0, parent);
    show_getlk("child getlk [200,210)", fd, F_GETLK, 200, 10, parent);
    show_value("child setlk read in the hole", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 45, 5));
    close(fd);
}

static void child_try(int unused)
{
    (void)unused;
    int fd = open(path, O_RDWR);
    show_value("child setlk write [0,10)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
    close(fd);
}

static void child_ofd(int fd)
{
    /* The inherited description is the owner: its lock is the child's too. */
    show_value("child ofd setlk on the inherited fd", lk(fd, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    int other = open(path, O_RDWR);
    show_value("child ofd setlk on a new open", lk(other, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    show_getlk("child ofd getlk", other, F_OFD_GETLK, 0, 1, 0);
    close(other);
}

static void child_flock(int fd)
{
    show_value("child flock EX on the inherited fd", flock(fd, LOCK_EX | LOCK_NB));
    int other = open(path, O_RDONLY);
    show_value("child flock EX|NB on a new open", flock(other, LOCK_EX | LOCK_NB));
    show_value("child flock SH|NB on a new open", flock(other, LOCK_SH | LOCK_NB));
    /* flock and fcntl locks do not see each other. */
    int w = open(path, O_RDWR);
    show_value("child fcntl write beside a flock", lk(w, F_SETLK, F_WRLCK, SEEK_SET, 0, 0));
    close(w);
    close(other);
}

static void errors(int fd)
{
    int ro = open(path, O_RDONLY), wo = open(path, O_WRONLY);
    show_value("read lock on O_WRONLY", lk(wo, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
    show_value("write lock on O_RDONLY", lk(ro, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    show_value("unlock on O_RDONLY", lk(ro, F_SETLK, F_UNLCK, SEEK_SET, 0, 1));
    show_value("bad type", lk(fd, F_SETLK, 7, SEEK_SET, 0, 1));
    show_value("bad type, bad whence", lk(fd, F_SETLK, 7, 9, 0, 1));
    show_value("getlk bad type", lk(fd, F_GETLK, 7, SEEK_SET, 0, 1));
    show_value("getlk unlock type", lk(fd, F_GETLK, F_UNLCK, SEEK_SET, 0, 1));
    show_value("bad whence", lk(fd, F_SETLK, F_WRLCK, 9, 0, 1));
    show_value("negative start", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, -1, 1));
    show_value("overflow", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, INT64_MAX, 2));
    show_value("negative length before 0", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 3, -5));
    struct flock fl;
    memset(&fl, 0, sizeof(fl));
    fl.l_type = F_WRLCK;
    fl.l_pid = 1;
    errno = 0;
    show_value("ofd with l_pid", fcntl(fd, F_OFD_SETLK, &fl));
    show_value("flock bad op", flock(fd, 0));
    show_value("flock SH|EX", flock(fd, LOCK_SH | LOCK_EX));
    show_value("flock bad fd", flock(99, LOCK_SH));
    show_value("flock LOCK_MAND", flock(fd, 32 | LOCK_SH));
    int p[2];
    pipe(p);
    show_value("flock on a pipe", flock(p[0], LOCK_EX));
    show_value("flock unlock on a pipe", flock(p[0], LOCK_UN));
    close(p[0]);
    close(p[1]);
    close(ro);
    close(wo);
}

int main(int argc, char **argv)
{
    snprintf(path, sizeof(path), "%s/rf-locks-%d", argc > 1 ? argv[1] : "/tmp", (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    write(fd, "0123456789", 10);

    /* Record locks: split by an unlock, seen by another process, merged when they touch. */
    show_value("setlk write [0,100)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 100));
    show_value("unlock [40,60)", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 40, 20));
    show_value("own lock again", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
    show_getlk("own getlk", fd, F_GETLK, 0, 10, getpid());
    in_child(child_probe, 0);
    show_value("read [200,210) by SEEK_END", lk(fd, F_SETLK, F_RDLCK, SEEK_END, 190, 10));
    show_value("read [210,220)", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 210, 10));
    show_value("seek to 215", (long)lseek(fd, 215, SEEK_SET));
    show_value("read [205,215) by SEEK_CUR and a negative length", lk(fd, F_SETLK, F_RDLCK, SEEK_CUR, 0, -10));
    in_child(child_probe, 0);
    show_value("unlock all", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));

    /* Closing any descriptor of the file drops the process's record locks. */
    show_value("lock [0,10)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
    in_child(child_try, 0);
    int again = open(path, O_RDONLY);
    close(again);
    in_child(child_try, 0);

    /* A blocked F_SETLKW waits for the unlock. */
    lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
    int sync[2];
    pipe(sync);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        int cfd = open(path, O_RDWR);
        write(sync[1], "x", 1);
        int r = lk(cfd, F_SETLKW, F_WRLCK, SEEK_SET, 5, 1);
        printf("child setlkw after the unlock: %d\n", r);
        show_getlk("child sees its own lock as free", cfd, F_GETLK, 5, 1, 0);
        fflush(stdout);
        _exit(0);
    }
    char x;
    read(sync[0], &x, 1);
    sleep_ms(50);
    printf("parent unlocks\n");
    fflush(stdout);
    lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
    waitpid(c, NULL, 0);
    /* A child that exits holding a lock leaves none. */
    in_child(child_try, 0);
    show_value("parent locks after the child's exit", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
    lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);

    /*
     * Two processes each holding a lock the other waits for: one of the two
     * F_SETLKW calls (whichever comes second) is EDEADLK, the other is then granted.
     */
    lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1);
    int res[2];
    pipe(sync);
    pipe(res);
    fflush(stdout);
    c = fork();
    if (c == 0) {
        int cfd = open(path, O_RDWR);
        lk(cfd, F_SETLK, F_WRLCK, SEEK_SET, 1, 1);
        write(sync[1], "x", 1);
        int r = lk(cfd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
        int e = r < 0 ? errno : 0;
        if (r < 0)
            lk(cfd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
        write(res[1], &e, sizeof(e));
        _exit(0);
    }
    read(sync[0], &x, 1);
    sleep_ms(100);
    int pr = lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1);
    int pe = pr < 0 ? errno : 0;
    if (pr < 0)
        lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
    int ce = -1;
    read(res[0], &ce, sizeof(ce));
    waitpid(c, NULL, 0);
    printf("deadlock pair: %s and %s\n", ename(pe < ce ? pe : ce), ename(pe < ce ? ce : pe));
    lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);

    /* OFD locks belong to the open file description. */
    int ofd = open(path, O_RDWR);
    show_value("ofd setlk write", lk(ofd, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    show_value("process lock beside it", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    in_child(child_ofd, ofd);
    close(ofd);
    show_value("process lock after the ofd closed", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);

    /* flock(): whole-file locks of the description, shared over fork. */
    int fl = open(path, O_RDONLY);
    show_value("flock EX", flock(fl, LOCK_EX));
    show_value("flock EX again", flock(fl, LOCK_EX));
    in_child(child_flock, fl);
    show_value("flock convert to SH", flock(fl, LOCK_SH));
    int sh = open(path, O_RDONLY);
    show_value("second SH|NB", flock(sh, LOCK_SH | LOCK_NB));
    show_value("EX|NB while shared", flock(sh, LOCK_EX | LOCK_NB));
    close(sh);
    /* A blocked flock waits until the holder's last descriptor goes. */
    pipe(sync);
    fflush(stdout);
    c = fork();
    if (c == 0) {
        close(fl); /* else this child would keep the description, and its lock, alive */
        int cfd = open(path, O_RDONLY);
        write(sync[1], "x", 1);
        int r = flock(cfd, LOCK_EX);
        printf("child flock EX after the close: %d\n", r);
        fflush(stdout);
        _exit(0);
    }
    read(sync[0], &x, 1);
    sleep_ms(50);
    printf("parent closes its flock\n");
    fflush(stdout);
    close(fl);
    waitpid(c, NULL, 0);

    /* Of several conflicts, F_GETLK names the first in Linux's per-inode order: an
     * owner's locks stay where that owner's first one went, ordered by start. */
    int oa = open(path, O_RDWR), ob = open(path, O_RDWR), oc = open(path, O_RDWR);
    show_value("A: ofd write [10,20)", lk(oa, F_OFD_SETLK, F_WRLCK, SEEK_SET, 10, 10));
    show_value("B: ofd write [0,5)", lk(ob, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 5));
    show_value("A: ofd write [30,40)", lk(oa, F_OFD_SETLK, F_WRLCK, SEEK_SET, 30, 10));
    show_value("A: ofd unlock [10,20)", lk(oa, F_OFD_SETLK, F_UNLCK, SEEK_SET, 10, 10));
    show_getlk("C: who is first in [0,100)", oc, F_OFD_GETLK, 0, 100, -1);
    show_value("A: ofd unlock all", lk(oa, F_OFD_SETLK, F_UNLCK, SEEK_SET, 0, 0));
    show_value("A: ofd write [50,60) anew", lk(oa, F_OFD_SETLK, F_WRLCK, SEEK_SET, 50, 10));
    show_getlk("C: who is first in [0,100) now", oc, F_OFD_GETLK, 0, 100, -1);
    close(oa);
    close(ob);
    close(oc);

    errors(fd);
    close(fd);
    unlink(path);
    return 0;
}
