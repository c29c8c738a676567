/* SPDX-License-Identifier: GPL-2.0 */
/* The few kernel types the pure logic uses, for userspace unit tests. */
#ifndef UAPI_SHIM_H
#define UAPI_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

#define BIT(n)	(1UL << (n))

/* Single whole accesses, as the kernel's (the tests run one thread). */
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))

#endif
