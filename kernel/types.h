/* SPDX-License-Identifier: MIT */
/* kernel/types.h: scalar handle types shared by the core and the platforms. */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H

#include <stdint.h>

/* A guest virtual address. Never cast to a pointer: go through kernel/usercopy.c. */
typedef uint64_t uaddr_t;

#endif
