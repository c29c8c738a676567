// SPDX-License-Identifier: GPL-2.0
/* Credit-based rate limit: parsing the rate key and the arithmetic. */
#include "unit.h"
#include "netbk_logic.h"

#define MS	1000000ull	/* ns */
#define U64MAX	(~(u64)0)
#define NR_ELEMS(a)	(sizeof(a) / sizeof((a)[0]))

static int parse(const char *s, u64 *b, u64 *u)
{
	*b = 12345;
	*u = 67890;
	return netbk_credit_parse(s, b, u);
}

UNIT_TEST(credit_parse_good)
{
	u64 b, u;

	CHECK_EQ(parse("1000,2000", &b, &u), 0);
	CHECK(b == 1000 && u == 2000);
	CHECK_EQ(parse("0,0", &b, &u), 0);
	CHECK(b == 0 && u == 0);
	CHECK_EQ(parse("007,08", &b, &u), 0);
	CHECK(b == 7 && u == 8);
	CHECK_EQ(parse("18446744073709551615,18446744073709551615", &b, &u), 0);
	CHECK(b == U64MAX && u == U64MAX);
}

UNIT_TEST(credit_parse_junk)
{
	static const char * const junk[] = {
		"", ",", "10", "10,", ",10", "abc,1", "1,abc", "1,2,3",
		"1;2", " 1,2", "1 ,2", "1, 2", "1,2 ", "1,2\n", "+1,2",
		"-1,2", "1,-2", "0x10,2", "1.5,2", "1,,2",
		"18446744073709551616,1",	/* 2^64 */
		"1,18446744073709551616",
		"99999999999999999999999999,1",
		"1,99999999999999999999999999",
	};
	unsigned int i;
	u64 b, u;

	CHECK(netbk_credit_parse(NULL, &b, &u) != 0);
	for (i = 0; i < NR_ELEMS(junk); i++) {
		if (parse(junk[i], &b, &u) == 0) {
			printf("  accepted \"%s\"\n", junk[i]);
			CHECK(0);
		}
		/* Junk leaves the outputs alone. */
		CHECK(b == 12345 && u == 67890);
	}
}

UNIT_TEST(credit_unlimited)
{
	struct netbk_credit c = { 0 };
	u64 retry = 42;
	int i;

	netbk_credit_set(&c, 0, 0, 0);
	CHECK(netbk_credit_unlimited(&c));
	for (i = 0; i < 1000; i++)
		CHECK(netbk_credit_take(&c, 65536, 0, &retry));
	netbk_credit_set(&c, 1000, 0, 0);	/* usec 0: unlimited */
	CHECK(netbk_credit_take(&c, 1u << 31, 0, &retry));
	netbk_credit_set(&c, 0, 1000, 0);	/* bytes 0: unlimited */
	CHECK(netbk_credit_take(&c, 1u << 31, 0, &retry));
	netbk_credit_set(&c, U64MAX, 1000, 0);	/* stock's default */
	CHECK(netbk_credit_unlimited(&c));
	CHECK(netbk_credit_take(&c, ~0u, 0, &retry));
	CHECK_EQ(retry, 42);
	/* A real rate is a limit, and so is a credit never set (zeroed). */
	netbk_credit_set(&c, 1000, 1000, 0);
	CHECK(!netbk_credit_unlimited(&c));
	memset(&c, 0, sizeof(c));
	CHECK(!netbk_credit_unlimited(&c));
}

UNIT_TEST(credit_exact_boundary)
{
	struct netbk_credit c = { 0 };
	u64 t0 = 5 * MS, retry = 0;

	netbk_credit_set(&c, 1500, 1000, t0);	/* 1500 bytes per ms */
	CHECK(netbk_credit_take(&c, 1000, t0, &retry));
	CHECK(netbk_credit_take(&c, 500, t0, &retry));	/* exactly all */
	CHECK(!netbk_credit_take(&c, 1, t0, &retry));
	CHECK_EQ(retry, t0 + MS);
	CHECK(netbk_credit_take(&c, 0, t0, &retry));	/* nothing is free */
	/* One ns before the window ends: still nothing. */
	CHECK(!netbk_credit_take(&c, 1, t0 + MS - 1, &retry));
	CHECK_EQ(retry, t0 + MS);
	/* At the end of the window: one window's worth, not more. */
	CHECK(netbk_credit_take(&c, 1500, t0 + MS, &retry));
	CHECK(!netbk_credit_take(&c, 1, t0 + MS, &retry));
	CHECK_EQ(retry, t0 + 2 * MS);
}

UNIT_TEST(credit_window_replenish)
{
	struct netbk_credit c = { 0 };
	u64 now = 0, retry = 0;
	int i;

	netbk_credit_set(&c, 1000, 1000, now);
	/* 1000 bytes every ms: a 1000-byte packet each window, no more. */
	for (i = 0; i < 10; i++) {
		CHECK(netbk_credit_take(&c, 1000, now, &retry));
		CHECK(!netbk_credit_take(&c, 1000, now, &retry));
		CHECK_EQ(retry, now + MS);
		now = retry;
	}
	/* An idle stretch refills one window, not fifty (stock's rule). */
	now += 50 * MS;
	CHECK(netbk_credit_take(&c, 1000, now, &retry));
	CHECK(!netbk_credit_take(&c, 1, now, &retry));
	CHECK_EQ(retry, now + MS);
	/* Credit left over carries into the next window. */
	now = retry;
	CHECK(netbk_credit_take(&c, 400, now, &retry));
	now += MS;
	CHECK(netbk_credit_take(&c, 1600, now, &retry));
	CHECK(!netbk_credit_take(&c, 1, now, &retry));
}

UNIT_TEST(credit_burst_cap)
{
	struct netbk_credit c = { 0 };
	u64 now = 0, retry = 0;
	int i;

	/* Small rate: credit piles up to 128 KiB and no further. */
	netbk_credit_set(&c, 1000, 1000, now);
	for (i = 0; i < 1000; i++) {
		now += MS;
		CHECK(netbk_credit_take(&c, 0, now, &retry));
	}
	CHECK_EQ(c.remaining, 131072);
	CHECK(netbk_credit_take(&c, 131072, now, &retry));
	CHECK(!netbk_credit_take(&c, 1, now, &retry));

	/* Large rate: the burst is one window's worth. */
	netbk_credit_set(&c, 1000000, 1000, now);
	for (i = 0; i < 100; i++) {
		now += MS;
		CHECK(netbk_credit_take(&c, 0, now, &retry));
	}
	CHECK_EQ(c.remaining, 1000000);
}

UNIT_TEST(credit_big_packet_goes)
{
	struct netbk_credit c = { 0 };
	u64 now = 0, retry = 0;
	unsigned int tries = 0;

	/* A 64 KiB GSO packet at 1000 bytes/ms: 65 more windows, no more. */
	netbk_credit_set(&c, 1000, 1000, now);
	while (!netbk_credit_take(&c, 65536, now, &retry)) {
		CHECK(retry > now);
		now = retry;
		CHECK(++tries <= 66);
	}
	CHECK_EQ(tries, 65);
	CHECK_EQ(now, 65 * MS);

	/* Even at 1 byte per window, the wait is bounded by the burst. */
	netbk_credit_set(&c, 1, 1, 0);
	now = 0;
	tries = 0;
	while (!netbk_credit_take(&c, 65536, now, &retry)) {
		now = retry;
		CHECK(++tries <= 65536);
	}
}

UNIT_TEST(credit_rate_change)
{
	struct netbk_credit c = { 0 };
	u64 retry = 0;

	netbk_credit_set(&c, 100000, 1000, 0);
	CHECK(netbk_credit_take(&c, 10000, 0, &retry));
	/* A lower rate cuts what is left; a higher one does not add. */
	netbk_credit_set(&c, 5000, 1000, 0);
	CHECK_EQ(c.remaining, 5000);
	netbk_credit_set(&c, 50000, 1000, 0);
	CHECK_EQ(c.remaining, 5000);
	/* From unlimited to limited: start with one full window. */
	netbk_credit_set(&c, 0, 0, 0);
	netbk_credit_set(&c, 3000, 1000, 0);
	CHECK_EQ(c.remaining, 3000);
}

UNIT_TEST(credit_clock_wrap)
{
	struct netbk_credit c = { 0 };
	u64 t0 = U64MAX - MS / 2, retry = 0;

	netbk_credit_set(&c, 1000, 1000, t0);
	CHECK(netbk_credit_take(&c, 1000, t0, &retry));
	CHECK(!netbk_credit_take(&c, 1, t0, &retry));
	CHECK_EQ(retry, t0 + MS);	/* wrapped past zero */
	CHECK(retry < t0);
	/* Just after the wrap, before the window ends: nothing. */
	CHECK(!netbk_credit_take(&c, 1, 5, &retry));
	/* The window ends after the wrap: credit comes back. */
	CHECK(netbk_credit_take(&c, 1000, t0 + MS, &retry));
}

UNIT_TEST(credit_huge_values)
{
	struct netbk_credit c = { 0 };
	u64 retry = 0;

	/* A near-infinite window: nothing after the first credit. */
	netbk_credit_set(&c, 1000, U64MAX, 0);
	CHECK(netbk_credit_take(&c, 1000, 0, &retry));
	CHECK(!netbk_credit_take(&c, 1, 1ull << 61, &retry));
	CHECK(retry > (1ull << 61));
	/* Huge bytes: adding a window saturates instead of wrapping. */
	c = (struct netbk_credit){ 0 };
	netbk_credit_set(&c, U64MAX - 1, 1, 0);
	CHECK(netbk_credit_take(&c, ~0u, 0, &retry));
	CHECK(netbk_credit_take(&c, 0, 1000, &retry));
	CHECK_EQ(c.remaining, U64MAX - 1);
	CHECK(netbk_credit_take(&c, ~0u, 1000, &retry));
}
