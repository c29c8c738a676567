// SPDX-License-Identifier: GPL-2.0
/*
 * Group choice: a new queue joins the usable group with the fewest
 * queues, the lowest index on ties, so that queues spread evenly over
 * the dom0 CPUs and the placement is predictable; and the queue a packet
 * for the guest takes, from its hash.
 */
#include "netbk_logic.h"

int netbk_pick_group(const unsigned int *load, const bool *usable,
		     unsigned int nr_groups)
{
	unsigned int i;
	int best = -1;

	for (i = 0; i < nr_groups; i++) {
		if (!usable[i])
			continue;
		if (best < 0 || load[i] < load[best])
			best = (int)i;
	}
	return best;
}

unsigned int netbk_queue_of_hash(u32 hash, unsigned int nr_queues)
{
	return nr_queues ? hash % nr_queues : 0;
}

/*
 * A worker's share of its CPU against dom0's processes: a group's two
 * workers serve what stock gives a thread per queue, so each weighs as
 * many threads as it has queues. Levels are counted up from @base while
 * the target weight is nearer (as a ratio) to the next level's weight,
 * i.e. while target^2 >= 1.25 * w^2, in units of the base weight 1024.
 */
int netbk_worker_nice_for(unsigned int nr_queues, int base)
{
	/* -20 weighs about 87 nice-0 threads: more queues change nothing. */
	unsigned int n = nr_queues < 1 ? 1 : nr_queues > 128 ? 128 : nr_queues;
	u64 target = (u64)n * 1024;
	u64 w = 1024;
	int nice = base < -20 ? -20 : base > 19 ? 19 : base;

	while (nice > -20 && 4 * target * target >= 5 * w * w) {
		w = w * 5 / 4;
		nice--;
	}
	return nice;
}
