/* SPDX-License-Identifier: MIT */
/* machine/pgtable.h: amd64 4-level page-table entry encoding for the KVM platform's builder. */
#ifndef MACHINE_PGTABLE_H
#define MACHINE_PGTABLE_H

#include <stdint.h>

/*
 * 4-level paging with 4 KiB pages (SDM vol. 3A §4.5). Level 3 is the root
 * (PML4), level 0 holds the 4 KiB leaves. 2 MiB leaves (PS at level 1) exist on
 * every long-mode CPU, 1 GiB leaves only with CPUID.80000001H:EDX.Page1GB[26];
 * the builder in kvm/pagetables.c maps with 4 KiB leaves only, so it needs
 * neither.
 */
#define ARCH_PT_LEVELS 4
#define ARCH_PT_ENTRIES 512
#define ARCH_PT_SHIFT(level) (12 + 9 * (level))

/* One root for both halves: every address space copies the kernel root's slots 256..511. */
#define ARCH_PT_SHARED_UPPER 1

/* Entry bits (SDM vol. 3A §4.5.5, Tables 4-15 to 4-20). */
#define AMD64_PTE_P (1ULL << 0)    /* present */
#define AMD64_PTE_W (1ULL << 1)    /* R/W: writes allowed */
#define AMD64_PTE_U (1ULL << 2)    /* U/S: ring 3 may access */
#define AMD64_PTE_A (1ULL << 5)    /* accessed: preset so the CPU never writes the entry */
#define AMD64_PTE_D (1ULL << 6)    /* dirty: preset on writable leaves, same reason */
#define AMD64_PTE_PS (1ULL << 7)   /* page size (2 MiB / 1 GiB leaf) */
#define AMD64_PTE_G (1ULL << 8)    /* global: survives CR3 loads when CR4.PGE=1 */
#define AMD64_PTE_NX (1ULL << 63)  /* execute-disable, needs EFER.NXE */
#define AMD64_PTE_ADDR 0x000ffffffffff000ULL /* bits 51:12 (MAXPHYADDR <= 52) */

/* Leaf attributes beyond the protection. */
#define ARCH_PTE_USER 1
#define ARCH_PTE_GLOBAL 2

/* Protection bits, numerically LINUX_PROT_READ/WRITE/EXEC. */
#define ARCH_PROT_READ 1
#define ARCH_PROT_WRITE 2
#define ARCH_PROT_EXEC 4

static inline unsigned arch_pt_index(uint64_t va, int level)
{
    return (unsigned)(va >> ARCH_PT_SHIFT(level)) & (ARCH_PT_ENTRIES - 1);
}

/* A table pointer: permissive (P|W|U|A); the leaf decides the access. */
static inline uint64_t arch_pte_table(uint64_t gpa)
{
    return (gpa & AMD64_PTE_ADDR) | AMD64_PTE_P | AMD64_PTE_W | AMD64_PTE_U | AMD64_PTE_A;
}

/*
 * A 4 KiB leaf. A user page without access (PROT_NONE) is still present but
 * supervisor-only, read-only and NX: a ring-3 access then faults with P=1,
 * which is SEGV_ACCERR as Linux reports for a PROT_NONE mapping; ring 0 never
 * touches user memory (and SMAP forbids it where offered).
 */
static inline uint64_t arch_pte_leaf(uint64_t gpa, int prot, int attr)
{
    uint64_t e = (gpa & AMD64_PTE_ADDR) | AMD64_PTE_P | AMD64_PTE_A;
    int user = (attr & ARCH_PTE_USER) != 0;
    if (user && !(prot & (ARCH_PROT_READ | ARCH_PROT_WRITE | ARCH_PROT_EXEC)))
        return e | AMD64_PTE_NX;
    if (user)
        e |= AMD64_PTE_U;
    if (prot & ARCH_PROT_WRITE)
        e |= AMD64_PTE_W | AMD64_PTE_D;
    if (!(prot & ARCH_PROT_EXEC))
        e |= AMD64_PTE_NX;
    if (attr & ARCH_PTE_GLOBAL)
        e |= AMD64_PTE_G;
    return e;
}

static inline int arch_pte_present(uint64_t e)
{
    return (e & AMD64_PTE_P) != 0;
}

static inline int arch_pte_is_leaf(uint64_t e, int level)
{
    return level == 0 || (e & AMD64_PTE_PS);
}

static inline uint64_t arch_pte_addr(uint64_t e)
{
    return e & AMD64_PTE_ADDR;
}

/* The CR3 value for a root table (no PCID: bits 11:0 zero, SDM vol. 3A §4.5.2). */
static inline uint64_t arch_pt_root_reg(uint64_t root_gpa)
{
    return root_gpa & AMD64_PTE_ADDR;
}

#endif
