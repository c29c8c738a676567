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
