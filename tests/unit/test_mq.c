// SPDX-License-Identifier: GPL-2.0
/*
 * Multi-queue: the frontend's multi-queue-num-queues against max_queues,
 * where queue i's keys are, and the queue a packet's hash picks
 * (src/xbstate.c, src/pick.c, src/hash.c), with hostile values.
 */
#include "unit.h"
#include "netbk_logic.h"

static enum netbk_nq nq(const char *s, unsigned int max, unsigned int *n)
{
	return netbk_num_queues_check(s, s ? (unsigned int)strlen(s) : 0, max,
				      n);
}

UNIT_TEST(mq_max_queues_clamp)
{
	CHECK_EQ(netbk_max_queues_clamp(0), 1);
	CHECK_EQ(netbk_max_queues_clamp(1), 1);
	CHECK_EQ(netbk_max_queues_clamp(8), 8);
	CHECK_EQ(netbk_max_queues_clamp(NETBK_QUEUES_MAX), NETBK_QUEUES_MAX);
	CHECK_EQ(netbk_max_queues_clamp(NETBK_QUEUES_MAX + 1), NETBK_QUEUES_MAX);
	CHECK_EQ(netbk_max_queues_clamp(0xffffffffu), NETBK_QUEUES_MAX);
}

UNIT_TEST(mq_num_queues_good)
{
	unsigned int n = 99;

	/* Absent: one queue, the keys in the frontend's directory. */
	CHECK_EQ(nq(NULL, 4, &n), NETBK_NQ_OK);
	CHECK_EQ(n, 1);
	CHECK_EQ(nq("1", 4, &n), NETBK_NQ_OK);
	CHECK_EQ(n, 1);
	CHECK_EQ(nq("4", 4, &n), NETBK_NQ_OK);
	CHECK_EQ(n, 4);
	CHECK_EQ(nq("2", 4, &n), NETBK_NQ_OK);
	CHECK_EQ(n, 2);
	CHECK_EQ(nq("0004", 4, &n), NETBK_NQ_OK);
	CHECK_EQ(n, 4);
	CHECK_EQ(nq("128", 128, &n), NETBK_NQ_OK);
	CHECK_EQ(n, 128);
}

UNIT_TEST(mq_num_queues_zero_and_too_many)
{
	unsigned int n = 99;

	CHECK_EQ(nq("0", 4, &n), NETBK_NQ_ZERO);
	CHECK_EQ(n, 0);
	CHECK_EQ(nq("000", 4, &n), NETBK_NQ_ZERO);
	CHECK_EQ(nq("5", 4, &n), NETBK_NQ_TOO_MANY);
	CHECK_EQ(n, 5);
	CHECK_EQ(nq("2", 1, &n), NETBK_NQ_TOO_MANY);
	CHECK_EQ(nq("4294967295", 8, &n), NETBK_NQ_TOO_MANY);
	CHECK_EQ(n, 4294967295u);
	/* A vif of max 0 cannot happen (clamped), but is refused too. */
	CHECK_EQ(nq(NULL, 0, &n), NETBK_NQ_TOO_MANY);
}

UNIT_TEST(mq_num_queues_huge)
{
	unsigned int n = 99;

	/* What sscanf's %u would wrap to 1 or 0: refused whole. */
	CHECK_EQ(nq("4294967296", 8, &n), NETBK_NQ_HUGE);
	CHECK_EQ(n, 0);
	CHECK_EQ(nq("4294967297", 8, &n), NETBK_NQ_HUGE);
	CHECK_EQ(nq("18446744073709551617", 8, &n), NETBK_NQ_HUGE);
	CHECK_EQ(nq("99999999999999999999999999999999999999", 8, &n),
		 NETBK_NQ_HUGE);
	/* Huge, then not a number at all. */
	CHECK_EQ(nq("99999999999x", 8, &n), NETBK_NQ_MALFORMED);
}

UNIT_TEST(mq_num_queues_malformed)
{
	static const char *const bad[] = {
		"", "-1", "+4", " 4", "4 ", "4\n", "0x4", "4abc", "abc", "1.5",
		"\xff", "4,4",
	};
	unsigned int i, n = 99;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(nq(bad[i], 8, &n), NETBK_NQ_MALFORMED);
		CHECK_EQ(n, 0);
	}
	/* An embedded NUL: the value is all of its bytes, not the C string. */
	CHECK_EQ(netbk_num_queues_check("4\0" "8", 3, 8, &n), NETBK_NQ_MALFORMED);
	CHECK_EQ(netbk_num_queues_check("4", 0, 8, &n), NETBK_NQ_MALFORMED);
	/* Length within the bytes given: "48" read as its first byte only. */
	CHECK_EQ(netbk_num_queues_check("48", 1, 8, &n), NETBK_NQ_OK);
	CHECK_EQ(n, 4);
}

UNIT_TEST(mq_queue_dir_one_queue)
{
	char buf[64];

	CHECK_EQ(netbk_queue_dir(buf, sizeof(buf), "/local/domain/3/device/vif/0",
				 1, 0), 0);
	CHECK(!strcmp(buf, "/local/domain/3/device/vif/0"));
	/* Queue 1 of a one-queue vif does not exist. */
	CHECK_EQ(netbk_queue_dir(buf, sizeof(buf), "/fe", 1, 1), -1);
	CHECK(!strcmp(buf, ""));
}

UNIT_TEST(mq_queue_dir_many)
{
	char buf[64];

	CHECK_EQ(netbk_queue_dir(buf, sizeof(buf), "/local/domain/3/device/vif/0",
				 4, 0), 0);
	CHECK(!strcmp(buf, "/local/domain/3/device/vif/0/queue-0"));
	CHECK_EQ(netbk_queue_dir(buf, sizeof(buf), "/fe", 4, 3), 0);
	CHECK(!strcmp(buf, "/fe/queue-3"));
	CHECK_EQ(netbk_queue_dir(buf, sizeof(buf), "/fe", 128, 127), 0);
	CHECK(!strcmp(buf, "/fe/queue-127"));
	CHECK_EQ(netbk_queue_dir(buf, sizeof(buf), "/fe", 0xffffffffu,
				 0xfffffffeu), 0);
	CHECK(!strcmp(buf, "/fe/queue-4294967294"));
	CHECK_EQ(netbk_queue_dir(buf, sizeof(buf), "/fe", 4, 4), -1);
	CHECK_EQ(netbk_queue_dir(buf, sizeof(buf), "/fe", 0, 0), -1);
	CHECK_EQ(netbk_queue_dir(buf, sizeof(buf), NULL, 4, 0), -1);
}

UNIT_TEST(mq_queue_dir_room)
{
	char buf[16];

	/* "/fe/queue-10" is 12 bytes and its NUL: 13 fit, 12 do not. */
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(netbk_queue_dir(buf, 13, "/fe", 11, 10), 0);
	CHECK(!strcmp(buf, "/fe/queue-10"));
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(netbk_queue_dir(buf, 12, "/fe", 11, 10), -1);
	CHECK(!strcmp(buf, ""));
	CHECK_EQ(buf[12], 'x');	/* nothing written past @size */
	CHECK_EQ(netbk_queue_dir(buf, 3, "/fe", 1, 0), -1);
	CHECK_EQ(netbk_queue_dir(buf, 4, "/fe", 1, 0), 0);
	CHECK_EQ(netbk_queue_dir(buf, 0, "/fe", 1, 0), -1);
	/* What the module allocates always fits the longest index. */
	{
		char big[3 + NETBK_QUEUE_DIR_EXTRA];

		CHECK_EQ(netbk_queue_dir(big, sizeof(big), "/fe", 0xffffffffu,
					 0xfffffffeu), 0);
	}
}

UNIT_TEST(mq_queue_of_hash)
{
	unsigned int q, seen[4] = { 0 };
	u32 h;

	CHECK_EQ(netbk_queue_of_hash(0, 0), 0);
	CHECK_EQ(netbk_queue_of_hash(0xffffffffu, 0), 0);
	CHECK_EQ(netbk_queue_of_hash(0xffffffffu, 1), 0);
	CHECK_EQ(netbk_queue_of_hash(7, 4), 3);
	CHECK_EQ(netbk_queue_of_hash(0xffffffffu, 4), 3);
	CHECK_EQ(netbk_queue_of_hash(0xffffffffu, 0xffffffffu), 0);
	/* An index already in range stays: start_xmit's check of the stack's. */
	CHECK_EQ(netbk_queue_of_hash(2, 4), 2);
	/* Hashes spread over every queue. */
	for (h = 0; h < 1000; h++) {
		q = netbk_queue_of_hash(h * 2654435761u, 4);
		CHECK(q < 4);
		seen[q]++;
	}
	for (q = 0; q < 4; q++)
		CHECK(seen[q] > 200);
}

UNIT_TEST(mq_hash_queue_table_and_modulo)
{
	struct netbk_hash_cfg cfg;

	netbk_hash_cfg_init(&cfg);
	/* No table: the hash reduced to the queues. */
	CHECK_EQ(netbk_hash_queue(&cfg, 6, 4), 2);
	CHECK_EQ(netbk_hash_queue(&cfg, 6, 0), 0);
	/* A table: mapping[hash % size]. */
	cfg.size = 2;
	cfg.mapping[0] = 3;
	cfg.mapping[1] = 1;
	CHECK_EQ(netbk_hash_queue(&cfg, 4, 4), 3);
	CHECK_EQ(netbk_hash_queue(&cfg, 5, 4), 1);
	/* An entry that names a queue no longer there: queue 0. */
	CHECK_EQ(netbk_hash_queue(&cfg, 4, 2), 0);
	/* A size that cannot be (corrupt): the modulo, never out of bounds. */
	cfg.size = NETBK_HASH_MAPPING_MAX + 1;
	CHECK_EQ(netbk_hash_queue(&cfg, 7, 4), 3);
}
