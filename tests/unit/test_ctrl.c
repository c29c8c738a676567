// SPDX-License-Identifier: GPL-2.0
/*
 * Control ring requests (src/ctrlreq.c), fed what a hostile frontend can
 * send. The frontend's grants are a few test pages; the copy callback
 * notes any read the handler should never have asked for (a bad length,
 * a copy for a request that was already refused). The configuration is
 * heap-allocated at its exact size, so that ASan catches any write past
 * the key or the mapping table.
 */
#include <stdlib.h>
#include "unit.h"
#include "netbk_logic.h"

#define NR_ELEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define NR_GRANTS	4u
#define BAD_GREF	0x7ffffff0u

#define OK	NETBK_CTRL_STATUS_SUCCESS
#define NOTSUP	NETBK_CTRL_STATUS_NOT_SUPPORTED
#define INVAL	NETBK_CTRL_STATUS_INVALID_PARAMETER

struct grants {
	u8 page[NR_GRANTS][NETBK_PAGE_SIZE];
	unsigned int copies;	/* copy calls */
	unsigned int bad_len;	/* calls with len 0 or > a page */
	unsigned int last_len;
};

static struct grants g;

static int grant_copy(void *ctx, u32 gref, void *dst, unsigned int len)
{
	struct grants *gr = ctx;

	gr->copies++;
	gr->last_len = len;
	if (!len || len > NETBK_PAGE_SIZE) {
		gr->bad_len++;
		return -1;
	}
	if (gref >= NR_GRANTS)
		return -1;	/* as Xen answers a bad grant reference */
	memcpy(dst, gr->page[gref], len);
	return 0;
}

static const struct netbk_ctrl_src src = { grant_copy, &g };

static struct netbk_hash_cfg *cfg_new(void)
{
	struct netbk_hash_cfg *cfg = malloc(sizeof(*cfg));

	if (cfg)
		netbk_hash_cfg_init(cfg);
	memset(&g, 0, sizeof(g));
	return cfg;
}

static u32 req(struct netbk_hash_cfg *cfg, u16 type, u32 d0, u32 d1, u32 d2,
	       unsigned int nr_queues, u32 *data)
{
	struct netbk_ctrl_req r = { .id = 1, .type = type,
				    .data = { d0, d1, d2 } };
	u32 dummy;

	return netbk_ctrl_handle(cfg, &r, nr_queues, &src, data ?: &dummy);
}

/* A request that the stock driver answers without reading anything. */
#define REQ(cfg, t, d0, d1, d2)	req(cfg, t, d0, d1, d2, 1, NULL)

UNIT_TEST(ctrl_algorithm)
{
	struct netbk_hash_cfg *cfg = cfg_new();

	CHECK(cfg);
	CHECK_EQ(cfg->alg, NETBK_HASH_ALG_NONE);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_ALGORITHM, 99, 0, 0), INVAL);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_ALGORITHM, 2, 0, 0), INVAL);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_ALGORITHM, 0xffffffff, 0, 0),
		 INVAL);
	CHECK_EQ(cfg->alg, NETBK_HASH_ALG_NONE);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_ALGORITHM,
		     NETBK_HASH_ALG_TOEPLITZ, 0, 0), OK);
	CHECK_EQ(cfg->alg, NETBK_HASH_ALG_TOEPLITZ);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_ALGORITHM,
		     NETBK_HASH_ALG_NONE, 0, 0), OK);
	CHECK_EQ(cfg->alg, NETBK_HASH_ALG_NONE);
	CHECK_EQ(g.copies, 0);
	free(cfg);
}

UNIT_TEST(ctrl_flags)
{
	struct netbk_hash_cfg *cfg = cfg_new();
	u32 data = 42;

	CHECK(cfg);
	/* Without an algorithm: get is not supported, set is invalid. */
	CHECK_EQ(req(cfg, NETBK_CTRL_TYPE_GET_HASH_FLAGS, 0, 0, 0, 1, &data),
		 NOTSUP);
	CHECK_EQ(data, 0);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_FLAGS, 1, 0, 0), INVAL);
	CHECK_EQ(cfg->flags, 0);

	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_ALGORITHM,
		     NETBK_HASH_ALG_TOEPLITZ, 0, 0), OK);
	CHECK_EQ(req(cfg, NETBK_CTRL_TYPE_GET_HASH_FLAGS, 0, 0, 0, 1, &data),
		 OK);
	CHECK_EQ(data, 0xf);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_FLAGS, 0x10, 0, 0), INVAL);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_FLAGS, 0xffffffff, 0, 0),
		 INVAL);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_FLAGS, 0x80000001, 0, 0),
		 INVAL);
	CHECK_EQ(cfg->flags, 0);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_FLAGS, 0x3, 0, 0), OK);
	CHECK_EQ(cfg->flags, 0x3);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_FLAGS, 0xf, 0, 0), OK);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_FLAGS, 0, 0, 0), OK);
	CHECK_EQ(cfg->flags, 0);
	free(cfg);
}

UNIT_TEST(ctrl_key)
{
	struct netbk_hash_cfg *cfg = cfg_new();
	static const u32 bad_len[] = { 41, 64, 1000, 4096, 4097, 0x80000000,
				       0xffffffff };
	unsigned int i;

	CHECK(cfg);
	memset(g.page[1], 0x6b, NETBK_PAGE_SIZE);
	/* The key needs no algorithm (as stock). */
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_KEY, 1, 40, 0), OK);
	CHECK_EQ(g.last_len, 40);
	for (i = 0; i < NETBK_HASH_KEY_SIZE; i++)
		CHECK_EQ(cfg->key[i], 0x6b);

	/* A shorter key replaces the whole key: the rest is zero. */
	memset(g.page[2], 0x11, NETBK_PAGE_SIZE);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_KEY, 2, 16, 0), OK);
	CHECK_EQ(g.last_len, 16);
	for (i = 0; i < NETBK_HASH_KEY_SIZE; i++)
		CHECK_EQ(cfg->key[i], i < 16 ? 0x11 : 0);

	/* Size 0 clears the key and reads nothing, whatever the gref. */
	g.copies = 0;
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_KEY, BAD_GREF, 0, 0), OK);
	CHECK_EQ(g.copies, 0);
	for (i = 0; i < NETBK_HASH_KEY_SIZE; i++)
		CHECK_EQ(cfg->key[i], 0);

	/* Too long: refused before anything is read. */
	for (i = 0; i < NR_ELEMS(bad_len); i++)
		CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_KEY, 1, bad_len[i],
			     0), INVAL);
	CHECK_EQ(g.copies, 0);

	/* Each key set is a new key generation (the hash cache's). */
	i = cfg->key_gen;
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_KEY, 1, 40, 0), OK);
	CHECK_EQ(cfg->key_gen, i + 1);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_ALGORITHM, 1, 0, 0), OK);
	CHECK_EQ(cfg->key_gen, i + 1);
	g.copies = 0;

	/* A grant the copy refuses. */
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_KEY, BAD_GREF, 8, 0), INVAL);
	CHECK_EQ(g.copies, 1);
	CHECK_EQ(g.bad_len, 0);
	free(cfg);
}

UNIT_TEST(ctrl_mapping_size)
{
	struct netbk_hash_cfg *cfg = cfg_new();
	u32 data = 0;
	unsigned int i;

	CHECK(cfg);
	CHECK_EQ(req(cfg, NETBK_CTRL_TYPE_GET_HASH_MAPPING_SIZE, 0, 0, 0, 1,
		     &data), OK);
	CHECK_EQ(data, 128);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 129, 0, 0),
		 INVAL);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 0xffffffff, 0,
		     0), INVAL);
	CHECK_EQ(cfg->size, 0);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 128, 0, 0), OK);
	CHECK_EQ(cfg->size, 128);

	/* A new size: the whole table is zero again. */
	for (i = 0; i < NETBK_HASH_MAPPING_MAX; i++)
		cfg->mapping[i] = 3;
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 64, 0, 0), OK);
	CHECK_EQ(cfg->size, 64);
	for (i = 0; i < NETBK_HASH_MAPPING_MAX; i++)
		CHECK_EQ(cfg->mapping[i], 0);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 0, 0, 0), OK);
	CHECK_EQ(cfg->size, 0);
	CHECK_EQ(g.copies, 0);
	free(cfg);
}

UNIT_TEST(ctrl_mapping_fits_xsa270)
{
	/* In range, up to the very end. */
	CHECK(netbk_hash_mapping_fits(64, 0, 64));
	CHECK(netbk_hash_mapping_fits(64, 48, 16));
	CHECK(netbk_hash_mapping_fits(64, 63, 1));
	CHECK(netbk_hash_mapping_fits(64, 64, 0));
	CHECK(netbk_hash_mapping_fits(0, 0, 0));
	CHECK(netbk_hash_mapping_fits(0xffffffff, 0, 0xffffffff));
	CHECK(netbk_hash_mapping_fits(0xffffffff, 0xffffffff, 0));
	/* Past the end. */
	CHECK(!netbk_hash_mapping_fits(64, 60, 16));
	CHECK(!netbk_hash_mapping_fits(64, 64, 1));
	CHECK(!netbk_hash_mapping_fits(64, 65, 0));
	CHECK(!netbk_hash_mapping_fits(64, 0, 65));
	CHECK(!netbk_hash_mapping_fits(0, 0, 1));
	CHECK(!netbk_hash_mapping_fits(0, 1, 0));
	/* off + len wraps to a small number: XSA-270. */
	CHECK(!netbk_hash_mapping_fits(64, 0xffffffff, 2));
	CHECK(!netbk_hash_mapping_fits(64, 1, 0xffffffff));
	CHECK(!netbk_hash_mapping_fits(64, 0x80000000, 0x80000000));
	CHECK(!netbk_hash_mapping_fits(64, 0xfffffff0, 0x20));
	CHECK(!netbk_hash_mapping_fits(0xffffffff, 0xffffffff, 1));
	CHECK(!netbk_hash_mapping_fits(0xffffffff, 1, 0xffffffff));
	CHECK(!netbk_hash_mapping_fits(0xfffffffe, 0xffffffff, 0xffffffff));
}

static void page_queues(unsigned int gref, const u32 *q, unsigned int n)
{
	memcpy(g.page[gref], q, n * sizeof(*q));
}

UNIT_TEST(ctrl_mapping_set_hostile)
{
	static const struct { u32 len, off; } bad[] = {
		{ 2, 0xffffffff },		/* off-wraps */
		{ 0xffffffff, 1 },		/* len-wraps */
		{ 16, 60 },			/* past-size */
		{ 2048, 0 },			/* len > page */
		{ 1025, 0 },			/* one entry past a page */
		{ 0x40000000, 0 },		/* len * 4 wraps to 0 */
		{ 0x40000001, 0xffffffff },	/* both wrap */
		{ 65, 0 },
		{ 1, 64 },
		{ 0, 65 },
		{ 0x80000000, 0x80000000 },
	};
	struct netbk_hash_cfg *cfg = cfg_new();
	unsigned int i;

	CHECK(cfg);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 64, 0, 0), OK);
	for (i = 0; i < NR_ELEMS(bad); i++) {
		if (REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING, 0, bad[i].len,
			bad[i].off) != INVAL) {
			printf("  accepted len %#x off %#x\n", bad[i].len,
			       bad[i].off);
			CHECK(0);
		}
	}
	/* Refused before any read of the guest's page. */
	CHECK_EQ(g.copies, 0);

	/* No table yet: only the empty sub-table at 0 fits. */
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 0, 0, 0), OK);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING, 0, 1, 0), INVAL);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING, 0, 0, 0), OK);
	CHECK_EQ(g.copies, 0);
	free(cfg);
}

UNIT_TEST(ctrl_mapping_set_queues)
{
	static const u32 good[8] = { 0, 1, 2, 3, 3, 2, 1, 0 };
	static const u32 bad[3] = { 0, 4, 0 };
	struct netbk_hash_cfg *cfg = cfg_new();
	u32 q7 = 7, big = 0xffffffff;
	unsigned int i;

	CHECK(cfg);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 64, 0, 0), OK);

	/* Queue 7 of one: refused, after the copy. */
	page_queues(0, &q7, 1);
	CHECK_EQ(req(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING, 0, 1, 0, 1, NULL),
		 INVAL);
	page_queues(0, &big, 1);
	CHECK_EQ(req(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING, 0, 1, 63, 1, NULL),
		 INVAL);
	/* No queue at all (not connected): every entry is refused. */
	CHECK_EQ(req(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING, 1, 1, 0, 0, NULL),
		 INVAL);
	/* A bad grant. */
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING, BAD_GREF, 8, 0),
		 INVAL);

	/* Four queues: a sub-table at 8, the rest untouched. */
	netbk_hash_cfg_init(cfg);
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 64, 0, 0), OK);
	cfg->mapping[7] = 1;
	cfg->mapping[16] = 2;
	page_queues(1, good, 8);
	CHECK_EQ(req(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING, 1, 8, 8, 4, NULL),
		 OK);
	CHECK_EQ(g.last_len, 32);
	for (i = 0; i < 8; i++)
		CHECK_EQ(cfg->mapping[8 + i], good[i]);
	CHECK_EQ(cfg->mapping[7], 1);
	CHECK_EQ(cfg->mapping[16], 2);
	page_queues(2, bad, 3);
	CHECK_EQ(req(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING, 2, 3, 0, 4, NULL),
		 INVAL);

	/* The whole largest table, to its last entry. */
	CHECK_EQ(REQ(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 128, 0, 0),
		 OK);
	memset(g.page[3], 0, NETBK_PAGE_SIZE);
	g.page[3][127 * 4] = 3;
	CHECK_EQ(req(cfg, NETBK_CTRL_TYPE_SET_HASH_MAPPING, 3, 128, 0, 4, NULL),
		 OK);
	CHECK_EQ(g.last_len, 512);
	CHECK_EQ(cfg->mapping[127], 3);
	CHECK_EQ(g.bad_len, 0);
	free(cfg);
}

UNIT_TEST(ctrl_unknown_types)
{
	static const u16 types[] = { 0, 8, 9, 10, 11, 99, 0x8000, 0xffff };
	struct netbk_hash_cfg *cfg = cfg_new();
	unsigned int i;
	u32 data;

	CHECK(cfg);
	for (i = 0; i < NR_ELEMS(types); i++) {
		data = 42;
		CHECK_EQ(req(cfg, types[i], 0, 0xffffffff, 0xffffffff, 1, &data),
			 NOTSUP);
		CHECK_EQ(data, 0);
	}
	CHECK_EQ(g.copies, 0);
	free(cfg);
}

/* The test frontend's two sequences (tests/frontend conform.c, hostile.c). */
struct step {
	u16 type;
	u32 d0, d1, d2;
	u32 first;		/* first entry of the grant */
	u32 want;
	long want_data;
};

#define REF	0u	/* the frontend's control buffer: grant 0 */

static const char *run_steps(const struct step *s, unsigned int n)
{
	struct netbk_hash_cfg *in_force = cfg_new(), *work = malloc(sizeof(*work));
	static char why[64];
	const char *fail = NULL;
	unsigned int i;

	for (i = 0; i < n && !fail; i++, s++) {
		u32 data, st;

		memset(g.page[REF], 0, NETBK_PAGE_SIZE);
		memcpy(g.page[REF], &s->first, sizeof(s->first));
		if (s->type == NETBK_CTRL_TYPE_SET_HASH_KEY)
			memset(g.page[REF], 0x6b, 64);
		/* As the module does: a private copy, kept on success. */
		*work = *in_force;
		st = req(work, s->type, s->d0, s->d1, s->d2, 1, &data);
		if (st == OK)
			*in_force = *work;
		if (st != s->want ||
		    (s->want_data >= 0 && data != (u32)s->want_data)) {
			snprintf(why, sizeof(why), "step %u: status %u data %u",
				 i, st, data);
			fail = why;
		}
	}
	if (!fail && (in_force->size > NETBK_HASH_MAPPING_MAX))
		fail = "size";
	free(in_force);
	free(work);
	return fail;
}

UNIT_TEST(ctrl_frontend_conform_sequence)
{
	static const struct step steps[] = {
		{ NETBK_CTRL_TYPE_GET_HASH_FLAGS, 0, 0, 0, 0, NOTSUP, -1 },
		{ NETBK_CTRL_TYPE_SET_HASH_ALGORITHM, 99, 0, 0, 0, INVAL, -1 },
		{ NETBK_CTRL_TYPE_SET_HASH_ALGORITHM, 1, 0, 0, 0, OK, -1 },
		{ NETBK_CTRL_TYPE_GET_HASH_FLAGS, 0, 0, 0, 0, OK, 0xf },
		{ NETBK_CTRL_TYPE_SET_HASH_FLAGS, 0x10, 0, 0, 0, INVAL, -1 },
		{ NETBK_CTRL_TYPE_SET_HASH_FLAGS, 0x3, 0, 0, 0, OK, -1 },
		{ NETBK_CTRL_TYPE_SET_HASH_KEY, REF, 40, 0, 0, OK, -1 },
		{ NETBK_CTRL_TYPE_GET_HASH_MAPPING_SIZE, 0, 0, 0, 0, OK, 128 },
		{ NETBK_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 64, 0, 0, 0, OK, -1 },
		{ NETBK_CTRL_TYPE_SET_HASH_MAPPING, REF, 64, 0, 0, OK, -1 },
		{ 8, 0, 0, 0, 0, NOTSUP, -1 },	/* GET_GREF_MAPPING_SIZE */
		{ 0, 0, 0, 0, 0, NOTSUP, -1 },
		{ 99, 0, 0, 0, 0, NOTSUP, -1 },
	};
	const char *fail = run_steps(steps, NR_ELEMS(steps));

	if (fail)
		printf("  %s\n", fail);
	CHECK(!fail);
}

UNIT_TEST(ctrl_frontend_xsa270_sequence)
{
	static const struct step steps[] = {
		{ NETBK_CTRL_TYPE_SET_HASH_ALGORITHM, 1, 0, 0, 0, OK, -1 },
		{ NETBK_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 64, 0, 0, 0, OK, -1 },
		{ NETBK_CTRL_TYPE_SET_HASH_MAPPING, REF, 2, 0xffffffff, 0,
		  INVAL, -1 },
		{ NETBK_CTRL_TYPE_SET_HASH_MAPPING, REF, 0xffffffff, 1, 0,
		  INVAL, -1 },
		{ NETBK_CTRL_TYPE_SET_HASH_MAPPING, REF, 16, 60, 0, INVAL, -1 },
		{ NETBK_CTRL_TYPE_SET_HASH_MAPPING, REF, 2048, 0, 0, INVAL, -1 },
		{ NETBK_CTRL_TYPE_SET_HASH_MAPPING, BAD_GREF, 8, 0, 0, INVAL,
		  -1 },
		{ NETBK_CTRL_TYPE_SET_HASH_MAPPING, REF, 1, 0, 7, INVAL, -1 },
		{ NETBK_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 129, 0, 0, 0, INVAL,
		  -1 },
		{ NETBK_CTRL_TYPE_SET_HASH_KEY, REF, 1000, 0, 0, INVAL, -1 },
		{ NETBK_CTRL_TYPE_SET_HASH_MAPPING, REF, 64, 0, 0, OK, -1 },
	};
	const char *fail = run_steps(steps, NR_ELEMS(steps));

	if (fail)
		printf("  %s\n", fail);
	CHECK(!fail);
	CHECK_EQ(g.bad_len, 0);
}

/* Deterministic random requests: whatever comes, the kept state is sane. */
static u32 rnd(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static u32 rnd_field(u32 *s)
{
	static const u32 edge[] = { 0, 1, 2, 7, 16, 40, 41, 60, 63, 64, 127,
				    128, 129, 1024, 1025, 0x3fffffff,
				    0x40000000, 0x7fffffff, 0x80000000,
				    0xfffffffe, 0xffffffff };
	u32 r = rnd(s);

	return r & 1 ? edge[(r >> 1) % NR_ELEMS(edge)] : rnd(s);
}

UNIT_TEST(ctrl_random_requests)
{
	struct netbk_hash_cfg *in_force = cfg_new(), *work = malloc(sizeof(*work));
	u32 seed = 0x270270;
	unsigned int i, k, nr_queues = 3;

	CHECK(in_force && work);
	/* Grants 0, 1: good queues; 2: some too big; 3: all 0xff octets. */
	for (i = 0; i < NR_GRANTS; i++) {
		for (k = 0; k < NETBK_PAGE_SIZE / 4; k++) {
			u32 q = i < 2 ? k % nr_queues : i == 2 ? k % 5 :
				0xffffffff;

			memcpy(&g.page[i][k * 4], &q, sizeof(q));
		}
	}
	for (i = 0; i < 200000; i++) {
		struct netbk_ctrl_req r = {
			.id = (u16)i,
			.type = (u16)(rnd(&seed) % 12),
			.data = { rnd_field(&seed) % 8, rnd_field(&seed),
				  rnd_field(&seed) },
		};
		u32 data, st;

		*work = *in_force;
		st = netbk_ctrl_handle(work, &r, nr_queues, &src, &data);
		CHECK(st <= NETBK_CTRL_STATUS_BUFFER_OVERFLOW);
		if (st != OK)
			continue;
		*in_force = *work;
		CHECK(in_force->alg <= NETBK_HASH_ALG_TOEPLITZ);
		CHECK(!(in_force->flags & ~NETBK_HASH_FLAGS_ALL));
		CHECK(in_force->size <= NETBK_HASH_MAPPING_MAX);
		for (k = 0; k < in_force->size; k++)
			CHECK(in_force->mapping[k] < nr_queues);
	}
	CHECK_EQ(g.bad_len, 0);
	free(in_force);
	free(work);
}
