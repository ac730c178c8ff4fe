/* SPDX-License-Identifier: MIT */
/* machine/pgtable.h: arm64 page-table encoding for the KVM platform (not built yet on arm64). */
#ifndef MACHINE_PGTABLE_H
#define MACHINE_PGTABLE_H

/* Filled in with the arm64 KVM platform (4 KiB granule, 4 levels; Arm ARM D8.3). */

#endif
