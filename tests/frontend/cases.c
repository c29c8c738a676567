// SPDX-License-Identifier: GPL-2.0
/*
 * netfront-test: running one case and judging it. A case connects a
 * fresh frontend, does its thing, and names the outcome class it saw;
 * the verdict is PASS when that is the class the stock driver gives.
 *
 * Outcome classes:
 *   fatal      no answer to the bad request nor to a good one after it,
 *              carrier off in dom0: the vif is disabled
 *   error      error responses for the bad request, the vif still works
 *   dropped    dom0 counted the frames as dropped, the vif still works
 *   stalled    carrier went off while the guest gave no RX slots, and
 *              came back once it gave them
 *   delivered  the frames reached dom0 (or the guest) intact
 *   spurious   dom0 counted spurious events, the vif still works
 *   bounded    dom0 survived the flood unchanged, the vif still works
 *   conform    every answer was the expected one (conform mode)
 *   refused    connect-time keys refused: xenbus_dev_fatal()'s error node
 *              and log line, carrier never on, and a clean connect after
 *              it works (the backend's xenstore state may read Connected:
 *              stock switches to it after the fatal error's Closing)
 *   connected  connect-time keys accepted: the vif carries frames
 *   feature-on, feature-off  a garbage feature-sg value read as set /
 *              unset (MTU 9000 allowed / refused on the vif), vif works
 *   settled    a frontend flapping its state left the backend in
 *              InitWait, no error, and a clean connect after it works
 *   n/a        the backend does not offer the feature the case needs
 * and for what should not happen: stuck (no answer, carrier on), broken
 * (an error for a good frame), lost (OK but never seen in dom0), corrupt
 * (a damaged frame or a response nobody asked for), accepted (a bad
 * request served as if it were good), unbounded (a storm cost dom0 work
 * per notification), starved (a second guest got no throughput).
 */
#include <stdio.h>
#include <stdlib.h>

#include "nft.h"

const struct nft_case *case_find(const struct nft_case *tab,
				 const char *name)
{
	for (; tab->name; tab++)
		if (!strcmp(tab->name, name))
			return tab;
	return NULL;
}

/* Send one small frame of known content; 1 OK, -1 error, 0 no answer. */
int probe_tx(struct fe *fe, uint32_t seq)
{
	uint8_t buf[256];
	unsigned int len;
	long long end;
	int id;

	len = frame_build(buf, 200, FK_RAW, fe->dom0_mac, fe->mac, seq);
	tx_reap(fe);
	id = tx_send(fe, buf, len, NFT_PAGE, 0, NULL);
	if (id < 0)
		return 0;
	tx_push(fe);
	fe_kick(fe, fe->port_tx);
	for (end = now_ms() + 2000; now_ms() < end; fe_wait_event(fe, 20)) {
		tx_reap(fe);
		if (fe->tx_answered[id])
			return fe->tx_status[id] == NETIF_RSP_OKAY ? 1 : -1;
	}
	return 0;
}

void tally_cb(struct fe *fe, struct rx_frame *f, void *arg)
{
	struct rx_tally *t = arg;
	uint32_t seq;
	unsigned int i;
	int rc;

	(void)fe;
	if (f->status) {
		t->err++;
		return;
	}
	if (f->slots > t->max_slots)
		t->max_slots = f->slots;
	for (i = 0; i < f->nextra; i++)
		if (f->extra[i].type == XEN_NETIF_EXTRA_TYPE_HASH)
			t->hash_extras++;
	rc = frame_check(f->data, f->len, &seq);
	if (rc < 0) {
		t->other++;
		return;
	}
	if (rc)
		t->bad++;
	else
		t->ok++;
	if (seq == t->want) {
		t->got_want = true;
		t->want_ok = !rc;
		t->want_offset = f->offset;
		t->want_xdp = -1;
		for (i = 0; i < f->nextra; i++)
			if (f->extra[i].type == NFT_EXTRA_TYPE_XDP)
				t->want_xdp = f->extra[i].u.pad[0];
	}
}

/* Give the backend RX slots and tell it so. */
void rx_refill(struct fe *fe, unsigned int n)
{
	rx_post(fe, n, true);
	fe_kick(fe, fe->port_rx);
}

/*
 * Have dom0 send one frame of SIZE bytes with SEQ to the guest; 1 if it
 * arrived intact, -1 damaged, 0 not at all. *SLOTS gets its slot count.
 */
int probe_rx_slots(struct fe *fe, uint32_t seq, unsigned int size,
			  unsigned int *slots)
{
	struct rx_tally t = { .want = seq };
	long long end;

	if (rx_outstanding(fe) < 32)
		rx_refill(fe, NFT_NBUF);
	if (agent_call(fe, NULL, 0, 10000, "inject 1 %u %x", size, seq))
		return 0;
	for (end = now_ms() + 3000; now_ms() < end; fe_wait_event(fe, 20)) {
		rx_reap(fe, tally_cb, &t);
		if (t.got_want)
			break;
	}
	if (slots)
		*slots = t.max_slots;
	return t.got_want ? (t.want_ok ? 1 : -1) : 0;
}

int probe_rx(struct fe *fe, uint32_t seq, unsigned int size)
{
	return probe_rx_slots(fe, seq, size, NULL);
}

/* Receive whatever is there for MS milliseconds. */
void rx_drain(struct fe *fe, int ms, void *tally)
{
	long long end = now_ms() + ms;

	do {
		rx_reap(fe, tally ? tally_cb : NULL, tally);
	} while (fe_wait_event(fe, 20) || now_ms() < end);
}

void judge_begin(struct fe *fe, struct judge *j)
{
	memset(j, 0, sizeof(*j));
	j->before = fe->st;
}

void judge_expect(struct judge *j, uint32_t seq)
{
	if (j->nframes < 64)
		j->frames[j->nframes++] = seq;
}

static unsigned int frames_captured(struct fe *fe, struct judge *j,
				    const char *cap)
{
	unsigned int i, n = 0;

	for (i = 0; i < j->nframes; i++)
		n += agent_captured(fe, cap, j->frames[i]);
	return n;
}

/*
 * After a bad TX input: wait for its responses, then send a good frame
 * and look at dom0. Returns the outcome class, DETAIL says why.
 */
const char *judge_tx(struct fe *fe, struct judge *j, char *d, size_t len)
{
	unsigned long ok, err, drop, bogus;
	unsigned int pending, got;
	char stats[600], cap[4096];
	long carrier, cap_bad;
	int probe, seen;

	tx_wait_idle(fe, 2000);
	pending = fe->tx.req_prod_pvt - fe->tx.rsp_cons;
	ok = fe->st.tx_ok - j->before.tx_ok;
	err = fe->st.tx_err - j->before.tx_err;
	drop = fe->st.tx_dropped - j->before.tx_dropped;
	bogus = fe->st.tx_bogus - j->before.tx_bogus;
	probe = probe_tx(fe, NFT_SEQ_PROBE | 1);
	agent_call(fe, stats, sizeof(stats), 10000, "stats");
	agent_call(fe, cap, sizeof(cap), 10000, "cap %x",
		   NFT_SEQ_PROBE | 1);
	carrier = kv_long(stats, "carrier", -1);
	cap_bad = kv_long(cap, "bad", 0);
	seen = agent_captured(fe, cap, NFT_SEQ_PROBE | 1);
	got = frames_captured(fe, j, cap);
	snprintf(d, len,
		 "rsp_ok=%lu rsp_err=%lu rsp_dropped=%lu pending=%u probe=%d probe_seen=%d carrier=%ld frames=%u/%u cap_bad=%ld bogus=%lu fatal_log=%ld",
		 ok, err, drop, pending, probe, seen, carrier, got, j->nframes,
		 cap_bad, bogus, kv_long(stats, "fatal_log", -1));
	if (probe == 0)
		return carrier == 0 ? "fatal" : "stuck";
	if (probe < 0)
		return "broken";
	if (!seen && !fe->no_agent)
		return "lost";
	if (cap_bad > 0 || bogus)
		return "corrupt";
	if (err || drop)
		return "error";
	if (pending)
		return "stuck";
	if (got < j->nframes && !fe->no_agent)
		return "lost";
	return "delivered";
}

/* The vif still carries a frame each way (after a flood, a storm...). */
int vif_works(struct fe *fe, uint32_t seq)
{
	char cap[4096];

	if (probe_tx(fe, seq) != 1)
		return 0;
	agent_call(fe, cap, sizeof(cap), 10000, "cap %x", seq);
	if (!fe->no_agent && !agent_captured(fe, cap, seq))
		return 0;
	return probe_rx(fe, seq + 1, 300) == 1 || fe->no_agent;
}

static int ctrl_step(struct fe *fe, const struct ctrl_step *s,
		     uint32_t *data)
{
	uint32_t *map = fe->ctrl_buf;
	uint32_t d0 = s->d0 == CTRL_REF ? fe->ctrl_buf_ref : s->d0;

	memset(map, 0, NFT_PAGE);
	map[0] = s->first;
	if (s->type == XEN_NETIF_CTRL_TYPE_SET_HASH_KEY)
		memset(map, 0x6b, 64);
	return ctrl_call(fe, s->type, d0, s->d1, s->d2, data);
}

/*
 * Run STEPS on the control ring. GOOD when every answer is the expected
 * one; otherwise accepted (a bad request succeeded), stuck (no answer)
 * or broken.
 */
const char *ctrl_steps(struct fe *fe, const struct ctrl_step *steps,
		       char *d, size_t len, const char *good)
{
	const char *o = good;
	size_t n = 0;

	for (; steps->type || steps->what; steps++) {
		uint32_t data = 0;
		int st = ctrl_step(fe, steps, &data);
		bool data_ok = steps->want_data < 0 ||
			(long)data == steps->want_data;

		n += snprintf(d + n, n < len ? len - n : 0, "%s=%d%s ",
			      steps->what, st, data_ok ? "" : "(data)");
		if (n >= len)
			n = len - 1;
		if (st == steps->want && data_ok)
			continue;
		if (st < 0)
			o = "stuck";
		else if (st == ST_OK && steps->want != ST_OK &&
			 strcmp(o, "stuck"))
			o = "accepted";
		else if (!strcmp(o, good))
			o = "broken";
	}
	return o;
}

static const char *verdict(const struct nft_case *c, const char *outcome)
{
	if (!strcmp(outcome, "n/a"))
		return "n/a";
	return strcmp(outcome, c->expect) ? "FAIL" : "PASS";
}

static const char *run_connected(const struct nft_case *c, struct fe *fe,
				 char *detail, size_t len, const char **close)
{
	const char *outcome;

	if (!fe->opt.own_connect && fe_connect(fe))
		return "no-connect";
	outcome = c->run(fe, detail, len);
	*close = fe_close(fe) ? "stuck" : "ok";
	return outcome;
}

/* One case on vif DEVID, start to end; 0 when it passed. */
int case_run(const struct nft_case *c, unsigned int devid, bool no_agent)
{
	static struct fe fe;
	const char *outcome, *close = "-", *v;
	long long t0 = now_ms();
	char detail[700] = "";

	say("case %s (%s): %s; expect %s", c->name, c->advisory, c->what,
	    c->expect);
	memset(&fe, 0, sizeof(fe));
	fe_default_opts(&fe.opt);
	if (c->opts)
		c->opts(&fe.opt);
	if (fe_open(&fe, devid)) {
		outcome = "no-setup";
	} else {
		fe.no_agent = no_agent;
		memset(fe.dom0_mac, 0xff, 6);
		if (!no_agent && agent_info(&fe)) {
			outcome = "no-agent";
		} else {
			agent_call(&fe, NULL, 0, 10000, "snap");
			agent_call(&fe, NULL, 0, 10000, "cap-start");
			outcome = run_connected(c, &fe, detail, sizeof(detail),
						&close);
			agent_call(&fe, NULL, 0, 10000, "cap-stop");
		}
	}
	v = verdict(c, outcome);
	result_put(&fe, "case=%s advisory=%s expect=%s outcome=%s verdict=%s close=%s secs=%.1f %s",
		   c->name, c->advisory, c->expect, outcome, v, close,
		   (now_ms() - t0) / 1000.0, detail);
	fe_release(&fe);
	return strcmp(v, "FAIL") ? 0 : 1;
}
