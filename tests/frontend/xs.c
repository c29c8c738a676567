// SPDX-License-Identifier: GPL-2.0
/* netfront-test: xenstore helpers and the frontend state machine */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "nft.h"

static void xs_path(char *buf, size_t len, const char *dir, const char *key)
{
	snprintf(buf, len, "%s/%s", dir, key);
}

/* Value of DIR/KEY (malloc'd, NUL-terminated) or NULL. */
char *xs_get(struct fe *fe, const char *dir, const char *key)
{
	char path[256];
	unsigned int len;

	xs_path(path, sizeof(path), dir, key);
	return xs_read(fe->xs, XBT_NULL, path, &len);
}

int xs_get_int(struct fe *fe, const char *dir, const char *key, int def)
{
	char *v = xs_get(fe, dir, key);
	int r = def;

	if (v) {
		char *end;
		long l = strtol(v, &end, 10);

		if (end != v)
			r = (int)l;
		free(v);
	}
	return r;
}

int xs_put(struct fe *fe, xs_transaction_t t, const char *dir,
	   const char *key, const char *fmt, ...)
{
	char path[256], val[2048];
	va_list ap;
	int n;

	xs_path(path, sizeof(path), dir, key);
	va_start(ap, fmt);
	n = vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof(val))
		return -EINVAL;
	return xs_write(fe->xs, t, path, val, n) ? 0 : -errno;
}

int xs_del(struct fe *fe, xs_transaction_t t, const char *dir,
	   const char *key)
{
	char path[256];

	xs_path(path, sizeof(path), dir, key);
	if (xs_rm(fe->xs, t, path) || errno == ENOENT)
		return 0;
	return -errno;
}

int fe_backend_state(struct fe *fe)
{
	return xs_get_int(fe, fe->be_path, "state", XS_UNKNOWN);
}

/* Poll the backend's state until it is WANT; its last state otherwise. */
int fe_wait_backend_state(struct fe *fe, int want, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;
	int s;

	for (;;) {
		s = fe_backend_state(fe);
		if (s == want || now_ms() >= end)
			return s;
		sleep_ms(20);
	}
}

int fe_set_state(struct fe *fe, int state)
{
	return xs_put(fe, XBT_NULL, fe->fe_path, "state", "%d", state);
}
