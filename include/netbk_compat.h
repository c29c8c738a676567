/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API drift, kept in one place. The code is written against the
 * newest names; this header maps them back for older kernels (6.1 first).
 */
#ifndef NETBK_COMPAT_H
#define NETBK_COMPAT_H

#include <linux/version.h>
#include <linux/timer.h>

/* 6.2 renamed del_timer*() to timer_delete*(). */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#define timer_delete_sync(t)	del_timer_sync(t)
#define timer_delete(t)		del_timer(t)
#endif

/* 6.16 renamed from_timer() to timer_container_of(). */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 16, 0)
#define timer_container_of(var, t, field)	from_timer(var, t, field)
#endif

/* 6.11 made xenbus_driver.remove return void. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 11, 0)
#define NETBK_XENBUS_REMOVE_TYPE	int
#define NETBK_XENBUS_REMOVE_RETURN	return 0
#else
#define NETBK_XENBUS_REMOVE_TYPE	void
#define NETBK_XENBUS_REMOVE_RETURN	return
#endif

#endif /* NETBK_COMPAT_H */
