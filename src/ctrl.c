// SPDX-License-Identifier: GPL-2.0
/*
 * The control ring (feature-ctrl-ring), through which a frontend sets
 * how guest RX is hashed: algorithm, hash types, key, mapping table.
 *
 * Requests are served by a work item, one at a time, in process context:
 * a key or a table is grant-copied into a page of ours first, and a new
 * configuration is put in force with RCU (guest RX reads it on every CPU
 * without a lock), the old one reused only after a grace period.
 *
 * The event channel uses the late-EOI protocol, like the data rings: the
 * handler hands the ring to the work and leaves the EOI pending; the work
 * issues it once the ring is empty, so a frontend cannot make dom0 take
 * its events faster than they are served. An event with nothing posted is
 * EOIed at once and reported to Xen as spurious.
 *
 * The guest owns the ring and may rewrite it under our feet: a request is
 * read from it only by netbk_ctrl_fetch(), once, and every field of the
 * copy is checked in one place, netbk_ctrl_handle() (src/ctrlreq.c). A
 * frontend that breaks the ring itself (claims more requests than the
 * ring holds) gets its vif disabled; the control ring's event then stays
 * masked until disconnect.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <xen/events.h>
#include <xen/grant_table.h>

#include "netbk_ctrl.h"

/* Requests one pass of the work serves before it lets other work run. */
#define NETBK_CTRL_BUDGET	16

/*
 * The configuration in force. Written only by the work, and by connect
 * and disconnect while no work can run.
 */
static struct netbk_hash_cfg *netbk_ctrl_cfg(struct netbk_ctrl *ctrl)
{
	return rcu_dereference_protected(ctrl->cfg, true);
}

/* ------------------------------------------------------------------ */
/* The ring                                                             */

/*
 * THE one reader of control requests: every other part of the driver
 * works on the private copy made here.
 */
static void netbk_ctrl_fetch(struct netbk_ctrl *ctrl, RING_IDX idx,
			     struct netbk_ctrl_req *req)
{
	const struct xen_netif_ctrl_request *shared =
		RING_GET_REQUEST(&ctrl->ring, idx);

	req->id = READ_ONCE(shared->id);
	req->type = READ_ONCE(shared->type);
	req->data[0] = READ_ONCE(shared->data[0]);
	req->data[1] = READ_ONCE(shared->data[1]);
	req->data[2] = READ_ONCE(shared->data[2]);
}

static bool netbk_ctrl_posted(const struct netbk_ctrl *ctrl)
{
	return READ_ONCE(ctrl->ring.sring->req_prod) != ctrl->ring.req_cons;
}

/*
 * Copy the next request: 1, or 0 if there is none, or -EIO if the
 * frontend claims more requests than the ring holds (the vif is then
 * disabled).
 */
static int netbk_ctrl_next(struct netbk_ctrl *ctrl, struct netbk_ctrl_req *req)
{
	RING_IDX prod = READ_ONCE(ctrl->ring.sring->req_prod);

	if (prod == ctrl->ring.req_cons)
		return 0;
	if (unlikely(RING_REQUEST_PROD_OVERFLOW(&ctrl->ring, prod))) {
		netbk_vif_fatal(ctrl->vif, "control ring overflow");
		return -EIO;
	}
	/* Read the request only after the req_prod that covers it. */
	virt_rmb();
	netbk_ctrl_fetch(ctrl, ctrl->ring.req_cons, req);
	ctrl->ring.req_cons++;
	return 1;
}

/* Answer @req, push the response and tell the frontend if it asked. */
static void netbk_ctrl_respond(struct netbk_ctrl *ctrl,
			       const struct netbk_ctrl_req *req, u32 status,
			       u32 data)
{
	struct xen_netif_ctrl_response rsp = {
		.id = req->id,
		.type = req->type,
		.status = status,
		.data = data,
	};
	int notify;

	*RING_GET_RESPONSE(&ctrl->ring, ctrl->ring.rsp_prod_pvt) = rsp;
	ctrl->ring.rsp_prod_pvt++;
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&ctrl->ring, notify);
	if (notify)
		notify_remote_via_irq(READ_ONCE(ctrl->irq));
}

/*
 * Nothing posted: ask for an event on the next request, then look once
 * more, as the frontend may have posted before it could see the ask.
 */
static bool netbk_ctrl_idle(struct netbk_ctrl *ctrl)
{
	if (netbk_ctrl_posted(ctrl))
		return false;
	WRITE_ONCE(ctrl->ring.sring->req_event, ctrl->ring.req_cons + 1);
	/* The ask is visible before req_prod is read again. */
	virt_mb();
	return !netbk_ctrl_posted(ctrl);
}

/* ------------------------------------------------------------------ */
/* Requests                                                             */

/*
 * netbk_ctrl_handle()'s copy function: @len bytes from the start of the
 * frontend's grant @gref, through our scratch page (the guest cannot
 * change what lands there), into @dst.
 */
static int netbk_ctrl_copy(void *ctx, u32 gref, void *dst, unsigned int len)
{
	struct netbk_ctrl *ctrl = ctx;
	struct gnttab_copy op = {
		.flags = GNTCOPY_source_gref,
		.len = len,
	};

	if (len > XEN_PAGE_SIZE)	/* never asked: one grant at most */
		return -EINVAL;
	op.source.u.ref = gref;
	op.source.domid = ctrl->vif->domid;
	op.source.offset = 0;
	op.dest.u.gmfn = virt_to_gfn(ctrl->scratch);
	op.dest.domid = DOMID_SELF;
	op.dest.offset = 0;

	/* May sleep while Xen says "try again": we are in the work. */
	gnttab_batch_copy(&op, 1);
	if (op.status != GNTST_okay)
		return -EIO;
	memcpy(dst, ctrl->scratch, len);
	return 0;
}

/*
 * Put the configuration built in ctrl->spare in force. Guest RX may still
 * read the old one until a grace period has passed; it is the next spare
 * after that. Waiting here also bounds how fast a frontend can make us
 * change configurations.
 */
static void netbk_ctrl_publish(struct netbk_ctrl *ctrl)
{
	struct netbk_hash_cfg *old = netbk_ctrl_cfg(ctrl);
	struct netbk_hash_cfg *new = ctrl->spare;

	if (!memcmp(old, new, sizeof(*new)))
		return;		/* e.g. the same flags again */
	rcu_assign_pointer(ctrl->cfg, new);
	synchronize_rcu();
	ctrl->spare = old;
	/* No sender uses the old key now: its cached hashes are garbage. */
	if (old->key_gen != new->key_gen)
		netbk_hash_cache_flush(&ctrl->cache);
}

/* Serve one request; the response says what became of it. */
static void netbk_ctrl_serve(struct netbk_ctrl *ctrl,
			     const struct netbk_ctrl_req *req)
{
	const struct netbk_ctrl_src src = {
		.copy = netbk_ctrl_copy,
		.ctx = ctrl,
	};
	u32 status, data;

	/* Built on a private copy: the configuration in force stays whole. */
	*ctrl->spare = *netbk_ctrl_cfg(ctrl);
	status = netbk_ctrl_handle(ctrl->spare, req,
				   READ_ONCE(ctrl->vif->num_queues), &src,
				   &data);
	if (status == NETBK_CTRL_STATUS_SUCCESS)
		netbk_ctrl_publish(ctrl);
	netbk_ctrl_respond(ctrl, req, status, data);
}

static void netbk_ctrl_work(struct work_struct *work)
{
	struct netbk_ctrl *ctrl = container_of(work, struct netbk_ctrl, work);
	struct netbk_ctrl_req req;
	unsigned int done;
	int got = 0;

	for (done = 0; done < NETBK_CTRL_BUDGET; done++) {
		/* Disabled: the EOI is never issued, the event stays masked. */
		if (READ_ONCE(ctrl->vif->disabled))
			return;
		got = netbk_ctrl_next(ctrl, &req);
		if (got <= 0)
			break;
		netbk_ctrl_serve(ctrl, &req);
	}
	if (got < 0 || READ_ONCE(ctrl->vif->disabled))
		return;
	if (done == NETBK_CTRL_BUDGET || !netbk_ctrl_idle(ctrl)) {
		schedule_work(&ctrl->work);	/* the EOI stays pending */
		return;
	}
	if (atomic_xchg(&ctrl->eoi_pending, 0))
		xen_irq_lateeoi(READ_ONCE(ctrl->irq), 0);
}

static irqreturn_t netbk_ctrl_interrupt(int irq, void *dev_id)
{
	struct netbk_ctrl *ctrl = dev_id;

	if (READ_ONCE(ctrl->vif->disabled))
		return IRQ_HANDLED;	/* no EOI: masked until disconnect */
	if (!netbk_ctrl_posted(ctrl)) {
		xen_irq_lateeoi(irq, XEN_EOI_FLAG_SPURIOUS);
		return IRQ_HANDLED;
	}
	/* The work's pass that finds the ring empty issues the EOI. */
	WRITE_ONCE(ctrl->irq, irq);	/* see netbk_ctrl_bind() */
	atomic_set(&ctrl->eoi_pending, 1);
	schedule_work(&ctrl->work);
	return IRQ_HANDLED;
}

/* ------------------------------------------------------------------ */
/* Connect and disconnect                                               */

/* Our protocol constants (netbk_logic.h) are netif.h's. */
static void netbk_ctrl_check_abi(void)
{
	BUILD_BUG_ON(NETBK_CTRL_TYPE_SET_HASH_ALGORITHM !=
		     XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM);
	BUILD_BUG_ON(NETBK_CTRL_TYPE_SET_HASH_MAPPING !=
		     XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING);
	BUILD_BUG_ON(NETBK_CTRL_STATUS_INVALID_PARAMETER !=
		     XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER);
	BUILD_BUG_ON(NETBK_HASH_ALG_TOEPLITZ !=
		     XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ);
	BUILD_BUG_ON(NETBK_HASH_TYPE_IPV6_TCP !=
		     _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP);
	BUILD_BUG_ON(NETBK_HASH_FLAGS_ALL !=
		     (XEN_NETIF_CTRL_HASH_TYPE_IPV4 |
		      XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP |
		      XEN_NETIF_CTRL_HASH_TYPE_IPV6 |
		      XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP));
	BUILD_BUG_ON(sizeof(struct netbk_ctrl_req) !=
		     sizeof(struct xen_netif_ctrl_request));
	BUILD_BUG_ON(XEN_PAGE_SIZE != NETBK_PAGE_SIZE);
	BUILD_BUG_ON(XEN_PAGE_SIZE > PAGE_SIZE);
}

/* Memory of a control ring whose ring is unmapped, or never was. */
static void netbk_ctrl_free_mem(struct netbk_ctrl *ctrl)
{
	netbk_hash_cache_free(&ctrl->cache);
	free_page((unsigned long)ctrl->scratch);
	kfree(ctrl->spare);
	kfree(netbk_ctrl_cfg(ctrl));
	kfree(ctrl);
}

/* Everything but the ring and the event channel, all or nothing. */
static struct netbk_ctrl *netbk_ctrl_alloc(struct netbk_vif *vif)
{
	unsigned int cache_size = min(READ_ONCE(netbk_hash_cache_size),
				      NETBK_HASH_CACHE_MAX);
	struct netbk_hash_cfg *cfg;
	struct netbk_ctrl *ctrl;

	ctrl = kzalloc(sizeof(*ctrl), GFP_KERNEL);
	if (!ctrl)
		return NULL;
	ctrl->vif = vif;
	INIT_WORK(&ctrl->work, netbk_ctrl_work);
	atomic_set(&ctrl->eoi_pending, 0);
	snprintf(ctrl->irq_name, sizeof(ctrl->irq_name), "%s-ctrl",
		 vif->dev->name);

	cfg = kmalloc(sizeof(*cfg), GFP_KERNEL);
	if (cfg)
		netbk_hash_cfg_init(cfg);
	RCU_INIT_POINTER(ctrl->cfg, cfg);
	ctrl->spare = kmalloc(sizeof(*ctrl->spare), GFP_KERNEL);
	ctrl->scratch = (void *)__get_free_page(GFP_KERNEL);
	if (!cfg || !ctrl->spare || !ctrl->scratch ||
	    netbk_hash_cache_init(&ctrl->cache, cache_size)) {
		netbk_ctrl_free_mem(ctrl);
		return NULL;
	}
	return ctrl;
}

/*
 * Attach to the frontend's ring page. After a rebind its indexes are
 * mid-flight: start where the last responses stopped, if what it claims
 * is pending fits in the ring.
 */
static int netbk_ctrl_map(struct netbk_ctrl *ctrl, unsigned long ring_ref)
{
	struct xen_netif_ctrl_sring *sring;
	grant_ref_t gref = ring_ref;
	RING_IDX req_prod, rsp_prod;
	void *addr;
	int err;

	if (ring_ref > U32_MAX)		/* grant_ref_t is 32 bits */
		return -EINVAL;
	err = xenbus_map_ring_valloc(ctrl->vif->xbdev, &gref, 1, &addr);
	if (err)
		return err;
	sring = addr;
	req_prod = READ_ONCE(sring->req_prod);
	rsp_prod = READ_ONCE(sring->rsp_prod);
	BACK_RING_ATTACH(&ctrl->ring, sring, rsp_prod, XEN_PAGE_SIZE);
	if (req_prod - rsp_prod > RING_SIZE(&ctrl->ring))
		return -EIO;	/* the caller unmaps it */
	return 0;
}

static void netbk_ctrl_unmap(struct netbk_ctrl *ctrl)
{
	if (ctrl->ring.sring)
		xenbus_unmap_ring_vfree(ctrl->vif->xbdev, ctrl->ring.sring);
	ctrl->ring.sring = NULL;
}

/*
 * Bind, with the handler live at once. The first event may come in
 * before ctrl->irq is set here: the handler sets it too (the same value)
 * before it schedules the work that uses it.
 */
static int netbk_ctrl_bind(struct netbk_ctrl *ctrl, unsigned int evtchn)
{
	int irq;

	irq = bind_interdomain_evtchn_to_irqhandler_lateeoi(ctrl->vif->xbdev,
							    evtchn,
							    netbk_ctrl_interrupt,
							    0, ctrl->irq_name,
							    ctrl);
	if (irq < 0)
		return irq;
	WRITE_ONCE(ctrl->irq, irq);
	return 0;
}

int netbk_ctrl_connect(struct netbk_vif *vif, unsigned long ring_ref,
		       unsigned int evtchn)
{
	struct netbk_ctrl *ctrl;
	int err;

	netbk_ctrl_check_abi();
	ctrl = netbk_ctrl_alloc(vif);
	if (!ctrl)
		return -ENOMEM;
	err = netbk_ctrl_map(ctrl, ring_ref);
	if (err)
		goto fail;

	err = netbk_ctrl_bind(ctrl, evtchn);
	if (err)
		goto fail;

	rcu_assign_pointer(vif->ctrl, ctrl);
	/*
	 * Requests posted before we were bound sent no event we could get;
	 * a pass without an event owes no EOI.
	 */
	schedule_work(&ctrl->work);
	return 0;

fail:
	netbk_ctrl_unmap(ctrl);
	netbk_ctrl_free_mem(ctrl);
	return err;
}

void netbk_ctrl_disconnect(struct netbk_vif *vif)
{
	/* Connect and disconnect are serialised (xenbus.c's watch thread). */
	struct netbk_ctrl *ctrl = rcu_dereference_protected(vif->ctrl, true);

	if (!ctrl)
		return;
	/* No handler runs or will, so no work is queued after this one. */
	disable_irq(ctrl->irq);
	cancel_work_sync(&ctrl->work);
	unbind_from_irqhandler(ctrl->irq, ctrl);

	/* Guest RX lets go of the ring, its configurations and its cache. */
	RCU_INIT_POINTER(vif->ctrl, NULL);
	synchronize_rcu();

	netbk_ctrl_unmap(ctrl);
	netbk_ctrl_free_mem(ctrl);
}
