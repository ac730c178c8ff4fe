/* SPDX-License-Identifier: MIT */
/* kernel/loader.c: ELF64 loading (ET_EXEC, ET_DYN, and the PT_INTERP interpreter) and the initial process stack. */
#include "loader.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "../arch/arch.h"
#include "filemap.h"
#include "log.h"
#include "memfile.h"
#include "mm.h"
#include "usercopy.h"

#define PAGE ARCH_PAGE_SIZE
#define PAGE_DOWN(x) ((x) & ~(PAGE - 1))
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))

/* Where Linux puts a static-PIE (ET_DYN without interpreter): ELF_ET_DYN_BASE for
 * x86_64 is 2/3 of TASK_SIZE; we use a fixed, page-aligned base in that region. */
#define PIE_BASE 0x555555554000ULL

#define MAX_PHDRS 64

static int prot_of(uint32_t pflags)
{
    return (pflags & PF_R ? LINUX_PROT_READ : 0) | (pflags & PF_W ? LINUX_PROT_WRITE : 0) |
           (pflags & PF_X ? LINUX_PROT_EXEC : 0);
}

static int read_full(int fd, void *buf, size_t len, off_t off)
{
    size_t done = 0;
    while (done < len) {
        ssize_t r = pread(fd, (char *)buf + done, len - done, off + (off_t)done);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return r < 0 ? -LINUX_EIO : (int)done;
        done += (size_t)r;
    }
    return (int)done;
}

/*
 * The image cache. Loading copies every segment into the memory file, and a
 * shell script execs the same few programs over and over. So the VMAs a
 * successful load produced are kept, per file: read-only ones by sharing
 * their memory-file range (no copy at all), writable ones as a pristine copy.
 * The next exec of an unchanged file maps those ranges, the writable ones
 * copy-on-write, so only the pages the program writes are copied; the pages
 * are already in the host's memory, so there is no read and no fault to fill
 * them either. A file counts as unchanged while
 * its device, inode, size, mtime and ctime are; memfd snapshots of in-sandbox
 * files (nlink 0) are not cached, since no later exec can name them.
 */
#define IMAGE_CACHE_SLOTS 8
#define IMAGE_MAX_VMAS 16
/*
 * A writable VMA up to this size (a static program's .data and .bss) is
 * copied at exec: a store copies a 16-page window anyway (mm.c), and nearly
 * every program stores there at once, at the cost of a fault and a remap.
 */
#define IMAGE_COPY_MAX (16 * 4096)

struct cached_vma {
    uaddr_t start, end;
    int prot;
    uint64_t mf_off;  /* the cache's own reference */
};

struct cached_image {
    int used;
    uint64_t last_use;
    struct file_key key;
    struct memfile *mf;
    struct exec_image img;
    struct cached_vma vma[IMAGE_MAX_VMAS];
    int nvma;
};

static struct cached_image image_cache[IMAGE_CACHE_SLOTS];
static uint64_t image_clock;
/* The memory file the entries live in (its id): one per runtime process. */
static uint64_t image_cache_mf;

static void image_drop(struct cached_image *c)
{
    for (int i = 0; i < c->nvma; i++)
        memfile_free(c->mf, c->vma[i].mf_off, c->vma[i].end - c->vma[i].start);
    memset(c, 0, sizeof(*c));
}

void loader_cache_flush(void)
{
    /* Called while the memory file is alive, so the entries' ranges can be freed. */
    for (int i = 0; i < IMAGE_CACHE_SLOTS; i++)
        if (image_cache[i].used)
            image_drop(&image_cache[i]);
}

static struct cached_image *image_lookup(const struct file_key *k, struct memfile *mf)
{
    for (int i = 0; i < IMAGE_CACHE_SLOTS; i++) {
        struct cached_image *c = &image_cache[i];
        if (c->used && c->mf == mf && !memcmp(&c->key, k, sizeof(*k))) {
            c->last_use = ++image_clock;
            return c;
        }
    }
    return NULL;
}

/* Map a cached image into (empty) @mm. 0 or -LINUX_E*; a partial map is the caller's to destroy. */
static int image_map(struct mm *mm, const struct cached_image *c, struct exec_image *img)
{
    for (int i = 0; i < c->nvma; i++) {
        const struct cached_vma *v = &c->vma[i];
        uint64_t len = v->end - v->start;
        uint64_t off = v->mf_off;
        if ((v->prot & LINUX_PROT_WRITE) && len <= IMAGE_COPY_MAX) {
            /* Copied now: the program's first store would copy it anyway, a fault later. */
            int64_t o = memfile_alloc(mm->mf, len);
            if (o < 0)
                return -LINUX_ENOMEM;
            memfile_copy(mm->mf, (uint64_t)o, v->mf_off, len);
            off = (uint64_t)o;
        } else if (memfile_share(mm->mf, v->mf_off, len) < 0) {
            /* Shared with the cache, the VMA is copy-on-write: data is copied as written. */
            return -LINUX_ENOMEM;
        }
        int r = mm_map_backing(mm, v->start, len, v->prot, LINUX_MAP_PRIVATE, off, "");
        if (r < 0)
            return r;
    }
    *img = c->img;
    return 0;
}

/* Remember what loading @k produced in @mm (its only VMAs so far). Best effort. */
static void image_remember(const struct file_key *k, struct mm *mm, const struct exec_image *img)
{
    if (mm->nvma > IMAGE_MAX_VMAS)
        return;
    struct cached_image *slot = &image_cache[0];
    for (int i = 0; i < IMAGE_CACHE_SLOTS; i++) {
        struct cached_image *c = &image_cache[i];
        if (!c->used) {
            slot = c;
            break;
        }
        if (c->last_use < slot->last_use)
            slot = c;
    }
    if (slot->used)
        image_drop(slot);
    struct cached_image c = {.used = 1, .last_use = ++image_clock, .key = *k, .mf = mm->mf,
                             .img = *img};
    for (size_t i = 0; i < mm->nvma; i++) {
        const struct vma *v = &mm->vma[i];
        uint64_t len = v->end - v->start;
        struct cached_vma *cv = &c.vma[c.nvma];
        *cv = (struct cached_vma){v->start, v->end, v->prot, v->mf_off};
        if (v->prot & LINUX_PROT_WRITE) {
            int64_t o = memfile_alloc(mm->mf, len);
            if (o < 0)
                break;
            memfile_copy(mm->mf, (uint64_t)o, v->mf_off, len);
            cv->mf_off = (uint64_t)o;
        } else if (memfile_share(mm->mf, v->mf_off, len) < 0) {
            break;
        }
        c.nvma++;
    }
    if ((size_t)c.nvma != mm->nvma) {
        image_drop(&c);
        return;
    }
    *slot = c;
}

static int load_elf(struct mm *mm, int fd, struct exec_image *img, int as_interp,
                    const char **why);

int loader_load_elf(struct mm *mm, int fd, struct exec_image *img, const char **why)
{
    struct file_key k;
    *why = NULL;
    /* A new memory file (tests make several) took the old entries' ranges with it. */
    if (image_cache_mf != mm->mf->id) {
        memset(image_cache, 0, sizeof(image_cache));
        image_cache_mf = mm->mf->id;
    }
    /* Only into an empty address space: the cache records all of its VMAs. */
    int cacheable = mm->nvma == 0 && file_key_of(fd, &k) == 0;
    struct cached_image *c = cacheable ? image_lookup(&k, mm->mf) : NULL;
    if (c)
        return image_map(mm, c, img);
    int r = load_elf(mm, fd, img, 0, why);
    if (r == 0 && cacheable)
        image_remember(&k, mm, img);
    return r;
}

int loader_load_interp(struct mm *mm, int fd, uaddr_t *entry, uaddr_t *base, const char **why)
{
    struct exec_image *ii = malloc(sizeof(*ii));
    if (!ii)
        return -LINUX_ENOMEM;
    int r = load_elf(mm, fd, ii, 1, why);
    if (r == 0) {
        *entry = ii->entry;
        *base = ii->load_bias;
    }
    free(ii);
    return r;
}

/*
 * Read PT_INTERP's path into @img->interp with load_elf_binary()'s checks: 2 to
 * PATH_MAX bytes, NUL-terminated. 0 or -LINUX_ENOEXEC.
 */
static int read_interp(int fd, const Elf64_Phdr *p, struct exec_image *img, const char **why)
{
    if (p->p_filesz < 2 || p->p_filesz > sizeof(img->interp) ||
        read_full(fd, img->interp, p->p_filesz, (off_t)p->p_offset) != (int)p->p_filesz ||
        img->interp[p->p_filesz - 1] != '\0') {
        *why = "corrupt ELF interpreter path";
        img->interp[0] = 0;
        return -LINUX_ENOEXEC;
    }
    return 0;
}

/*
 * Load one ELF file. The program (@as_interp 0) goes where Linux puts it: its
 * own addresses for ET_EXEC, PIE_BASE for ET_DYN, and its PT_INTERP path is
 * returned in @img->interp. The interpreter (@as_interp 1) goes, as
 * load_elf_interp() maps it, into the highest free gap below mmap_base, and
 * its own PT_INTERP, like Linux, is ignored.
 */
static int load_elf(struct mm *mm, int fd, struct exec_image *img, int as_interp,
                    const char **why)
{
    Elf64_Ehdr eh;
    Elf64_Phdr ph[MAX_PHDRS];
    memset(img, 0, sizeof(*img));
    *why = NULL;

    if (read_full(fd, &eh, sizeof(eh), 0) != (int)sizeof(eh) ||
        memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0) {
        *why = "not an ELF file";
        return -LINUX_ENOEXEC;
    }
    if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB) {
        *why = "not a 64-bit little-endian ELF file";
        return -LINUX_ENOEXEC;
    }
    if (eh.e_machine != LINUX_ELF_MACHINE) {
        *why = "ELF file is for another machine";
        return -LINUX_ENOEXEC;
    }
    if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) {
        *why = "ELF file is not an executable";
        return -LINUX_ENOEXEC;
    }
    if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 || eh.e_phnum > MAX_PHDRS) {
        *why = "corrupt ELF program header table";
        return -LINUX_ENOEXEC;
    }
    size_t phsz = (size_t)eh.e_phnum * sizeof(Elf64_Phdr);
    if (eh.e_phoff > (uint64_t)INT64_MAX - phsz ||
        read_full(fd, ph, phsz, (off_t)eh.e_phoff) != (int)phsz) {
        *why = "truncated or corrupt ELF program headers";
        return -LINUX_ENOEXEC;
    }

    uint64_t lo = UINT64_MAX, hi = 0;
    for (int i = 0; i < eh.e_phnum; i++) {
        if (ph[i].p_type == PT_INTERP && !as_interp && !img->interp[0]) {
            int r = read_interp(fd, &ph[i], img, why);
            if (r < 0)
                return r;
        }
        if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0)
            continue;
        const Elf64_Phdr *p = &ph[i];
        if (p->p_filesz > p->p_memsz || p->p_vaddr + p->p_memsz < p->p_vaddr ||
            p->p_offset + p->p_filesz < p->p_offset ||
            (p->p_align > 1 && ((p->p_vaddr - p->p_offset) % PAGE) != 0)) {
            *why = "corrupt ELF segment";
            return -LINUX_ENOEXEC;
        }
        if (p->p_vaddr < lo)
            lo = p->p_vaddr;
        if (p->p_vaddr + p->p_memsz > hi)
            hi = p->p_vaddr + p->p_memsz;
    }
    if (hi == 0) {
        *why = "ELF file has no loadable segment";
        return -LINUX_ENOEXEC;
    }
    uint64_t bias = eh.e_type == ET_DYN ? PIE_BASE - PAGE_DOWN(lo) : 0;
    if (as_interp && eh.e_type == ET_DYN) {
        uaddr_t at = mm_find_free(mm, PAGE_UP(hi) - PAGE_DOWN(lo));
        if (!at)
            return -LINUX_ENOMEM;
        bias = at - PAGE_DOWN(lo);
    }
    if (PAGE_DOWN(lo) + bias < mm->min_addr || hi + bias > mm->mmap_base || hi + bias < hi) {
        *why = "ELF segments outside the user address range";
        return -LINUX_ENOEXEC;
    }

    /* Map each segment writable, fill it from the file, then set its protection. */
    uint64_t prev_end = 0;
    for (int i = 0; i < eh.e_phnum; i++) {
        const Elf64_Phdr *p = &ph[i];
        if (p->p_type != PT_LOAD || p->p_memsz == 0)
            continue;
        uaddr_t start = PAGE_DOWN(p->p_vaddr + bias);
        uaddr_t end = PAGE_UP(p->p_vaddr + bias + p->p_memsz);
        /* Segments may share a page with the previous one (Linux maps over it). */
        if (start < prev_end)
            start = prev_end;
        if (start < end) {
            int64_t r = mm_map(mm, start, end - start, LINUX_PROT_READ | LINUX_PROT_WRITE,
                               LINUX_MAP_PRIVATE, 1, 0, "");
            if (r < 0)
                return (int)r;
        }
        if (p->p_filesz) {
            void *dst = mm_backing(mm, p->p_vaddr + bias, p->p_filesz);
            if (!dst) {
                /* Spans two VMAs (shared first page): copy in two steps. */
                char *tmp = malloc(p->p_filesz);
                int n = tmp ? read_full(fd, tmp, p->p_filesz, (off_t)p->p_offset) : -1;
                int ok = n == (int)p->p_filesz &&
                         copy_to_user(mm, p->p_vaddr + bias, tmp, p->p_filesz) == 0;
                free(tmp);
                if (!ok) {
                    *why = "truncated ELF file";
                    return -LINUX_ENOEXEC;
                }
            } else if (read_full(fd, dst, p->p_filesz, (off_t)p->p_offset) !=
                       (int)p->p_filesz) {
                *why = "truncated ELF file";
                return -LINUX_ENOEXEC;
            }
        }
        if (end > prev_end)
            prev_end = end;
    }
    for (int i = 0; i < eh.e_phnum; i++) {
        const Elf64_Phdr *p = &ph[i];
        if (p->p_type != PT_LOAD || p->p_memsz == 0)
            continue;
        uaddr_t start = PAGE_DOWN(p->p_vaddr + bias);
        uaddr_t end = PAGE_UP(p->p_vaddr + bias + p->p_memsz);
        int r = mm_protect(mm, start, end - start, prot_of(p->p_flags));
        if (r < 0)
            return r;
    }

    img->entry = eh.e_entry + bias;
    img->load_bias = bias;
    img->phent = sizeof(Elf64_Phdr);
    img->phnum = eh.e_phnum;
    img->brk = PAGE_UP(hi + bias);
    /* AT_PHDR: PT_PHDR if present, else the headers inside the first segment. */
    img->phdr = 0;
    for (int i = 0; i < eh.e_phnum; i++)
        if (ph[i].p_type == PT_PHDR)
            img->phdr = ph[i].p_vaddr + bias;
    if (!img->phdr)
        for (int i = 0; i < eh.e_phnum; i++)
            if (ph[i].p_type == PT_LOAD && ph[i].p_offset <= eh.e_phoff &&
                eh.e_phoff + phsz <= ph[i].p_offset + ph[i].p_filesz) {
                img->phdr = ph[i].p_vaddr + bias + (eh.e_phoff - ph[i].p_offset);
                break;
            }
    return 0;
}

/*
 * Push @n strings below *@sp, last first, recording each guest address in
 * @addrs; *@total counts their bytes against @limit. -1 once it is exceeded.
 */
static int push_strings(struct mm *mm, char *const *v, int n, uaddr_t *addrs, uaddr_t *sp,
                        uint64_t *total, uint64_t limit)
{
    for (int i = n - 1; i >= 0; i--) {
        size_t l = strlen(v[i]) + 1;
        *total += l;
        if (*total > limit)
            return -1;
        *sp -= l;
        addrs[i] = *sp;
        copy_to_user(mm, *sp, v[i], l);
    }
    return 0;
}

/* Copies of the strings are built top-down, then the pointer block below them. */
int64_t loader_build_stack(struct mm *mm, const struct exec_image *img,
                           const struct stack_args *a)
{
    uaddr_t top = mm->stack_top;
    int64_t base = mm_map(mm, top - LOADER_STACK_SIZE, LOADER_STACK_SIZE,
                          LINUX_PROT_READ | LINUX_PROT_WRITE,
                          LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS | LINUX_MAP_GROWSDOWN, 1, 0,
                          "[stack]");
    if (base < 0)
        return base;

    /* Linux limits argv+envp strings to a quarter of the stack (fs/exec.c). */
    uint64_t limit = LOADER_STACK_SIZE / 4, total = 0;
    uaddr_t sp = top;
    uaddr_t *argp = calloc((size_t)a->argc + 1, sizeof(uaddr_t));
    uaddr_t *envp = calloc((size_t)a->envc + 1, sizeof(uaddr_t));
    int64_t ret = -LINUX_ENOMEM;
    if (!argp || !envp)
        goto out;

    /* execfn at the very top, as Linux does, then envp and argv strings. */
    size_t fnlen = strlen(a->execfn) + 1;
    sp -= fnlen;
    uaddr_t execfn = sp;
    total += fnlen;
    if (push_strings(mm, a->envp, a->envc, envp, &sp, &total, limit) < 0) {
        ret = -LINUX_E2BIG;
        goto out;
    }
    mm->env_start = sp;
    mm->env_end = execfn;
    if (push_strings(mm, a->argv, a->argc, argp, &sp, &total, limit) < 0) {
        ret = -LINUX_E2BIG;
        goto out;
    }
    copy_to_user(mm, execfn, a->execfn, fnlen);
    /* Where argv and envp strings lie, as Linux records them for /proc/<pid>/{cmdline,environ}. */
    mm->arg_start = sp;
    mm->arg_end = mm->env_start;

    /* AT_PLATFORM string and 16 random bytes for AT_RANDOM. */
    size_t platlen = strlen(ARCH_NAME) + 1;
    sp -= platlen;
    uaddr_t platform = sp;
    copy_to_user(mm, platform, ARCH_NAME, platlen);
    uint8_t rnd[16];
    if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
        memset(rnd, 0x5a, sizeof(rnd));
    sp = (sp - sizeof(rnd)) & ~15ULL;
    uaddr_t random = sp;
    copy_to_user(mm, random, rnd, sizeof(rnd));

    uint64_t hwcap, hwcap2;
    arch_elf_hwcap(&hwcap, &hwcap2);
    /* create_elf_tables(): ARCH_DLINFO's AT_SYSINFO_EHDR comes first, when there is a vDSO. */
    const uint64_t auxv[][2] = {
        {LINUX_AT_SYSINFO_EHDR, a->sysinfo_ehdr},
        {LINUX_AT_HWCAP, hwcap},
        {LINUX_AT_PAGESZ, PAGE},
        {LINUX_AT_CLKTCK, 100},
        {LINUX_AT_PHDR, img->phdr},
        {LINUX_AT_PHENT, img->phent},
        {LINUX_AT_PHNUM, img->phnum},
        {LINUX_AT_BASE, img->interp_base},
        {LINUX_AT_FLAGS, 0},
        {LINUX_AT_ENTRY, img->entry},
        {LINUX_AT_UID, a->uid},
        {LINUX_AT_EUID, a->euid},
        {LINUX_AT_GID, a->gid},
        {LINUX_AT_EGID, a->egid},
        {LINUX_AT_SECURE, 0},
        {LINUX_AT_RANDOM, random},
        {LINUX_AT_HWCAP2, hwcap2},
        {LINUX_AT_EXECFN, execfn},
        {LINUX_AT_PLATFORM, platform},
        {LINUX_AT_NULL, 0},
    };
    size_t skip = a->sysinfo_ehdr ? 0 : 1; /* auxv entries left out at the front */
    size_t nwords = 1 + (size_t)a->argc + 1 + (size_t)a->envc + 1 + sizeof(auxv) / 8 - 2 * skip;
    sp = (sp - nwords * 8) & ~(uint64_t)(ARCH_STACK_ALIGN - 1);
    uint64_t *block = calloc(nwords, 8);
    if (!block)
        goto out;
    size_t k = 0;
    block[k++] = (uint64_t)a->argc;
    for (int i = 0; i < a->argc; i++)
        block[k++] = argp[i];
    block[k++] = 0;
    for (int i = 0; i < a->envc; i++)
        block[k++] = envp[i];
    block[k++] = 0;
    memcpy(&block[k], auxv[skip], sizeof(auxv) - skip * sizeof(auxv[0]));
    ret = copy_to_user(mm, sp, block, nwords * 8);
    free(block);
    if (ret == 0)
        ret = (int64_t)sp;
out:
    free(argp);
    free(envp);
    return ret;
}
