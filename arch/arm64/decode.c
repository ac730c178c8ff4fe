/* SPDX-License-Identifier: MIT */
/* arch/arm64/decode.c: the one capstone call site on arm64 (crash reports). */
#include <capstone/capstone.h>
#include <stdio.h>
#include <string.h>

#include "../arch.h"

int arch_decode_insn(const uint8_t *code, size_t n, uint64_t pc, struct arch_insn *out)
{
    csh h;
    cs_insn *insn = NULL;
    memset(out, 0, sizeof(*out));
    /* A handle per call: callers are rare (traps, crashes) and may be on any thread. */
    if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &h) != CS_ERR_OK)
        return -1;
    size_t got = cs_disasm(h, code, n, pc, 1, &insn);
    int r = -1;
    if (got == 1) {
        out->len = insn[0].size;
        snprintf(out->text, sizeof(out->text), "%.31s %.63s", insn[0].mnemonic, insn[0].op_str);
        r = 0;
    }
    if (insn)
        cs_free(insn, got);
    cs_close(&h);
    return r;
}
