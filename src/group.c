// SPDX-License-Identifier: GPL-2.0
/*
 * netbk groups: one per dom0 CPU, each with a TX and an RX worker that
 * serve the queues of every guest placed on the group.
 *
 * A queue is put on a worker's work list by a "kick" (its event channel's
 * handler, a timer, or start_xmit for RX). The worker takes queues off the
 * list one at a time, gives each a budget, and puts a queue that still has
 * work back at the tail: round-robin, so one busy guest cannot starve the
 * others of its group. Nothing here is shared between groups, so groups
 * never contend with one another on the data path.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/irq.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <asm/xen/hypercall.h>

#include "netbk.h"

struct netbk_group *netbk_groups;
unsigned int netbk_nr_groups;

/* Serialises joining and leaving groups, and the load figures. */
static DEFINE_MUTEX(netbk_groups_lock);
/* Scratch for netbk_pick_group(), under netbk_groups_lock. */
static unsigned int *netbk_pick_load;
static bool *netbk_pick_usable;

static int netbk_cpuhp_state = -1;

/* ------------------------------------------------------------------ */
/* Work lists                                                          */

static unsigned long netbk_sched_bit(struct netbk_worker *w)
{
	return w->is_tx ? NETBK_SCHED_TX : NETBK_SCHED_RX;
}

static struct list_head *netbk_worker_link(struct netbk_worker *w,
					   struct netbk_queue *queue)
{
	return w->is_tx ? &queue->tx_link : &queue->rx_link;
}

/*
 * The IPI's half of a remote tasklet wake. ipi_pending is cleared last:
 * the IPI code releases an async csd before it calls us, so this bit, not
 * the csd, says when the handler is done with the worker (see
 * netbk_worker_stop()). A kick that finds the bit still set needs no IPI
 * of its own: the tasklet scheduled here runs after this handler returns,
 * and so finds the work that kick queued.
 */
static void netbk_ipi_schedule_tasklet(void *data)
{
	struct netbk_worker *w = data;

	tasklet_schedule(&w->tasklet);
	clear_bit_unlock(0, &w->ipi_pending);
}

/*
 * A tasklet runs on the CPU that schedules it. Event channels are pinned
 * to the group's CPU, but RX kicks come from start_xmit on any CPU: hand
 * those to the home CPU so that the group's work really runs there.
 */
static void netbk_tasklet_wake(struct netbk_worker *w)
{
	unsigned int cpu = w->group->cpu;

	if (cpu == raw_smp_processor_id() || !READ_ONCE(w->group->cpu_online)) {
		tasklet_schedule(&w->tasklet);
		return;
	}
	if (!test_and_set_bit(0, &w->ipi_pending) &&
	    smp_call_function_single_async(cpu, &w->csd))
		netbk_ipi_schedule_tasklet(w);	/* CPU went away: run here */
}

static void netbk_worker_wake(struct netbk_worker *w)
{
	if (netbk_worker_kind == NETBK_WORKER_TASKLET)
		netbk_tasklet_wake(w);
	else
		wake_up(&w->wq);
}

static void netbk_worker_kick(struct netbk_worker *w, struct netbk_queue *queue)
{
	struct netbk_group *group = w->group;
	unsigned long flags;
	bool queued = false;

	if (test_and_set_bit(netbk_sched_bit(w), &queue->sched))
		return;		/* already on the list: the worker will come */

	spin_lock_irqsave(&group->lock, flags);
	if (!queue->leaving) {
		list_add_tail(netbk_worker_link(w, queue), &w->work);
		w->nr_work++;
		queued = true;
	} else {
		clear_bit(netbk_sched_bit(w), &queue->sched);
	}
	spin_unlock_irqrestore(&group->lock, flags);

	if (queued)
		netbk_worker_wake(w);
}

void netbk_group_kick_tx(struct netbk_queue *queue)
{
	struct netbk_group *group = READ_ONCE(queue->group);

	if (group)
		netbk_worker_kick(&group->tx, queue);
}

void netbk_group_kick_rx(struct netbk_queue *queue)
{
	struct netbk_group *group = READ_ONCE(queue->group);

	if (group)
		netbk_worker_kick(&group->rx, queue);
}

/* Take the next queue off the list and mark it as being served. */
static struct netbk_queue *netbk_worker_pop(struct netbk_worker *w)
{
	struct netbk_group *group = w->group;
	struct netbk_queue *queue = NULL;
	struct list_head *link;
	unsigned long flags;

	spin_lock_irqsave(&group->lock, flags);
	if (!list_empty(&w->work)) {
		link = w->work.next;
		list_del_init(link);
		w->nr_work--;
		queue = w->is_tx ? list_entry(link, struct netbk_queue, tx_link)
				 : list_entry(link, struct netbk_queue, rx_link);
		w->current_queue = queue;
		/*
		 * Cleared before the work is done: a kick that comes while we
		 * serve the queue puts it back on the list, so none is lost.
		 */
		clear_bit(netbk_sched_bit(w), &queue->sched);
	}
	spin_unlock_irqrestore(&group->lock, flags);

	return queue;
}

static void netbk_worker_serve(struct netbk_worker *w, struct netbk_queue *queue)
{
	struct netbk_group *group = w->group;
	unsigned long flags;
	bool more, leaving;

	if (w->is_tx) {
		more = netbk_tx_action(group, queue, NETBK_QUEUE_BUDGET);
		netbk_stat_add(&queue->stats.tx.syncp,
			       &queue->stats.tx.passes, 1);
		if (!more)
			netbk_queue_tx_done(queue);
	} else {
		more = netbk_rx_action(group, queue, NETBK_QUEUE_BUDGET);
		netbk_stat_add(&queue->stats.rx.syncp,
			       &queue->stats.rx.passes, 1);
		if (!more)
			netbk_queue_rx_done(queue);
	}

	/*
	 * Budget used up with work left: back to the tail, so the others go
	 * first. Done before current_queue is cleared: from then on the queue
	 * may be freed by netbk_group_remove_queue().
	 */
	spin_lock_irqsave(&group->lock, flags);
	leaving = queue->leaving;
	if (more && !leaving &&
	    !test_and_set_bit(netbk_sched_bit(w), &queue->sched)) {
		list_add_tail(netbk_worker_link(w, queue), &w->work);
		w->nr_work++;
	}
	w->current_queue = NULL;
	spin_unlock_irqrestore(&group->lock, flags);

	/* Only @group from here: the queue may be gone already. */
	if (leaving)
		wake_up(&group->leave_wq);
}

/* Serve each queue that is on the list now once. True if work remains. */
static bool netbk_worker_pass(struct netbk_worker *w)
{
	struct netbk_group *group = w->group;
	unsigned int n = READ_ONCE(w->nr_work);
	struct netbk_queue *queue;
	int cpu = raw_smp_processor_id();
	unsigned long sflags;

	while (n-- && (queue = netbk_worker_pop(w))) {
		netbk_worker_serve(w, queue);
		/*
		 * A pass may serve every queue of the group, a budget each:
		 * a kthread lets others run between queues. A tasklet may
		 * not schedule; it reschedules itself after the pass.
		 */
		if (netbk_worker_kind == NETBK_WORKER_KTHREAD)
			cond_resched();
	}

	/* Each worker its own counters: the TX and RX ones run at once. */
	sflags = netbk_stats_begin(&w->stats.syncp);
	u64_stats_inc(&w->stats.passes);
	if (cpu == group->cpu)
		u64_stats_inc(&w->stats.passes_home);
	else
		u64_stats_inc(&w->stats.passes_away);
	netbk_stats_end(&w->stats.syncp, sflags);
	WRITE_ONCE(group->last_cpu, cpu);

	return READ_ONCE(w->nr_work) != 0;
}

static void netbk_tasklet_fn(struct tasklet_struct *t)
{
	struct netbk_worker *w = from_tasklet(w, t, tasklet);

	/* Reschedule rather than loop, so that other softirqs get a turn. */
	if (netbk_worker_pass(w))
		tasklet_schedule(&w->tasklet);
}

static int netbk_kthread_fn(void *data)
{
	struct netbk_worker *w = data;

	while (!kthread_should_stop()) {
		wait_event_interruptible(w->wq, READ_ONCE(w->nr_work) ||
					 kthread_should_stop());
		if (kthread_should_stop())
			break;
		netbk_worker_pass(w);
		cond_resched();
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Grant copies                                                        */

/*
 * Re-issues of the operations Xen answered GNTST_eagain (the page is
 * paged out or being unshared), all within the pass. gnttab_batch_copy()
 * would msleep() up to about 32 s per operation instead: every queue of
 * the group would wait, and a tasklet worker would sleep in softirq
 * context. An operation still refused after these is failed, and its
 * packet with it, as any failed copy is.
 */
#define NETBK_COPY_EAGAIN_TRIES	4

/* One hypercall; if Xen refuses the whole batch, every operation failed. */
static void netbk_copy_hypercall(struct gnttab_copy *ops, unsigned int nr)
{
	unsigned int i;
	int rc;

	rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, ops, nr);
	if (likely(!rc))
		return;
	pr_err_ratelimited("grant copy of %u operations refused: %d\n", nr, rc);
	for (i = 0; i < nr; i++)
		ops[i].status = GNTST_general_error;
}

unsigned int netbk_grant_copy(struct gnttab_copy *ops, unsigned int nr)
{
	unsigned int calls = 0, tries, i, j;
	bool again;

	if (!nr)
		return 0;
	netbk_copy_hypercall(ops, nr);
	calls++;

	for (tries = 0; tries < NETBK_COPY_EAGAIN_TRIES; tries++) {
		again = false;
		for (i = 0; i < nr; i = j) {
			j = i + 1;
			if (likely(ops[i].status != GNTST_eagain))
				continue;
			/* A run of refused operations: one hypercall again. */
			while (j < nr && ops[j].status == GNTST_eagain)
				j++;
			netbk_copy_hypercall(ops + i, j - i);
			calls++;
			again = true;
		}
		if (!again)
			break;
	}
	return calls;
}

/* ------------------------------------------------------------------ */
/* Membership                                                          */

void netbk_group_bind_irq(struct netbk_group *group, unsigned int irq)
{
	int err;

	if (!irq)
		return;		/* not bound (yet, or any more) */
	if (!READ_ONCE(group->cpu_online))
		return;		/* the CPU coming back re-pins it */
	err = irq_set_affinity(irq, cpumask_of(group->cpu));
	if (err)
		pr_warn_ratelimited("group %u: cannot pin irq %u to CPU %u: %d\n",
				    group->id, irq, group->cpu, err);
}

/*
 * Give the group's kthread workers the weight of its queue count (see
 * netbk_weigh_workers); under netbk_groups_lock, whenever it changes.
 */
static void netbk_group_reweigh(struct netbk_group *group)
{
	unsigned int weight = netbk_weigh_workers ? group->nr_queues : 1;
	int nice = netbk_worker_nice_for(weight, netbk_worker_nice);

	if (group->tx.task)
		set_user_nice(group->tx.task, nice);
	if (group->rx.task)
		set_user_nice(group->rx.task, nice);
}

int netbk_group_add_queue(struct netbk_queue *queue)
{
	struct netbk_group *group;
	unsigned long flags;
	unsigned int i;
	int idx;

	mutex_lock(&netbk_groups_lock);
	for (i = 0; i < netbk_nr_groups; i++) {
		netbk_pick_load[i] = netbk_groups[i].nr_queues;
		netbk_pick_usable[i] = READ_ONCE(netbk_groups[i].cpu_online);
	}
	idx = netbk_pick_group(netbk_pick_load, netbk_pick_usable,
			       netbk_nr_groups);
	if (idx < 0)
		idx = 0;	/* every home CPU offline: workers still run */
	group = &netbk_groups[idx];
	group->nr_queues++;
	netbk_group_reweigh(group);

	spin_lock_irqsave(&group->lock, flags);
	queue->sched = 0;
	queue->leaving = false;
	INIT_LIST_HEAD(&queue->tx_link);
	INIT_LIST_HEAD(&queue->rx_link);
	list_add_tail(&queue->member, &group->members);
	WRITE_ONCE(queue->group, group);
	spin_unlock_irqrestore(&group->lock, flags);
	mutex_unlock(&netbk_groups_lock);

	return 0;
}

static bool netbk_group_serving(struct netbk_group *group,
				struct netbk_queue *queue)
{
	return group->tx.current_queue == queue ||
	       group->rx.current_queue == queue;
}

/* netbk_group_remove_queue()'s wait: has every worker let go of @queue? */
static bool netbk_group_let_go(struct netbk_group *group,
			       struct netbk_queue *queue)
{
	unsigned long flags;
	bool serving;

	spin_lock_irqsave(&group->lock, flags);
	serving = netbk_group_serving(group, queue);
	spin_unlock_irqrestore(&group->lock, flags);
	return !serving;
}

/*
 * Leave the group for good (process context). The queue's event channels
 * are masked or unbound; kicks from timers or start_xmit that race with
 * us find queue->leaving set. Returns once no worker serves the queue,
 * so its memory may go: a worker that was serving it wakes us when it
 * lets go (netbk_worker_serve()).
 */
void netbk_group_remove_queue(struct netbk_queue *queue)
{
	struct netbk_group *group = queue->group;
	unsigned long flags;

	if (!group)
		return;

	spin_lock_irqsave(&group->lock, flags);
	queue->leaving = true;
	if (!list_empty(&queue->tx_link)) {
		list_del_init(&queue->tx_link);
		group->tx.nr_work--;
	}
	if (!list_empty(&queue->rx_link)) {
		list_del_init(&queue->rx_link);
		group->rx.nr_work--;
	}
	spin_unlock_irqrestore(&group->lock, flags);

	wait_event(group->leave_wq, netbk_group_let_go(group, queue));

	spin_lock_irqsave(&group->lock, flags);
	list_del_init(&queue->member);
	WRITE_ONCE(queue->group, NULL);
	spin_unlock_irqrestore(&group->lock, flags);

	mutex_lock(&netbk_groups_lock);
	group->nr_queues--;
	netbk_group_reweigh(group);
	mutex_unlock(&netbk_groups_lock);
}

/* ------------------------------------------------------------------ */
/* CPU hotplug: workers follow their CPU without being hard-bound.     */

static void netbk_group_pin(struct netbk_group *group, const struct cpumask *mask)
{
	if (netbk_worker_kind != NETBK_WORKER_KTHREAD || !netbk_bind_workers)
		return;
	set_cpus_allowed_ptr(group->tx.task, mask);
	set_cpus_allowed_ptr(group->rx.task, mask);
}

/*
 * A member's IRQ numbers are 0 until interface.c has bound them (a queue
 * joins its group first), and it leaves the group before they are
 * unbound: a number read here is 0 or an IRQ the queue still holds.
 */
static void netbk_group_repin_irqs(struct netbk_group *group)
{
	struct netbk_queue *queue;
	unsigned int tx_irq, rx_irq;
	unsigned long flags;

	spin_lock_irqsave(&group->lock, flags);
	list_for_each_entry(queue, &group->members, member) {
		tx_irq = READ_ONCE(queue->tx_irq);
		rx_irq = READ_ONCE(queue->rx_irq);
		netbk_group_bind_irq(group, tx_irq);
		if (rx_irq != tx_irq)
			netbk_group_bind_irq(group, rx_irq);
	}
	spin_unlock_irqrestore(&group->lock, flags);
}

static int netbk_cpu_online(unsigned int cpu)
{
	unsigned int i;

	for (i = 0; i < netbk_nr_groups; i++) {
		struct netbk_group *group = &netbk_groups[i];

		if (group->cpu != cpu)
			continue;
		WRITE_ONCE(group->cpu_online, true);
		netbk_group_pin(group, cpumask_of(cpu));
		netbk_group_repin_irqs(group);
	}
	return 0;
}

static int netbk_cpu_offline(unsigned int cpu)
{
	unsigned int i;

	/*
	 * Let the workers run anywhere while their CPU is away (the kernel
	 * moves the IRQs itself); a hard bind would freeze the group.
	 */
	for (i = 0; i < netbk_nr_groups; i++) {
		struct netbk_group *group = &netbk_groups[i];

		if (group->cpu != cpu)
			continue;
		WRITE_ONCE(group->cpu_online, false);
		netbk_group_pin(group, cpu_possible_mask);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Set-up and tear-down                                                */

static int netbk_worker_start(struct netbk_group *group,
			      struct netbk_worker *w, bool is_tx)
{
	w->group = group;
	w->is_tx = is_tx;
	u64_stats_init(&w->stats.syncp);
	INIT_LIST_HEAD(&w->work);
	init_waitqueue_head(&w->wq);
	INIT_CSD(&w->csd, netbk_ipi_schedule_tasklet, w);

	if (netbk_worker_kind == NETBK_WORKER_TASKLET) {
		tasklet_setup(&w->tasklet, netbk_tasklet_fn);
		return 0;
	}

	w->task = kthread_create(netbk_kthread_fn, w, "netbk-%s/%u",
				 is_tx ? "tx" : "rx", group->id);
	if (IS_ERR(w->task)) {
		int err = PTR_ERR(w->task);

		w->task = NULL;
		return err;
	}
	if (netbk_bind_workers && group->cpu_online)
		set_cpus_allowed_ptr(w->task, cpumask_of(group->cpu));
	set_user_nice(w->task, netbk_worker_nice_for(1, netbk_worker_nice));
	wake_up_process(w->task);
	return 0;
}

static void netbk_worker_stop(struct netbk_worker *w)
{
	if (netbk_worker_kind == NETBK_WORKER_TASKLET) {
		if (!w->group)
			return;
		/*
		 * No queue is left to kick the worker, but the IPI of an
		 * earlier kick may still be on its way: wait for its handler
		 * to let go (as csd_lock_wait() does for a synchronous csd),
		 * then for the tasklet it scheduled. The handler's last
		 * instructions after the bit are covered by the RCU grace
		 * period module unloading waits for before freeing our text.
		 */
		smp_cond_load_acquire(&w->ipi_pending, !(VAL & 1));
		tasklet_kill(&w->tasklet);
		return;
	}
	if (w->task)
		kthread_stop(w->task);
	w->task = NULL;
}

static void netbk_group_free_scratch(struct netbk_group *group)
{
	kvfree(group->tx_copy);
	kvfree(group->rx_copy);
	kvfree(group->tx_pkt);
	kvfree(group->tx_segs);
}

static int netbk_group_alloc_scratch(struct netbk_group *group)
{
	int node = cpu_to_node(group->cpu);

	group->tx_copy = kvzalloc_node(array_size(NETBK_COPY_BATCH,
						  sizeof(*group->tx_copy)),
				       GFP_KERNEL, node);
	group->rx_copy = kvzalloc_node(array_size(NETBK_COPY_BATCH,
						  sizeof(*group->rx_copy)),
				       GFP_KERNEL, node);
	group->tx_pkt = kvzalloc_node(sizeof(*group->tx_pkt), GFP_KERNEL, node);
	group->tx_segs = kvzalloc_node(array_size(NETBK_TX_SEGS_MAX,
						  sizeof(*group->tx_segs)),
				       GFP_KERNEL, node);
	if (!group->tx_copy || !group->rx_copy || !group->tx_pkt ||
	    !group->tx_segs)
		return -ENOMEM;
	return 0;
}

static int netbk_group_init(struct netbk_group *group, unsigned int id,
			    unsigned int cpu)
{
	int err;

	group->id = id;
	group->cpu = cpu;
	group->cpu_online = cpu_online(cpu);
	group->last_cpu = -1;
	spin_lock_init(&group->lock);
	INIT_LIST_HEAD(&group->members);
	init_waitqueue_head(&group->leave_wq);

	err = netbk_group_alloc_scratch(group);
	if (err)
		return err;
	err = netbk_worker_start(group, &group->tx, true);
	if (err)
		return err;
	return netbk_worker_start(group, &group->rx, false);
}

static void netbk_group_exit(struct netbk_group *group)
{
	netbk_worker_stop(&group->tx);
	netbk_worker_stop(&group->rx);
	netbk_group_free_scratch(group);
}

/* The home CPU of group @id: online CPUs in turn. */
static unsigned int netbk_group_home_cpu(unsigned int id)
{
	unsigned int nth = id % num_online_cpus();
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (nth-- == 0)
			return cpu;
	return cpumask_first(cpu_online_mask);
}

int netbk_groups_init(unsigned int nr_groups)
{
	unsigned int i;
	int err = 0;

	netbk_groups = vzalloc(array_size(nr_groups, sizeof(*netbk_groups)));
	netbk_pick_load = vcalloc(nr_groups, sizeof(*netbk_pick_load));
	netbk_pick_usable = vcalloc(nr_groups, sizeof(*netbk_pick_usable));
	if (!netbk_groups || !netbk_pick_load || !netbk_pick_usable) {
		err = -ENOMEM;
		goto fail;
	}

	/*
	 * Held until the hotplug callbacks are in place: a CPU that went
	 * away (or came) between reading cpu_online and installing them
	 * would leave its groups' cpu_online and pinning stale.
	 */
	cpus_read_lock();
	for (i = 0; i < nr_groups; i++) {
		err = netbk_group_init(&netbk_groups[i], i, netbk_group_home_cpu(i));
		netbk_nr_groups = i + 1;	/* so that the unwind sees it */
		if (err)
			break;
	}
	if (!err) {
		err = cpuhp_setup_state_nocalls_cpuslocked(CPUHP_AP_ONLINE_DYN,
							   "net/xen-netback-mt:online",
							   netbk_cpu_online,
							   netbk_cpu_offline);
		if (err >= 0) {
			netbk_cpuhp_state = err;
			err = 0;
		}
	}
	cpus_read_unlock();
	if (err)
		goto fail;

	pr_info("%u netbk groups, %s workers%s\n", nr_groups,
		netbk_worker_kind == NETBK_WORKER_TASKLET ? "tasklet" : "kthread",
		netbk_worker_kind == NETBK_WORKER_KTHREAD && !netbk_bind_workers ?
		" (unbound)" : "");
	return 0;

fail:
	netbk_groups_exit();
	return err;
}

void netbk_groups_exit(void)
{
	unsigned int i;

	if (netbk_cpuhp_state >= 0)
		cpuhp_remove_state_nocalls(netbk_cpuhp_state);
	netbk_cpuhp_state = -1;

	for (i = 0; netbk_groups && i < netbk_nr_groups; i++)
		netbk_group_exit(&netbk_groups[i]);

	vfree(netbk_groups);
	vfree(netbk_pick_load);
	vfree(netbk_pick_usable);
	netbk_groups = NULL;
	netbk_pick_load = NULL;
	netbk_pick_usable = NULL;
	netbk_nr_groups = 0;
}
