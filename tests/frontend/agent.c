// SPDX-License-Identifier: GPL-2.0
/*
 * netfront-test: requests to the dom0 agent. The tool writes
 * data/nft/req = "SEQ DEVID VERB ARGS..." in its own domain's xenstore
 * directory (writable by the guest and by dom0); the agent (agent.sh)
 * runs the verb in dom0 and answers data/nft/rsp = "SEQ RC TEXT".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "nft.h"

/* "SEQ RC TEXT" in data/nft/rsp matching SEQ: RC, else -EAGAIN. */
static int agent_answer(struct fe *fe, const char *seq, char *out,
			size_t outlen)
{
	char *v = xs_get(fe, fe->data_path, "rsp");
	size_t sl = strlen(seq);
	int rc = -EAGAIN;

	if (v && !strncmp(v, seq, sl) && v[sl] == ' ') {
		char *rest;

		rc = strtol(v + sl + 1, &rest, 10);
		if (out)
			snprintf(out, outlen, "%s",
				 *rest == ' ' ? rest + 1 : rest);
	}
	free(v);
	return rc;
}

/*
 * Wait for the answer to SEQ by polling: no xenstore watch here, as the
 * threaded mode a watch switches libxenstore to does not work in this
 * static build (reads and writes fail after it). RC, or -ETIMEDOUT.
 */
static int agent_wait(struct fe *fe, const char *seq, char *out,
		      size_t outlen, int timeout_ms)
{
	long long start = now_ms(), end = start + timeout_ms;
	int rc;

	while ((rc = agent_answer(fe, seq, out, outlen)) == -EAGAIN) {
		if (now_ms() >= end)
			return -ETIMEDOUT;
		sleep_ms(now_ms() - start < 300 ? 10 : 30);
	}
	return rc;
}

int agent_call(struct fe *fe, char *out, size_t outlen, int timeout_ms,
	       const char *fmt, ...)
{
	char args[400], seq[32];
	va_list ap;
	int rc;

	if (out && outlen)
		*out = 0;
	if (fe->no_agent)
		return -ENOSYS;
	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(seq, sizeof(seq), "%d.%u", (int)getpid(), ++fe->agent_seq);
	if (xs_put(fe, XBT_NULL, fe->data_path, "req", "%s %u %s", seq,
		   fe->devid, args))
		return -EIO;
	rc = agent_wait(fe, seq, out, outlen, timeout_ms);
	if (rc == -ETIMEDOUT)
		say("agent: no answer to '%s'", args);
	return rc;
}

/* The backend interface's name and the dom0 bridge's address. */
int agent_info(struct fe *fe)
{
	char out[256], mac[32];
	int rc = agent_call(fe, out, sizeof(out), 10000, "info");

	if (rc)
		return rc < 0 ? rc : -EIO;
	kv_get(out, "vif", fe->vifname, sizeof(fe->vifname));
	if (!kv_get(out, "mac", mac, sizeof(mac)) ||
	    parse_mac(mac, fe->dom0_mac))
		return -EINVAL;
	return 0;
}

int agent_stat(struct fe *fe, const char *key, long *val)
{
	char out[600];
	int rc = agent_call(fe, out, sizeof(out), 10000, "stats");

	if (rc)
		return -1;
	*val = kv_long(out, key, -1);
	return 0;
}

/* 0 once dom0 sees carrier WANT on the vif within SECONDS. */
int agent_wait_carrier(struct fe *fe, int want, int seconds)
{
	return agent_call(fe, NULL, 0, seconds * 1000 + 10000,
			  "wait-carrier %d %d", want, seconds);
}

/* Whether the capture summary lists SEQ among the intact frames. */
int agent_captured(struct fe *fe, const char *summary, uint32_t seq)
{
	char want[16], seen[4096];
	const char *p;
	size_t n;

	(void)fe;
	if (!kv_get(summary, "seen", seen, sizeof(seen)))
		return 0;
	n = snprintf(want, sizeof(want), "%x", seq);
	for (p = seen; p && *p; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (!strncmp(p, want, n) && (p[n] == ',' || !p[n]))
			return 1;
	}
	return 0;
}

/* The result line: on stdout and in data/nft/result for dom0. */
void result_put(struct fe *fe, const char *fmt, ...)
{
	const char *seq = getenv("NFT_SEQ");
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printf("NFT-RESULT %s\n", line);
	fflush(stdout);
	if (fe->xs && fe->data_path[0])
		xs_put(fe, XBT_NULL, fe->data_path, "result", "%s %s",
		       seq ? seq : "0", line);
}

/* agent-ping: ask the agent for "info" and say what came back. */
int agent_ping(unsigned int devid)
{
	static struct fe fe;
	char out[400];
	long long t0;
	int rc;

	if (fe_open_xs(&fe, devid))
		return 2;
	t0 = now_ms();
	rc = agent_call(&fe, out, sizeof(out), 10000, "info");
	result_put(&fe, "case=agent-ping rc=%d ms=%lld %s", rc, now_ms() - t0,
		   out);
	return rc ? 1 : 0;
}
