/* SPDX-License-Identifier: MIT */
/* arch/amd64/kvm.c: amd64 KVM glue: guest CPUID, control registers, MSRs, XCR0, exits, CPUID emulation. */
#include <errno.h>
#include <linux/kvm.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "../arch.h"

/* The image (ring0.S). */
extern const char arch_ring0_start[], arch_ring0_end[], arch_ring0_syscall[],
    arch_ring0_vectors[];

/* CPUID bits (SDM vol. 2A, CPUID; AMD APM vol. 3 appendix E). */
#define CPUID1_ECX_VMX (1U << 5)
#define CPUID1_ECX_PCID (1U << 17)
#define CPUID1_ECX_XSAVE (1U << 26)
#define CPUID1_ECX_OSXSAVE (1U << 27)
#define CPUID7_EBX_FSGSBASE (1U << 0)
#define CPUID7_EBX_SMEP (1U << 7)
#define CPUID7_EBX_SMAP (1U << 20)
#define CPUID7_ECX_UMIP (1U << 2)
#define CPUID7_ECX_PKU (1U << 3)
#define CPUID7_ECX_OSPKE (1U << 4)
#define CPUIDX1_ECX_SVM (1U << 2)

/* Control registers (SDM vol. 3A §2.5). */
#define CR0_PE (1ULL << 0)
#define CR0_MP (1ULL << 1)
#define CR0_ET (1ULL << 4)
#define CR0_NE (1ULL << 5)
#define CR0_WP (1ULL << 16)
#define CR0_AM (1ULL << 18) /* #AC for ring 3 with RFLAGS.AC, as Linux */
#define CR0_PG (1ULL << 31)
#define CR4_PAE (1ULL << 5)
#define CR4_PGE (1ULL << 7)
#define CR4_OSFXSR (1ULL << 9)
#define CR4_OSXMMEXCPT (1ULL << 10)
#define CR4_UMIP (1ULL << 11)
#define CR4_FSGSBASE (1ULL << 16)
#define CR4_PCIDE (1ULL << 17)
#define CR4_OSXSAVE (1ULL << 18)
#define CR4_SMEP (1ULL << 20)
#define CR4_SMAP (1ULL << 21)
/* EFER (SDM vol. 3A §2.2.1): SCE, LME, LMA, NXE. */
#define EFER_SCE (1ULL << 0)
#define EFER_LME (1ULL << 8)
#define EFER_LMA (1ULL << 10)
#define EFER_NXE (1ULL << 11)

/* MSRs (SDM vol. 4, Table 2-2). */
#define MSR_SYSENTER_CS 0x174
#define MSR_MISC_FEATURES_ENABLES 0x140 /* bit 0: CPUID faulting (KVM since Linux 4.12) */
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_SFMASK 0xc0000084
#define MSR_KERNEL_GS_BASE 0xc0000102
/* SFMASK: TF IF DF IOPL NT AC cleared on SYSCALL (Linux syscall_init()). */
#define SFMASK_VALUE 0x47700ULL

/* XCR0 components we let the application use: x87, SSE, AVX, AVX-512 (opmask, ZMM_Hi256,
 * Hi16_ZMM) = 0xe7 (SDM vol. 1 §13.1); not PKRU, MPX or AMX (as gVisor). */
#define XCR0_ALLOWED 0xe7ULL
/* The legacy region and XSAVE header (SDM vol. 1 §13.4). */
#define XSAVE_LEGACY 512
#define XSAVE_HDR 64
#define FXSAVE_MXCSR 24
#define FXSAVE_MXCSR_MASK 28
#define FCW_INIT 0x37f    /* FNINIT state (SDM vol. 1 §8.1.5) */
#define MXCSR_INIT 0x1f80 /* all exceptions masked (SDM vol. 1 §10.2.3.1) */

struct arch_kvm {
    struct kvm_cpuid2 *cpuid; /* what the vCPU gets (KVM_SET_CPUID2) */
    struct kvm_cpuid2 *emul;  /* what the application's CPUID returns */
    uint64_t cr4, xcr0;
    uint32_t xsave_size;      /* standard-format area for xcr0 */
    uint32_t mxcsr_mask;
    unsigned phys_bits;
    int cpuid_faulting;       /* -1 unknown, 0 no, 1 yes (from the first vCPU) */
};

static void why_set(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
}

static struct kvm_cpuid_entry2 *cpuid_find(struct kvm_cpuid2 *c, uint32_t fn, uint32_t idx)
{
    for (uint32_t i = 0; i < c->nent; i++) {
        struct kvm_cpuid_entry2 *e = &c->entries[i];
        if (e->function == fn &&
            (!(e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) || e->index == idx))
            return e;
    }
    return NULL;
}

static struct kvm_cpuid2 *get_supported(int kvm_fd)
{
    for (uint32_t n = 64; n <= 4096; n *= 2) {
        struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));
        if (!c)
            return NULL;
        c->nent = n;
        if (ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, c) == 0)
            return c;
        int e = errno;
        free(c);
        if (e != E2BIG)
            return NULL;
    }
    return NULL;
}

static struct kvm_cpuid2 *cpuid_dup(const struct kvm_cpuid2 *c)
{
    size_t sz = sizeof(*c) + c->nent * sizeof(c->entries[0]);
    struct kvm_cpuid2 *d = malloc(sz);
    if (d)
        memcpy(d, c, sz);
    return d;
}

/* Size of a standard-format XSAVE area holding @xcr0 (CPUID.(EAX=0DH,ECX=i): EAX size, EBX offset). */
static uint32_t xsave_size_for(struct kvm_cpuid2 *c, uint64_t xcr0)
{
    uint32_t size = XSAVE_LEGACY + XSAVE_HDR;
    for (unsigned i = 2; i < 63; i++) {
        if (!(xcr0 & (1ULL << i)))
            continue;
        struct kvm_cpuid_entry2 *e = cpuid_find(c, 0xd, i);
        if (e && e->ebx + e->eax > size)
            size = e->ebx + e->eax;
    }
    return size;
}

const struct arch_kvm_cap *arch_kvm_required_caps(size_t *n)
{
    static const struct arch_kvm_cap caps[] = {
        {KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID"},
        {KVM_CAP_SET_TSS_ADDR, "KVM_CAP_SET_TSS_ADDR"},
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
    a->cpuid_faulting = -1;
    a->cpuid = get_supported(kvm_fd);
    if (!a->cpuid) {
        why_set(why, whylen, "KVM_GET_SUPPORTED_CPUID failed: %s", strerror(errno));
        goto fail;
    }
    /* Leave out KVM's paravirtual leaves (0x4000_00xx): ring 0 uses none, the application
     * should not see a KVM it cannot talk to. */
    uint32_t n = 0;
    for (uint32_t i = 0; i < a->cpuid->nent; i++) {
        struct kvm_cpuid_entry2 e = a->cpuid->entries[i];
        if ((e.function & 0xffffff00) == 0x40000000)
            continue;
        a->cpuid->entries[n++] = e;
    }
    a->cpuid->nent = n;

    struct kvm_cpuid_entry2 *l1 = cpuid_find(a->cpuid, 1, 0);
    struct kvm_cpuid_entry2 *l7 = cpuid_find(a->cpuid, 7, 0);
    struct kvm_cpuid_entry2 *x1 = cpuid_find(a->cpuid, 0x80000001, 0);
    struct kvm_cpuid_entry2 *x8 = cpuid_find(a->cpuid, 0x80000008, 0);
    struct kvm_cpuid_entry2 *d0 = cpuid_find(a->cpuid, 0xd, 0);
    if (!l1 || !x1) {
        why_set(why, whylen, "KVM's CPUID has no leaf 1 or 0x80000001");
        goto fail;
    }
    /* No nested virtualization for the application (gVisor clears the same bits). */
    l1->ecx &= ~CPUID1_ECX_VMX;
    x1->ecx &= ~CPUIDX1_ECX_SVM;
    /* No protection keys: PKRU is not in our XCR0 and CR4.PKE stays clear. */
    if (l7)
        l7->ecx &= ~(CPUID7_ECX_PKU | CPUID7_ECX_OSPKE);

    a->phys_bits = x8 ? (x8->eax & 0xff) : 36;
    /* The memory file's slot ends at ARCH_KVM_USER_GPA + 64 GiB = 72 GiB: 37 bits. */
    if (a->phys_bits < 37) {
        why_set(why, whylen, "the vCPU has %u physical address bits, 37 needed", a->phys_bits);
        goto fail;
    }

    a->cr4 = CR4_PAE | CR4_PGE | CR4_OSFXSR | CR4_OSXMMEXCPT;
    if (l7 && (l7->ebx & CPUID7_EBX_SMEP))
        a->cr4 |= CR4_SMEP;
    if (l7 && (l7->ebx & CPUID7_EBX_SMAP))
        a->cr4 |= CR4_SMAP;
    if (l7 && (l7->ecx & CPUID7_ECX_UMIP))
        a->cr4 |= CR4_UMIP;
    if (l7 && (l7->ebx & CPUID7_EBX_FSGSBASE))
        a->cr4 |= CR4_FSGSBASE;
    if (l1->ecx & CPUID1_ECX_PCID)
        a->cr4 |= CR4_PCIDE; /* CR3 bits 11:0 stay 0: PCID 0 only */
    if ((l1->ecx & CPUID1_ECX_XSAVE) && d0 &&
        ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_XCRS) > 0) {
        a->cr4 |= CR4_OSXSAVE;
        a->xcr0 = (((uint64_t)d0->edx << 32) | d0->eax) & XCR0_ALLOWED;
        a->xsave_size = xsave_size_for(a->cpuid, a->xcr0);
    } else {
        /* No XSAVE: ring 0 uses FXSAVE/FXRSTOR, x87 and SSE only (SDM vol. 1 §10.5). */
        a->xcr0 = 0;
        a->xsave_size = XSAVE_LEGACY;
    }
    if (a->xsave_size > ARCH_KVM_BLK_XSAVE_MAX) {
        why_set(why, whylen, "XSAVE area of %u bytes does not fit", a->xsave_size);
        goto fail;
    }

    /* The host's MXCSR_MASK is the vCPU's: KVM runs the guest's SSE natively. */
    uint8_t fx[512] __attribute__((aligned(16)));
    memset(fx, 0, sizeof(fx));
    __asm__ volatile("fxsave64 %0" : "=m"(fx));
    memcpy(&a->mxcsr_mask, fx + FXSAVE_MXCSR_MASK, 4);
    if (!a->mxcsr_mask)
        a->mxcsr_mask = 0xffbf; /* SDM vol. 1 §11.6.6: the default when the field is 0 */

    /* What the application's CPUID returns: the vCPU's, as its CR4/XCR0 make it. */
    a->emul = cpuid_dup(a->cpuid);
    if (!a->emul) {
        why_set(why, whylen, "out of memory");
        goto fail;
    }
    struct kvm_cpuid_entry2 *e1 = cpuid_find(a->emul, 1, 0);
    e1->ecx |= CPUID1_ECX_OSXSAVE;
    e1->ebx &= 0x00ffffff; /* initial APIC id 0 */
    struct kvm_cpuid_entry2 *ed = cpuid_find(a->emul, 0xd, 0);
    if (a->xcr0 && ed) {
        ed->eax = (uint32_t)a->xcr0;
        ed->edx = (uint32_t)(a->xcr0 >> 32);
        ed->ebx = a->xsave_size;
    } else {
        e1->ecx &= ~CPUID1_ECX_OSXSAVE;
    }

    if (ioctl(vm_fd, KVM_SET_TSS_ADDR, (unsigned long)ARCH_KVM_TSS_GPA) < 0) {
        why_set(why, whylen, "KVM_SET_TSS_ADDR: %s", strerror(errno));
        goto fail;
    }
    return a;
fail:
    arch_kvm_destroy(a);
    return NULL;
}

long arch_kvm_vm_type(int kvm_fd, char *why, size_t whylen)
{
    /* x86 has one VM type for us (KVM_X86_DEFAULT_VM); the CPU's MAXPHYADDR is checked later. */
    (void)kvm_fd, (void)why, (void)whylen;
    return 0;
}

void arch_kvm_destroy(struct arch_kvm *a)
{
    if (!a)
        return;
    free(a->cpuid);
    free(a->emul);
    free(a);
}

void arch_kvm_describe(const struct arch_kvm *a, char *buf, size_t len)
{
    snprintf(buf, len,
             "cr4 0x%llx (smep %d smap %d umip %d fsgsbase %d pcid %d), xcr0 0x%llx, xsave %u "
             "bytes, %u phys bits, cpuid faulting %s",
             (unsigned long long)a->cr4, !!(a->cr4 & CR4_SMEP), !!(a->cr4 & CR4_SMAP),
             !!(a->cr4 & CR4_UMIP), !!(a->cr4 & CR4_FSGSBASE), !!(a->cr4 & CR4_PCIDE),
             (unsigned long long)a->xcr0, a->xsave_size, a->phys_bits,
             a->cpuid_faulting > 0 ? "on" : a->cpuid_faulting == 0 ? "off" : "?");
}

size_t arch_kvm_image_install(const struct arch_kvm *a, uint8_t *arena, unsigned max_vcpus,
                              struct arch_kvm_region *out, size_t max)
{
    (void)a;
    size_t text = (size_t)(arch_ring0_end - arch_ring0_start);
    if (text > ARCH_KVM_TEXT_MAX || max < 2 + (size_t)max_vcpus)
        return 0;
    memcpy(arena + ARCH_KVM_TEXT_OFF, arch_ring0_start, text);
    uint64_t vectors = ARCH_KVM_KBASE + ARCH_KVM_TEXT_OFF +
                       (uint64_t)(arch_ring0_vectors - arch_ring0_start);
    arch_kvm_idt_build((uint64_t *)(arena + ARCH_KVM_IDT_OFF), vectors);
    size_t n = 0;
    out[n++] = (struct arch_kvm_region){ARCH_KVM_TEXT_OFF, (text + 4095) & ~4095UL,
                                        ARCH_KVM_ARENA_GPA + ARCH_KVM_TEXT_OFF,
                                        ARCH_PROT_READ | ARCH_PROT_EXEC, 0};
    out[n++] = (struct arch_kvm_region){ARCH_KVM_IDT_OFF, 4096,
                                        ARCH_KVM_ARENA_GPA + ARCH_KVM_IDT_OFF, ARCH_PROT_READ, 0};
    for (unsigned i = 0; i < max_vcpus; i++) {
        uint64_t off = ARCH_KVM_VCPU_OFF + i * ARCH_KVM_VCPU_SIZE;
        out[n++] = (struct arch_kvm_region){off, ARCH_KVM_BLK_MAPPED, ARCH_KVM_ARENA_GPA + off,
                                            ARCH_PROT_READ | ARCH_PROT_WRITE, 0};
    }
    return n;
}

int arch_kvm_user_image(uint8_t *arena, uint64_t *va, uint64_t *len, uint64_t *gpa)
{
    /* glibc and musl always give SA_RESTORER on x86_64: no trampoline is needed. */
    (void)arena, (void)va, (void)len, (void)gpa;
    return 0;
}

static void seg(struct kvm_segment *s, uint16_t sel, uint8_t type, int code64)
{
    memset(s, 0, sizeof(*s));
    s->selector = sel;
    s->limit = 0xffffffff;
    s->type = type;
    s->present = 1;
    s->dpl = sel & 3;
    s->s = 1;
    s->l = code64;
    s->db = !code64;
    s->g = 1;
}

int arch_kvm_vcpu_init(const struct arch_kvm *ac, int vcpu_fd, unsigned id, uint8_t *block,
                       uint64_t root_gpa, char *why, size_t whylen)
{
    struct arch_kvm *a = (struct arch_kvm *)ac;
    uint64_t blk_va = ARCH_KVM_KBASE + ARCH_KVM_VCPU_OFF + id * ARCH_KVM_VCPU_SIZE;
    struct arch_kvm_page *pg = (struct arch_kvm_page *)(block + ARCH_KVM_BLK_PAGE);
    memset(pg, 0, sizeof(*pg));
    pg->xcr0 = a->xcr0;
    pg->stack_top = blk_va + ARCH_KVM_BLK_STACK_TOP;
    pg->xsave_va = blk_va + ARCH_KVM_BLK_XSAVE;
    arch_kvm_gdt_build((uint64_t *)(block + ARCH_KVM_BLK_GDT), blk_va + ARCH_KVM_BLK_TSS);
    arch_kvm_tss_build(block + ARCH_KVM_BLK_TSS, blk_va + ARCH_KVM_BLK_STACK_TOP);

    if (ioctl(vcpu_fd, KVM_SET_CPUID2, a->cpuid) < 0) {
        why_set(why, whylen, "KVM_SET_CPUID2: %s", strerror(errno));
        return -errno;
    }
    struct kvm_sregs sr;
    if (ioctl(vcpu_fd, KVM_GET_SREGS, &sr) < 0) {
        why_set(why, whylen, "KVM_GET_SREGS: %s", strerror(errno));
        return -errno;
    }
    seg(&sr.cs, ARCH_KVM_SEL_KCODE, 0xb, 1); /* execute/read, accessed */
    seg(&sr.ss, ARCH_KVM_SEL_KDATA, 0x3, 0); /* read/write, accessed */
    seg(&sr.ds, ARCH_KVM_SEL_UDATA, 0x3, 0);
    sr.es = sr.fs = sr.gs = sr.ds;
    sr.gs.base = blk_va; /* ring 0's GS: the page; swapgs trades it for the user's */
    memset(&sr.tr, 0, sizeof(sr.tr));
    sr.tr.selector = ARCH_KVM_SEL_TSS;
    sr.tr.base = blk_va + ARCH_KVM_BLK_TSS;
    sr.tr.limit = ARCH_KVM_TSS_SIZE - 1;
    sr.tr.type = 0xb;
    sr.tr.present = 1;
    memset(&sr.ldt, 0, sizeof(sr.ldt));
    sr.ldt.type = 2;
    sr.ldt.unusable = 1;
    sr.gdt.base = blk_va + ARCH_KVM_BLK_GDT;
    sr.gdt.limit = ARCH_KVM_GDT_ENTRIES * 8 - 1;
    sr.idt.base = ARCH_KVM_KBASE + ARCH_KVM_IDT_OFF;
    sr.idt.limit = 256 * 16 - 1;
    sr.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_AM | CR0_PG;
    sr.cr3 = arch_pt_root_reg(root_gpa);
    sr.cr4 = a->cr4;
    sr.efer = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE;
    if (ioctl(vcpu_fd, KVM_SET_SREGS, &sr) < 0) {
        why_set(why, whylen, "KVM_SET_SREGS (cr4 0x%llx): %s", (unsigned long long)a->cr4,
                strerror(errno));
        return -errno;
    }

    uint64_t syscall_va = ARCH_KVM_KBASE + ARCH_KVM_TEXT_OFF +
                          (uint64_t)(arch_ring0_syscall - arch_ring0_start);
    struct {
        struct kvm_msrs hdr;
        struct kvm_msr_entry e[8];
    } m;
    memset(&m, 0, sizeof(m));
    const struct {
        uint32_t idx;
        uint64_t val;
    } msrs[] = {
        /* STAR[47:32] = kernel CS, STAR[63:48] = 32-bit user CS (SDM vol. 2B, SYSCALL). */
        {MSR_STAR, ((uint64_t)ARCH_KVM_SEL_UCODE32 << 48) | ((uint64_t)ARCH_KVM_SEL_KCODE << 32)},
        {MSR_LSTAR, syscall_va},
        {MSR_CSTAR, syscall_va},
        {MSR_SFMASK, SFMASK_VALUE},
        {MSR_KERNEL_GS_BASE, 0},
        {MSR_SYSENTER_CS, 0}, /* SYSENTER from ring 3 then #GPs */
        {MSR_MISC_FEATURES_ENABLES, 1}, /* last: optional */
    };
    unsigned nm = sizeof(msrs) / sizeof(msrs[0]);
    for (unsigned i = 0; i < nm; i++) {
        m.e[i].index = msrs[i].idx;
        m.e[i].data = msrs[i].val;
    }
    m.hdr.nmsrs = nm;
    /* KVM_SET_MSRS returns how many it set, stopping at the first it refuses. */
    int set = ioctl(vcpu_fd, KVM_SET_MSRS, &m);
    if (set < (int)nm - 1) {
        why_set(why, whylen, "KVM_SET_MSRS: set %d of %u (msr 0x%x refused)", set, nm - 1,
                set >= 0 ? msrs[set].idx : 0);
        return -EINVAL;
    }
    if (a->cpuid_faulting < 0)
        a->cpuid_faulting = set == (int)nm;

    struct kvm_xcrs x;
    memset(&x, 0, sizeof(x));
    if (!a->xcr0)
        goto regs;
    x.nr_xcrs = 1;
    x.xcrs[0].xcr = 0;
    x.xcrs[0].value = a->xcr0;
    if (ioctl(vcpu_fd, KVM_SET_XCRS, &x) < 0) {
        why_set(why, whylen, "KVM_SET_XCRS (xcr0 0x%llx): %s", (unsigned long long)a->xcr0,
                strerror(errno));
        return -errno;
    }

regs:;
    /* The only KVM_SET_REGS: the vCPU's first instruction. Afterwards it always
     * continues where its last exit left it, in the image's loop. */
    struct kvm_regs r;
    memset(&r, 0, sizeof(r));
    r.rip = ARCH_KVM_KBASE + ARCH_KVM_TEXT_OFF;
    r.rsp = blk_va + ARCH_KVM_BLK_STACK_TOP;
    r.rflags = 0x2;
    if (ioctl(vcpu_fd, KVM_SET_REGS, &r) < 0) {
        why_set(why, whylen, "KVM_SET_REGS: %s", strerror(errno));
        return -errno;
    }
    return 0;
}

int arch_kvm_vcpu_park(int vcpu_fd, uint64_t root_gpa)
{
    struct kvm_sregs sr;
    if (ioctl(vcpu_fd, KVM_GET_SREGS, &sr) < 0)
        return -errno;
    sr.cr3 = arch_pt_root_reg(root_gpa);
    return ioctl(vcpu_fd, KVM_SET_SREGS, &sr) < 0 ? -errno : 0;
}

void arch_kvm_sync_icache(const void *host, size_t len)
{
    /* Instruction fetch snoops stores on x86 (SDM vol. 3A §11.6, self-modifying code). */
    (void)host, (void)len;
}

int arch_kvm_exit_is_ring0(const struct kvm_run *run)
{
    return run->exit_reason == KVM_EXIT_IO && run->io.port == ARCH_KVM_EXIT_PORT &&
           run->io.direction == KVM_EXIT_IO_OUT;
}

void arch_kvm_set_root(struct arch_kvm_page *pg, uint64_t root_gpa)
{
    pg->cr3 = arch_pt_root_reg(root_gpa);
    pg->flags |= ARCH_KVM_F_CR3;
}

enum arch_kvm_event arch_kvm_decode(struct arch_kvm_page *pg, struct arch_regs *r,
                                    struct arch_fault *f)
{
    uint64_t v = pg->vector;
    if (v == ARCH_KVM_VEC_DONE)
        return ARCH_KVM_DONE;
    if (v >= ARCH_KVM_VEC_RING0)
        return ARCH_KVM_RING0_BUG;
    /* The image wrote every user register for the other vectors. */
    uint64_t ds = r->ds, es = r->es, fs = r->fs, gs = r->gs;
    *r = pg->regs;
    r->ds = ds, r->es = es, r->fs = fs, r->gs = gs;
    if (v == ARCH_KVM_VEC_SYSCALL)
        return ARCH_KVM_SYSCALL;
    if (v == ARCH_KVM_VEC_KICK)
        return ARCH_KVM_KICK;
    int k = arch_kvm_trap_to_fault((int)v, pg->error_code, pg->cr2, r->rip, pg->fpu_sw, pg->dr6, f);
    if (k < 0)
        return ARCH_KVM_RING0_BUG;
    if (k > 0)
        return ARCH_KVM_RETRY;
    /* CPUID faulting raises #GP(0) (SDM vol. 3B, MISC_FEATURES_ENABLES). */
    if (v == 13 && pg->error_code == 0)
        return ARCH_KVM_EMULATE;
    return ARCH_KVM_FAULT;
}

int arch_kvm_emulate(const struct arch_kvm *a, struct arch_regs *r, const uint8_t *insn, size_t n)
{
    struct arch_insn in;
    if (arch_decode_insn(insn, n, r->rip, &in) < 0 || !in.is_cpuid)
        return 0;
    uint32_t fn = (uint32_t)r->rax, idx = (uint32_t)r->rcx;
    struct kvm_cpuid_entry2 *e = cpuid_find(a->emul, fn, idx);
    /* A leaf KVM does not list reads as zeroes (what AMD CPUs return past the maximum). */
    r->rax = e ? e->eax : 0;
    r->rbx = e ? e->ebx : 0;
    r->rcx = e ? e->ecx : 0;
    r->rdx = e ? e->edx : 0;
    r->rip += in.len;
    return 1;
}

void arch_kvm_fp_load(const struct arch_kvm *a, uint8_t *block, const struct arch_fpstate *fp)
{
    uint8_t *x = block + ARCH_KVM_BLK_XSAVE;
    uint32_t n = fp->size < a->xsave_size ? fp->size : a->xsave_size;
    memset(x, 0, a->xsave_size);
    memcpy(x, fp->xsave, n);
    /*
     * XRSTOR #GPs (in ring 0) on a bad header or MXCSR (SDM vol. 1 §13.8.1);
     * the image may come from a sigreturn frame, so make it valid the way
     * Linux's copy_sigframe_from_user_to_xstate()/validate_user_xstate_header() expect.
     */
    uint64_t bv;
    if (a->xsave_size == XSAVE_LEGACY)
        goto mxcsr; /* FXRSTOR: no header */
    memcpy(&bv, x + XSAVE_LEGACY, 8);
    bv &= a->xcr0;
    memcpy(x + XSAVE_LEGACY, &bv, 8);
    memset(x + XSAVE_LEGACY + 8, 0, XSAVE_HDR - 8); /* XCOMP_BV 0 (standard form), reserved */
mxcsr:;
    uint32_t mxcsr;
    memcpy(&mxcsr, x + FXSAVE_MXCSR, 4);
    mxcsr &= a->mxcsr_mask;
    memcpy(x + FXSAVE_MXCSR, &mxcsr, 4);
    ((struct arch_kvm_page *)block)->flags |= ARCH_KVM_F_LOAD_FP;
}

void arch_kvm_fp_init(const struct arch_kvm *a, uint8_t *block)
{
    uint8_t *x = block + ARCH_KVM_BLK_XSAVE;
    memset(x, 0, a->xsave_size);
    /* XSTATE_BV 0: XRSTOR puts every component in its init state; MXCSR is
     * loaded from the image regardless (SDM vol. 1 §13.8.1). */
    uint16_t fcw = FCW_INIT;
    uint32_t mxcsr = MXCSR_INIT;
    memcpy(x, &fcw, 2);
    memcpy(x + FXSAVE_MXCSR, &mxcsr, 4);
    ((struct arch_kvm_page *)block)->flags |= ARCH_KVM_F_LOAD_FP;
}

void arch_kvm_fp_request_save(struct arch_kvm_page *pg)
{
    pg->flags = ARCH_KVM_F_SAVE_FP;
}

void arch_kvm_fp_store(const struct arch_kvm *a, const uint8_t *block, struct arch_fpstate *fp)
{
    memcpy(fp->xsave, block + ARCH_KVM_BLK_XSAVE, a->xsave_size);
    fp->size = a->xsave_size;
}

uint64_t arch_kvm_probe_code(uint8_t *code, uint32_t nr)
{
    /* 1: mov $nr, %eax (b8 imm32); syscall (0f 05); jmp 1b (eb rel8) - SDM vol. 2 opcodes. */
    const uint8_t loop[] = {0xb8, nr & 0xff, (nr >> 8) & 0xff, (nr >> 16) & 0xff, nr >> 24,
                            0x0f, 0x05, 0xeb, 0xf7};
    memcpy(code, loop, sizeof(loop));
    return 7;
}

void arch_kvm_request_ping(struct arch_kvm_page *pg, int alt)
{
    pg->flags = alt ? ARCH_KVM_F_PING_HLT : ARCH_KVM_F_PING;
}

int arch_kvm_kick(int vcpu_fd, struct kvm_run *run)
{
    /*
     * Without an in-kernel irqchip, KVM_INTERRUPT queues an external interrupt
     * when the guest can take one (IF=1, which holds only in ring 3 here);
     * otherwise ask for an exit when it can (KVM_EXIT_IRQ_WINDOW_OPEN).
     */
    if (run->ready_for_interrupt_injection) {
        struct kvm_interrupt irq = {.irq = ARCH_KVM_VEC_KICK};
        run->request_interrupt_window = 0;
        return ioctl(vcpu_fd, KVM_INTERRUPT, &irq) < 0 ? -errno : 0;
    }
    run->request_interrupt_window = 1;
    return 0;
}

int arch_kvm_exit_is_kick_window(const struct kvm_run *run)
{
    return run->exit_reason == KVM_EXIT_IRQ_WINDOW_OPEN;
}

void arch_kvm_dump(int vcpu_fd, const struct arch_kvm_page *pg, void *out_file,
                   size_t (*read_insn)(void *cookie, uint64_t va, uint8_t *buf, size_t n),
                   void *cookie)
{
    FILE *out = out_file;
    struct kvm_regs r;
    struct kvm_sregs s;
    /* Error path only: the hot path never reads registers through ioctls. */
    if (ioctl(vcpu_fd, KVM_GET_REGS, &r) == 0 && ioctl(vcpu_fd, KVM_GET_SREGS, &s) == 0) {
        fprintf(out,
                "  vcpu: rip %016llx rsp %016llx rflags %08llx cs %04x ss %04x\n"
                "        rax %016llx rbx %016llx rcx %016llx rdx %016llx\n"
                "        rsi %016llx rdi %016llx rbp %016llx r8  %016llx\n"
                "        cr0 %llx cr2 %llx cr3 %llx cr4 %llx efer %llx\n",
                (unsigned long long)r.rip, (unsigned long long)r.rsp,
                (unsigned long long)r.rflags, s.cs.selector, s.ss.selector,
                (unsigned long long)r.rax, (unsigned long long)r.rbx, (unsigned long long)r.rcx,
                (unsigned long long)r.rdx, (unsigned long long)r.rsi, (unsigned long long)r.rdi,
                (unsigned long long)r.rbp, (unsigned long long)r.r8, (unsigned long long)s.cr0,
                (unsigned long long)s.cr2, (unsigned long long)s.cr3, (unsigned long long)s.cr4,
                (unsigned long long)s.efer);
        uint8_t code[16];
        size_t n = read_insn ? read_insn(cookie, r.rip, code, sizeof(code)) : 0;
        struct arch_insn in;
        if (n && arch_decode_insn(code, n, r.rip, &in) == 0)
            fprintf(out, "  at rip: %s\n", in.text);
    }
    if (pg) {
        fprintf(out,
                "  page: vector 0x%llx error 0x%llx cr2 0x%llx flags 0x%llx; user rip %llx rsp "
                "%llx\n",
                (unsigned long long)pg->vector, (unsigned long long)pg->error_code,
                (unsigned long long)pg->cr2, (unsigned long long)pg->flags,
                (unsigned long long)pg->regs.rip, (unsigned long long)pg->regs.rsp);
        if (pg->vector >= ARCH_KVM_VEC_RING0 && pg->vector < ARCH_KVM_VEC_DONE) {
            fprintf(out, "  ring-0 exception %llu error 0x%llx at rip %llx rsp %llx cr2 %llx\n",
                    (unsigned long long)(pg->vector & 0xff), (unsigned long long)pg->k_err,
                    (unsigned long long)pg->k_rip, (unsigned long long)pg->k_rsp,
                    (unsigned long long)pg->k_cr2);
            uint8_t code[16];
            size_t n = read_insn ? read_insn(cookie, pg->k_rip, code, sizeof(code)) : 0;
            struct arch_insn in;
            if (n && arch_decode_insn(code, n, pg->k_rip, &in) == 0)
                fprintf(out, "  at ring-0 rip: %s\n", in.text);
        }
    }
}
