// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback-mt: a Xen network backend whose work is spread over per-CPU
 * netbk groups. Module parameters, load and unload.
 *
 * The stock driver's parameters are accepted with the same names, types,
 * defaults and modes, so that existing "options xen_netback ..." lines
 * keep working when this module replaces it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/cpumask.h>
#include <xen/xen.h>

#include "netbk.h"

bool netbk_separate_tx_rx_irq = true;
module_param_named(separate_tx_rx_irq, netbk_separate_tx_rx_irq, bool, 0644);
MODULE_PARM_DESC(separate_tx_rx_irq,
		 "Offer frontends separate TX and RX event channels (default: true)");

unsigned int netbk_rx_drain_timeout_msecs = 10000;
module_param_named(rx_drain_timeout_msecs, netbk_rx_drain_timeout_msecs,
		   uint, 0444);
MODULE_PARM_DESC(rx_drain_timeout_msecs,
		 "Milliseconds a packet for a guest may wait before it is dropped while the guest's queue is stalled (default: 10000)");

unsigned int netbk_rx_stall_timeout_msecs = 60000;
module_param_named(rx_stall_timeout_msecs, netbk_rx_stall_timeout_msecs,
		   uint, 0444);
MODULE_PARM_DESC(rx_stall_timeout_msecs,
		 "Milliseconds without RX ring space before a guest's carrier goes off (default: 60000)");

unsigned int netbk_max_queues;
module_param_named(max_queues, netbk_max_queues, uint, 0644);
MODULE_PARM_DESC(max_queues,
		 "Maximum queues per vif, offered to each new vif's frontend (default: min(8, CPUs), at most 128)");

unsigned int netbk_fatal_skb_slots = 20;
module_param_named(fatal_skb_slots, netbk_fatal_skb_slots, uint, 0444);
MODULE_PARM_DESC(fatal_skb_slots,
		 "Follow-on slots in one guest packet that disable the vif (default: 20, at least 18)");

unsigned int netbk_hash_cache_size = 64;
module_param_named(hash_cache_size, netbk_hash_cache_size, uint, 0644);
MODULE_PARM_DESC(hash_cache_size,
		 "Number of flows in each vif's hash cache (default: 64, at most 1024, 0: no cache); read when a frontend connects its control ring");

bool netbk_provides_xdp_headroom = true;
module_param_named(provides_xdp_headroom, netbk_provides_xdp_headroom,
		   bool, 0644);
MODULE_PARM_DESC(provides_xdp_headroom,
		 "Offer XDP headroom to frontends (default: true); read when a vif is created");

static char *netbk_workers_param = "kthread";
module_param_named(workers, netbk_workers_param, charp, 0444);
MODULE_PARM_DESC(workers,
		 "Kind of per-group TX/RX worker: kthread or tasklet (default: kthread)");

static unsigned int netbk_groups_param;
module_param_named(groups, netbk_groups_param, uint, 0444);
MODULE_PARM_DESC(groups,
		 "Number of netbk groups (default: 0 = one per online CPU)");

bool netbk_bind_workers = true;
module_param_named(bind_workers, netbk_bind_workers, bool, 0444);
MODULE_PARM_DESC(bind_workers,
		 "Keep each group's kthreads on its CPU (default: true)");

/*
 * A kthread worker competes with dom0's own processes under CFS. Stock
 * runs a thread per queue; a group's two workers serve many queues, so
 * with weigh_workers each weighs one nice-worker_nice thread per queue it
 * serves (netbk_worker_nice_for()): the share stock's threads would have,
 * never more. The budget per queue and pass (and cond_resched() between
 * queues) bounds what the weight lets a worker take at a time.
 */
int netbk_worker_nice;
module_param_named(worker_nice, netbk_worker_nice, int, 0444);
MODULE_PARM_DESC(worker_nice,
		 "Nice level of a kthread worker serving one queue, -20..19 (default: 0)");

bool netbk_weigh_workers = true;
module_param_named(weigh_workers, netbk_weigh_workers, bool, 0444);
MODULE_PARM_DESC(weigh_workers,
		 "Weigh each kthread worker as one thread per queue it serves (default: true)");

enum netbk_worker_kind netbk_worker_kind = NETBK_WORKER_KTHREAD;

/* Upper bound on groups=: more groups than this only cost memory. */
#define NETBK_GROUPS_MAX	1024

static int netbk_parse_workers(void)
{
	if (sysfs_streq(netbk_workers_param, "kthread")) {
		netbk_worker_kind = NETBK_WORKER_KTHREAD;
		return 0;
	}
	if (sysfs_streq(netbk_workers_param, "tasklet")) {
		netbk_worker_kind = NETBK_WORKER_TASKLET;
		return 0;
	}
	pr_err("workers=%s: expected kthread or tasklet\n", netbk_workers_param);
	return -EINVAL;
}

static unsigned int netbk_nr_groups_wanted(void)
{
	unsigned int nr = netbk_groups_param ?: num_online_cpus();

	if (nr > NETBK_GROUPS_MAX) {
		pr_warn("groups=%u: limited to %u\n", nr, NETBK_GROUPS_MAX);
		nr = NETBK_GROUPS_MAX;
	}
	return nr;
}

/* Bring the parameters into their legal ranges, as stock does. */
static void netbk_check_params(void)
{
	unsigned int slots = clamp(netbk_fatal_skb_slots, NETBK_FATAL_SLOTS_MIN,
				   NETBK_FATAL_SLOTS_MAX);

	/* No fewer than every frontend may use, no more than a ring holds. */
	if (slots != netbk_fatal_skb_slots) {
		pr_info("fatal_skb_slots=%u is outside %u..%u; using %u\n",
			netbk_fatal_skb_slots, NETBK_FATAL_SLOTS_MIN,
			NETBK_FATAL_SLOTS_MAX, slots);
		netbk_fatal_skb_slots = slots;
	}
	if (!netbk_max_queues)
		netbk_max_queues = min_t(unsigned int, 8, num_online_cpus());
}

static int __init netbk_init(void)
{
	int err;

	if (!xen_domain())
		return -ENODEV;

	err = netbk_parse_workers();
	if (err)
		return err;
	netbk_check_params();

	err = netbk_groups_init(netbk_nr_groups_wanted());
	if (err)
		return err;
	netbk_debugfs_init();

	err = netbk_xenbus_init();
	if (err) {
		netbk_debugfs_exit();
		netbk_groups_exit();
		return err;
	}

	pr_info("xen-netback-mt %s loaded\n", NETBK_VERSION);
	return 0;
}
module_init(netbk_init);

static void __exit netbk_exit(void)
{
	netbk_xenbus_exit();
	netbk_debugfs_exit();
	netbk_groups_exit();
}
module_exit(netbk_exit);

MODULE_DESCRIPTION("Xen network backend, multi-threaded: per-CPU netbk groups (xen-netback-mt)");
MODULE_LICENSE("GPL");
MODULE_VERSION(NETBK_VERSION);
MODULE_ALIAS("xen-backend:vif");
