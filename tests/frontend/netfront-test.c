// SPDX-License-Identifier: GPL-2.0
/*
 * netfront-test: a userspace netfront for testing a Xen network backend.
 *
 * In a PV guest, as root, with xen-evtchn and xen-gntalloc loaded and the
 * vif left unbound by the kernel's netfront:
 *   netfront-test list                       every case, one a line
 *   netfront-test conform CASE [--vif N]     a conformance case
 *   netfront-test hostile CASE [--vif N]     one advisory class
 *   netfront-test random --seed S --seconds T [--batches B] [--mild]
 *   netfront-test load --size 60|1514 --dir tx|rx [--seconds T] [--vif N]
 *   netfront-test serve                      run commands dom0 writes
 *   netfront-test agent-ping [--vif N]       is the dom0 agent there?
 * In dom0 (used by agent.sh):
 *   netfront-test dom0-capture -i IF -o FILE
 *   netfront-test dom0-inject --ifname IF --dst MAC ...
 *   netfront-test dom0-agent --domid D ...   the agent (dom0agent.c)
 *   netfront-test kmsg-next | kmsg-since SEQ RE [MAX]   the kernel log
 *                                            by sequence number
 * --no-agent runs a case without the dom0 agent (dom0-side facts then
 * read as unknown). Each case prints "NFT-RESULT case=... verdict=..."
 * and stores it in data/nft/result. Exit status 0 when it passed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "nft.h"

static void usage(void)
{
	fputs("usage: netfront-test list | conform CASE | hostile CASE |\n"
	      "         random --seed S --seconds T [--batches B] [--mild] |\n"
	      "         load --size BYTES --dir tx|rx [--seconds T] |\n"
	      "         serve | dom0-capture ... | dom0-inject ...\n"
	      "       [--vif N] [--no-agent]\n", stderr);
	exit(2);
}

static void list(void)
{
	const struct nft_case *c;

	for (c = hostile_cases; c->name; c++)
		printf("hostile %s %s %s %s\n", c->name, c->advisory, c->expect,
		       c->what);
	for (c = conform_cases; c->name; c++)
		printf("conform %s %s %s %s\n", c->name, c->advisory, c->expect,
		       c->what);
}

struct args {
	unsigned int vif;
	bool no_agent, mild;
	unsigned long long seed;
	int seconds;
	long batches;
	unsigned int size;
	const char *dir;
};

static void parse(int argc, char **argv, struct args *a)
{
	static const struct option lo[] = {
		{ "vif", 1, NULL, 'v' }, { "no-agent", 0, NULL, 'n' },
		{ "seed", 1, NULL, 's' }, { "seconds", 1, NULL, 't' },
		{ "batches", 1, NULL, 'b' }, { "size", 1, NULL, 'z' },
		{ "dir", 1, NULL, 'd' }, { "mild", 0, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	int opt;

	memset(a, 0, sizeof(*a));
	a->vif = 1;
	a->seconds = 10;
	a->batches = -1;
	a->size = 60;
	a->dir = "tx";
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (opt) {
		case 'v': a->vif = strtoul(optarg, NULL, 0); break;
		case 'n': a->no_agent = true; break;
		case 's': a->seed = strtoull(optarg, NULL, 0); break;
		case 't': a->seconds = strtol(optarg, NULL, 0); break;
		case 'b': a->batches = strtol(optarg, NULL, 0); break;
		case 'z': a->size = strtoul(optarg, NULL, 0); break;
		case 'd': a->dir = optarg; break;
		case 'm': a->mild = true; break;
		default: usage();
		}
	}
}

static int run_case(const struct nft_case *tab, int argc, char **argv)
{
	const struct nft_case *c;
	struct args a;

	if (argc < 3)
		usage();
	c = case_find(tab, argv[2]);
	if (!c) {
		fprintf(stderr, "no such case: %s (see: netfront-test list)\n",
			argv[2]);
		return 2;
	}
	parse(argc - 2, argv + 2, &a);
	return case_run(c, a.vif, a.no_agent);
}

int main(int argc, char **argv)
{
	struct args a;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "list")) {
		list();
		return 0;
	}
	if (!strcmp(argv[1], "hostile"))
		return run_case(hostile_cases, argc, argv);
	if (!strcmp(argv[1], "conform"))
		return run_case(conform_cases, argc, argv);
	if (!strcmp(argv[1], "serve"))
		return serve_run();
	if (!strcmp(argv[1], "dom0-capture"))
		return dom0_capture(argc - 1, argv + 1);
	if (!strcmp(argv[1], "dom0-inject"))
		return dom0_inject(argc - 1, argv + 1);
	if (!strcmp(argv[1], "dom0-agent"))
		return dom0_agent(argc - 1, argv + 1);
	if (!strcmp(argv[1], "kmsg-next") || !strcmp(argv[1], "kmsg-since"))
		return dom0_kmsg(argc - 1, argv + 1);
	parse(argc - 1, argv + 1, &a);
	if (a.no_agent)
		setenv("NFT_NO_AGENT", "1", 1);
	if (!strcmp(argv[1], "random"))
		return random_run(a.vif, a.seed, a.seconds, a.batches, a.mild);
	if (!strcmp(argv[1], "agent-ping"))
		return agent_ping(a.vif);
	if (!strcmp(argv[1], "load"))
		return load_run(a.vif, a.seconds, a.size, a.dir);
	usage();
	return 2;
}
