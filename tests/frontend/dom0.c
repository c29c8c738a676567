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

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
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
	unsigned long frames, ok, bad, other, bytes;
	uint32_t seen[SEEN_MAX], badseq[16];
	unsigned int nseen, nbad;
};

static void cap_write(const struct cap *c, const char *path)
{
	char tmp[256];
	unsigned int i, first;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "frames=%lu ok=%lu bad=%lu other=%lu bytes=%lu seen=",
		c->frames, c->ok, c->bad, c->other, c->bytes);
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

/* dom0-capture --ifname IF --out FILE: until SIGTERM/SIGINT. */
int dom0_capture(int argc, char **argv)
{
	static uint8_t buf[NFT_MAX_FRAME + 64];
	static struct cap c;
	const char *ifname = NULL, *out = "/dev/stdout";
	struct timeval tv = { 0, 100000 };
	long long last = 0;
	int fd, opt, rcvbuf = 4 << 20;
	bool dirty = true;

	while ((opt = getopt(argc, argv, "i:o:")) != -1) {
		if (opt == 'i')
			ifname = optarg;
		else if (opt == 'o')
			out = optarg;
	}
	fd = ifname ? packet_socket(ifname, ETH_P_ALL) : -1;
	if (fd < 0) {
		fprintf(stderr, "capture: %s: %s\n", ifname ? ifname : "-i IF",
			strerror(errno));
		return 2;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
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
		if (dirty && now_ms() - last >= 100) {
			cap_write(&c, out);
			last = now_ms();
			dirty = false;
		}
	}
	cap_write(&c, out);
	return 0;
}

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

	memset(in, 0, sizeof(*in));
	memcpy(in->src, "\x02\x4e\x46\x54\x00\x00", 6);
	in->count = 1;
	in->size = 60;
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
	due = t0 + (long long)(sent * 1000 / pps);
	if (due > now_ms())
		sleep_ms(due - now_ms());
}

/*
 * dom0-inject --ifname IF --dst MAC [--src MAC] [--count N] [--size S]
 *   [--seq HEX] [--kind raw|tcp4] [--pps R] [--seconds T] [--bypass]
 * Frame i has sequence SEQ+i; with --seconds, send for that long
 * (cycling over 64 prebuilt frames) instead of COUNT frames.
 */
int dom0_inject(int argc, char **argv)
{
	static uint8_t frames[64][NFT_MAX_FRAME > 16384 ? 16384 : NFT_MAX_FRAME];
	static uint8_t big[NFT_MAX_FRAME];
	unsigned long sent = 0, errs = 0;
	struct inject in;
	long long t0, end;
	unsigned int len = 0, i;
	int fd, one = 1;

	if (inject_args(&in, argc, argv)) {
		fprintf(stderr, "inject: bad arguments\n");
		return 2;
	}
	fd = packet_socket(in.ifname, 0);
	if (fd < 0) {
		fprintf(stderr, "inject: %s: %s\n", in.ifname, strerror(errno));
		return 2;
	}
	if (in.bypass)
		setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
			   sizeof(one));
	for (i = 0; in.seconds && i < 64 && in.size <= sizeof(frames[0]); i++)
		len = frame_build(frames[i], in.size, in.kind, in.dst, in.src,
				  in.seq + i);
	t0 = now_ms();
	end = t0 + in.seconds * 1000LL;
	while (in.seconds ? now_ms() < end : sent < in.count) {
		const uint8_t *p = frames[sent % 64];

		if (!in.seconds || in.size > sizeof(frames[0])) {
			len = frame_build(big, in.size, in.kind, in.dst, in.src,
					  in.seq + sent);
			p = big;
		}
		if (send(fd, p, len, 0) < 0) {
			errs++;
			if ((errno != ENOBUFS && errno != EAGAIN) ||
			    errs > 100000)
				break;
			sleep_ms(1);
			continue;
		}
		sent++;
		pace(in.pps, t0, sent);
	}
	printf("sent=%lu errors=%lu ms=%lld\n", sent, errs, now_ms() - t0);
	return sent ? 0 : 1;
}
