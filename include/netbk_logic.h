/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure logic of xen-netback-mt: no kernel object, no lock, no allocation.
 *
 * Everything here is compiled twice: into the module, and into the
 * userspace unit tests (tests/unit), which feed it hostile input directly.
 * Callers in the module copy guest data out of shared memory first; these
 * functions only ever see private copies.
 */
#ifndef NETBK_LOGIC_H
#define NETBK_LOGIC_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/netdev_features.h>
#else
#include "uapi_shim.h"	/* tests/unit: u8..u64, bool, NULL, *_ONCE, NETIF_F_* */
#endif

/* ------------------------------------------------------------------ */
/* Protocol constants (values fixed by netif.h; repeated here so that  */
/* userspace tests need no Xen header).                                */

#define NETBK_PAGE_SIZE		4096u	/* XEN_PAGE_SIZE: a grant's size */
#define NETBK_TX_RING_SIZE	256u	/* __CONST_RING_SIZE(xen_netif_tx, 4096) */
#define NETBK_RX_RING_SIZE	256u	/* __CONST_RING_SIZE(xen_netif_rx, 4096) */
#define NETBK_ETH_HLEN		14u
/* XEN_NETIF_NR_SLOTS_MIN: slots a packet may always use, follow-ons incl. */
#define NETBK_LEGACY_SLOTS_MAX	18u
/* Bytes of headers that must sit in the linear area (stock's TX_COPY_LEN). */
#define NETBK_TX_COPY_LEN	128u
/*
 * Guest TX packets up to this size are copied wholly into the linear area:
 * a standard-MTU frame (1514 bytes, 1518 with a VLAN tag) then needs one
 * head allocation of under 2 KiB with headroom and skb_shared_info, and no
 * page at all. Larger ones get NETBK_TX_COPY_LEN bytes linear and the rest
 * in frag pages of the kernel's page size, each filled (at most 16 pages of
 * 4 KiB for 64 KiB, one page of 64 KiB).
 */
#define NETBK_TX_SMALL_LEN	1536u
/* fatal_skb_slots may not go below the legacy limit, nor above the ring. */
#define NETBK_FATAL_SLOTS_MIN	NETBK_LEGACY_SLOTS_MAX
#define NETBK_FATAL_SLOTS_MAX	NETBK_TX_RING_SIZE

/* netif.h TX request flags */
#define NETBK_TXF_CSUM_BLANK	BIT(0)
#define NETBK_TXF_DATA_VALIDATED BIT(1)
#define NETBK_TXF_MORE_DATA	BIT(2)
#define NETBK_TXF_EXTRA_INFO	BIT(3)

/* netif.h extra-info types and flags */
#define NETBK_EXTRA_GSO		1u
#define NETBK_EXTRA_MCAST_ADD	2u
#define NETBK_EXTRA_MCAST_DEL	3u
#define NETBK_EXTRA_HASH	4u
#define NETBK_EXTRA_XDP		5u
#define NETBK_EXTRA_TYPE_MAX	6u	/* XEN_NETIF_EXTRA_TYPE_MAX */
#define NETBK_EXTRA_FLAG_MORE	BIT(0)

#define NETBK_GSO_TCPV4		1u
#define NETBK_GSO_TCPV6		2u

/* ------------------------------------------------------------------ */
/* Guest TX: one ring entry as the driver sees it after its one copy.  */

/* A TX request (struct xen_netif_tx_request), field for field. */
struct netbk_txreq {
	u32 gref;
	u16 offset;
	u16 flags;
	u16 id;
	u16 size;
};

/* An extra-info segment (struct xen_netif_extra_info), decoded. */
struct netbk_extra {
	u8 type;
	u8 flags;
	union {
		struct {
			u16 size;
			u8 type;
			u16 features;
		} gso;
		u8 mcast_addr[6];
		struct {
			u8 type;
			u8 algorithm;
			u32 value;
		} hash;
	} u;
};

/*
 * One ring slot, copied exactly once out of the shared ring. A slot is a
 * request or an extra depending on what preceded it, so the copy decodes
 * both views from the same private bytes and the parser picks one.
 */
struct netbk_txslot {
	struct netbk_txreq req;
	struct netbk_extra extra;
};

/*
 * The parser asks for ring slots through this callback, by offset from the
 * packet's first slot. The module's implementation is its one copy helper
 * (tx.c); tests supply arrays of hostile slots.
 */
struct netbk_txsrc {
	void (*fetch)(void *ctx, unsigned int i, struct netbk_txslot *slot);
	void *ctx;
};

enum netbk_tx_verdict {
	NETBK_TX_OK,		/* build and deliver the packet */
	NETBK_TX_ERROR,		/* answer every slot with RSP_ERROR, go on */
	NETBK_TX_FATAL,		/* the frontend is broken or hostile: disable */
	NETBK_TX_CONTROL,	/* multicast add/del: answer, deliver nothing */
};

/* Why a packet was refused: one code per check, for logs and tests. */
enum netbk_tx_reason {
	NETBK_TXR_NONE,
	NETBK_TXR_MISSING_EXTRA,	/* fatal: extra flagged, ring ran out */
	NETBK_TXR_BAD_EXTRA_TYPE,	/* fatal: type 0 or >= TYPE_MAX */
	NETBK_TXR_SLOTS_EXCEED_POSTED,	/* fatal: MORE_DATA past req_prod */
	NETBK_TXR_MALICIOUS_SLOTS,	/* fatal: > fatal_skb_slots follow-ons */
	NETBK_TXR_CROSS_PAGE,		/* fatal: offset + size > 4096 */
	NETBK_TXR_GSO_SIZE_ZERO,	/* fatal */
	NETBK_TXR_GSO_BAD_TYPE,		/* fatal */
	NETBK_TXR_TOO_MANY_SLOTS,	/* error: 19 .. fatal_skb_slots */
	NETBK_TXR_SLOT_TOO_BIG,		/* error: slot size > remaining size */
	NETBK_TXR_TOO_SHORT,		/* error: first slot own bytes < ETH_HLEN */
	NETBK_TXR_NR
};

/* The parse of one packet: everything the builder needs, all checked. */
struct netbk_txpkt {
	struct netbk_txreq first;	/* first->size is the packet's length */
	unsigned int first_len;		/* bytes carried by the first slot */
	/* Follow-on data slots, in ring order (up to fatal_skb_slots). */
	struct netbk_txreq frags[NETBK_FATAL_SLOTS_MAX];
	unsigned int nr_frags;		/* follow-on slots consumed */
	unsigned int nr_data_frags;	/* those with size > 0 */
	struct netbk_extra extras[NETBK_EXTRA_TYPE_MAX - 1]; /* by type - 1 */
	unsigned int nr_extras;		/* extra slots consumed */
	unsigned int slots;		/* ring slots consumed in all */
	enum netbk_tx_verdict verdict;
	enum netbk_tx_reason reason;
	u32 reason_arg[2];		/* values for the log line */
};

const char *netbk_tx_reason_str(enum netbk_tx_reason reason);

/*
 * Parse the packet whose first slot is at offset 0 of @src. @avail is the
 * number of slots the frontend has posted (req_prod - req_cons, already
 * known to be <= ring size); @fatal_slots is fatal_skb_slots. On return
 * @pkt->slots slots are consumed whatever the verdict (for FATAL it is
 * meaningless: the queue stops).
 */
void netbk_tx_parse(const struct netbk_txsrc *src, unsigned int avail,
		    unsigned int fatal_slots, struct netbk_txpkt *pkt);

/* Largest kernel page size the frag layout handles (arm64's 64 KiB). */
#define NETBK_PAGE_SIZE_MAX	65536u

/*
 * Copy planning for guest TX: the packet's bytes (first slot's own data,
 * then each follow-on slot's) are packed densely into a destination made
 * of a linear area followed by frag pages of the kernel's page size, each
 * filled before the next (so a 64 KiB-page kernel fills one page with the
 * data of up to 16 slots). One grant-copy operation may not cross a 4 KiB
 * (Xen page) boundary on either side; sources never do (checked),
 * destinations are split here, also inside a large frag page.
 */
struct netbk_copy_seg {
	u16 src_slot;		/* 0 = first, n = frags[n - 1] */
	u16 src_offset;		/* offset inside the granted page */
	u16 len;
	u16 dst_area;		/* 0 = linear, n = frag page n - 1 */
	u32 dst_offset;		/* offset inside the destination area (a
				 * frag page may hold many 4 KiB frames)
				 */
};

struct netbk_tx_layout {
	unsigned int linear_len;	/* bytes in the linear area */
	unsigned int linear_page_off;	/* skb->data's offset in its 4 KiB */
	unsigned int page_size;		/* of a frag page: the kernel's */
	unsigned int nr_pages;		/* frag pages after it */
};

/* Bytes to put in the linear area: headers (>= 128) or a small packet. */
unsigned int netbk_tx_linear_len(unsigned int pkt_len);
/*
 * Is @page_size a frag page size we handle: a power of two from
 * NETBK_PAGE_SIZE to NETBK_PAGE_SIZE_MAX?
 */
bool netbk_tx_page_size_ok(unsigned int page_size);
/*
 * Frag pages of @page_size needed for the rest of a packet of @pkt_len
 * (0 if @page_size is not one we handle).
 */
unsigned int netbk_tx_frag_pages(unsigned int pkt_len, unsigned int linear,
				 unsigned int page_size);
/* Bytes of the packet in frag page @i: all but the last are full. */
unsigned int netbk_tx_frag_len(unsigned int pkt_len, unsigned int linear,
			       unsigned int page_size, unsigned int i);

/*
 * Fill @segs (room for @max) with the copy plan for @pkt into @layout.
 * Returns the number of segments, or -1 if @max is too small, the
 * destination too short or its page size not one we handle.
 */
int netbk_tx_plan_copy(const struct netbk_txpkt *pkt,
		       const struct netbk_tx_layout *layout,
		       struct netbk_copy_seg *segs, unsigned int max);

/* ------------------------------------------------------------------ */
/* Guest RX: ring slots a packet needs.                                */

struct netbk_rx_need {
	unsigned int len;	/* skb->len */
	bool gso;		/* needs a GSO extra */
	bool hash;		/* needs a hash extra */
	bool xdp;		/* needs an XDP headroom extra */
	unsigned int headroom;	/* bytes left free at the start of slot 0 */
};

/*
 * Slots the packet will use, data slots plus one per extra. Data slots
 * are counted with the first slot shortened by @headroom.
 */
unsigned int netbk_rx_slots_needed(const struct netbk_rx_need *need);
/* Data slots only; > NETBK_LEGACY_SLOTS_MAX means netfront would drop it. */
unsigned int netbk_rx_data_slots(unsigned int len, unsigned int headroom);

/* XEN_NETIF_MAX_XDP_HEADROOM: the most a frontend may ask for. */
#define NETBK_XDP_HEADROOM_MAX	0x7fffu

/*
 * The frontend's "xdp-headroom" key: decimal digits only, as netfront
 * writes it ("%hu"). A value above NETBK_XDP_HEADROOM_MAX is cut to it
 * (as stock does); anything else that is not a number is -1, and the
 * caller gives no headroom.
 */
int netbk_rx_headroom_parse(const char *s, unsigned int *headroom);

/* ------------------------------------------------------------------ */
/* Group choice: which group a new queue joins.                        */

/*
 * Index of the least-loaded usable group: fewest queues, then lowest
 * index. @load[i] is group i's queue count, @usable[i] false for a group
 * that may not take queues (its CPU is offline). Returns -1 if none.
 */
int netbk_pick_group(const unsigned int *load, const bool *usable,
		     unsigned int nr_groups);

/*
 * The guest RX queue of a packet whose hash (or stack queue index) is
 * @hash, on a vif with @nr_queues queues: always below @nr_queues (0 if
 * there are none).
 */
unsigned int netbk_queue_of_hash(u32 hash, unsigned int nr_queues);

/*
 * Nice level of a kthread worker that serves @nr_queues queues, from the
 * operator's level @base (worker_nice): the scheduler weight of one
 * nice-@base thread per queue, as stock runs a thread per queue, to the
 * nearest level (each level weighs about 1.25 times the next). 0 or 1
 * queue: @base. Always within -20..19.
 */
int netbk_worker_nice_for(unsigned int nr_queues, int base);

/* ------------------------------------------------------------------ */
/* Credit-based rate limit of guest TX ("rate" xenstore key).          */

struct netbk_credit {
	u64 bytes;		/* credit per window; ~0 = unlimited */
	u64 usec;		/* window length in microseconds */
	u64 remaining;		/* credit left in this window */
	u64 window_start;	/* in the caller's time unit (ns) */
};

/*
 * Decimal digits at *@sp, at least one, no sign or space; *@sp is left
 * after them. -1 (and *@sp untouched) on no digit or overflow.
 */
int netbk_parse_u64(const char **sp, u64 *val);
/* Parse "bytes,usec" as written to the rate key. 0 on success. */
int netbk_credit_parse(const char *s, u64 *bytes, u64 *usec);
/* No rate in force: every request may go, whatever the time. */
bool netbk_credit_unlimited(const struct netbk_credit *c);
/* Reset to a new rate; bytes == 0 or usec == 0 means unlimited. */
void netbk_credit_set(struct netbk_credit *c, u64 bytes, u64 usec, u64 now);
/*
 * May a request of @size go now (@now in ns)? Replenishes the window when
 * due and takes the credit if so; if not, stores in *@retry the time at
 * which to try again.
 */
bool netbk_credit_take(struct netbk_credit *c, unsigned int size, u64 now,
		       u64 *retry);

/* ------------------------------------------------------------------ */
/* xenbus handshake of the backend (src/xbstate.c).                    */

/* enum xenbus_state values, fixed by the protocol (io/xenbus.h). */
#define NETBK_XB_UNKNOWN	0
#define NETBK_XB_INITIALISING	1
#define NETBK_XB_INITWAIT	2
#define NETBK_XB_INITIALISED	3
#define NETBK_XB_CONNECTED	4
#define NETBK_XB_CLOSING	5
#define NETBK_XB_CLOSED		6
#define NETBK_XB_RECONFIGURING	7
#define NETBK_XB_RECONFIGURED	8

#define NETBK_ETH_ALEN		6u

/*
 * The next state on the backend's way from @cur to @target; @cur itself
 * when @target is reached or not a state the backend goes to. Entering
 * Connected from InitWait means connecting; leaving Connected means
 * disconnecting; the caller does those on the edges.
 */
int netbk_xb_next_state(int cur, int target);

/* What a frontend state asks of the backend. */
enum netbk_fe_action {
	NETBK_FE_NOTHING,
	NETBK_FE_GOTO,		/* go to *target */
	NETBK_FE_CLOSED,	/* go to *target; unregister unless "online" */
	NETBK_FE_GONE,		/* go to *target; unregister the device */
	NETBK_FE_RECONFIGURED,	/* answer Reconfigured, change nothing */
	NETBK_FE_BAD,		/* not a frontend state */
};

enum netbk_fe_action netbk_xb_frontend_action(int fe_state, int *target);

/* Parse the "mac" key ("00:16:3e:01:02:03"): 0, or -1 if malformed. */
int netbk_parse_mac(const char *s, u8 *mac);

/*
 * Multi-queue. Most queues a vif may have, whatever max_queues says (the
 * ethtool -S names "queue-127-rx_gso_checksum_fixup" fit ETH_GSTRING_LEN).
 */
#define NETBK_QUEUES_MAX	128u

/* The max_queues a new vif gets from the parameter: 1..NETBK_QUEUES_MAX. */
unsigned int netbk_max_queues_clamp(unsigned int param);

/* What the frontend's multi-queue-num-queues says. */
enum netbk_nq {
	NETBK_NQ_OK,		/* *@n queues, 1..@max */
	NETBK_NQ_MALFORMED,	/* not a decimal number */
	NETBK_NQ_HUGE,		/* a number above U32_MAX */
	NETBK_NQ_ZERO,		/* 0 queues */
	NETBK_NQ_TOO_MANY,	/* *@n above @max */
};

/*
 * Check the frontend's multi-queue-num-queues value, @len bytes at @s
 * (NULL: the key is absent, which means one queue). Only decimal digits
 * are a number (no sign, space or other byte, an embedded NUL included).
 * Sets *@n to the number read (0 when none is).
 */
enum netbk_nq netbk_num_queues_check(const char *s, unsigned int len,
				     unsigned int max, unsigned int *n);

/* Room for "/queue-4294967295" after the frontend's directory. */
#define NETBK_QUEUE_DIR_EXTRA	sizeof("/queue-4294967295")

/*
 * The xenstore directory of queue @i's keys, into @buf of @size bytes:
 * @fe_dir itself with one queue, "@fe_dir/queue-@i" with more. Returns 0,
 * or -1 (@buf then holds "") if @i is not below @nr_queues or @buf is too
 * small.
 */
int netbk_queue_dir(char *buf, size_t size, const char *fe_dir,
		    unsigned int nr_queues, unsigned int i);

/*
 * The offloads a frontend takes, as the netdev features they allow on
 * its vif. One table in xbstate.c ties each such feature to the
 * frontend's xenstore flag for it: the xenbus reader and the vif's
 * ndo_fix_features both go through it.
 */

/* Before a frontend has said anything (and what stock assumes too). */
#define NETBK_FE_OFFLOADS_DEFAULT	(NETIF_F_SG | NETIF_F_IP_CSUM)

/* MTU limits: ETH_DATA_LEN, and a 64 KiB frame with a VLAN header. */
#define NETBK_MTU_NO_SG		1500u
#define NETBK_MTU_MAX		(65535u - 18u)

/*
 * Read the frontend's flags: @flag(@ctx, key) says whether its key is
 * there and non-zero. Returns the netdev features the frontend takes.
 */
netdev_features_t netbk_fe_offloads_read(bool (*flag)(void *ctx,
						      const char *key),
					 void *ctx);
/* @features without the offloads a frontend taking @fe does not take. */
netdev_features_t netbk_fe_offloads_fix(netdev_features_t features,
					netdev_features_t fe);
/* The GSO types (BIT(NETBK_GSO_*)) guest RX packets may carry for @fe. */
unsigned int netbk_fe_gso_mask(netdev_features_t fe);
/* The largest MTU a frontend taking @fe can receive. */
unsigned int netbk_fe_mtu_max(netdev_features_t fe);

/* ------------------------------------------------------------------ */
/* Multicast control: the frontend's filter list (src/mcastlist.c).    */

/* Addresses a frontend may add (stock's XEN_NETBK_MCAST_MAX). */
#define NETBK_MCAST_MAX		64u

/*
 * The addresses the frontend added with MCAST_ADD extras and has not
 * deleted, one slot each (an address added twice takes two slots and
 * needs two deletes, as in stock's list). A slot holds the address as
 * one 64-bit key, 0 when free, so that the RX path can look addresses up
 * without a lock while the TX worker changes the list: each slot is read
 * and written whole (READ_ONCE/WRITE_ONCE), and nothing is ever freed.
 * Writers (add, delete, clear) must be serialised by the caller.
 */
struct netbk_mcast_list {
	u64 slot[NETBK_MCAST_MAX];
	unsigned int count;	/* slots in use; writers only */
};

void netbk_mcast_clear(struct netbk_mcast_list *list);
/* Add @addr (any address, as stock); false if the list is full. */
bool netbk_mcast_add(struct netbk_mcast_list *list, const u8 *addr);
/* Delete one copy of @addr; false if it was not there. */
bool netbk_mcast_del(struct netbk_mcast_list *list, const u8 *addr);
/* Is @addr in the list? Lockless against one writer. */
bool netbk_mcast_match(const struct netbk_mcast_list *list, const u8 *addr);
/*
 * Apply a NETBK_TX_CONTROL packet: its MCAST_ADD extra if it has one
 * (a MCAST_DEL beside it is then ignored, as stock does), else its
 * MCAST_DEL. Returns the answer: true for OKAY, false for ERROR (the list
 * is full, or @pkt carries neither extra).
 */
bool netbk_mcast_apply(struct netbk_mcast_list *list,
		       const struct netbk_txpkt *pkt);
/*
 * Whether a frame to @dest may reach a frontend that asked for filtering:
 * unicast and broadcast always, multicast only if in the list.
 */
bool netbk_mcast_rx_pass(const struct netbk_mcast_list *list, const u8 *dest);

/* ------------------------------------------------------------------ */
/* Control ring: Toeplitz hashing of guest RX (src/hash.c, ctrlreq.c). */

/* netif.h control request types */
#define NETBK_CTRL_TYPE_INVALID			0u
#define NETBK_CTRL_TYPE_GET_HASH_FLAGS		1u
#define NETBK_CTRL_TYPE_SET_HASH_FLAGS		2u
#define NETBK_CTRL_TYPE_SET_HASH_KEY		3u
#define NETBK_CTRL_TYPE_GET_HASH_MAPPING_SIZE	4u
#define NETBK_CTRL_TYPE_SET_HASH_MAPPING_SIZE	5u
#define NETBK_CTRL_TYPE_SET_HASH_MAPPING	6u
#define NETBK_CTRL_TYPE_SET_HASH_ALGORITHM	7u

/* netif.h control response statuses */
#define NETBK_CTRL_STATUS_SUCCESS		0u
#define NETBK_CTRL_STATUS_NOT_SUPPORTED		1u
#define NETBK_CTRL_STATUS_INVALID_PARAMETER	2u
#define NETBK_CTRL_STATUS_BUFFER_OVERFLOW	3u

/* netif.h hash algorithms */
#define NETBK_HASH_ALG_NONE		0u
#define NETBK_HASH_ALG_TOEPLITZ		1u

/* netif.h hash types: bit numbers (as in the hash extra) and flags */
#define NETBK_HASH_TYPE_IPV4		0u
#define NETBK_HASH_TYPE_IPV4_TCP	1u
#define NETBK_HASH_TYPE_IPV6		2u
#define NETBK_HASH_TYPE_IPV6_TCP	3u
#define NETBK_HASH_FLAGS_ALL		0xfu

/*
 * Our limits, the stock driver's: a key of up to 40 octets (what the
 * longest tuple, IPv6 with TCP's 36 octets, needs: 36 + 4), a mapping
 * table of up to 128 entries.
 */
#define NETBK_HASH_KEY_SIZE		40u
#define NETBK_HASH_MAPPING_MAX		128u
#define NETBK_HASH_TUPLE_MAX		36u

/*
 * A vif's hash configuration, as the frontend set it. The module keeps
 * the one in force read-only (guest RX reads it) and builds the next one
 * in a private copy, request by request.
 */
struct netbk_hash_cfg {
	u32 alg;			/* NETBK_HASH_ALG_* */
	u32 flags;			/* BIT(NETBK_HASH_TYPE_*) */
	u32 size;			/* mapping entries in use; 0: modulo */
	u32 mapping[NETBK_HASH_MAPPING_MAX];	/* hash % size -> queue */
	u8 key[NETBK_HASH_KEY_SIZE];	/* octets not set are zero */
	/*
	 * Counts key changes: a hash cached under another generation was
	 * computed with another key and must not be used.
	 */
	u32 key_gen;
};

/* A control request (struct xen_netif_ctrl_request), copied once. */
struct netbk_ctrl_req {
	u16 id;
	u16 type;
	u32 data[3];
};

/*
 * Where the request handler gets the pages a request names by grant
 * reference (key, mapping table). The module's copy is a grant copy into
 * a private page; tests supply arrays.
 */
struct netbk_ctrl_src {
	/*
	 * Copy @len bytes (1 .. NETBK_PAGE_SIZE) from the start of the
	 * frontend's grant @gref to @dst. 0 on success.
	 */
	int (*copy)(void *ctx, u32 gref, void *dst, unsigned int len);
	void *ctx;
};

/* The configuration a vif starts with: no algorithm, zero key, no table. */
void netbk_hash_cfg_init(struct netbk_hash_cfg *cfg);

/*
 * Serve one control request: every check of its fields is made here.
 * @cfg is the caller's private copy of the configuration in force; on
 * SUCCESS it is the configuration the request asks for, on any other
 * status it may be half changed and must be thrown away. @nr_queues is
 * the vif's queue count (mapping entries must be below it). Returns a
 * NETBK_CTRL_STATUS_* and stores the response's data in *@data.
 */
u32 netbk_ctrl_handle(struct netbk_hash_cfg *cfg,
		      const struct netbk_ctrl_req *req, unsigned int nr_queues,
		      const struct netbk_ctrl_src *src, u32 *data);

/*
 * Does the sub-table of @len entries at @off fit in a table of @size
 * entries? The XSA-270 check, written so that it cannot overflow.
 */
bool netbk_hash_mapping_fits(u32 size, u32 off, u32 len);

/*
 * Toeplitz hash (netif.h's definition) of @len octets of @data with the
 * key @key of @key_len octets; key octets past @key_len count as zero.
 */
u32 netbk_toeplitz(const u8 *key, unsigned int key_len, const u8 *data,
		   unsigned int len);

/* What guest RX hashes, as the flow dissector found it. */
struct netbk_flow {
	bool ipv6;
	bool tcp;		/* a TCP header, and not a fragment */
	u8 src[16];		/* IPv4: the first 4 octets */
	u8 dst[16];
	u8 sport[2];		/* network byte order */
	u8 dport[2];
};

/*
 * The tuple to hash for @flow under hash @flags, the maximal type the
 * flags allow (with TCP if allowed and the flow has it, else without):
 * its length in @tuple (room for NETBK_HASH_TUPLE_MAX), and its type in
 * *@type. 0 if the flags select no hash for this flow.
 */
unsigned int netbk_hash_tuple(u32 flags, const struct netbk_flow *flow,
			      u8 *tuple, unsigned int *type);

/*
 * The queue of a packet of hash @hash: mapping[hash % size], or
 * hash % @nr_queues without a table. Always below @nr_queues (0 if none).
 */
unsigned int netbk_hash_queue(const struct netbk_hash_cfg *cfg, u32 hash,
			      unsigned int nr_queues);

/*
 * The hash cache: an array of recently hashed tuples, least recently
 * used first out. The module serialises changes and lets lookups race
 * them (src/rxhash.c); these functions only see one array.
 */
struct netbk_hash_entry {
	u32 gen;		/* key_gen of the key it was computed with */
	u32 val;		/* the tuple's hash */
	u32 used;		/* caller's clock at the last use (wraps) */
	u8 len;			/* tuple length; 0: a free entry */
	u8 tag[NETBK_HASH_TUPLE_MAX];
};

/* Index of the entry holding @tag of @len octets under key @gen, or -1. */
int netbk_hash_cache_find(const struct netbk_hash_entry *e, unsigned int nr,
			  u32 gen, const u8 *tag, unsigned int len);
/* The entry to overwrite: a free one, else the least recently used. */
unsigned int netbk_hash_cache_victim(const struct netbk_hash_entry *e,
				     unsigned int nr, u32 now);
/*
 * Remember @tag -> @val under key @gen at time @now: refresh its entry if
 * it has one, else take the victim's. Returns the entry's index, or -1 if
 * nothing was stored (@nr is 0, or @len is 0 or longer than
 * NETBK_HASH_TUPLE_MAX).
 */
int netbk_hash_cache_insert(struct netbk_hash_entry *e, unsigned int nr,
			    u32 gen, const u8 *tag, unsigned int len, u32 val,
			    u32 now);
/* Free every entry. */
void netbk_hash_cache_clear(struct netbk_hash_entry *e, unsigned int nr);

#endif /* NETBK_LOGIC_H */
