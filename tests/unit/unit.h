/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal unit-test harness. Each test file defines cases with
 * UNIT_TEST(name) { ... }; they register themselves, so adding a file
 * needs no edit elsewhere. The runner prints one line per case and ends
 * with "N passed, N failed".
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

typedef void (*unit_fn)(void);
void unit_register(const char *name, unit_fn fn);
void unit_fail(const char *file, int line, const char *expr);

#define UNIT_TEST(name)							\
	static void unit_##name(void);					\
	__attribute__((constructor)) static void unit_reg_##name(void)	\
	{								\
		unit_register(#name, unit_##name);			\
	}								\
	static void unit_##name(void)

/* Record a failure and leave the case: later checks would only cascade. */
#define CHECK(expr)							\
	do {								\
		if (!(expr)) {						\
			unit_fail(__FILE__, __LINE__, #expr);		\
			return;						\
		}							\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		long long _a = (long long)(a), _b = (long long)(b);	\
		if (_a != _b) {						\
			char _m[256];					\
			snprintf(_m, sizeof(_m), "%s == %s (%lld != %lld)", \
				 #a, #b, _a, _b);			\
			unit_fail(__FILE__, __LINE__, _m);		\
			return;						\
		}							\
	} while (0)

#endif
