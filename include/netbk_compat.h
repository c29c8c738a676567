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
#if KERNEL_VERSION(6, 2, 0) > LINUX_VERSION_CODE
#define timer_delete_sync(t)	del_timer_sync(t)
#define timer_delete(t)		del_timer(t)
#endif

/* 6.16 renamed from_timer() to timer_container_of(). */
#if KERNEL_VERSION(6, 16, 0) > LINUX_VERSION_CODE
#define timer_container_of(var, t, field)	from_timer(var, t, field)
#endif

/*
 * 6.1 made xenbus_driver.remove return void (its xen/xenbus.h has the
 * void member). Write the remove function as void fn(struct xenbus_device *)
 * and register the wrapper @name that NETBK_DEFINE_XENBUS_REMOVE(name, fn)
 * defines with the kernel's type.
 */
#if KERNEL_VERSION(6, 1, 0) > LINUX_VERSION_CODE
#define NETBK_DEFINE_XENBUS_REMOVE(name, fn)		\
static int name(struct xenbus_device *dev)		\
{							\
	fn(dev);					\
	return 0;					\
}
#else
#define NETBK_DEFINE_XENBUS_REMOVE(name, fn)		\
static void name(struct xenbus_device *dev)		\
{							\
	fn(dev);					\
}
#endif

#endif /* NETBK_COMPAT_H */
