/* SPDX-License-Identifier: MIT */
/* abi/linux.h: the one Linux ABI include for generic code; selects the built arch. */
#ifndef ABI_LINUX_H
#define ABI_LINUX_H

#include "errno.h"
#include "types.h"
#include "consts.h"

/*
 * The single architecture selector of abi/ (DESIGN.md, "Layers"). meson passes
 * RF_ARCH_AMD64 or RF_ARCH_ARM64 for the arch being built; tests that need both
 * layouts include the per-arch abi headers directly instead.
 */
#if defined(RF_ARCH_AMD64)
#include "amd64/arch_abi.h"
#include "amd64/syscall_nr.h"
#elif defined(RF_ARCH_ARM64)
#include "arm64/arch_abi.h"
#include "arm64/syscall_nr.h"
#else
#error "build must define RF_ARCH_AMD64 or RF_ARCH_ARM64"
#endif

#define LINUX_O_TMPFILE (LINUX_O_TMPFILE_BASE | LINUX_O_DIRECTORY)

#endif
