/* SPDX-License-Identifier: MIT */
/* kvm/pagetables.c: 4-level page-table builder over <machine/pgtable.h>, tables from the arena's pool. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../kernel/log.h"
#include "kvm.h"

/*
 * Tables live in the arena's pool (pinned: the arena is one anonymous
 * mapping, never swapped behind KVM's back in a way the guest can see) and are
 * written by the host while no vCPU runs the address space with a stale view:
 * a change to a present entry bumps as->gen, and a vCPU reloads CR3 (flushing
 * non-global TLB entries) before it next enters the application. Only 4 KiB
 * leaves are used, so no CPUID page-size feature is assumed.
 */

static uint64_t *table(struct kvm_vm *vm, uint64_t gpa)
{
    return (uint64_t *)(vm->arena + (gpa - ARCH_KVM_ARENA_GPA));
}

static uint64_t pt_alloc(struct kvm_vm *vm)
{
    uint32_t pg;
    pthread_mutex_lock(&vm->lock);
    if (vm->pt_nfree)
        pg = vm->pt_free[--vm->pt_nfree];
    else if (vm->pt_next < vm->pt_end)
        pg = vm->pt_next++;
    else
        pg = 0;
    pthread_mutex_unlock(&vm->lock);
    if (!pg)
        return 0;
    uint64_t gpa = ARCH_KVM_ARENA_GPA + ((uint64_t)pg << 12);
    memset(table(vm, gpa), 0, 4096);
    return gpa;
}

static void pt_release(struct kvm_vm *vm, uint64_t gpa)
{
    pthread_mutex_lock(&vm->lock);
    vm->pt_free[vm->pt_nfree++] = (uint32_t)((gpa - ARCH_KVM_ARENA_GPA) >> 12);
    pthread_mutex_unlock(&vm->lock);
}

unsigned kvm_pt_tables(struct kvm_vm *vm)
{
    pthread_mutex_lock(&vm->lock);
    unsigned n = vm->pt_next - (uint32_t)(ARCH_KVM_POOL_OFF >> 12) - vm->pt_nfree;
    pthread_mutex_unlock(&vm->lock);
    return n;
}

struct kvm_as *kvm_as_new(struct kvm_vm *vm, int *err)
{
    struct kvm_as *as = calloc(1, sizeof(*as));
    if (!as || !(as->root = pt_alloc(vm))) {
        free(as);
        *err = -ENOMEM;
        return NULL;
    }
    as->vm = vm;
    as->gen = 1;
    /*
     * Where one root serves both halves (ARCH_PT_SHARED_UPPER), the upper half
     * (root slots 256..511) is shared: copy the kernel root's pointers. Where
     * the kernel half has its own root register, an address space owns all slots.
     */
    if (ARCH_PT_SHARED_UPPER && vm->kernel_as) {
        uint64_t *k = table(vm, vm->kernel_as->root), *r = table(vm, as->root);
        memcpy(r + ARCH_PT_ENTRIES / 2, k + ARCH_PT_ENTRIES / 2, 8 * ARCH_PT_ENTRIES / 2);
    }
    return as;
}

static void free_level(struct kvm_vm *vm, uint64_t gpa, int level)
{
    uint64_t *t = table(vm, gpa);
    if (level > 0)
        for (unsigned i = 0; i < ARCH_PT_ENTRIES; i++)
            if (arch_pte_present(t[i]) && !arch_pte_is_leaf(t[i], level))
                free_level(vm, arch_pte_addr(t[i]), level - 1);
    pt_release(vm, gpa);
}

void kvm_as_free(struct kvm_as *as)
{
    if (!as)
        return;
    struct kvm_vm *vm = as->vm;
    uint64_t *r = table(vm, as->root);
    /* With a shared upper half only the lower half is this address space's own. */
    unsigned top = as == vm->kernel_as || !ARCH_PT_SHARED_UPPER ? ARCH_PT_ENTRIES
                                                                 : ARCH_PT_ENTRIES / 2;
    for (unsigned i = 0; i < top; i++)
        if (arch_pte_present(r[i]))
            free_level(vm, arch_pte_addr(r[i]), ARCH_PT_LEVELS - 2);
    pt_release(vm, as->root);
    free(as);
}

/* The level-0 entry for @va, allocating tables on the way when @alloc. */
static uint64_t *walk(struct kvm_as *as, uint64_t va, int alloc)
{
    uint64_t gpa = as->root;
    for (int level = ARCH_PT_LEVELS - 1; level > 0; level--) {
        uint64_t *e = &table(as->vm, gpa)[arch_pt_index(va, level)];
        if (!arch_pte_present(*e)) {
            if (!alloc)
                return NULL;
            uint64_t t = pt_alloc(as->vm);
            if (!t)
                return NULL;
            *e = arch_pte_table(t);
        }
        BUG_ON(arch_pte_is_leaf(*e, level));
        gpa = arch_pte_addr(*e);
    }
    return &table(as->vm, gpa)[arch_pt_index(va, 0)];
}

static int range_ok(uint64_t va, uint64_t len)
{
    return !(va & 4095) && !(len & 4095) && va + len >= va;
}

int kvm_pt_map(struct kvm_as *as, uint64_t va, uint64_t len, uint64_t gpa, int prot, int attr)
{
    if (!range_ok(va, len) || (gpa & 4095))
        return -EINVAL;
    int replaced = 0;
    for (uint64_t o = 0; o < len; o += 4096) {
        uint64_t *e = walk(as, va + o, 1);
        if (!e)
            return -ENOMEM;
        replaced |= arch_pte_present(*e);
        *e = arch_pte_leaf(gpa + o, prot, attr);
    }
    if (replaced)
        __atomic_add_fetch(&as->gen, 1, __ATOMIC_RELEASE);
    return 0;
}

int kvm_pt_unmap(struct kvm_as *as, uint64_t va, uint64_t len)
{
    if (!range_ok(va, len))
        return -EINVAL;
    for (uint64_t o = 0; o < len; o += 4096) {
        uint64_t *e = walk(as, va + o, 0);
        if (e)
            *e = 0;
        else
            o = ((va + o) | ((1ULL << ARCH_PT_SHIFT(1)) - 1)) - va - 4095; /* skip the 2 MiB */
    }
    __atomic_add_fetch(&as->gen, 1, __ATOMIC_RELEASE);
    return 0;
}

int kvm_pt_protect(struct kvm_as *as, uint64_t va, uint64_t len, int prot)
{
    if (!range_ok(va, len))
        return -EINVAL;
    for (uint64_t o = 0; o < len; o += 4096) {
        uint64_t *e = walk(as, va + o, 0);
        if (!e) {
            o = ((va + o) | ((1ULL << ARCH_PT_SHIFT(1)) - 1)) - va - 4095;
            continue;
        }
        if (arch_pte_present(*e))
            *e = arch_pte_leaf(arch_pte_addr(*e), prot, ARCH_PTE_USER);
    }
    __atomic_add_fetch(&as->gen, 1, __ATOMIC_RELEASE);
    return 0;
}

uint64_t kvm_pt_lookup(struct kvm_as *as, uint64_t va)
{
    uint64_t *e = walk(as, va, 0);
    return e ? *e : 0;
}

void *kvm_gpa_ptr(struct kvm_vm *vm, uint64_t gpa)
{
    if (gpa >= ARCH_KVM_ARENA_GPA && gpa < ARCH_KVM_ARENA_GPA + ARCH_KVM_ARENA_SIZE)
        return vm->arena + (gpa - ARCH_KVM_ARENA_GPA);
    if (gpa >= ARCH_KVM_USER_GPA && gpa < vm->user_gpa_end)
        return vm->user_base + (gpa - ARCH_KVM_USER_GPA);
    return NULL;
}

size_t kvm_read_guest(struct kvm_as *as, uint64_t va, uint8_t *buf, size_t n)
{
    size_t done = 0;
    /* The ring-0 image is in the kernel root (the only one, without a shared upper half). */
    if (va >= ARCH_KVM_KBASE && as->vm->kernel_as)
        as = as->vm->kernel_as;
    while (done < n) {
        uint64_t e = kvm_pt_lookup(as, va + done);
        if (!arch_pte_present(e))
            break;
        uint8_t *p = kvm_gpa_ptr(as->vm, arch_pte_addr(e));
        if (!p)
            break;
        size_t off = (va + done) & 4095, chunk = 4096 - off;
        if (chunk > n - done)
            chunk = n - done;
        memcpy(buf + done, p + off, chunk);
        done += chunk;
    }
    return done;
}
