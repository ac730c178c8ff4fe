/* SPDX-License-Identifier: MIT */
/* tests/kvm/vcpu_harness.h: what both arches' vCPU tests share: the guest layout, checks, one stub's address space. */
#ifndef TESTS_KVM_VCPU_HARNESS_H
#define TESTS_KVM_VCPU_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../kernel/memfile.h"
#include "../../kernel/platform.h"
#include "../../kvm/kvm.h"
#include "../../kvm/kvm_platform.h"

#define CODE_VA 0x400000ULL
#define DATA_VA 0x600000ULL
#define RO_VA 0x601000ULL
#define NONE_VA 0x602000ULL
#define UNMAPPED_VA 0x7000000ULL

static struct memfile mf;
static struct platform P;
static const struct platform_ops *ops = &kvm_platform_ops;
static int passes, failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (cond) {                                                                                \
            passes++;                                                                              \
        } else {                                                                                   \
            failures++;                                                                            \
            printf("FAIL %s:%d: %s: ", __func__, __LINE__, #cond);                                 \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

struct env {
    struct platform_as *as;
    struct platform_ctx *ctx;
    struct arch_regs regs;
    struct arch_fpstate fp;
    struct fault_info f;
    uint64_t off; /* memory-file offset of the code page; +4096 data, +8192 read-only */
};

static void env_new(struct env *e, const char *code, const char *end)
{
    int err = 0;
    memset(e, 0, sizeof(*e));
    e->as = ops->as_create(&P, &err);
    int64_t off = memfile_alloc(&mf, 4 * 4096);
    if (!e->as || off < 0) {
        printf("setup failed\n");
        exit(1);
    }
    e->off = (uint64_t)off;
    memcpy(memfile_ptr(&mf, e->off), code, (size_t)(end - code));
    ops->as_map(e->as, CODE_VA, 4096, e->off, LINUX_PROT_READ | LINUX_PROT_EXEC);
    ops->as_map(e->as, DATA_VA, 4096, e->off + 4096, LINUX_PROT_READ | LINUX_PROT_WRITE);
    ops->as_map(e->as, RO_VA, 4096, e->off + 8192, LINUX_PROT_READ);
    ops->as_map(e->as, NONE_VA, 4096, e->off + 12288, LINUX_PROT_NONE);
    e->ctx = ops->ctx_create(e->as, &err);
    if (!e->ctx) {
        printf("ctx_create failed: %d\n", err);
        exit(1);
    }
    arch_regs_init_user(&e->regs, CODE_VA, DATA_VA + 4096);
}

/*
 * VCPU_KEEP_PAGES (arm64): the memory-file pages are not given back. In the
 * emulated arm64 test VM (QEMU TCG 7.2) a code page freed (hole punched) and
 * refilled with another stub at the same VA is sometimes executed as the old
 * stub when entered at a pc where the old one was entered (QEMU keeps the old
 * translation block). See ../shared/arm64 and the KVM section of README.md.
 */
static void env_free(struct env *e)
{
    ops->ctx_destroy(e->ctx);
    ops->as_destroy(e->as);
#ifndef VCPU_KEEP_PAGES
    memfile_free(&mf, e->off, 4 * 4096);
#endif
}

static int run(struct env *e, uint64_t *exits)
{
    uint64_t x0 = kvm_platform_exits();
    int r = ops->switch_to_user(e->ctx, &e->regs, &e->fp, &e->f);
    if (exits)
        *exits = kvm_platform_exits() - x0;
    return r;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
