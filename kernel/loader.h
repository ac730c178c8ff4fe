/* SPDX-License-Identifier: MIT */
/* kernel/loader.h: ELF loading and the Linux initial stack. */
#ifndef KERNEL_LOADER_H
#define KERNEL_LOADER_H

#include <stddef.h>
#include <stdint.h>
#include "types.h"

struct mm;

struct exec_image {
    uaddr_t entry;     /* where the program starts */
    uaddr_t phdr;      /* AT_PHDR */
    uint64_t phent, phnum;
    uaddr_t load_bias; /* 0 for ET_EXEC */
    uaddr_t brk;       /* first byte after the highest segment */
    uaddr_t interp_base; /* AT_BASE: where the interpreter was loaded, 0 for none */
    char interp[4096];   /* PT_INTERP's path (PATH_MAX), "" for a static program */
};

/* Why a file could not be loaded; maps to a Linux errno and to `run`'s exit codes. */
#define LOADER_ENOEXEC 1 /* not ELF, wrong class/machine/type, corrupt headers */

/**
 * loader_load_elf - map the ELF image in host @fd into @mm.
 * Returns 0, -LINUX_ENOEXEC for a file that is not a loadable ELF for this
 * machine (with a reason in @why), or -LINUX_ENOMEM / -LINUX_EIO.
 */
int loader_load_elf(struct mm *mm, int fd, struct exec_image *img, const char **why);

/**
 * loader_load_interp - map the program interpreter (PT_INTERP) in host @fd into
 * @mm, which holds the program already, as Linux's load_elf_interp() does: an
 * ET_DYN interpreter goes into the highest free gap below mmap_base. Sets its
 * entry point and load bias (AT_BASE). 0, or as loader_load_elf().
 */
int loader_load_interp(struct mm *mm, int fd, uaddr_t *entry, uaddr_t *base, const char **why);

/** loader_cache_flush - drop the image cache (its memory-file ranges), e.g. before a leak check. */
void loader_cache_flush(void);

struct stack_args {
    int argc;
    char *const *argv;
    int envc;
    char *const *envp;
    const char *execfn;
    uint32_t uid, euid, gid, egid;
    uaddr_t sysinfo_ehdr; /* AT_SYSINFO_EHDR: the vDSO, or 0 for none */
};

/**
 * loader_build_stack - allocate the stack VMA and write argv, envp and auxv the
 * way Linux's create_elf_tables() does (fs/binfmt_elf.c). Returns the initial
 * stack pointer, or -LINUX_E* (E2BIG when the strings do not fit).
 */
int64_t loader_build_stack(struct mm *mm, const struct exec_image *img,
                           const struct stack_args *a);

#define LOADER_STACK_SIZE (8ULL << 20) /* RLIMIT_STACK default */

#endif
