// SPDX-License-Identifier: GPL-2.0
/*
 * netfront-test: frames of known content, built by the sender and
 * checked by the receiver (the guest tool or the dom0 capture) from
 * their sequence number alone.
 *
 *   FK_RAW     Ethernet, type 0x88b5, then magic, seq, len, kind, pattern
 *   FK_ANYLEN  the same with len 0: any length is right if the bytes are
 *   FK_TCP4    Ethernet, IPv4, TCP (ports 0x4e46), then the same header
 *              and pattern as payload; checksums are not compared
 */
#include <arpa/inet.h>

#include "nft.h"

uint8_t frame_byte(uint32_t seq, unsigned int i)
{
	return (uint8_t)(((seq * 0x9e3779b1u) >> 24) + i + (i >> 8) * 31);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static uint16_t get16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, unsigned int len)
{
	unsigned int i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/* IPv4 + TCP headers at P for a frame of LEN bytes, checksums filled. */
static void build_tcp4(uint8_t *p, unsigned int len, uint32_t seq)
{
	uint8_t *ip = p + 14, *tcp = ip + 20;
	unsigned int tlen = len - 34;
	uint32_t sum;

	put16(p + 12, 0x0800);
	memset(ip, 0, 40);
	ip[0] = 0x45;
	put16(ip + 2, len - 14);
	put16(ip + 4, seq);
	ip[6] = 0x40;			/* DF */
	ip[8] = 64;
	ip[9] = 6;
	put32(ip + 12, 0x0a4d00c8);	/* 10.77.0.200 */
	put32(ip + 16, 0x0a4d00fe);	/* 10.77.0.254: nobody's */
	put16(ip + 10, csum_fold(csum_add(0, ip, 20)));
	put16(tcp, 0x4e46);
	put16(tcp + 2, 0x4e46);
	put32(tcp + 4, seq);
	tcp[12] = 5 << 4;
	tcp[13] = 0x18;			/* PSH, ACK */
	put16(tcp + 14, 65535);
	sum = csum_add(0, ip + 12, 8) + 6 + tlen;
	put16(tcp + 16, csum_fold(csum_add(sum, tcp, tlen)));
}

/*
 * Write a LEN-byte frame of kind K and sequence SEQ into BUF; returns
 * LEN, raised to the smallest length the kind can carry.
 */
unsigned int frame_build(uint8_t *buf, unsigned int len, enum frame_kind k,
			 const uint8_t dst[6], const uint8_t src[6],
			 uint32_t seq)
{
	unsigned int h = k == FK_TCP4 ? NFT_TCP4_HDR : 14;
	unsigned int i;

	if (len < h + 12)
		len = h + 12;
	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	put16(buf + 12, NFT_ETHERTYPE);
	put32(buf + h, NFT_MAGIC);
	put32(buf + h + 4, seq);
	put16(buf + h + 8, k == FK_ANYLEN ? 0 : len);
	put16(buf + h + 10, k);
	for (i = h + 12; i < len; i++)
		buf[i] = frame_byte(seq, i);
	if (k == FK_TCP4)
		build_tcp4(buf, len, seq);
	return len;
}

/* Offset of our header in BUF, or 0 if the frame is not one of ours. */
static unsigned int frame_hdr(const uint8_t *buf, unsigned int len)
{
	if (len >= NFT_HDR_LEN && get16(buf + 12) == NFT_ETHERTYPE)
		return 14;
	if (len >= NFT_TCP4_HDR + 12 && get16(buf + 12) == 0x0800 &&
	    buf[14 + 9] == 6 && get16(buf + 36) == 0x4e46)
		return NFT_TCP4_HDR;
	return 0;
}

static bool tcp4_headers_ok(const uint8_t *buf, unsigned int len,
			    uint32_t seq)
{
	uint8_t want[NFT_TCP4_HDR];

	build_tcp4(want, len, seq);
	/* checksums may be partial (csum_blank) or redone: skip them */
	want[24] = buf[24];
	want[25] = buf[25];
	want[50] = buf[50];
	want[51] = buf[51];
	return !memcmp(want + 12, buf + 12, NFT_TCP4_HDR - 12);
}

/*
 * -1: not one of ours; 0: intact (*seq set); 1: ours but damaged
 * (wrong length or a wrong byte).
 */
int frame_check(const uint8_t *buf, unsigned int len, uint32_t *seq)
{
	unsigned int h = frame_hdr(buf, len), i, want;

	if (!h || get32(buf + h) != NFT_MAGIC)
		return -1;
	*seq = get32(buf + h + 4);
	want = get16(buf + h + 8);
	if (want && want != len)
		return 1;
	if (h == NFT_TCP4_HDR && !tcp4_headers_ok(buf, len, *seq))
		return 1;
	for (i = h + 12; i < len; i++)
		if (buf[i] != frame_byte(*seq, i))
			return 1;
	return 0;
}
