/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/errname.h: errno names for the e2e programs' output (not messages: glibc's and musl's texts differ). */
#ifndef E2E_ERRNAME_H
#define E2E_ERRNAME_H

#include <errno.h>
#include <stdio.h>

/* The name of errno @e, or "errno<N>" for one this table lacks. */
static const char *ename(int e)
{
    static const struct {
        int e;
        const char *n;
    } t[] = {
        {EPERM, "EPERM"},   {ENOENT, "ENOENT"}, {ESRCH, "ESRCH"},     {EINTR, "EINTR"},
        {EIO, "EIO"},       {ENXIO, "ENXIO"},   {EBADF, "EBADF"},     {EAGAIN, "EAGAIN"},
        {EACCES, "EACCES"}, {EFAULT, "EFAULT"}, {EBUSY, "EBUSY"},     {EEXIST, "EEXIST"},
        {EXDEV, "EXDEV"},   {ENOTDIR, "ENOTDIR"}, {EISDIR, "EISDIR"}, {EINVAL, "EINVAL"},
        {EMFILE, "EMFILE"}, {EFBIG, "EFBIG"},   {ENOSPC, "ENOSPC"},   {ESPIPE, "ESPIPE"},
        {EROFS, "EROFS"},   {EPIPE, "EPIPE"},   {ENAMETOOLONG, "ENAMETOOLONG"},
        {ENOSYS, "ENOSYS"}, {ENOTEMPTY, "ENOTEMPTY"}, {ELOOP, "ELOOP"},
        {ENOTSOCK, "ENOTSOCK"}, {EPROTOTYPE, "EPROTOTYPE"}, {ENOPROTOOPT, "ENOPROTOOPT"},
        {EPROTONOSUPPORT, "EPROTONOSUPPORT"}, {ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT"},
        {EOPNOTSUPP, "EOPNOTSUPP"}, {EAFNOSUPPORT, "EAFNOSUPPORT"}, {EADDRINUSE, "EADDRINUSE"},
        {ECONNRESET, "ECONNRESET"}, {EISCONN, "EISCONN"}, {ENOTCONN, "ENOTCONN"},
        {ECONNREFUSED, "ECONNREFUSED"}, {ERANGE, "ERANGE"}, {E2BIG, "E2BIG"}, {ENODATA, "ENODATA"},
        {ENOMEM, "ENOMEM"}, {ENODEV, "ENODEV"}, {EOVERFLOW, "EOVERFLOW"},
        {EDEADLK, "EDEADLK"}, {EMSGSIZE, "EMSGSIZE"}, {ENOBUFS, "ENOBUFS"},
        {ETOOMANYREFS, "ETOOMANYREFS"}, {0, "0"},
    };
    static char buf[32];

    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (t[i].e == e)
            return t[i].n;
    snprintf(buf, sizeof(buf), "errno%d", e);
    return buf;
}

/* One call's result, flushed: "what: -1 ENAME" on failure (errno read first), else "what: value". */
static inline void show_value(const char *what, long r)
{
    int e = errno;
    if (r < 0)
        printf("%s: -1 %s\n", what, ename(e));
    else
        printf("%s: %ld\n", what, r);
    fflush(stdout);
}

#endif
