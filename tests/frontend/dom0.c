// SPDX-License-Identifier: GPL-2.0
/*
 * netfront-test: the dom0 side's raw-socket tools, run by the agent.
 *   dom0-capture  reads a vif's received frames (what the guest sent)
 *                 and checks every one of ours; a summary in a file
 *   dom0-inject   sends frames of known content out of an interface
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "nft.h"

#define SEEN_MAX	320

static volatile sig_atomic_t stop, flush;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		flush = 1;
	else
		stop = 1;
}

static int packet_socket(const char *ifname, int proto)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int fd = socket(AF_PACKET, SOCK_RAW, htons(proto));

	if (fd < 0)
		return -1;
	sll.sll_protocol = htons(proto);
	sll.sll_ifindex = if_nametoindex(ifname);
	if (!sll.sll_ifindex ||
	    bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		close(fd);
		return -1;
	}
	return fd;
}

struct cap {
	unsigned long gen, frames, ok, bad, other, bytes;
	uint32_t seen[SEEN_MAX], badseq[16];
	unsigned int nseen, nbad;
};

static void cap_write(struct cap *c, const char *path)
{
	char tmp[256];
	unsigned int i, first;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "gen=%lu frames=%lu ok=%lu bad=%lu other=%lu bytes=%lu seen=",
		++c->gen, c->frames, c->ok, c->bad, c->other, c->bytes);
	first = c->nseen > SEEN_MAX ? c->nseen % SEEN_MAX : 0;
	for (i = 0; i < c->nseen && i < SEEN_MAX; i++)
		fprintf(f, "%s%x", i ? "," : "",
			c->seen[(first + i) % SEEN_MAX]);
	fprintf(f, " badseqs=");
	for (i = 0; i < c->nbad && i < 16; i++)
		fprintf(f, "%s%x", i ? "," : "", c->badseq[i]);
	fprintf(f, "\n");
	fclose(f);
	rename(tmp, path);
}

static void cap_frame(struct cap *c, const uint8_t *buf, unsigned int len)
{
	uint32_t seq;
	int rc = frame_check(buf, len, &seq);

	if (rc < 0) {
		c->other++;
		return;
	}
	c->frames++;
	c->bytes += len;
	if (rc) {
		c->bad++;
		if (c->nbad < 16)
			c->badseq[c->nbad++] = seq;
		return;
	}
	c->ok++;
	c->seen[c->nseen++ % SEEN_MAX] = seq;
}

/* Check IFNAME's received frames into OUT until SIGTERM or SIGINT. */
int capture_run(const char *ifname, const char *out)
{
	static uint8_t buf[NFT_MAX_FRAME + 64];
	static struct cap c;
	struct timeval tv = { 0, 100000 };
	struct sigaction sa = { .sa_handler = on_signal };	/* no restart */
	int fd, rcvbuf = 4 << 20;
	long long last = 0;
	bool dirty = true;

	fd = packet_socket(ifname, ETH_P_ALL);
	if (fd < 0) {
		fprintf(stderr, "capture: %s: %s\n", ifname, strerror(errno));
		return 2;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	cap_write(&c, out);
	while (!stop) {
		struct sockaddr_ll sll;
		socklen_t sl = sizeof(sll);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), MSG_TRUNC,
				     (struct sockaddr *)&sll, &sl);

		if (n > 0 && sll.sll_pkttype != PACKET_OUTGOING) {
			cap_frame(&c, buf, n > (ssize_t)sizeof(buf) ?
				  sizeof(buf) : (unsigned int)n);
			dirty = true;
		}
		if (flush || (dirty && now_ms() - last >= 100)) {
			flush = 0;
			cap_write(&c, out);
			last = now_ms();
			dirty = false;
		}
	}
	cap_write(&c, out);
	close(fd);
	return 0;
}

/* dom0-capture -i IF [-o FILE] */
int dom0_capture(int argc, char **argv)
{
	const char *ifname = NULL, *out = "/dev/stdout";
	int opt;

	while ((opt = getopt(argc, argv, "i:o:")) != -1) {
		if (opt == 'i')
			ifname = optarg;
		else if (opt == 'o')
			out = optarg;
	}
	if (!ifname) {
		fprintf(stderr, "capture: -i IF needed\n");
		return 2;
	}
	return capture_run(ifname, out);
}

void inject_defaults(struct inject *in)
{
	memset(in, 0, sizeof(*in));
	memcpy(in->src, "\x02\x4e\x46\x54\x00\x00", 6);
	in->count = 1;
	in->size = 60;
}

static int inject_args(struct inject *in, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "ifname", 1, NULL, 'i' }, { "dst", 1, NULL, 'd' },
		{ "src", 1, NULL, 's' }, { "count", 1, NULL, 'c' },
		{ "size", 1, NULL, 'z' }, { "seq", 1, NULL, 'q' },
		{ "kind", 1, NULL, 'k' }, { "pps", 1, NULL, 'p' },
		{ "seconds", 1, NULL, 't' }, { "bypass", 0, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	int opt;

	inject_defaults(in);
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (opt) {
		case 'i': in->ifname = optarg; break;
		case 'd': if (parse_mac(optarg, in->dst)) return -1; break;
		case 's': if (parse_mac(optarg, in->src)) return -1; break;
		case 'c': in->count = strtoul(optarg, NULL, 0); break;
		case 'z': in->size = strtoul(optarg, NULL, 0); break;
		case 'q': in->seq = strtoul(optarg, NULL, 16); break;
		case 'k': in->kind = strcmp(optarg, "tcp4") ? FK_RAW : FK_TCP4;
			break;
		case 'p': in->pps = strtol(optarg, NULL, 0); break;
		case 't': in->seconds = strtol(optarg, NULL, 0); break;
		case 'b': in->bypass = true; break;
		default: return -1;
		}
	}
	return in->ifname && in->size <= NFT_MAX_FRAME ? 0 : -1;
}

/* Keep to PPS frames per second since T0. */
static void pace(long pps, long long t0, unsigned long sent)
{
	long long due;

	if (pps <= 0)
		return;
	due = t0 + (long long)(sent * 1000 / pps) - now_ms();
	if (due > 0)
		sleep_ms(due);
}

/* Send one frame, retrying briefly while the device queue is full. */
static int send_one(int fd, const uint8_t *p, unsigned int len)
{
	int tries;

	for (tries = 0; tries < 20; tries++) {
		if (send(fd, p, len, 0) >= 0)
			return 0;
		if (errno != ENOBUFS && errno != EAGAIN)
			return -1;
		sleep_ms(1);
	}
	return -1;
}

/*
 * Send frames as IN says: frame i has sequence SEQ+i; with a duration,
 * for that long (cycling over 64 prebuilt frames) instead of COUNT
 * frames. RES gets "sent=N errors=N ms=N". 0 if any frame went out.
 */
int inject_run(const struct inject *in, char *res, size_t rlen)
{
	static uint8_t frames[64][16384];
	static uint8_t big[NFT_MAX_FRAME];
	unsigned long sent = 0, errs = 0, i;
	long long t0, end;
	unsigned int len = 0;
	bool prebuilt;
	int fd, one = 1;

	fd = packet_socket(in->ifname, 0);
	if (fd < 0) {
		snprintf(res, rlen, "inject: %s: %s", in->ifname,
			 strerror(errno));
		return 2;
	}
	if (in->bypass)
		setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
			   sizeof(one));
	prebuilt = in->seconds && in->size <= sizeof(frames[0]);
	for (i = 0; prebuilt && i < 64; i++)
		len = frame_build(frames[i], in->size, in->kind, in->dst,
				  in->src, in->seq + i);
	t0 = now_ms();
	end = t0 + in->seconds * 1000LL;
	for (i = 0; in->seconds ? now_ms() < end : i < in->count; i++) {
		const uint8_t *p = frames[i % 64];

		if (!prebuilt) {
			len = frame_build(big, in->size, in->kind, in->dst,
					  in->src, in->seq + i);
			p = big;
		}
		if (send_one(fd, p, len))
			errs++;
		else
			sent++;
		pace(in->pps, t0, i + 1);
	}
	close(fd);
	snprintf(res, rlen, "sent=%lu errors=%lu ms=%lld", sent, errs,
		 now_ms() - t0);
	return sent ? 0 : 1;
}

/*
 * dom0-inject --ifname IF --dst MAC [--src MAC] [--count N] [--size S]
 *   [--seq HEX] [--kind raw|tcp4] [--pps R] [--seconds T] [--bypass]
 */
int dom0_inject(int argc, char **argv)
{
	struct inject in;
	char res[128];
	int rc;

	if (inject_args(&in, argc, argv)) {
		fprintf(stderr, "inject: bad arguments\n");
		return 2;
	}
	rc = inject_run(&in, res, sizeof(res));
	printf("%s\n", res);
	return rc;
}
