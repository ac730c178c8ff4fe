/* SPDX-License-Identifier: MIT */
/* machine/pgtable.h: arm64 VMSAv8-64 descriptors (4 KiB granule, 4 levels) for the KVM platform's builder. */
#ifndef MACHINE_PGTABLE_H
#define MACHINE_PGTABLE_H

#include <stdint.h>

/*
 * Stage-1 translation, 4 KiB granule, 48-bit VA (T0SZ = T1SZ = 16): lookup
 * levels 0..3 (Arm ARM D8.2, "Translation table walk"). Our level 3 is the
 * root (the Arm ARM's level 0), our level 0 holds the 4 KiB page descriptors,
 * so the numbering matches machine/pgtable.h on amd64 and kvm/pagetables.c.
 * Only page descriptors are built: no block mappings.
 */
#define ARCH_PT_LEVELS 4
#define ARCH_PT_ENTRIES 512
#define ARCH_PT_SHIFT(level) (12 + 9 * (level))

/*
 * TTBR0 and TTBR1 have separate roots: an application root uses all 512 slots
 * for its own VA range, and the ring-0 image is reached through TTBR1 (the
 * kernel root), so application roots share nothing with it.
 */
#define ARCH_PT_SHARED_UPPER 0

/* Descriptor bits (Arm ARM D8.3, "Translation table descriptor formats"; Linux pgtable-hwdef.h). */
#define ARM64_PTE_VALID (1ULL << 0)
#define ARM64_PTE_TABLE (1ULL << 1)   /* table (levels 3..1) or page (level 0); 0 = block */
#define ARM64_PTE_ATTRIDX(i) ((uint64_t)(i) << 2) /* MAIR_EL1 index, AttrIndx[2:0] */
#define ARM64_PTE_AP_EL0 (1ULL << 6)  /* AP[1]: EL0 may access */
#define ARM64_PTE_AP_RO (1ULL << 7)   /* AP[2]: read-only at every EL */
#define ARM64_PTE_SH_INNER (3ULL << 8) /* SH[1:0] = 0b11 inner shareable */
#define ARM64_PTE_AF (1ULL << 10)     /* access flag: preset, so no access-flag faults */
#define ARM64_PTE_NG (1ULL << 11)     /* not global: tagged with the ASID */
#define ARM64_PTE_PXN (1ULL << 53)    /* privileged execute-never */
#define ARM64_PTE_UXN (1ULL << 54)    /* unprivileged (EL0) execute-never */
#define ARM64_PTE_ADDR 0x0000fffffffff000ULL /* output address bits 47:12 */

/* MAIR_EL1 indexes (the value is set in arch/arm64/kvm.c). */
#define ARM64_MAIR_IDX_NORMAL 0
#define ARM64_MAIR_IDX_DEVICE 1

/* Leaf attributes beyond the protection. */
#define ARCH_PTE_USER 1
#define ARCH_PTE_GLOBAL 2
#define ARCH_PTE_DEVICE 4 /* Device-nGnRnE (ring 0's exit page) */

/* Protection bits, numerically LINUX_PROT_READ/WRITE/EXEC. */
#define ARCH_PROT_READ 1
#define ARCH_PROT_WRITE 2
#define ARCH_PROT_EXEC 4

static inline unsigned arch_pt_index(uint64_t va, int level)
{
    return (unsigned)(va >> ARCH_PT_SHIFT(level)) & (ARCH_PT_ENTRIES - 1);
}

/* A table descriptor: APTable/XNTable/PXNTable zero, so the leaf decides the access. */
static inline uint64_t arch_pte_table(uint64_t gpa)
{
    return (gpa & ARM64_PTE_ADDR) | ARM64_PTE_VALID | ARM64_PTE_TABLE;
}

/*
 * A 4 KiB page descriptor. User pages are never executable at EL1 (PXN) and
 * not global. A user page without access (PROT_NONE) stays valid but EL1-only,
 * read-only and never executable, so an EL0 access is a permission fault:
 * SEGV_ACCERR, as Linux reports for a PROT_NONE mapping. Write implies read
 * (AP has no write-only encoding; Linux does the same).
 */
static inline uint64_t arch_pte_leaf(uint64_t gpa, int prot, int attr)
{
    uint64_t e = (gpa & ARM64_PTE_ADDR) | ARM64_PTE_VALID | ARM64_PTE_TABLE | ARM64_PTE_AF;
    if (attr & ARCH_PTE_DEVICE)
        e |= ARM64_PTE_ATTRIDX(ARM64_MAIR_IDX_DEVICE);
    else
        e |= ARM64_PTE_ATTRIDX(ARM64_MAIR_IDX_NORMAL) | ARM64_PTE_SH_INNER;
    if (!(attr & ARCH_PTE_GLOBAL))
        e |= ARM64_PTE_NG;
    if (attr & ARCH_PTE_USER) {
        e |= ARM64_PTE_PXN;
        if (!(prot & (ARCH_PROT_READ | ARCH_PROT_WRITE | ARCH_PROT_EXEC)))
            return e | ARM64_PTE_AP_RO | ARM64_PTE_UXN;
        e |= ARM64_PTE_AP_EL0;
        if (!(prot & ARCH_PROT_EXEC))
            e |= ARM64_PTE_UXN;
    } else {
        e |= ARM64_PTE_UXN;
        if (!(prot & ARCH_PROT_EXEC))
            e |= ARM64_PTE_PXN;
    }
    if (!(prot & ARCH_PROT_WRITE))
        e |= ARM64_PTE_AP_RO;
    return e;
}

static inline int arch_pte_present(uint64_t e)
{
    return (e & ARM64_PTE_VALID) != 0;
}

static inline int arch_pte_is_leaf(uint64_t e, int level)
{
    return level == 0 || !(e & ARM64_PTE_TABLE);
}

static inline uint64_t arch_pte_addr(uint64_t e)
{
    return e & ARM64_PTE_ADDR;
}

/* The TTBRn_EL1 value for a root table: BADDR, ASID 0 (Arm ARM, System register TTBR0_EL1). */
static inline uint64_t arch_pt_root_reg(uint64_t root_gpa)
{
    return root_gpa & ARM64_PTE_ADDR;
}

#endif
