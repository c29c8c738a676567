// SPDX-License-Identifier: GPL-2.0
/*
 * Control ring requests: every field of a request is checked here, and
 * only here, before it is used. The request is a private copy already
 * (src/ctrl.c reads each ring slot once); what a request points at (a
 * key, a mapping table) is copied out of the frontend's grant into our
 * own memory by the caller's copy function and checked after the copy.
 *
 * The answers are the stock driver's, request by request, so that a
 * frontend sees no difference: notably an oversized key is
 * INVALID_PARAMETER (netif.h would allow BUFFER_OVERFLOW too), and
 * setting hash flags without an algorithm is INVALID_PARAMETER while
 * reading them is NOT_SUPPORTED.
 */
#include "netbk_logic.h"

#ifdef __KERNEL__
#include <linux/string.h>
#else
#include <string.h>
#endif

#define NETBK_MAPPING_ENTRY_SIZE	((u32)sizeof(u32))
/* One grant holds at most this many mapping entries. */
#define NETBK_MAPPING_PER_GRANT		(NETBK_PAGE_SIZE / NETBK_MAPPING_ENTRY_SIZE)

void netbk_hash_cfg_init(struct netbk_hash_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->alg = NETBK_HASH_ALG_NONE;
}

bool netbk_hash_mapping_fits(u32 size, u32 off, u32 len)
{
	/* off + len <= size, without computing off + len. */
	return len <= size && off <= size - len;
}

static u32 netbk_ctrl_set_alg(struct netbk_hash_cfg *cfg, u32 alg)
{
	if (alg != NETBK_HASH_ALG_NONE && alg != NETBK_HASH_ALG_TOEPLITZ)
		return NETBK_CTRL_STATUS_INVALID_PARAMETER;
	cfg->alg = alg;
	return NETBK_CTRL_STATUS_SUCCESS;
}

static u32 netbk_ctrl_get_flags(const struct netbk_hash_cfg *cfg, u32 *data)
{
	if (cfg->alg == NETBK_HASH_ALG_NONE)
		return NETBK_CTRL_STATUS_NOT_SUPPORTED;
	*data = NETBK_HASH_FLAGS_ALL;
	return NETBK_CTRL_STATUS_SUCCESS;
}

static u32 netbk_ctrl_set_flags(struct netbk_hash_cfg *cfg, u32 flags)
{
	if (flags & ~NETBK_HASH_FLAGS_ALL)
		return NETBK_CTRL_STATUS_INVALID_PARAMETER;
	if (cfg->alg == NETBK_HASH_ALG_NONE)
		return NETBK_CTRL_STATUS_INVALID_PARAMETER;
	cfg->flags = flags;
	return NETBK_CTRL_STATUS_SUCCESS;
}

/* A new key replaces the old one whole: octets it does not give are 0. */
static u32 netbk_ctrl_set_key(struct netbk_hash_cfg *cfg, u32 gref, u32 len,
			      const struct netbk_ctrl_src *src)
{
	if (len > NETBK_HASH_KEY_SIZE)
		return NETBK_CTRL_STATUS_INVALID_PARAMETER;
	memset(cfg->key, 0, sizeof(cfg->key));
	if (len && src->copy(src->ctx, gref, cfg->key, len))
		return NETBK_CTRL_STATUS_INVALID_PARAMETER;
	cfg->key_gen++;
	return NETBK_CTRL_STATUS_SUCCESS;
}

/* A new size invalidates the whole table: netif.h says it is all zeros. */
static u32 netbk_ctrl_set_mapping_size(struct netbk_hash_cfg *cfg, u32 size)
{
	if (size > NETBK_HASH_MAPPING_MAX)
		return NETBK_CTRL_STATUS_INVALID_PARAMETER;
	cfg->size = size;
	memset(cfg->mapping, 0, sizeof(cfg->mapping));
	return NETBK_CTRL_STATUS_SUCCESS;
}

static bool netbk_mapping_queues_ok(const u32 *entries, u32 len,
				    unsigned int nr_queues)
{
	u32 i;

	for (i = 0; i < len; i++)
		if (entries[i] >= nr_queues)
			return false;
	return true;
}

/*
 * Entries @off .. @off + @len - 1 of the table, from the start of grant
 * @gref. The rest of the table stays as it was (netif.h).
 */
static u32 netbk_ctrl_set_mapping(struct netbk_hash_cfg *cfg, u32 gref,
				  u32 len, u32 off, unsigned int nr_queues,
				  const struct netbk_ctrl_src *src)
{
	u32 *entries;

	/* XSA-270: off + len may wrap; and one grant is all we read. */
	if (!netbk_hash_mapping_fits(cfg->size, off, len) ||
	    len > NETBK_MAPPING_PER_GRANT)
		return NETBK_CTRL_STATUS_INVALID_PARAMETER;
	if (!len)
		return NETBK_CTRL_STATUS_SUCCESS;

	/* size <= NETBK_HASH_MAPPING_MAX: this stays inside cfg->mapping. */
	entries = &cfg->mapping[off];
	if (src->copy(src->ctx, gref, entries, len * NETBK_MAPPING_ENTRY_SIZE))
		return NETBK_CTRL_STATUS_INVALID_PARAMETER;
	/* Checked in our copy: the guest can no longer change them. */
	if (!netbk_mapping_queues_ok(entries, len, nr_queues))
		return NETBK_CTRL_STATUS_INVALID_PARAMETER;
	return NETBK_CTRL_STATUS_SUCCESS;
}

u32 netbk_ctrl_handle(struct netbk_hash_cfg *cfg,
		      const struct netbk_ctrl_req *req, unsigned int nr_queues,
		      const struct netbk_ctrl_src *src, u32 *data)
{
	*data = 0;

	switch (req->type) {
	case NETBK_CTRL_TYPE_SET_HASH_ALGORITHM:
		return netbk_ctrl_set_alg(cfg, req->data[0]);
	case NETBK_CTRL_TYPE_GET_HASH_FLAGS:
		return netbk_ctrl_get_flags(cfg, data);
	case NETBK_CTRL_TYPE_SET_HASH_FLAGS:
		return netbk_ctrl_set_flags(cfg, req->data[0]);
	case NETBK_CTRL_TYPE_SET_HASH_KEY:
		return netbk_ctrl_set_key(cfg, req->data[0], req->data[1], src);
	case NETBK_CTRL_TYPE_GET_HASH_MAPPING_SIZE:
		*data = NETBK_HASH_MAPPING_MAX;
		return NETBK_CTRL_STATUS_SUCCESS;
	case NETBK_CTRL_TYPE_SET_HASH_MAPPING_SIZE:
		return netbk_ctrl_set_mapping_size(cfg, req->data[0]);
	case NETBK_CTRL_TYPE_SET_HASH_MAPPING:
		return netbk_ctrl_set_mapping(cfg, req->data[0], req->data[1],
					      req->data[2], nr_queues, src);
	default:
		/* INVALID, the gref mapping requests and the unknown. */
		return NETBK_CTRL_STATUS_NOT_SUPPORTED;
	}
}
