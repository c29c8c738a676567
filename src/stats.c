// SPDX-License-Identifier: GPL-2.0
/*
 * What an operator sees: `ethtool -S vifD.H` (the stock driver's counter
 * names first, then ours, summed over the vif's queues, then the group
 * and CPU serving queue 0; then the same counters and placement of each
 * queue, "queue-N-" before their names) and /sys/kernel/debug/xen-netback/groups (every
 * group, then every queue with the group and CPU that serve it).
 *
 * Counters are read without locks while their writers work: each set of
 * a worker's counters has its own u64_stats_sync, so that a 32-bit dom0
 * reads no torn value, and the others are atomic (struct
 * netbk_queue_counters). Readers take a snapshot with
 * netbk_queue_stats_read().
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/ethtool.h>
#include <linux/seq_file.h>

#include "netbk.h"

/* ------------------------------------------------------------------ */
/* Counters                                                            */

void netbk_queue_counters_init(struct netbk_queue_counters *c)
{
	u64_stats_init(&c->tx.syncp);
	u64_stats_init(&c->rx.syncp);
	atomic64_set(&c->rx_queue_drops, 0);
	atomic64_set(&c->tx_mcast_filtered, 0);
	atomic64_set(&c->spurious_events, 0);
}

void netbk_queue_stats_read(const struct netbk_queue *queue,
			    struct netbk_queue_stats *s)
{
	const struct netbk_tx_counters *tx = &queue->stats.tx;
	const struct netbk_rx_counters *rx = &queue->stats.rx;
	u64 tx_hypercalls, tx_copy_errors;
	unsigned int start;

	memset(s, 0, sizeof(*s));	/* the zerocopy ones stay 0 */

	do {
		start = u64_stats_fetch_begin(&tx->syncp);
		s->rx_bytes = u64_stats_read(&tx->rx_bytes);
		s->rx_packets = u64_stats_read(&tx->rx_packets);
		s->rx_errors = u64_stats_read(&tx->rx_errors);
		s->rx_dropped = u64_stats_read(&tx->rx_dropped);
		s->rx_gso_checksum_fixup =
			u64_stats_read(&tx->rx_gso_checksum_fixup);
		s->tx_frag_overflow = u64_stats_read(&tx->tx_frag_overflow);
		s->tx_copy_ops = u64_stats_read(&tx->copy_ops);
		tx_copy_errors = u64_stats_read(&tx->copy_errors);
		tx_hypercalls = u64_stats_read(&tx->hypercalls);
		s->tx_passes = u64_stats_read(&tx->passes);
		s->rate_limited = u64_stats_read(&tx->rate_limited);
	} while (u64_stats_fetch_retry(&tx->syncp, start));

	do {
		start = u64_stats_fetch_begin(&rx->syncp);
		s->tx_bytes = u64_stats_read(&rx->tx_bytes);
		s->tx_packets = u64_stats_read(&rx->tx_packets);
		s->tx_dropped = u64_stats_read(&rx->tx_dropped);
		s->rx_copy_ops = u64_stats_read(&rx->copy_ops);
		s->copy_errors = u64_stats_read(&rx->copy_errors);
		s->hypercalls = u64_stats_read(&rx->hypercalls);
		s->rx_passes = u64_stats_read(&rx->passes);
	} while (u64_stats_fetch_retry(&rx->syncp, start));

	s->copy_errors += tx_copy_errors;
	s->hypercalls += tx_hypercalls;
	s->rx_queue_drops = atomic64_read(&queue->stats.rx_queue_drops);
	s->tx_mcast_filtered = atomic64_read(&queue->stats.tx_mcast_filtered);
	s->spurious_events = atomic64_read(&queue->stats.spurious_events);
}

/* One worker's group counters, consistently. */
static void netbk_worker_stats_read(const struct netbk_worker *w, u64 *passes,
				    u64 *home, u64 *away, u64 *hypercalls,
				    u64 *copy_ops)
{
	const struct netbk_worker_stats *ws = &w->stats;
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&ws->syncp);
		*passes = u64_stats_read(&ws->passes);
		*home = u64_stats_read(&ws->passes_home);
		*away = u64_stats_read(&ws->passes_away);
		*hypercalls = u64_stats_read(&ws->hypercalls);
		*copy_ops = u64_stats_read(&ws->copy_ops);
	} while (u64_stats_fetch_retry(&ws->syncp, start));
}

/* ------------------------------------------------------------------ */
/* ethtool -S                                                          */

struct netbk_stat_desc {
	char name[ETH_GSTRING_LEN];
	u16 offset;
};

#define NETBK_STAT(field) \
	{ #field, offsetof(struct netbk_queue_stats, field) }

static const struct netbk_stat_desc netbk_queue_stat_descs[] = {
	/* The stock driver's names, which operators' scripts may know. */
	NETBK_STAT(rx_gso_checksum_fixup),
	NETBK_STAT(tx_zerocopy_sent),
	NETBK_STAT(tx_zerocopy_success),
	NETBK_STAT(tx_zerocopy_fail),
	NETBK_STAT(tx_frag_overflow),
	/* Ours: the netdev's, here for each queue too (rx: from the guest). */
	NETBK_STAT(rx_packets),
	NETBK_STAT(rx_bytes),
	NETBK_STAT(tx_packets),
	NETBK_STAT(tx_bytes),
	NETBK_STAT(rx_errors),
	NETBK_STAT(rx_dropped),
	NETBK_STAT(tx_dropped),
	NETBK_STAT(rx_queue_drops),
	NETBK_STAT(tx_mcast_filtered),
	NETBK_STAT(tx_copy_ops),
	NETBK_STAT(rx_copy_ops),
	NETBK_STAT(copy_errors),
	NETBK_STAT(hypercalls),
	NETBK_STAT(tx_passes),
	NETBK_STAT(rx_passes),
	NETBK_STAT(rate_limited),
	NETBK_STAT(spurious_events),
};

/* After the counters: who serves queue 0 (all ones: no group, unconnected). */
static const char netbk_placement_names[][ETH_GSTRING_LEN] = {
	"group",
	"group_cpu",
};

#define NETBK_NR_QUEUE_STATS	ARRAY_SIZE(netbk_queue_stat_descs)
/* The vif's sums and queue 0's placement; then each queue's, as many. */
#define NETBK_NR_STATS	(NETBK_NR_QUEUE_STATS + ARRAY_SIZE(netbk_placement_names))

static int netbk_get_sset_count(struct net_device *dev, int sset)
{
	struct netbk_vif *vif = netdev_priv(dev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return NETBK_NR_STATS * (1 + vif->max_queues);
}

/* The names, with @prefix before each ("queue-N-"; fits: NETBK_QUEUES_MAX). */
static void netbk_put_strings(u8 **data, const char *prefix)
{
	unsigned int i;

	for (i = 0; i < NETBK_NR_QUEUE_STATS; i++)
		ethtool_sprintf(data, "%s%s", prefix,
				netbk_queue_stat_descs[i].name);
	for (i = 0; i < ARRAY_SIZE(netbk_placement_names); i++)
		ethtool_sprintf(data, "%s%s", prefix,
				netbk_placement_names[i]);
}

static void netbk_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	struct netbk_vif *vif = netdev_priv(dev);
	char prefix[sizeof("queue-4294967295-")];
	unsigned int q;

	if (sset != ETH_SS_STATS)
		return;
	netbk_put_strings(&data, "");
	for (q = 0; q < vif->max_queues; q++) {
		snprintf(prefix, sizeof(prefix), "queue-%u-", q);
		netbk_put_strings(&data, prefix);
	}
}

/* Who serves @queue (all ones: no group, not connected). */
static void netbk_put_placement(const struct netbk_queue *queue, u64 **data)
{
	/* The group is never freed while the module runs: a racy read is safe. */
	struct netbk_group *group = READ_ONCE(queue->group);

	*(*data)++ = group ? group->id : U64_MAX;
	*(*data)++ = group ? group->cpu : U64_MAX;
}

static u64 netbk_stat_read(const struct netbk_queue_stats *stats, u16 offset)
{
	return *(const u64 *)((const char *)stats + offset);
}

static void netbk_get_ethtool_stats(struct net_device *dev,
				    struct ethtool_stats *estats, u64 *data)
{
	struct netbk_vif *vif = netdev_priv(dev);
	u64 *sums = data, *per = data + NETBK_NR_STATS;
	struct netbk_queue_stats s;
	unsigned int i, q;
	u64 v;

	for (i = 0; i < NETBK_NR_QUEUE_STATS; i++)
		sums[i] = 0;
	/* Every allocated queue: the counters outlive connections. */
	for (q = 0; q < vif->max_queues; q++) {
		netbk_queue_stats_read(&vif->queues[q], &s);
		for (i = 0; i < NETBK_NR_QUEUE_STATS; i++) {
			v = netbk_stat_read(&s,
					    netbk_queue_stat_descs[i].offset);
			sums[i] += v;
			*per++ = v;
		}
		netbk_put_placement(&vif->queues[q], &per);
	}
	sums += NETBK_NR_QUEUE_STATS;
	netbk_put_placement(&vif->queues[0], &sums);	/* max_queues >= 1 */
}

const struct ethtool_ops netbk_ethtool_ops = {
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= netbk_get_sset_count,
	.get_strings		= netbk_get_strings,
	.get_ethtool_stats	= netbk_get_ethtool_stats,
};

/* ------------------------------------------------------------------ */
/* debugfs: xen-netback/groups                                         */

static struct dentry *netbk_debugfs_root;

static void netbk_show_group(struct seq_file *m, struct netbk_group *group)
{
	u64 tx_passes, tx_home, tx_away, tx_calls, tx_ops;
	u64 rx_passes, rx_home, rx_away, rx_calls, rx_ops;

	netbk_worker_stats_read(&group->tx, &tx_passes, &tx_home, &tx_away,
				&tx_calls, &tx_ops);
	netbk_worker_stats_read(&group->rx, &rx_passes, &rx_home, &rx_away,
				&rx_calls, &rx_ops);
	seq_printf(m, "%5u %4u %6d %6u %12llu %12llu %12llu %12llu %12llu %14llu %8d ",
		   group->id, group->cpu, READ_ONCE(group->cpu_online),
		   READ_ONCE(group->nr_queues), tx_passes, rx_passes,
		   tx_home + rx_home, tx_away + rx_away, tx_calls + rx_calls,
		   tx_ops + rx_ops, READ_ONCE(group->last_cpu));
	/* The workers' nice level (both alike); tasklets have none. */
	if (group->tx.task)
		seq_printf(m, "%4d\n", task_nice(group->tx.task));
	else
		seq_printf(m, "%4s\n", "-");
}

/* Under group->lock: the queue and its vif stay while on group->members. */
static void netbk_show_queue(struct seq_file *m, struct netbk_group *group,
			     struct netbk_queue *queue)
{
	struct netbk_vif *vif = queue->vif;
	struct netbk_queue_stats s;

	netbk_queue_stats_read(queue, &s);
	seq_printf(m, "%-15s %5u %6u %5u %5u %4u %12llu %14llu %12llu %14llu %12llu %12llu %10llu %12llu %12llu\n",
		   netdev_name(vif->dev), vif->domid, vif->handle, queue->id,
		   group->id, group->cpu, s.rx_packets, s.rx_bytes,
		   s.tx_packets, s.tx_bytes, s.tx_copy_ops + s.rx_copy_ops,
		   s.hypercalls, s.rx_dropped + s.tx_dropped + s.rx_queue_drops,
		   s.tx_passes, s.rx_passes);
}

static int netbk_groups_show(struct seq_file *m, void *unused)
{
	struct netbk_queue *queue;
	unsigned long flags;
	unsigned int i;

	seq_printf(m, "%5s %4s %6s %6s %12s %12s %12s %12s %12s %14s %8s %4s\n",
		   "group", "cpu", "online", "queues", "tx_passes", "rx_passes",
		   "passes_home", "passes_away", "hypercalls", "copy_ops",
		   "last_cpu", "nice");
	for (i = 0; i < netbk_nr_groups; i++)
		netbk_show_group(m, &netbk_groups[i]);

	/* rx/tx as on the vif netdev: rx = from the guest, tx = to it. */
	seq_printf(m, "\n%-15s %5s %6s %5s %5s %4s %12s %14s %12s %14s %12s %12s %10s %12s %12s\n",
		   "vif", "domid", "handle", "queue", "group", "cpu",
		   "rx_packets", "rx_bytes", "tx_packets", "tx_bytes",
		   "copy_ops", "hypercalls", "drops", "tx_passes", "rx_passes");
	for (i = 0; i < netbk_nr_groups; i++) {
		struct netbk_group *group = &netbk_groups[i];

		spin_lock_irqsave(&group->lock, flags);
		list_for_each_entry(queue, &group->members, member)
			netbk_show_queue(m, group, queue);
		spin_unlock_irqrestore(&group->lock, flags);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(netbk_groups);

/* debugfs may be absent or locked down: then there is just no file. */
void netbk_debugfs_init(void)
{
	netbk_debugfs_root = debugfs_create_dir(NETBK_NAME, NULL);
	debugfs_create_file("groups", 0444, netbk_debugfs_root, NULL,
			    &netbk_groups_fops);
}

void netbk_debugfs_exit(void)
{
	debugfs_remove_recursive(netbk_debugfs_root);
	netbk_debugfs_root = NULL;
}
