/* SPDX-License-Identifier: MIT */
/* arch/arm64/kvm.c: arm64 KVM glue: vCPU init (PSCI 0.2, ONE_REG), MMU/EL1 registers, exits, kick, ID-register MRS. */
#include <errno.h>
#include <linux/kvm.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>

#include <machine/offsets.h>

#include "../arch.h"

/* The image (ring0.S): vectors at its start, then the first instruction. */
extern const char arch_ring0_start[], arch_ring0_end[], arch_ring0_entry[];

/*
 * SCTLR_EL1 (Arm ARM DDI 0487, System register SCTLR_EL1): M (MMU on), C and I
 * (caches), SA and SA0 (SP alignment checks at EL1 and EL0), DZE (EL0 may DC ZVA),
 * UCT (EL0 may read CTR_EL0), nTWE (EL0 WFE not trapped), UCI (EL0 cache
 * maintenance), and the bits that are RES1 without their features (EOS 11,
 * TSCXT 20, EIS 22, nTLSMD 28, LSMAOE 29). The user-visible subset of Linux's
 * INIT_SCTLR_EL1_MMU_ON (arch/arm64/include/asm/sysreg.h). Not set: A (no
 * alignment checks, as Linux), nTWI (EL0 WFI traps and is skipped, as Linux's
 * wfi_handler()), SPAN (PSTATE.PAN is set on every exception entry where
 * FEAT_PAN exists), EnIA/EnIB/EnDA/EnDB (pointer authentication of instruction
 * and data addresses off: PACIASP and friends leave pointers unchanged), WXN,
 * E0E/EE (little endian).
 */
#define SCTLR_M (1ULL << 0)
#define SCTLR_C (1ULL << 2)
#define SCTLR_SA (1ULL << 3)
#define SCTLR_SA0 (1ULL << 4)
#define SCTLR_EOS (1ULL << 11)
#define SCTLR_I (1ULL << 12)
#define SCTLR_DZE (1ULL << 14)
#define SCTLR_UCT (1ULL << 15)
#define SCTLR_NTWE (1ULL << 18)
#define SCTLR_TSCXT (1ULL << 20)
#define SCTLR_EIS (1ULL << 22)
#define SCTLR_UCI (1ULL << 26)
#define SCTLR_NTLSMD (1ULL << 28)
#define SCTLR_LSMAOE (1ULL << 29)
#define SCTLR_VALUE                                                                                \
    (SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_SA0 | SCTLR_EOS | SCTLR_I | SCTLR_DZE | SCTLR_UCT |    \
     SCTLR_NTWE | SCTLR_TSCXT | SCTLR_EIS | SCTLR_UCI | SCTLR_NTLSMD | SCTLR_LSMAOE)

/*
 * TCR_EL1 (Arm ARM DDI 0487, System register TCR_EL1): T0SZ = T1SZ = 16 (48-bit VA in both halves),
 * table walks inner/outer write-back write-allocate cacheable (IRGNn = ORGNn =
 * 0b01) and inner shareable (SHn = 0b11), TG0 = 0b00 and TG1 = 0b10 (4 KiB
 * granules), A1 = 0 and AS = 0 (8-bit ASID from TTBR0; we use ASID 0 and flush
 * on every switch), IPS = 0b010 (40-bit intermediate physical addresses: the
 * VM's IPA space, KVM_CREATE_VM type 0), TBI0 (EL0 top-byte ignore, as Linux
 * sets for user addresses). Linux's __cpu_setup uses the same fields.
 */
#define TCR_T0SZ(n) ((uint64_t)(n) << 0)
#define TCR_IRGN0_WBWA (1ULL << 8)
#define TCR_ORGN0_WBWA (1ULL << 10)
#define TCR_SH0_INNER (3ULL << 12)
#define TCR_TG0_4K (0ULL << 14)
#define TCR_T1SZ(n) ((uint64_t)(n) << 16)
#define TCR_IRGN1_WBWA (1ULL << 24)
#define TCR_ORGN1_WBWA (1ULL << 26)
#define TCR_SH1_INNER (3ULL << 28)
#define TCR_TG1_4K (2ULL << 30)
#define TCR_IPS_40 (2ULL << 32)
#define TCR_TBI0 (1ULL << 37)
#define TCR_VALUE                                                                                  \
    (TCR_T0SZ(16) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K | TCR_T1SZ(16) |  \
     TCR_IRGN1_WBWA | TCR_ORGN1_WBWA | TCR_SH1_INNER | TCR_TG1_4K | TCR_IPS_40 | TCR_TBI0)
/*
 * The VM's IPA size: 40 bits where the host allows it (the KVM default), else
 * the host's maximum; the memory file's slot ends at 2^37 (machine/layout.h).
 * TCR_EL1.IPS stays 40 bits: an IPS above the implemented size acts as that size.
 */
#define IPA_BITS 40
#define IPA_BITS_NEEDED 37

/*
 * MAIR_EL1 (Arm ARM DDI 0487, System register MAIR_EL1): Attr0 = 0xff Normal memory, inner
 * and outer
 * write-back non-transient read/write-allocate; Attr1 = 0x00 Device-nGnRnE.
 * Linux's MT_NORMAL and MT_DEVICE_nGnRnE encodings (asm/memory.h, MAIR_EL1_SET).
 */
#define MAIR_VALUE                                                                                 \
    ((0xffULL << (8 * ARM64_MAIR_IDX_NORMAL)) | (0x00ULL << (8 * ARM64_MAIR_IDX_DEVICE)))

/*
 * CPACR_EL1.FPEN = 0b11, bits 21:20 (Arm ARM, System register CPACR_EL1): FP/SIMD
 * never trapped; ZEN = 0 (the vCPU has no SVE).
 */
#define CPACR_FPEN (3ULL << 20)
/*
 * CNTKCTL_EL1.EL0VCTEN (Arm ARM, System register CNTKCTL_EL1, bit 1): EL0 reads
 * CNTVCT_EL0, as Linux arch_counter_set_user_access() allows.
 */
#define CNTKCTL_EL0VCTEN (1ULL << 1)
/* PSTATE of ring 0: EL1h with D, A, I, F masked (Arm ARM C5.2.19: M = 0b0101, DAIF bits 9:6). */
#define PSTATE_EL1H_DAIF 0x3c5ULL

/* ONE_REG ids (arch/arm64/include/uapi/asm/kvm.h). */
#define CORE_REG(name)                                                                             \
    (KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(name))
#define REG_PC CORE_REG(regs.pc)
#define REG_PSTATE CORE_REG(regs.pstate)
#define REG_SP_EL1 CORE_REG(sp_el1)
#define REG_ELR_EL1 CORE_REG(elr_el1)
#define REG_SCTLR_EL1 ARM64_SYS_REG(3, 0, 1, 0, 0)
#define REG_CPACR_EL1 ARM64_SYS_REG(3, 0, 1, 0, 2)
#define REG_TTBR0_EL1 ARM64_SYS_REG(3, 0, 2, 0, 0)
#define REG_TTBR1_EL1 ARM64_SYS_REG(3, 0, 2, 0, 1)
#define REG_TCR_EL1 ARM64_SYS_REG(3, 0, 2, 0, 2)
#define REG_ESR_EL1 ARM64_SYS_REG(3, 0, 5, 2, 0)
#define REG_FAR_EL1 ARM64_SYS_REG(3, 0, 6, 0, 0)
#define REG_MAIR_EL1 ARM64_SYS_REG(3, 0, 10, 2, 0)
#define REG_VBAR_EL1 ARM64_SYS_REG(3, 0, 12, 0, 0)
#define REG_TPIDR_EL1 ARM64_SYS_REG(3, 0, 13, 0, 4)
#define REG_CNTKCTL_EL1 ARM64_SYS_REG(3, 0, 14, 1, 0)

/* The FP/SIMD save area holds the fpsimd_context payload: fpsr, fpcr, v0..v31. */
_Static_assert(FP_V0 + 32 * 16 == ARM64_FPSIMD_PAYLOAD, "FP save area is the fpsimd payload");

struct arch_kvm {
    struct kvm_vcpu_init init; /* KVM_ARM_PREFERRED_TARGET + PSCI 0.2 */
    unsigned ipa_max;          /* KVM_CAP_ARM_VM_IPA_SIZE (0 read as the 40-bit default) */
    unsigned ipa;              /* the VM's, as arch_kvm_vm_type() chose it */
    int serror_esr;            /* KVM_CAP_ARM_INJECT_SERROR_ESR */
    int ptrauth;               /* the vCPU has pointer authentication (keys unused) */
};

static void why_set(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
}

static int set_reg(int fd, uint64_t id, uint64_t v)
{
    struct kvm_one_reg r = {.id = id, .addr = (uint64_t)(uintptr_t)&v};
    return ioctl(fd, KVM_SET_ONE_REG, &r) < 0 ? -errno : 0;
}

static int get_reg(int fd, uint64_t id, uint64_t *v)
{
    struct kvm_one_reg r = {.id = id, .addr = (uint64_t)(uintptr_t)v};
    return ioctl(fd, KVM_GET_ONE_REG, &r) < 0 ? -errno : 0;
}

const struct arch_kvm_cap *arch_kvm_required_caps(size_t *n)
{
    static const struct arch_kvm_cap caps[] = {
        {KVM_CAP_ONE_REG, "KVM_CAP_ONE_REG"},
        {KVM_CAP_ARM_PSCI_0_2, "KVM_CAP_ARM_PSCI_0_2"},
        {KVM_CAP_VCPU_EVENTS, "KVM_CAP_VCPU_EVENTS"},
    };
    *n = sizeof(caps) / sizeof(caps[0]);
    return caps;
}

struct arch_kvm *arch_kvm_create(int kvm_fd, int vm_fd, char *why, size_t whylen)
{
    struct arch_kvm *a = calloc(1, sizeof(*a));
    if (!a) {
        why_set(why, whylen, "out of memory");
        return NULL;
    }
    int ipa = ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_VM_IPA_SIZE);
    a->ipa_max = ipa > 0 ? (unsigned)ipa : IPA_BITS;
    a->ipa = a->ipa_max < IPA_BITS ? a->ipa_max : IPA_BITS;
    a->serror_esr = ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_INJECT_SERROR_ESR) > 0;
    if (ioctl(vm_fd, KVM_ARM_PREFERRED_TARGET, &a->init) < 0) {
        why_set(why, whylen, "KVM_ARM_PREFERRED_TARGET: %s", strerror(errno));
        free(a);
        return NULL;
    }
    a->init.features[0] |= 1U << KVM_ARM_VCPU_PSCI_0_2;
    /*
     * Pointer authentication where KVM offers it (both halves together, api.rst
     * KVM_ARM_VCPU_INIT): the application sees PACA/PACG in AT_HWCAP when the
     * host has them, so its non-hint PAC instructions must not be UNDEFINED.
     * SCTLR_EL1.EnIA/EnIB/EnDA/EnDB stay 0, so signing is the identity: the
     * instructions run, the protection is not enforced.
     */
    if (ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_PTRAUTH_ADDRESS) > 0 &&
        ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_PTRAUTH_GENERIC) > 0) {
        a->init.features[0] |=
            (1U << KVM_ARM_VCPU_PTRAUTH_ADDRESS) | (1U << KVM_ARM_VCPU_PTRAUTH_GENERIC);
        a->ptrauth = 1;
    }
    return a;
}

long arch_kvm_vm_type(int kvm_fd, char *why, size_t whylen)
{
    /*
     * KVM_CAP_ARM_VM_IPA_SIZE is the largest IPA size a VM may ask for with
     * KVM_VM_TYPE_ARM_IPA_SIZE(n) (api.rst 4.2, KVM_CREATE_VM); 0 means the
     * host only offers the 40-bit default (type 0).
     */
    int max = ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_VM_IPA_SIZE);
    if (max <= 0)
        return 0;
    unsigned bits = (unsigned)max < IPA_BITS ? (unsigned)max : IPA_BITS;
    if (bits < IPA_BITS_NEEDED) {
        why_set(why, whylen, "KVM offers %u-bit guest physical addresses, %u needed", bits,
                IPA_BITS_NEEDED);
        return -1;
    }
    return (long)KVM_VM_TYPE_ARM_IPA_SIZE(bits);
}

void arch_kvm_destroy(struct arch_kvm *a)
{
    free(a);
}

void arch_kvm_describe(const struct arch_kvm *a, char *buf, size_t len)
{
    snprintf(buf, len,
             "target %u, PSCI 0.2, IPA %u bits (host max %u), TCR 0x%llx, SCTLR 0x%llx, "
             "MAIR 0x%llx, SError ESR %s, pointer auth %s",
             a->init.target, a->ipa, a->ipa_max, (unsigned long long)TCR_VALUE,
             (unsigned long long)SCTLR_VALUE, (unsigned long long)MAIR_VALUE,
             a->serror_esr ? "yes" : "no", a->ptrauth ? "instructions only" : "no");
}

size_t arch_kvm_image_install(const struct arch_kvm *a, uint8_t *arena, unsigned max_vcpus,
                              struct arch_kvm_region *out, size_t max)
{
    (void)a;
    size_t text = (size_t)(arch_ring0_end - arch_ring0_start);
    if (text > ARCH_KVM_TEXT_MAX || max < 2 + (size_t)max_vcpus)
        return 0;
    memcpy(arena + ARCH_KVM_TEXT_OFF, arch_ring0_start, text);
    size_t n = 0;
    out[n++] = (struct arch_kvm_region){ARCH_KVM_TEXT_OFF, (text + 4095) & ~4095UL,
                                        ARCH_KVM_ARENA_GPA + ARCH_KVM_TEXT_OFF,
                                        ARCH_PROT_READ | ARCH_PROT_EXEC, 0};
    /* The exit page: no slot behind it, device memory so nothing is speculated from it. */
    out[n++] = (struct arch_kvm_region){ARCH_KVM_EXIT_OFF, 4096, ARCH_KVM_EXIT_GPA,
                                        ARCH_PROT_READ | ARCH_PROT_WRITE, ARCH_PTE_DEVICE};
    for (unsigned i = 0; i < max_vcpus; i++) {
        uint64_t off = ARCH_KVM_VCPU_OFF + i * ARCH_KVM_VCPU_SIZE;
        out[n++] = (struct arch_kvm_region){off, ARCH_KVM_BLK_MAPPED, ARCH_KVM_ARENA_GPA + off,
                                            ARCH_PROT_READ | ARCH_PROT_WRITE, 0};
    }
    return n;
}

int arch_kvm_user_image(uint8_t *arena, uint64_t *va, uint64_t *len, uint64_t *gpa)
{
    /*
     * arch/arm64/signal.c returns a handler without SA_RESTORER (glibc gives
     * none on arm64) to arm64_sigtramp_addr(), inside the stub image at
     * arch_stub_base(). Map the same image there, as the ptrace platform has it.
     */
    size_t n = (size_t)(arch_stub_end - arch_stub_start);
    if (n > ARCH_KVM_UIMG_MAX)
        return 0;
    memcpy(arena + ARCH_KVM_UIMG_OFF, arch_stub_start, n);
    *va = arch_stub_base();
    *len = (n + 4095) & ~4095UL;
    *gpa = ARCH_KVM_ARENA_GPA + ARCH_KVM_UIMG_OFF;
    return 1;
}

int arch_kvm_vcpu_init(const struct arch_kvm *a, int vcpu_fd, unsigned id, uint8_t *block,
                       uint64_t root_gpa, char *why, size_t whylen)
{
    uint64_t blk_va = ARCH_KVM_KBASE + ARCH_KVM_VCPU_OFF + id * ARCH_KVM_VCPU_SIZE;
    struct arch_kvm_page *pg = (struct arch_kvm_page *)(block + ARCH_KVM_BLK_PAGE);
    memset(pg, 0, sizeof(*pg));
    pg->fp_va = blk_va + ARCH_KVM_BLK_FP;
    pg->exit_va = ARCH_KVM_KBASE + ARCH_KVM_EXIT_OFF;

    struct kvm_vcpu_init init = a->init;
    if (ioctl(vcpu_fd, KVM_ARM_VCPU_INIT, &init) < 0) {
        why_set(why, whylen, "KVM_ARM_VCPU_INIT (target %u): %s", init.target, strerror(errno));
        return -errno;
    }
    /*
     * KVM_ARM_VCPU_INIT leaves the vCPU in its reset state: EL1h, DAIF masked,
     * MMU off. These make it start in the image with the MMU on. The counter:
     * CNTVCT = the host's, so EL0's virtual counter reads match the host's.
     */
    uint64_t cnt;
    __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt));
    const struct {
        uint64_t id, val;
        const char *name;
    } regs[] = {
        {REG_MAIR_EL1, MAIR_VALUE, "MAIR_EL1"},
        {REG_TCR_EL1, TCR_VALUE, "TCR_EL1"},
        {REG_TTBR0_EL1, arch_pt_root_reg(root_gpa), "TTBR0_EL1"},
        {REG_TTBR1_EL1, arch_pt_root_reg(root_gpa), "TTBR1_EL1"},
        {REG_VBAR_EL1, ARCH_KVM_KBASE + ARCH_KVM_TEXT_OFF, "VBAR_EL1"},
        {REG_TPIDR_EL1, blk_va + ARCH_KVM_BLK_PAGE, "TPIDR_EL1"},
        {REG_CPACR_EL1, CPACR_FPEN, "CPACR_EL1"},
        {REG_CNTKCTL_EL1, CNTKCTL_EL0VCTEN, "CNTKCTL_EL1"},
        {REG_SCTLR_EL1, SCTLR_VALUE, "SCTLR_EL1"},
        {REG_SP_EL1, blk_va + ARCH_KVM_BLK_STACK_TOP, "SP_EL1"},
        {REG_PSTATE, PSTATE_EL1H_DAIF, "PSTATE"},
        {REG_PC,
         ARCH_KVM_KBASE + ARCH_KVM_TEXT_OFF + (uint64_t)(arch_ring0_entry - arch_ring0_start),
         "PC"},
        {KVM_REG_ARM_TIMER_CNT, cnt, "CNTVCT_EL0"},
    };
    for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
        int r = set_reg(vcpu_fd, regs[i].id, regs[i].val);
        if (r < 0) {
            why_set(why, whylen, "KVM_SET_ONE_REG %s = 0x%llx: %s", regs[i].name,
                    (unsigned long long)regs[i].val, strerror(-r));
            return r;
        }
    }
    return 0;
}

int arch_kvm_vcpu_park(int vcpu_fd, uint64_t root_gpa)
{
    /* Ring 0 runs from TTBR1; TTBR0 must just not point at a table that may be reused. */
    return set_reg(vcpu_fd, REG_TTBR0_EL1, arch_pt_root_reg(root_gpa));
}

void arch_kvm_sync_icache(const void *host, size_t len)
{
    /* DC CVAU + IC IVAU over the range, with their barriers (GCC's __clear_cache, libgcc). */
    char *p = (char *)(uintptr_t)host;
    __builtin___clear_cache(p, p + len);
}

int arch_kvm_exit_is_ring0(const struct kvm_run *run)
{
    return run->exit_reason == KVM_EXIT_MMIO && run->mmio.is_write &&
           run->mmio.phys_addr == ARCH_KVM_EXIT_GPA;
}

void arch_kvm_set_root(struct arch_kvm_page *pg, uint64_t root_gpa)
{
    pg->ttbr0 = arch_pt_root_reg(root_gpa);
    pg->flags |= ARCH_KVM_F_TTBR0;
}

enum arch_kvm_event arch_kvm_decode(struct arch_kvm_page *pg, struct arch_regs *r,
                                    struct arch_fault *f)
{
    uint64_t v = pg->vector;
    if (v == ARCH_KVM_VEC_DONE)
        return ARCH_KVM_DONE;
    if (v != ARCH_KVM_VEC_SYNC && v != ARCH_KVM_VEC_KICK)
        return ARCH_KVM_RING0_BUG;
    /* Ring 0 wrote every user register for these. */
    *r = pg->regs;
    if (v == ARCH_KVM_VEC_KICK)
        return ARCH_KVM_KICK;
    unsigned ec = (unsigned)(pg->esr >> ARM64_ESR_EC_SHIFT) & 0x3f;
    if (ec == ARM64_EC_SVC64) {
        /* ELR is past the svc; x0 is both the first argument and the result. */
        r->orig_x0 = r->x[0];
        return ARCH_KVM_SYSCALL;
    }
    int k = arch_kvm_esr_to_fault(pg->esr, pg->far, r->pc, r->sp, f);
    if (k > 0) {
        r->pc += 4; /* every A64 instruction is 4 bytes (Arm ARM C1.1) */
        return ARCH_KVM_RETRY;
    }
    if (ec == ARM64_EC_UNKNOWN || ec == ARM64_EC_SYS64)
        return ARCH_KVM_EMULATE;
    return ARCH_KVM_FAULT;
}

/*
 * MRS Xt, <sysreg> (Arm ARM C6.2.194): 0xd5300000 | op0[0] << 19 | op1 << 16 |
 * CRn << 12 | CRm << 8 | op2 << 5 | Rt, with op0 = 2 + op0[0].
 */
#define MRS_MASK 0xfff00000U
#define MRS_BITS 0xd5300000U

/*
 * The ID registers Linux emulates for EL0 (arch/arm64/kernel/cpufeature.c:
 * emulate_sys_reg(): Op0 = 3, Op1 = 0, CRn = 0, CRm = 0 or 2..7). The host
 * kernel emulates the same MRS for us, so execute it here: the guest sees the
 * host's user-visible view, minus what the vCPU lacks (below).
 */
#define ID_READ(crm, op2)                                                                          \
    case (crm) * 8 + (op2):                                                                        \
        __asm__ volatile("mrs %0, S3_0_C0_C" #crm "_" #op2 : "=r"(v));                          \
        break;
#define ID_ROW(crm)                                                                                \
    ID_READ(crm, 0) ID_READ(crm, 1) ID_READ(crm, 2) ID_READ(crm, 3) ID_READ(crm, 4)                \
    ID_READ(crm, 5) ID_READ(crm, 6) ID_READ(crm, 7)

static uint64_t id_read(unsigned crm, unsigned op2)
{
    uint64_t v = 0;
    switch (crm * 8 + op2) {
        ID_ROW(0)
        ID_ROW(2)
        ID_ROW(3)
        ID_ROW(4)
        ID_ROW(5)
        ID_ROW(6)
        ID_ROW(7)
    }
    /*
     * The vCPU has no SVE and no SME (KVM_ARM_VCPU_INIT without KVM_ARM_VCPU_SVE):
     * ID_AA64PFR0_EL1.SVE is bits 35:32, ID_AA64PFR1_EL1.SME bits 27:24 (Arm ARM,
     * System registers ID_AA64PFR0_EL1 and ID_AA64PFR1_EL1).
     */
    if (crm == 4 && op2 == 0)
        v &= ~(0xfULL << 32);
    if (crm == 4 && op2 == 1)
        v &= ~(0xfULL << 24);
    if (crm == 4 && op2 == 4)
        v = 0;                /* ID_AA64ZFR0_EL1: the SVE features */
    return v;
}

int arch_kvm_emulate(const struct arch_kvm *a, struct arch_regs *r, const uint8_t *insn, size_t n)
{
    (void)a;
    /* Without the host's emulation our own MRS would SIGILL us; the guest then gets SIGILL. */
    if (n < 4 || !(getauxval(AT_HWCAP) & LINUX_HWCAP_CPUID))
        return 0;
    uint32_t w;
    memcpy(&w, insn, 4);
    if ((w & MRS_MASK) != MRS_BITS)
        return 0;
    unsigned op0 = 2 + ((w >> 19) & 1), op1 = (w >> 16) & 7, crn = (w >> 12) & 0xf,
             crm = (w >> 8) & 0xf, op2 = (w >> 5) & 7, rt = w & 0x1f;
    if (op0 != 3 || op1 != 0 || crn != 0 || crm == 1 || crm > 7)
        return 0;
    if (rt != 31)
        r->x[rt] = id_read(crm, op2);
    r->pc += 4;
    return 1;
}

void arch_kvm_fp_load(const struct arch_kvm *a, uint8_t *block, const struct arch_fpstate *fp)
{
    (void)a;
    uint8_t *x = block + ARCH_KVM_BLK_FP;
    uint32_t n = fp->size < ARM64_FPSIMD_PAYLOAD ? fp->size : ARM64_FPSIMD_PAYLOAD;
    memset(x, 0, ARM64_FPSIMD_PAYLOAD);
    memcpy(x, fp->xsave, n);
    ((struct arch_kvm_page *)block)->flags |= ARCH_KVM_F_LOAD_FP;
}

void arch_kvm_fp_init(const struct arch_kvm *a, uint8_t *block)
{
    (void)a;
    /* A new process: every V register, FPSR and FPCR zero (Linux fpsimd_flush_thread()). */
    memset(block + ARCH_KVM_BLK_FP, 0, ARM64_FPSIMD_PAYLOAD);
    ((struct arch_kvm_page *)block)->flags |= ARCH_KVM_F_LOAD_FP;
}

void arch_kvm_fp_request_save(struct arch_kvm_page *pg)
{
    pg->flags = ARCH_KVM_F_SAVE_FP;
}

void arch_kvm_fp_store(const struct arch_kvm *a, const uint8_t *block, struct arch_fpstate *fp)
{
    (void)a;
    memcpy(fp->xsave, block + ARCH_KVM_BLK_FP, ARM64_FPSIMD_PAYLOAD);
    fp->size = ARM64_FPSIMD_PAYLOAD;
}

uint64_t arch_kvm_probe_code(uint8_t *code, uint32_t nr)
{
    /*
     * 1: movz x8, #lo16; movk x8, #hi16, lsl #16; svc #0; b 1b (Arm ARM C6.2:
     * MOVZ 0xd2800000, MOVK hw=1 0xf2a00000, SVC 0xd4000001, B 0x14000000 | imm26).
     */
    const uint32_t loop[] = {0xd2800000U | ((nr & 0xffff) << 5) | 8,
                             0xf2a00000U | ((nr >> 16) << 5) | 8, 0xd4000001U,
                             0x14000000U | (0x3ffffffU & (uint32_t)-3)};
    memcpy(code, loop, sizeof(loop));
    return 12;
}

void arch_kvm_request_ping(struct arch_kvm_page *pg, int alt)
{
    (void)alt; /* one exit kind on arm64 */
    pg->flags = ARCH_KVM_F_PING;
}

int arch_kvm_kick(int vcpu_fd, struct kvm_run *run)
{
    /*
     * No interrupt controller: make a virtual SError pending
     * (KVM_SET_VCPU_EVENTS, Documentation/virt/kvm/api.rst 4.32). Ring 0 runs
     * with PSTATE.A set, EL0 with it clear, so the SError is taken at the next
     * EL0 instruction boundary and lands in the lower-EL SError vector.
     */
    (void)run;
    struct kvm_vcpu_events ev;
    memset(&ev, 0, sizeof(ev));
    ev.exception.serror_pending = 1;
    return ioctl(vcpu_fd, KVM_SET_VCPU_EVENTS, &ev) < 0 ? -errno : 0;
}

int arch_kvm_exit_is_kick_window(const struct kvm_run *run)
{
    (void)run;
    return 0; /* the SError needs no window */
}

void arch_kvm_dump(int vcpu_fd, const struct arch_kvm_page *pg, void *out_file,
                   size_t (*read_insn)(void *cookie, uint64_t va, uint8_t *buf, size_t n),
                   void *cookie)
{
    FILE *out = out_file;
    uint64_t pc = 0, pstate = 0, sp1 = 0, elr = 0, esr = 0, far = 0, t0 = 0, t1 = 0, sctlr = 0;
    /* Error path only: the hot path never reads registers through ioctls. */
    if (get_reg(vcpu_fd, REG_PC, &pc) == 0) {
        get_reg(vcpu_fd, REG_PSTATE, &pstate);
        get_reg(vcpu_fd, REG_SP_EL1, &sp1);
        get_reg(vcpu_fd, REG_ELR_EL1, &elr);
        get_reg(vcpu_fd, REG_ESR_EL1, &esr);
        get_reg(vcpu_fd, REG_FAR_EL1, &far);
        get_reg(vcpu_fd, REG_TTBR0_EL1, &t0);
        get_reg(vcpu_fd, REG_TTBR1_EL1, &t1);
        get_reg(vcpu_fd, REG_SCTLR_EL1, &sctlr);
        fprintf(out,
                "  vcpu: pc %016llx pstate %08llx sp_el1 %016llx elr %016llx\n"
                "        esr %08llx far %016llx ttbr0 %llx ttbr1 %llx sctlr %llx\n",
                (unsigned long long)pc, (unsigned long long)pstate, (unsigned long long)sp1,
                (unsigned long long)elr, (unsigned long long)esr, (unsigned long long)far,
                (unsigned long long)t0, (unsigned long long)t1, (unsigned long long)sctlr);
        uint8_t code[4];
        struct arch_insn in;
        if (read_insn && read_insn(cookie, pc, code, 4) == 4 &&
            arch_decode_insn(code, 4, pc, &in) == 0)
            fprintf(out, "  at pc: %s\n", in.text);
    }
    if (!pg)
        return;
    fprintf(out, "  page: vector 0x%llx esr 0x%llx far 0x%llx flags 0x%llx; user pc %llx sp %llx\n",
            (unsigned long long)pg->vector, (unsigned long long)pg->esr,
            (unsigned long long)pg->far, (unsigned long long)pg->flags,
            (unsigned long long)pg->regs.pc, (unsigned long long)pg->regs.sp);
    if (pg->vector & ARCH_KVM_VEC_RING0 && pg->vector != ARCH_KVM_VEC_DONE) {
        fprintf(out, "  ring-0 exception (slot %llu) esr 0x%llx far 0x%llx at elr %llx spsr %llx\n",
                (unsigned long long)(pg->vector & 0xf), (unsigned long long)pg->k_esr,
                (unsigned long long)pg->k_far, (unsigned long long)pg->k_elr,
                (unsigned long long)pg->k_spsr);
        uint8_t code[4];
        struct arch_insn in;
        if (read_insn && read_insn(cookie, pg->k_elr, code, 4) == 4 &&
            arch_decode_insn(code, 4, pg->k_elr, &in) == 0)
            fprintf(out, "  at ring-0 elr: %s\n", in.text);
    }
}
