/* SPDX-License-Identifier: MIT */
/* bench/kvm_exits.c: VM exits per operation on the KVM platform, the exit round trip, and getpid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../kernel/memfile.h"
#include "../kernel/platform.h"
#include "../kvm/kvm.h"
#include "../kvm/kvm_platform.h"

/*
 * usage: bench_kvm_exits [RINGFENCE BENCH_GETPID]
 *
 * Needs a faithful KVM (the emulated VMs: ci/x86vm.sh and ci/arm64.sh run it there).
 * The stubs come from tests/kvm/stubs_<arch>.S; stub_cpuid is the arch's
 * trapped-and-emulated instruction (amd64 CPUID, arm64 MRS of an ID register).
 * Prints (1) VM exits per operation, counted, so machine-independent;
 * (2) the round-trip cost of each way ring 0 can leave the VM (amd64: the
 * platform uses the cheapest, `out`, over `hlt`; arm64 has one, the MMIO
 * store); (3) getpid under `ringfence --platform=kvm`
 * against native and as a multiple of the exit round trip.
 */
extern const char stub_syscall_loop[], stub_syscall_loop_end[], stub_load[], stub_load_end[],
    stub_cpuid[], stub_cpuid_end[];

#define CODE_VA 0x400000ULL
#define N 2000

static struct memfile mf;
static struct platform P;
static const struct platform_ops *ops = &kvm_platform_ops;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct env {
    struct platform_as *as;
    struct platform_ctx *ctx;
    struct arch_regs regs;
    struct arch_fpstate fp;
    struct fault_info f;
};

static void env_new(struct env *e, const char *code, const char *end)
{
    int err = 0;
    memset(e, 0, sizeof(*e));
    e->as = ops->as_create(&P, &err);
    int64_t off = memfile_alloc(&mf, 4096);
    memcpy(memfile_ptr(&mf, (uint64_t)off), code, (size_t)(end - code));
    ops->as_map(e->as, CODE_VA, 4096, (uint64_t)off, LINUX_PROT_READ | LINUX_PROT_EXEC);
    e->ctx = ops->ctx_create(e->as, &err);
    if (!e->ctx) {
        fprintf(stderr, "bench_kvm_exits: ctx_create: %d\n", err);
        exit(1);
    }
    arch_regs_init_user(&e->regs, CODE_VA, 0);
}

static void env_free(struct env *e)
{
    ops->ctx_destroy(e->ctx);
    ops->as_destroy(e->as);
}

/* Exits and microseconds per call of @op over N calls (after one warm-up). */
static void measure(const char *name, int (*op)(struct env *), struct env *e, double *us_out)
{
    op(e);
    uint64_t x0 = kvm_platform_exits();
    double t0 = now();
    for (int i = 0; i < N; i++)
        op(e);
    double t1 = now();
    uint64_t x = kvm_platform_exits() - x0;
    printf("  %-34s %6.2f VM exits/op  %8.1f us/op\n", name, (double)x / N, (t1 - t0) / N * 1e6);
    if (us_out)
        *us_out = (t1 - t0) / N * 1e6;
}

static int op_syscall(struct env *e)
{
    return ops->switch_to_user(e->ctx, &e->regs, &e->fp, &e->f);
}

static int op_fault(struct env *e)
{
    /* The stub loads through its first argument register, zero here: page 0 is unmapped. */
    arch_regs_init_user(&e->regs, CODE_VA, 0);
    return ops->switch_to_user(e->ctx, &e->regs, &e->fp, &e->f);
}

static int op_cpuid(struct env *e)
{
    arch_regs_set_pc(&e->regs, CODE_VA);
    return ops->switch_to_user(e->ctx, &e->regs, &e->fp, &e->f);
}

static int op_fp_fetch(struct env *e)
{
    return ops->fp_fetch(e->ctx, &e->fp);
}

static double ping(int alt)
{
    char why[256];
    struct kvm_vm *vm = kvm_vm_get(why, sizeof(why));
    struct kvm_vcpu *v = kvm_vcpu_get(vm, why, sizeof(why));
    if (!v)
        return -1;
    arch_kvm_request_ping(v->page, alt);
    kvm_vcpu_run(vm, v);
    double t0 = now();
    for (int i = 0; i < N; i++)
        if (kvm_vcpu_run(vm, v) != KVM_RUN_RING0)
            return -1;
    double t1 = now();
    kvm_vcpu_put(vm, v);
    return (t1 - t0) / N * 1e6;
}

/* "getpid <ns>" from one bench_getpid run. */
static double getpid_ns(const char *cmd)
{
    FILE *f = popen(cmd, "r");
    char line[256];
    double ns = -1;
    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "getpid %lf", &ns) == 1)
            break;
    if (f)
        pclose(f);
    return ns;
}

int main(int argc, char **argv)
{
    char why[256];
    if (kvm_platform_probe(why, sizeof(why)) < 0) {
        printf("bench_kvm_exits: SKIP: no faithful KVM: %s\n", why);
        return 77;
    }
    if (memfile_init(&mf, 64ULL << 20) < 0 || (P.ops = ops, ops->init(&P, &mf)) < 0)
        return 1;
    printf("bench_kvm_exits: %d operations each\n", N);
    printf("VM exits per operation (machine-independent):\n");
    struct env e;
    double us_syscall = 0;
    env_new(&e, stub_syscall_loop, stub_syscall_loop_end);
    measure("application syscall (getpid)", op_syscall, &e, &us_syscall);
    measure("fp_fetch (signal delivery)", op_fp_fetch, &e, NULL);
    env_free(&e);
    env_new(&e, stub_load, stub_load_end);
    measure("page fault -> SIGSEGV", op_fault, &e, NULL);
    env_free(&e);
    env_new(&e, stub_cpuid, stub_cpuid_end);
    measure("CPUID/MRS (trapped, emulated) + syscall", op_cpuid, &e, NULL);
    env_free(&e);

    double out_us = ping(0), hlt_us = ping(1);
    printf("ring 0 -> host -> ring 0 round trip (no ring 3):\n");
    printf("  %-34s %8.1f us\n", "exit used (amd64 out; arm64 MMIO)", out_us);
    printf("  %-34s %8.1f us\n", "alternative (amd64 hlt; arm64 =)", hlt_us);
    if (argc >= 3) {
        char cmd[1024];
        snprintf(cmd, sizeof(cmd), "%s 200000", argv[2]);
        double native = getpid_ns(cmd);
        snprintf(cmd, sizeof(cmd), "%s run --platform=kvm -- %s 2000", argv[1], argv[2]);
        double kvm = getpid_ns(cmd);
        printf("getpid (bench_getpid):\n");
        printf("  %-34s %8.1f us\n", "native", native / 1e3);
        printf("  %-34s %8.1f us\n", "ringfence --platform=kvm", kvm / 1e3);
        if (native > 0 && kvm > 0 && out_us > 0)
            printf("  ratio kvm/native %.0fx; kvm getpid / exit round trip %.2f\n", kvm / native,
                   kvm / 1e3 / out_us);
    }
    printf("bench_kvm_exits: ok\n");
    return 0;
}
