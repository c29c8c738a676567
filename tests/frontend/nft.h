// SPDX-License-Identifier: GPL-2.0
/*
 * netfront-test: a userspace netfront for conformance, hostile-input and
 * load testing of a Xen network backend (xen-netback or xen-netback-mt).
 *
 * It runs as root in a PV guest and is the frontend of one vif
 * (device/vif/N) that the kernel's xen-netfront leaves alone: it grants
 * the rings and buffers itself (gntalloc), binds the event channels
 * (evtchn), writes the xenstore keys and drives the state machine. A dom0
 * agent (agent.sh) observes the backend and answers requests the tool
 * writes to the guest's data/nft/ xenstore directory.
 */
#ifndef NFT_H
#define NFT_H

/* Before the first Xen header: xengnttab.h pulls in xen.h. */
#define __XEN_INTERFACE_VERSION__ 0x00040e00

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <xenevtchn.h>
#include <xengnttab.h>
#include <xenstore.h>

/* ring.h leaves these to us at this interface version. */
#define xen_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#include <xen/io/netif.h>

/*
 * Linux's netif.h has one more extra than Xen 4.17's: the XDP headroom
 * on guest RX, whose u16 headroom sits where Xen's header has u.pad[0].
 */
#define NFT_EXTRA_TYPE_XDP	5

#define NFT_PAGE	4096
#define NFT_NBUF	256	/* buffers per direction: one per ring slot */
#define NFT_MAX_FRAME	65536

/* xenbus states (xen/io/xenbus.h names, kept short here) */
enum { XS_UNKNOWN, XS_INITIALISING, XS_INITWAIT, XS_INITIALISED,
	XS_CONNECTED, XS_CLOSING, XS_CLOSED, XS_RECONFIGURING,
	XS_RECONFIGURED };

/* What the frontend asks for when it connects. */
struct fe_opts {
	bool sg;		/* feature-sg */
	bool gso4;		/* feature-gso-tcpv4 */
	bool gso6;		/* feature-gso-tcpv6 */
	bool rx_notify;		/* feature-rx-notify */
	bool no_csum;		/* feature-no-csum-offload */
	bool ipv6_csum;		/* feature-ipv6-csum-offload */
	bool split;		/* event-channel-tx/-rx if the backend offers */
	bool ctrl;		/* control ring if the backend offers */
	bool mcast;		/* request-multicast-control */
	unsigned int rx_post;	/* RX buffers posted before Connected */
	bool own_connect;	/* the case connects itself (connect.c) */
};

struct fe_stats {
	unsigned long tx_frames, tx_ok, tx_err, tx_dropped, tx_null;
	unsigned long tx_bogus;		/* response for an id not in flight */
	unsigned long any_ok, any_err, any_dropped;	/* every response */
	unsigned long rx_frames, rx_err, rx_bad_id, rx_extras;
	unsigned long notify, events;
};

/* A received frame, as reassembled from its RX responses. */
struct rx_frame {
	uint8_t *data;
	unsigned int len;
	unsigned int slots;
	uint16_t flags;		/* first response's flags */
	uint16_t offset;	/* first response's offset */
	int status;		/* < 0: first negative status seen */
	netif_extra_info_t extra[XEN_NETIF_EXTRA_TYPE_MAX];
	unsigned int nextra;
};

struct fe {
	struct xs_handle *xs;
	xengntshr_handle *gs;
	xenevtchn_handle *xce;
	unsigned int domid, backend_id, devid;
	char fe_path[96], be_path[96], data_path[96];
	struct fe_opts opt;
	bool connected;
	uint8_t mac[6];

	/* data rings */
	netif_tx_front_ring_t tx;
	netif_rx_front_ring_t rx;
	void *tx_page, *rx_page;
	uint32_t tx_ref, rx_ref;
	evtchn_port_t port_tx, port_rx;	/* equal without split channels */

	/* one page per buffer; TX buffer id == request id */
	uint8_t *txbuf, *rxbuf;
	uint32_t txref[NFT_NBUF], rxref[NFT_NBUF];
	uint16_t tx_free[NFT_NBUF];
	unsigned int tx_nfree;
	bool tx_inflight[NFT_NBUF];
	int16_t tx_status[NFT_NBUF];	/* last response per id */
	bool tx_answered[NFT_NBUF];
	bool rx_repost;			/* re-post RX buffers as consumed */

	/* control ring (if connected with opt.ctrl and offered) */
	xen_netif_ctrl_front_ring_t ctrl;
	void *ctrl_page, *ctrl_buf;
	uint32_t ctrl_ref, ctrl_buf_ref;
	evtchn_port_t port_ctrl;
	bool has_ctrl;

	struct fe_stats st;
	uint8_t *frame;		/* RX reassembly buffer */

	/* the dom0 agent */
	unsigned int agent_seq;
	bool no_agent;
	uint8_t dom0_mac[6];	/* bridge address frames are sent to */
	char vifname[32];
};

/* util.c */
long long now_ms(void);
void sleep_ms(int ms);
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int parse_mac(const char *s, uint8_t mac[6]);
void fmt_mac(char *buf, const uint8_t mac[6]);
const char *kv_get(const char *line, const char *key, char *buf, size_t len);
long kv_long(const char *line, const char *key, long def);

/* xs.c: xenstore helpers, paths absolute */
char *xs_get(struct fe *fe, const char *dir, const char *key);
int xs_get_int(struct fe *fe, const char *dir, const char *key, int def);
int xs_put(struct fe *fe, xs_transaction_t t, const char *dir,
	   const char *key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
int xs_del(struct fe *fe, xs_transaction_t t, const char *dir,
	   const char *key);
int fe_backend_state(struct fe *fe);
int fe_wait_backend_state(struct fe *fe, int want, int timeout_ms);
int fe_set_state(struct fe *fe, int state);

/* ring.c: setup, teardown and the ring primitives */
int fe_open_xs(struct fe *fe, unsigned int devid);
int fe_open(struct fe *fe, unsigned int devid);
void fe_default_opts(struct fe_opts *o);
int fe_connect(struct fe *fe);
int fe_connect_prepare(struct fe *fe);
int fe_write_keys(struct fe *fe);
void fe_unbind_ports(struct fe *fe);
int fe_close(struct fe *fe);
void fe_release(struct fe *fe);
int fe_reconnect_prepare(struct fe *fe);
void fe_kick(struct fe *fe, evtchn_port_t port);
int fe_wait_event(struct fe *fe, int timeout_ms);

int tx_get_id(struct fe *fe);
netif_tx_request_t *tx_put(struct fe *fe, int id, uint16_t off,
			   uint16_t size, uint16_t flags);
netif_extra_info_t *tx_put_extra(struct fe *fe, uint8_t type, bool more);
void tx_push(struct fe *fe);
int tx_reap(struct fe *fe);
int tx_wait_idle(struct fe *fe, int timeout_ms);
int tx_send_v(struct fe *fe, const uint8_t *frame, unsigned int len,
	      const unsigned int *sizes, unsigned int n, uint16_t flags,
	      const netif_extra_info_t *ex);
int tx_send(struct fe *fe, const uint8_t *frame, unsigned int len,
	    unsigned int chunk, uint16_t flags, const netif_extra_info_t *ex);

unsigned int rx_post(struct fe *fe, unsigned int n, bool notify);
typedef void (*rx_cb)(struct fe *fe, struct rx_frame *f, void *arg);
int rx_reap(struct fe *fe, rx_cb cb, void *arg);
unsigned int rx_outstanding(struct fe *fe);

int ctrl_call(struct fe *fe, uint16_t type, uint32_t d0, uint32_t d1,
	      uint32_t d2, uint32_t *data);

/* frame.c: frames of known content */
#define NFT_ETHERTYPE	0x88b5	/* IEEE local experimental */
#define NFT_MAGIC	0x4e465431	/* "NFT1" */
#define NFT_HDR_LEN	26	/* Ethernet + magic, seq, len, kind */
#define NFT_SEQ_PROBE	0xfe000000u
enum frame_kind { FK_RAW = 0, FK_ANYLEN = 1, FK_TCP4 = 2 };
#define NFT_TCP4_HDR	(14 + 20 + 20)
unsigned int frame_build(uint8_t *buf, unsigned int len, enum frame_kind k,
			 const uint8_t dst[6], const uint8_t src[6],
			 uint32_t seq);
int frame_check(const uint8_t *buf, unsigned int len, uint32_t *seq);
uint8_t frame_byte(uint32_t seq, unsigned int i);

/* agent.c: requests to the dom0 agent through data/nft/ */
int agent_call(struct fe *fe, char *out, size_t outlen, int timeout_ms,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int agent_info(struct fe *fe);
int agent_stat(struct fe *fe, const char *key, long *val);
int agent_wait_carrier(struct fe *fe, int want, int seconds);
int agent_captured(struct fe *fe, const char *summary, uint32_t seq);
void result_put(struct fe *fe, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* the modes */
struct nft_case {
	const char *name;
	const char *advisory;
	const char *expect;
	const char *what;
	void (*opts)(struct fe_opts *o);
	const char *(*run)(struct fe *fe, char *detail, size_t len);
};
extern const struct nft_case hostile_cases[];
extern const struct nft_case conform_cases[];
const struct nft_case *case_find(const struct nft_case *tab,
				 const char *name);
int case_run(const struct nft_case *c, unsigned int devid, bool no_agent);

/* helpers shared by the cases (cases.c) */
struct rx_tally {
	uint32_t want;
	bool got_want, want_ok;
	unsigned int ok, bad, other, err, max_slots, hash_extras;
	/* the wanted frame's first offset and XDP extra (-1: none) */
	unsigned int want_offset;
	int want_xdp;
};

struct judge {
	struct fe_stats before;
	uint32_t frames[64];	/* seqs that must reach dom0 intact */
	unsigned int nframes;
};

/* one control-ring request and the answer the stock driver gives */
struct ctrl_step {
	uint16_t type;
	uint32_t d0, d1, d2;
	uint32_t first;		/* first u32 of the control buffer page */
	int want;		/* status */
	long want_data;		/* -1: any */
	const char *what;
};
#define CTRL_REF	0xffffffffu	/* in d0: the control buffer's gref */
#define BAD_GREF	0x7ffffff0u
#define ST_OK		XEN_NETIF_CTRL_STATUS_SUCCESS
#define ST_NOTSUP	XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED
#define ST_INVAL	XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER
const char *ctrl_steps(struct fe *fe, const struct ctrl_step *steps,
		       char *d, size_t len, const char *good);

int probe_tx(struct fe *fe, uint32_t seq);
int probe_rx(struct fe *fe, uint32_t seq, unsigned int size);
int probe_rx_slots(struct fe *fe, uint32_t seq, unsigned int size,
		   unsigned int *slots);
void tally_cb(struct fe *fe, struct rx_frame *f, void *arg);
void rx_refill(struct fe *fe, unsigned int n);
void rx_drain(struct fe *fe, int ms, void *tally);
void judge_begin(struct fe *fe, struct judge *j);
void judge_expect(struct judge *j, uint32_t seq);
const char *judge_tx(struct fe *fe, struct judge *j, char *d, size_t len);
int vif_works(struct fe *fe, uint32_t seq);

/* connect.c: hostile input at connect time */
void o_own_connect(struct fe_opts *o);
const char *c_ungranted_ref(struct fe *fe, char *d, size_t len);
const char *c_revoked_ref(struct fe *fe, char *d, size_t len);
const char *c_misgranted_ref(struct fe *fe, char *d, size_t len);
const char *c_no_evtchn(struct fe *fe, char *d, size_t len);
const char *c_bad_evtchn(struct fe *fe, char *d, size_t len);
const char *c_same_evtchn(struct fe *fe, char *d, size_t len);
const char *c_foreign_evtchn(struct fe *fe, char *d, size_t len);
const char *c_rx_copy_0(struct fe *fe, char *d, size_t len);
const char *c_rx_copy_missing(struct fe *fe, char *d, size_t len);
const char *c_feature_yes(struct fe *fe, char *d, size_t len);
const char *c_feature_neg(struct fe *fe, char *d, size_t len);
const char *c_feature_huge(struct fe *fe, char *d, size_t len);
const char *c_state_flap(struct fe *fe, char *d, size_t len);
const char *c_num_queues_0(struct fe *fe, char *d, size_t len);
const char *c_num_queues_many(struct fe *fe, char *d, size_t len);

int random_run(unsigned int devid, unsigned long long seed, int seconds,
	       long batches, bool mild);
int load_run(unsigned int devid, int seconds, unsigned int size,
	     const char *dir);
int serve_run(void);
int agent_ping(unsigned int devid);
int dom0_capture(int argc, char **argv);
int dom0_inject(int argc, char **argv);
int dom0_agent(int argc, char **argv);
int dom0_kmsg(int argc, char **argv);

/* dom0.c: raw-socket capture and injection */
struct inject {
	const char *ifname;
	uint8_t dst[6], src[6];
	unsigned long count;
	unsigned int size;
	uint32_t seq;
	enum frame_kind kind;
	long pps;
	int seconds;
	bool bypass;
};
void inject_defaults(struct inject *in);
int inject_run(const struct inject *in, char *res, size_t rlen);
int capture_run(const char *ifname, const char *out);

#endif /* NFT_H */
