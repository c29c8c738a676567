// SPDX-License-Identifier: GPL-2.0
/* Runner for the unit tests: runs every registered case, or those named. */
#include <stdlib.h>
#include "unit.h"

#define UNIT_MAX 1024

static struct {
	const char *name;
	unit_fn fn;
} cases[UNIT_MAX];
static int nr_cases;
static int case_failed;

void unit_register(const char *name, unit_fn fn)
{
	if (nr_cases == UNIT_MAX) {
		fprintf(stderr, "too many unit tests\n");
		exit(2);
	}
	cases[nr_cases].name = name;
	cases[nr_cases].fn = fn;
	nr_cases++;
}

void unit_fail(const char *file, int line, const char *expr)
{
	printf("  %s:%d: check failed: %s\n", file, line, expr);
	case_failed = 1;
}

static int selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return 1;
	for (i = 1; i < argc; i++)
		if (strstr(name, argv[i]))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int i, passed = 0, failed = 0;

	for (i = 0; i < nr_cases; i++) {
		if (!selected(cases[i].name, argc, argv))
			continue;
		case_failed = 0;
		cases[i].fn();
		printf("%s %s\n", case_failed ? "FAIL" : "PASS", cases[i].name);
		if (case_failed)
			failed++;
		else
			passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed || !passed;
}
