/* SPDX-License-Identifier: MIT */
/* tests/unit/fake_platform.h: a platform that records what the core tells it, for unit tests. */
#ifndef TESTS_UNIT_FAKE_PLATFORM_H
#define TESTS_UNIT_FAKE_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "../../kernel/memfile.h"
#include "../../kernel/mm.h"
#include "../../kernel/platform.h"

/*
 * The fake keeps two things per address space: the log of every as_map,
 * as_unmap and as_protect call, and a mirror of what a real platform would
 * have mapped after those calls (ranges of memory-file offsets and their
 * protection). Tests assert on the log ("the platform was told to unmap
 * exactly this range") and compare the mirror with the mm's VMAs ("the
 * platform and the core agree on every page").
 *
 * Calls a host kernel would refuse (unaligned or empty ranges, protecting
 * unmapped pages, offsets outside the memory file) fail with the errno the
 * host would give and are counted in bad_calls, so a test can require zero.
 */

enum fake_op { FAKE_MAP = 1, FAKE_UNMAP, FAKE_PROTECT };

struct fake_call {
    enum fake_op op;
    uaddr_t addr;
    uint64_t len;
    uint64_t off; /* FAKE_MAP only */
    int prot;     /* FAKE_MAP and FAKE_PROTECT */
};

struct fake_range {
    uaddr_t start, end;
    uint64_t off; /* memory-file offset of start */
    int prot;
};

struct platform_as {
    struct platform *platform;
    struct fake_call *calls;
    size_t ncalls, capcalls;
    struct fake_range *ranges; /* sorted, non-overlapping */
    size_t nranges, capranges;
    int fail_next_map;     /* when < 0, the next as_map returns it and does nothing */
    int fail_next_unmap;   /* likewise for as_unmap */
    int fail_next_protect; /* likewise for as_protect */
    int bad_calls;         /* calls a host kernel would have refused */
};

/*
 * A thread context: only its FP state is modelled. fp_fetch hands out fp_size
 * bytes (0: none) of a pattern built from fp_seed, like a platform whose
 * FP state is live in the context.
 */
struct platform_ctx {
    struct platform_as *as;
    uint32_t fp_size;
    uint8_t fp_seed;
    int fp_fetches;
    int fail_fp_fetch; /* when < 0, fp_fetch returns it */
};

/** fake_fp_byte - byte @i of the FP image a context with @seed hands out. */
static inline uint8_t fake_fp_byte(uint8_t seed, size_t i)
{
    return (uint8_t)(seed + i * 13 + (i >> 7));
}

extern const struct platform_ops fake_platform_ops;

/* Address spaces created and not yet destroyed, across all fake platforms. */
extern int fake_platform_live;
/* When < 0, the next as_create fails with it. */
extern int fake_platform_fail_create;

/** fake_platform_init - a platform using fake_platform_ops over @mf. */
void fake_platform_init(struct platform *p, struct memfile *mf);

/** fake_as_clear_log - forget the calls recorded so far (the mirror stays). */
void fake_as_clear_log(struct platform_as *as);

/** fake_as_count - how many recorded calls are of kind @op. */
size_t fake_as_count(const struct platform_as *as, enum fake_op op);

/** fake_as_last - the most recent call of kind @op, or NULL. */
const struct fake_call *fake_as_last(const struct platform_as *as, enum fake_op op);

/** fake_as_prot_at - the protection of the page at @addr in the mirror, -1 if unmapped. */
int fake_as_prot_at(const struct platform_as *as, uaddr_t addr);

/**
 * fake_as_matches_mm - 1 if the mirror maps exactly the pages of @mm's VMAs,
 * each at the VMA's memory-file offset with the VMA's protection; else 0 and
 * a description of the first difference in @why.
 */
int fake_as_matches_mm(const struct platform_as *as, struct mm *mm, char *why, size_t len);

/* A memory file, a fake platform and an mm laid out the way kernel/kernel.c does it. */
struct fake_env {
    struct memfile mf;
    struct platform p;
    struct mm *mm;
};

/** fake_env_setup - build @e with a memory file of @mf_size bytes. 0 or -errno. */
int fake_env_setup(struct fake_env *e, uint64_t mf_size);

/**
 * fake_env_teardown - destroy the mm and the memory file. Returns the bytes
 * the memory file still counted as allocated after mm_destroy (0 unless
 * something leaked), or -1 if the address space was not destroyed.
 */
int64_t fake_env_teardown(struct fake_env *e);

#define FAKE_PAGE 4096ULL
#define FAKE_MF_SIZE (1ULL << 30)

/* For tests that include <cmocka.h>: fail unless the platform agrees with the mm. */
#define assert_platform_matches(mm)                                                                \
    do {                                                                                           \
        char why_[256];                                                                            \
        if (!fake_as_matches_mm((mm)->as, (mm), why_, sizeof(why_)))                               \
            fail_msg("platform and mm disagree: %s", why_);                                        \
        assert_int_equal((mm)->as->bad_calls, 0);                                                  \
    } while (0)

#endif
