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

/* Netdev features: any distinct bits will do for the tests. */
typedef u64 netdev_features_t;
#define NETIF_F_SG		((netdev_features_t)1 << 0)
#define NETIF_F_IP_CSUM		((netdev_features_t)1 << 1)
#define NETIF_F_IPV6_CSUM	((netdev_features_t)1 << 2)
#define NETIF_F_TSO		((netdev_features_t)1 << 3)
#define NETIF_F_TSO6		((netdev_features_t)1 << 4)
#define NETIF_F_FRAGLIST	((netdev_features_t)1 << 5)
#define NETIF_F_RXCSUM		((netdev_features_t)1 << 6)

#endif
