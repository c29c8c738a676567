// SPDX-License-Identifier: GPL-2.0
/*
 * Credit-based rate limit of guest TX, as the "rate" xenstore key sets
 * it: "bytes,usec" lets the guest send @bytes every @usec microseconds.
 *
 * The semantics are the stock driver's: credit is replenished by one
 * window's worth when a window has passed, and may pile up to a burst of
 * max(128 KiB, bytes), so that a 64 KiB GSO packet always goes through
 * eventually even when the rate is smaller than the packet. Times are in
 * nanoseconds from a monotonic clock that may wrap: every comparison is
 * done on differences, like time_after_eq64().
 */
#include "netbk_logic.h"

#define NETBK_U64_MAX		(~(u64)0)
#define NETBK_CREDIT_UNLIMITED	NETBK_U64_MAX
/* Allow a burst big enough for a 64 KiB (and up to 128 KiB) packet. */
#define NETBK_CREDIT_MIN_BURST	131072ull
#define NETBK_NSEC_PER_USEC	1000ull
/*
 * Longest window we keep: 2^62 ns (about 146 years). Differences of
 * times stay below 2^63, so the wrap-safe comparisons remain right.
 */
#define NETBK_CREDIT_WINDOW_MAX	0x4000000000000000ull

/* Digits only, at least one, no sign, no space; -1 on overflow. */
int netbk_parse_u64(const char **sp, u64 *val)
{
	const char *s = *sp;
	u64 v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned int digit = (unsigned int)(*s - '0');

		if (v > (NETBK_U64_MAX - digit) / 10)
			return -1;
		v = v * 10 + digit;
	}
	*sp = s;
	*val = v;
	return 0;
}

int netbk_credit_parse(const char *s, u64 *bytes, u64 *usec)
{
	u64 b, u;

	if (!s || netbk_parse_u64(&s, &b) || *s++ != ',')
		return -1;
	if (netbk_parse_u64(&s, &u) || *s != '\0')
		return -1;
	*bytes = b;
	*usec = u;
	return 0;
}

bool netbk_credit_unlimited(const struct netbk_credit *c)
{
	return c->bytes == NETBK_CREDIT_UNLIMITED;
}

static u64 netbk_credit_window(const struct netbk_credit *c)
{
	if (c->usec >= NETBK_CREDIT_WINDOW_MAX / NETBK_NSEC_PER_USEC)
		return NETBK_CREDIT_WINDOW_MAX;
	return c->usec * NETBK_NSEC_PER_USEC;
}

/* Has @now reached @t? Right across a wrap of the clock. */
static bool netbk_time_reached(u64 now, u64 t)
{
	return (s64)(now - t) >= 0;
}

/* One window's credit, without wrapping, capped at the burst. */
static void netbk_credit_add(struct netbk_credit *c)
{
	u64 burst = c->bytes > NETBK_CREDIT_MIN_BURST ?
		    c->bytes : NETBK_CREDIT_MIN_BURST;
	u64 sum = c->remaining + c->bytes;

	if (sum < c->remaining)
		sum = NETBK_U64_MAX;
	c->remaining = sum < burst ? sum : burst;
}

void netbk_credit_set(struct netbk_credit *c, u64 bytes, u64 usec, u64 now)
{
	/* A rate already in force (not a zeroed or unlimited one). */
	bool was_limited = c->bytes != 0 && !netbk_credit_unlimited(c);

	c->window_start = now;
	if (bytes == 0 || usec == 0 || bytes == NETBK_CREDIT_UNLIMITED) {
		c->bytes = NETBK_CREDIT_UNLIMITED;
		c->usec = 0;
		c->remaining = NETBK_U64_MAX;
		return;
	}
	c->bytes = bytes;
	c->usec = usec;
	/* Start with a full window; a lower rate also cuts what is left. */
	if (!was_limited || c->remaining > bytes)
		c->remaining = bytes;
}

bool netbk_credit_take(struct netbk_credit *c, unsigned int size, u64 now,
		       u64 *retry)
{
	u64 next;

	if (netbk_credit_unlimited(c))
		return true;

	next = c->window_start + netbk_credit_window(c);
	if (netbk_time_reached(now, next)) {
		c->window_start = now;
		netbk_credit_add(c);
		next = now + netbk_credit_window(c);
	}

	if (size > c->remaining) {
		*retry = next;
		return false;
	}
	c->remaining -= size;
	return true;
}
