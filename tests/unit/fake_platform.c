/* SPDX-License-Identifier: MIT */
/* tests/unit/fake_platform.c: platform_ops that log calls and mirror mappings in memory. */
#include "fake_platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../abi/linux.h"
#include "../../kernel/loader.h"

int fake_platform_live;
int fake_platform_fail_create;

/* Same gap kernel/kernel.c leaves between the stack and the mmap area. */
#define FAKE_STACK_GAP (128ULL << 20)

static void *grow(void *arr, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return arr;
    size_t c = *cap ? *cap * 2 : 16;
    void *p = realloc(arr, c * elem);
    if (!p) {
        fprintf(stderr, "fake_platform: out of memory\n");
        abort();
    }
    *cap = c;
    return p;
}

static void record(struct platform_as *as, enum fake_op op, uaddr_t addr, uint64_t len,
                   uint64_t off, int prot)
{
    as->calls = grow(as->calls, &as->capcalls, as->ncalls, sizeof(*as->calls));
    as->calls[as->ncalls++] = (struct fake_call){op, addr, len, off, prot};
}

static int bad_range(uaddr_t addr, uint64_t len)
{
    return len == 0 || ((addr | len) & (FAKE_PAGE - 1)) || addr + len < addr;
}

static void insert_range(struct platform_as *as, size_t i, struct fake_range r)
{
    as->ranges = grow(as->ranges, &as->capranges, as->nranges, sizeof(*as->ranges));
    memmove(&as->ranges[i + 1], &as->ranges[i], (as->nranges - i) * sizeof(r));
    as->ranges[i] = r;
    as->nranges++;
}

/* Cut the mirror so that no range straddles @at. */
static void cut_at(struct platform_as *as, uaddr_t at)
{
    for (size_t i = 0; i < as->nranges; i++) {
        struct fake_range *r = &as->ranges[i];
        if (r->start < at && at < r->end) {
            struct fake_range hi = *r;
            hi.off += at - r->start;
            hi.start = at;
            r->end = at;
            insert_range(as, i + 1, hi);
            return;
        }
    }
}

static void punch(struct platform_as *as, uaddr_t start, uaddr_t end)
{
    cut_at(as, start);
    cut_at(as, end);
    size_t k = 0;
    for (size_t i = 0; i < as->nranges; i++)
        if (as->ranges[i].end <= start || as->ranges[i].start >= end)
            as->ranges[k++] = as->ranges[i];
    as->nranges = k;
}

static struct platform_as *fake_as_create(struct platform *p, int *err)
{
    if (fake_platform_fail_create < 0) {
        *err = fake_platform_fail_create;
        fake_platform_fail_create = 0;
        return NULL;
    }
    struct platform_as *as = calloc(1, sizeof(*as));
    if (!as) {
        *err = -LINUX_ENOMEM;
        return NULL;
    }
    as->platform = p;
    fake_platform_live++;
    return as;
}

static void fake_as_destroy(struct platform_as *as)
{
    free(as->calls);
    free(as->ranges);
    free(as);
    fake_platform_live--;
}

static int fake_as_map(struct platform_as *as, uaddr_t addr, uint64_t len, uint64_t off, int prot)
{
    record(as, FAKE_MAP, addr, len, off, prot);
    if (as->fail_next_map < 0) {
        int r = as->fail_next_map;
        as->fail_next_map = 0;
        return r;
    }
    const struct memfile *mf = as->platform->mf;
    if (bad_range(addr, len) || (off & (FAKE_PAGE - 1)) || (mf && off + len > mf->size)) {
        as->bad_calls++;
        return -LINUX_EINVAL;
    }
    punch(as, addr, addr + len);
    size_t i = 0;
    while (i < as->nranges && as->ranges[i].start < addr)
        i++;
    insert_range(as, i, (struct fake_range){addr, addr + len, off, prot});
    return 0;
}

static int fake_as_unmap(struct platform_as *as, uaddr_t addr, uint64_t len)
{
    record(as, FAKE_UNMAP, addr, len, 0, 0);
    if (as->fail_next_unmap < 0) {
        int r = as->fail_next_unmap;
        as->fail_next_unmap = 0;
        return r;
    }
    if (bad_range(addr, len)) {
        as->bad_calls++;
        return -LINUX_EINVAL;
    }
    punch(as, addr, addr + len);
    return 0;
}

static int fake_as_protect(struct platform_as *as, uaddr_t addr, uint64_t len, int prot)
{
    record(as, FAKE_PROTECT, addr, len, 0, prot);
    if (as->fail_next_protect < 0) {
        int r = as->fail_next_protect;
        as->fail_next_protect = 0;
        return r;
    }
    if (bad_range(addr, len)) {
        as->bad_calls++;
        return -LINUX_EINVAL;
    }
    /* mprotect(2) refuses a range with unmapped pages (ENOMEM) before changing anything. */
    uaddr_t cur = addr;
    for (size_t i = 0; i < as->nranges && cur < addr + len; i++) {
        const struct fake_range *r = &as->ranges[i];
        if (r->end <= cur)
            continue;
        if (r->start > cur)
            break;
        cur = r->end;
    }
    if (cur < addr + len) {
        as->bad_calls++;
        return -LINUX_ENOMEM;
    }
    cut_at(as, addr);
    cut_at(as, addr + len);
    for (size_t i = 0; i < as->nranges; i++)
        if (as->ranges[i].start >= addr && as->ranges[i].end <= addr + len)
            as->ranges[i].prot = prot;
    return 0;
}

static struct platform_ctx *fake_ctx_create(struct platform_as *as, int *err)
{
    struct platform_ctx *ctx = calloc(1, sizeof(*ctx));
    if (!ctx) {
        *err = -LINUX_ENOMEM;
        return NULL;
    }
    ctx->as = as;
    return ctx;
}

static void fake_ctx_destroy(struct platform_ctx *ctx)
{
    free(ctx);
}

static int fake_fp_fetch(struct platform_ctx *ctx, struct arch_fpstate *fp)
{
    ctx->fp_fetches++;
    if (ctx->fail_fp_fetch < 0)
        return ctx->fail_fp_fetch;
    if (ctx->fp_size > sizeof(fp->xsave))
        abort();
    for (size_t i = 0; i < ctx->fp_size; i++)
        fp->xsave[i] = fake_fp_byte(ctx->fp_seed, i);
    fp->size = ctx->fp_size;
    return 0;
}

const struct platform_ops fake_platform_ops = {
    .name = "fake",
    .as_create = fake_as_create,
    .as_destroy = fake_as_destroy,
    .as_map = fake_as_map,
    .as_unmap = fake_as_unmap,
    .as_protect = fake_as_protect,
    .ctx_create = fake_ctx_create,
    .ctx_destroy = fake_ctx_destroy,
    .fp_fetch = fake_fp_fetch,
};

void fake_platform_init(struct platform *p, struct memfile *mf)
{
    memset(p, 0, sizeof(*p));
    p->ops = &fake_platform_ops;
    p->mf = mf;
}

void fake_as_clear_log(struct platform_as *as)
{
    as->ncalls = 0;
}

size_t fake_as_count(const struct platform_as *as, enum fake_op op)
{
    size_t n = 0;
    for (size_t i = 0; i < as->ncalls; i++)
        n += as->calls[i].op == op;
    return n;
}

const struct fake_call *fake_as_last(const struct platform_as *as, enum fake_op op)
{
    for (size_t i = as->ncalls; i-- > 0;)
        if (as->calls[i].op == op)
            return &as->calls[i];
    return NULL;
}

int fake_as_prot_at(const struct platform_as *as, uaddr_t addr)
{
    for (size_t i = 0; i < as->nranges; i++)
        if (as->ranges[i].start <= addr && addr < as->ranges[i].end)
            return as->ranges[i].prot;
    return -1;
}

int fake_as_matches_mm(const struct platform_as *as, struct mm *mm, char *why, size_t len)
{
    uint64_t mirrored = 0, vmas = 0;
    for (size_t i = 0; i < mm->nvma; i++) {
        const struct vma *v = &mm->vma[i];
        if (v->start >= v->end || ((v->start | v->end) & (FAKE_PAGE - 1))) {
            snprintf(why, len, "VMA %zu [%#llx, %#llx) is empty or unaligned", i,
                     (unsigned long long)v->start, (unsigned long long)v->end);
            return 0;
        }
        if (i > 0 && mm->vma[i - 1].end > v->start) {
            snprintf(why, len, "VMAs %zu and %zu overlap or are unsorted", i - 1, i);
            return 0;
        }
        /* Copy-on-write's safety: private pages others own are never writable here. */
        if ((v->flags & LINUX_MAP_TYPE) != LINUX_MAP_SHARED && !v->nobacking && !v->cow &&
            memfile_is_shared(mm->mf, v->mf_off, v->end - v->start)) {
            snprintf(why, len, "private VMA %zu [%#llx, %#llx) shares its backing, not cow", i,
                     (unsigned long long)v->start, (unsigned long long)v->end);
            return 0;
        }
        vmas += v->end - v->start;
    }
    for (size_t i = 0; i < as->nranges; i++) {
        const struct fake_range *r = &as->ranges[i];
        mirrored += r->end - r->start;
        for (uaddr_t a = r->start; a < r->end;) {
            size_t k = 0;
            while (k < mm->nvma && !(mm->vma[k].start <= a && a < mm->vma[k].end))
                k++;
            if (k == mm->nvma) {
                snprintf(why, len, "platform maps %#llx, no VMA covers it",
                         (unsigned long long)a);
                return 0;
            }
            const struct vma *v = &mm->vma[k];
            if (vma_platform_prot(v) != r->prot) {
                snprintf(why, len, "at %#llx platform prot %d, VMA prot %d (cow %d)",
                         (unsigned long long)a, r->prot, v->prot, v->cow);
                return 0;
            }
            if (v->mf_off + (a - v->start) != r->off + (a - r->start)) {
                snprintf(why, len, "at %#llx platform offset %#llx, VMA offset %#llx",
                         (unsigned long long)a, (unsigned long long)(r->off + (a - r->start)),
                         (unsigned long long)(v->mf_off + (a - v->start)));
                return 0;
            }
            a = v->end < r->end ? v->end : r->end;
        }
    }
    if (mirrored != vmas) {
        snprintf(why, len, "platform maps %llu bytes, VMAs cover %llu",
                 (unsigned long long)mirrored, (unsigned long long)vmas);
        return 0;
    }
    return 1;
}

int fake_env_setup(struct fake_env *e, uint64_t mf_size)
{
    memset(e, 0, sizeof(*e));
    int r = memfile_init(&e->mf, mf_size);
    if (r < 0)
        return r;
    fake_platform_init(&e->p, &e->mf);
    int err = 0;
    e->mm = mm_create(&e->mf, &e->p, &err);
    if (!e->mm) {
        memfile_fini(&e->mf);
        return err ? err : -LINUX_ENOMEM;
    }
    e->mm->stack_top = e->mm->max_addr - FAKE_PAGE;
    e->mm->mmap_base = e->mm->stack_top - LOADER_STACK_SIZE - FAKE_STACK_GAP;
    return 0;
}

int64_t fake_env_teardown(struct fake_env *e)
{
    int live = fake_platform_live;
    mm_destroy(e->mm);
    e->mm = NULL;
    int64_t left = (int64_t)e->mf.allocated;
    memfile_fini(&e->mf);
    if (fake_platform_live != live - 1)
        return -1;
    return left;
}
