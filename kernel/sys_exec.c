/* SPDX-License-Identifier: MIT */
/* kernel/sys_exec.c: execve(2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../abi/linux.h"
#include "exec.h"
#include "file.h"
#include "log.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"

/* fs/exec.c limits: one string at most 32 pages; all of them at most a quarter of
 * the stack limit (checked again by the loader). */
#define MAX_ARG_STRLEN (32 * 4096)
#define MAX_ARG_TOTAL (8ULL << 20) / 4
#define PATH_MAX_BYTES 4096

static void free_strings(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

/* Copy a NULL-terminated guest array of strings. Returns the array or NULL with *err. */
static char **copy_strings(struct task *t, uaddr_t uv, uint64_t *total, long *err)
{
    size_t n = 0, cap = 16;
    char **v = calloc(cap, sizeof(char *));
    if (!v) {
        *err = -LINUX_ENOMEM;
        return NULL;
    }
    char *tmp = malloc(MAX_ARG_STRLEN);
    if (!tmp) {
        free(v);
        *err = -LINUX_ENOMEM;
        return NULL;
    }
    for (; uv; n++) {
        uint64_t p;
        if (copy_from_user(t->mm, &p, uv + n * 8, sizeof(p)) < 0) {
            *err = -LINUX_EFAULT;
            goto fail;
        }
        if (!p)
            break;
        long len = strncpy_from_user(t->mm, tmp, p, MAX_ARG_STRLEN);
        if (len < 0) {
            *err = len == -LINUX_ENAMETOOLONG ? -LINUX_E2BIG : len;
            goto fail;
        }
        *total += (uint64_t)len + 1 + 8;
        if (*total > MAX_ARG_TOTAL) {
            *err = -LINUX_E2BIG;
            goto fail;
        }
        if (n + 1 >= cap) {
            char **nv = realloc(v, cap * 2 * sizeof(char *));
            if (!nv) {
                *err = -LINUX_ENOMEM;
                goto fail;
            }
            memset(nv + cap, 0, cap * sizeof(char *));
            v = nv;
            cap *= 2;
        }
        v[n] = strdup(tmp);
        if (!v[n]) {
            *err = -LINUX_ENOMEM;
            goto fail;
        }
    }
    free(tmp);
    return v;
fail:
    free(tmp);
    free_strings(v);
    return NULL;
}

static long do_execve(struct task *t, const char *path, uaddr_t uargv, uaddr_t uenvp)
{
    long r = 0;
    uint64_t total = 0;
    char **argv = copy_strings(t, uargv, &total, &r);
    if (!argv)
        return r;
    char **envp = copy_strings(t, uenvp, &total, &r);
    if (!envp) {
        free_strings(argv);
        return r;
    }
    /* Since Linux 5.18 an empty argv gets "" as argv[0] (fs/exec.c: do_execveat_common). */
    char *empty[] = {"", NULL};
    struct exec_image_new img;
    const char *why;
    r = exec_prepare(t, path, argv[0] ? argv : empty, envp, &img, &why);
    free_strings(argv);
    free_strings(envp);
    if (r < 0)
        return r;
    /* Past the point of no return: a failure now kills the task (fs/exec.c). */
    if (exec_commit(t, &img) < 0) {
        log_error("task %d: execve: no execution context for the new image", t->tid);
        task_exit_signal(t, LINUX_SIGKILL);
    }
    return 0;
}

long sys_execve(struct task *t, const uint64_t a[6])
{
    char path[PATH_MAX_BYTES];
    long r = strncpy_from_user(t->mm, path, a[0], sizeof(path));
    if (r < 0)
        return r;
    if (r == 0)
        return -LINUX_ENOENT;
    return do_execve(t, path, a[1], a[2]);
}

/*
 * execveat: a path relative to a directory descriptor, or with AT_EMPTY_PATH
 * the descriptor's own file (fexecve; a memfd, say). Linux names such a
 * program /dev/fd/N[/path] (alloc_bprm()), which is what AT_EXECFN and the
 * new comm come from; the sandbox's /dev/fd leads to the same file.
 */
SYS(execveat)
{
    int dirfd = (int)a[0];
    uint32_t flags = (uint32_t)a[4];
    char path[PATH_MAX_BYTES], name[PATH_MAX_BYTES + 32];
    if (flags & ~(uint32_t)(LINUX_AT_EMPTY_PATH | LINUX_AT_SYMLINK_NOFOLLOW))
        return -LINUX_EINVAL;
    long r = strncpy_from_user(t->mm, path, a[1], sizeof(path));
    if (r < 0)
        return r;
    if (r == 0 && !(flags & LINUX_AT_EMPTY_PATH))
        return -LINUX_ENOENT;
    if (path[0] == '/' || dirfd == LINUX_AT_FDCWD)
        return do_execve(t, path, a[2], a[3]);
    if (!fd_lookup(t->files, dirfd))
        return -LINUX_EBADF;
    if (r == 0)
        snprintf(name, sizeof(name), "/dev/fd/%d", dirfd);
    else
        snprintf(name, sizeof(name), "/dev/fd/%d/%s", dirfd, path);
    return do_execve(t, name, a[2], a[3]);
}
