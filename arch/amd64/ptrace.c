/* SPDX-License-Identifier: MIT */
/* arch/amd64/ptrace.c: amd64 register access for the ptrace platform. */
#include <elf.h>
#include <errno.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include "../arch.h"

/* Host syscall numbers (arch/x86/entry/syscalls/syscall_64.tbl). */
const long arch_host_nr_mmap = 9, arch_host_nr_mprotect = 10, arch_host_nr_munmap = 11;

/*
 * The stub sits at the top of the 47-bit user space, in the last 16 MiB below
 * TASK_SIZE_MAX (arch/x86/include/asm/page_64_types.h: (1 << 47) - 4096).
 */
#define AMD64_STUB_BASE 0x7fffff000000ULL

uint64_t arch_stub_base(void)
{
    return AMD64_STUB_BASE;
}

uint64_t arch_user_max(void)
{
    return AMD64_STUB_BASE;
}

int arch_ptrace_get_regs(int pid, struct arch_regs *r)
{
    struct iovec iov = {r, sizeof(*r)};
    return ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &iov) < 0 ? -errno : 0;
}

int arch_ptrace_set_regs(int pid, const struct arch_regs *r)
{
    struct iovec iov = {(void *)r, sizeof(*r)};
    return ptrace(PTRACE_SETREGSET, pid, (void *)NT_PRSTATUS, &iov) < 0 ? -errno : 0;
}

/* NT_X86_XSTATE is the XSAVE layout of every enabled component (linux/elf.h). */
int arch_ptrace_get_fp(int pid, struct arch_fpstate *fp)
{
    struct iovec iov = {fp->xsave, sizeof(fp->xsave)};
    if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE, &iov) < 0)
        return -errno;
    fp->size = (uint32_t)iov.iov_len;
    return 0;
}

int arch_ptrace_set_fp(int pid, const struct arch_fpstate *fp)
{
    struct iovec iov = {(void *)fp->xsave, fp->size};
    return ptrace(PTRACE_SETREGSET, pid, (void *)NT_X86_XSTATE, &iov) < 0 ? -errno : 0;
}

void arch_ptrace_prepare_syscall(struct arch_regs *r, uint64_t pc, long nr, const uint64_t a[6])
{
    r->rip = pc;
    r->rax = (uint64_t)nr;
    /* orig_rax -1: not inside a syscall, so the kernel attempts no restart. */
    r->orig_rax = (uint64_t)-1;
    r->rdi = a[0];
    r->rsi = a[1];
    r->rdx = a[2];
    r->r10 = a[3];
    r->r8 = a[4];
    r->r9 = a[5];
}

long arch_ptrace_syscall_result(const struct arch_regs *r)
{
    return (long)r->rax;
}

void arch_ptrace_prepare_batch(struct arch_regs *r, uint64_t pc, uint64_t table, uint64_t count)
{
    r->rip = pc;
    r->orig_rax = (uint64_t)-1; /* as for one injected call: nothing to restart */
    r->rdi = table;
    r->rsi = count;
}

/* ptrace_stub.S: arch_stub_batch counts successes in %r14 and leaves the last result in %rax. */
uint64_t arch_ptrace_batch_result(const struct arch_regs *r, long *last)
{
    *last = (long)r->rax;
    return r->r14;
}
