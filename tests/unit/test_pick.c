// SPDX-License-Identifier: GPL-2.0
/* Group choice on add and remove (src/pick.c). */
#include "unit.h"
#include "netbk_logic.h"

#define NR 4

/* Join as group.c does: pick, then count the queue in. */
static int join(unsigned int *load, const bool *usable, unsigned int nr)
{
	int g = netbk_pick_group(load, usable, nr);

	if (g >= 0)
		load[g]++;
	return g;
}

UNIT_TEST(pick_spreads_evenly)
{
	unsigned int load[2] = { 0, 0 };
	bool usable[2] = { true, true };

	/* Four queues over two groups: two and two, alternating. */
	CHECK_EQ(join(load, usable, 2), 0);
	CHECK_EQ(join(load, usable, 2), 1);
	CHECK_EQ(join(load, usable, 2), 0);
	CHECK_EQ(join(load, usable, 2), 1);
	CHECK_EQ(load[0], 2);
	CHECK_EQ(load[1], 2);
}

UNIT_TEST(pick_ties_lowest_index)
{
	unsigned int load[NR] = { 3, 1, 1, 2 };
	bool usable[NR] = { true, true, true, true };

	CHECK_EQ(netbk_pick_group(load, usable, NR), 1);
	load[1] = 5;
	CHECK_EQ(netbk_pick_group(load, usable, NR), 2);
	load[0] = 0;
	CHECK_EQ(netbk_pick_group(load, usable, NR), 0);
}

UNIT_TEST(pick_remove_then_add_refills)
{
	unsigned int load[2] = { 0, 0 };
	bool usable[2] = { true, true };
	int i;

	for (i = 0; i < 4; i++)
		join(load, usable, 2);
	/* A queue of group 1 leaves: the next one refills group 1. */
	load[1]--;
	CHECK_EQ(join(load, usable, 2), 1);
	CHECK_EQ(load[0], 2);
	CHECK_EQ(load[1], 2);
	/* Both of group 0 leave: the next two go there. */
	load[0] -= 2;
	CHECK_EQ(join(load, usable, 2), 0);
	CHECK_EQ(join(load, usable, 2), 0);
	CHECK_EQ(join(load, usable, 2), 0);	/* tie: lowest index */
	CHECK_EQ(load[0], 3);
	CHECK_EQ(load[1], 2);
}

UNIT_TEST(pick_skips_unusable)
{
	unsigned int load[NR] = { 5, 0, 0, 1 };
	bool usable[NR] = { true, false, true, true };

	CHECK_EQ(netbk_pick_group(load, usable, NR), 2);
	usable[2] = false;
	CHECK_EQ(netbk_pick_group(load, usable, NR), 3);
	usable[3] = false;
	CHECK_EQ(netbk_pick_group(load, usable, NR), 0);
	/* The least loaded group being offline does not matter. */
	usable[1] = false;
	load[0] = 100;
	CHECK_EQ(netbk_pick_group(load, usable, NR), 0);
}

UNIT_TEST(pick_none_usable)
{
	unsigned int load[NR] = { 0, 0, 0, 0 };
	bool usable[NR] = { false, false, false, false };

	CHECK_EQ(netbk_pick_group(load, usable, NR), -1);
	CHECK_EQ(netbk_pick_group(load, usable, 0), -1);
	CHECK_EQ(netbk_pick_group(NULL, NULL, 0), -1);
}

UNIT_TEST(pick_single_group)
{
	unsigned int load[1] = { 0 };
	bool usable[1] = { true };

	CHECK_EQ(join(load, usable, 1), 0);
	CHECK_EQ(join(load, usable, 1), 0);
	CHECK_EQ(load[0], 2);
}

UNIT_TEST(worker_nice_one_queue_is_base)
{
	CHECK_EQ(netbk_worker_nice_for(0, 0), 0);
	CHECK_EQ(netbk_worker_nice_for(1, 0), 0);
	CHECK_EQ(netbk_worker_nice_for(1, 5), 5);
	CHECK_EQ(netbk_worker_nice_for(1, -7), -7);
}

/* The scheduler's weights: nice -3 1991, -6 3906, -9 7620, -10 9548. */
UNIT_TEST(worker_nice_weighs_one_thread_per_queue)
{
	CHECK_EQ(netbk_worker_nice_for(2, 0), -3);
	CHECK_EQ(netbk_worker_nice_for(4, 0), -6);
	CHECK_EQ(netbk_worker_nice_for(8, 0), -9);
	CHECK_EQ(netbk_worker_nice_for(9, 0), -10);
	/* Relative to the operator's level. */
	CHECK_EQ(netbk_worker_nice_for(4, 5), -1);
}

UNIT_TEST(worker_nice_stays_in_range)
{
	CHECK_EQ(netbk_worker_nice_for(100000, 0), -20);
	CHECK_EQ(netbk_worker_nice_for(~0u, -20), -20);
	CHECK_EQ(netbk_worker_nice_for(1, 40), 19);
	CHECK_EQ(netbk_worker_nice_for(1, -40), -20);
	CHECK_EQ(netbk_worker_nice_for(3, 19), 14);
}
