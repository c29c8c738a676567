// SPDX-License-Identifier: GPL-2.0
/*
 * netfront-test: dom0-agent, the dom0 side the guest tool talks to.
 *
 *   netfront-test dom0-agent --domid D [--bridge BR] [--peer IP]
 *                            [--dom0-ip IP] [--dir DIR]
 *
 * It polls /local/domain/D/data/nft/req for "SEQ DEVID VERB ARGS...",
 * runs the verb against vifD.DEVID and answers data/nft/rsp with
 * "SEQ RC TEXT". Verbs:
 *   info                   vif name, bridge address, MTU, carrier
 *   snap                   remember counters and where the kernel log is
 *   stats                  counters since snap (vif statistics, xenbus
 *                          events/spurious_events/jiffies_eoi_delayed,
 *                          MemAvailable), carrier, backend state, and
 *                          kernel log lines since snap: about the vif
 *                          (fatal/disable, stalled, ready) and oracles
 *   carrier                1/0 (-1: no such interface)
 *   wait-carrier V SECS    until the carrier is V
 *   cap-start|cap|cap-stop a dom0-capture of the vif's received frames
 *   inject N SIZE SEQ [raw|tcp4] [MAC|-] [bypass]   frames into the vif
 *                          (bypass: no qdisc; the driver picks the queue)
 *   inject-br N SIZE SEQ MAC               the same through the bridge
 *   inject-bg SIZE PPS SECS [SEQ]          in the background (PPS 0: as
 *   inject-wait                            fast as possible, no qdisc)
 *   mtu N                  the vif's MTU
 *   rtnl-busy on|off       loops of rtnl-taking commands
 *   flood-g2 MAC SECS      the peer guest pings MAC (static ARP) hard
 *   flood-wait
 *   netconsole on MAC|off  netconsole over the bridge to MAC
 *   kmsg N                 N lines into the kernel log
 *   module                 which driver is loaded: ours=1 (the project's
 *                          module: it has a workers parameter) or 0,
 *                          its version and separate_tx_rx_irq
 *   rate BYTES,USEC|off    the backend's rate key (the driver watches it)
 *   be-error [clear]       the xenbus error node xenbus_dev_fatal() wrote
 *                          (error/backend/vif/D/N/error in dom0's home),
 *                          kernel log lines about vif-D-N since snap,
 *                          backend state, carrier; clear: removed
 *   xstats                 our driver's `ethtool -S` counters (tx_passes,
 *                          rx_passes, rate_limited, spurious_events,
 *                          hypercalls; -1 each with stock, which has none)
 *   g2-iperf SECS [bg]     dom0 -> peer guest iperf3 for SECS, Mbit/s
 *   g2-iperf-wait          (bg: started, and its figure from -wait)
 * --oracle RE (extended regular expression, the lab's dom0 oracle as
 * agent.sh has it from the payload's config) is what stats counts as
 * oops=; without it oops=- (unknown): the pattern has one definition,
 * tests/lab/lib/analyze.sh's ORACLE_DOM0.
 *
 * Also here, for agent.sh's per-case check of the kernel log (one short
 * process each, by sequence number: unlike a count of dmesg's lines it
 * keeps working once the log buffer wraps):
 *   netfront-test kmsg-next             the sequence number the next
 *                                       kernel log record will get
 *   netfront-test kmsg-since SEQ RE [MAX]  records from SEQ on that
 *                                       match RE, "SEQ: TEXT", at most
 *                                       MAX (3); a line "kmsg: ..." when
 *                                       /dev/kmsg cannot be read (a
 *                                       failed check, never a clean one)
 * The same as agent.sh's shell agent, without a process per step: under
 * TCG that is the difference between ~20 ms and ~700 ms a request.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nft.h"

static const char *const counter_names[] = {
	"rx_packets", "rx_bytes", "rx_dropped", "rx_errors",
	"tx_packets", "tx_bytes", "tx_dropped", "tx_errors",
	"events", "spurious", "eoi_delayed", "mem_kb", NULL
};
#define NCOUNTERS 12

struct agent {
	struct fe fe;		/* for its xenstore handle and paths */
	unsigned int domid, dev;
	char vif[32], bridge[32], peer[32], dom0_ip[32], dir[128];
	char *log;		/* kernel log text since snap */
	size_t loglen, logcap;
	int kmsg;
	long snap[NCOUNTERS];
	pid_t cap_pid, inj_pid, flood_pid, iperf_pid, rtnl_pgid[4];
	regex_t oracle;
	bool have_oracle;
};

static struct agent ag;

static long read_long(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static long read_long(const char *fmt, ...)
{
	char path[256], buf[64];
	va_list ap;
	long v = -1;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		v = strtol(buf, NULL, 10);
	fclose(f);
	return v;
}

static int read_str(char *buf, size_t len, const char *path)
{
	FILE *f = fopen(path, "r");

	*buf = 0;
	if (!f)
		return -1;
	if (!fgets(buf, len, f))
		*buf = 0;
	buf[strcspn(buf, "\n")] = 0;
	fclose(f);
	return 0;
}

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int run(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static int carrier(void)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/class/net/%s", ag.vif);
	if (access(path, F_OK))
		return -1;
	return read_long("/sys/class/net/%s/carrier", ag.vif) == 1;
}

static long mem_kb(void)
{
	char line[128];
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld", &v) == 1)
			break;
	if (f)
		fclose(f);
	return v;
}

static void counters(long *c)
{
	static const char *const xb[] = { "events", "spurious_events",
					  "jiffies_eoi_delayed" };
	int i;

	for (i = 0; i < 8; i++)
		c[i] = read_long("/sys/class/net/%s/statistics/%s", ag.vif,
				 counter_names[i]);
	for (i = 0; i < 3; i++)
		c[8 + i] = read_long("/sys/bus/xen-backend/devices/vif-%u-%u/xenbus/%s",
				     ag.domid, ag.dev, xb[i]);
	c[11] = mem_kb();
}

/* ---- the kernel log since snap, from /dev/kmsg ---- */

static void log_add(const char *text, size_t n)
{
	if (ag.loglen + n + 2 > ag.logcap) {
		ag.logcap = (ag.loglen + n + 2) * 2;
		ag.log = realloc(ag.log, ag.logcap);
	}
	memcpy(ag.log + ag.loglen, text, n);
	ag.loglen += n;
	ag.log[ag.loglen++] = '\n';
	ag.log[ag.loglen] = 0;
}

static void log_read(void)
{
	char rec[8192];
	ssize_t n;

	if (ag.kmsg < 0)
		return;
	for (;;) {
		char *msg, *nl;

		n = read(ag.kmsg, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (n <= 0)
			break;
		rec[n] = 0;
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		nl = strchr(msg, '\n');
		log_add(msg, nl ? (size_t)(nl - msg) : strlen(msg));
	}
}

static bool about_vif(const char *line)
{
	const char *p = line;
	size_t n = strlen(ag.vif);

	while ((p = strstr(p, ag.vif))) {
		if (p[n] < '0' || p[n] > '9')
			return true;
		p += n;
	}
	return false;
}

/* Lines naming the xenbus device vif-D-N (xenbus_dev_fatal's dev_err). */
static unsigned int dev_log_lines(void)
{
	char name[32], *p;
	unsigned int n = 0;
	size_t l;

	l = snprintf(name, sizeof(name), "vif-%u-%u", ag.domid, ag.dev);
	log_read();
	for (p = ag.log; p && (p = strstr(p, name)); p += l)
		if (p[l] < '0' || p[l] > '9')
			n++;
	return n;
}

static void log_counts(char *out, size_t len)
{
	unsigned int fatal = 0, stall = 0, ready = 0, mine = 0, oops = 0;
	char *line, *save, *copy;

	log_read();
	copy = strdup(ag.log ? ag.log : "");
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (ag.have_oracle && !regexec(&ag.oracle, line, 0, NULL, 0))
			oops++;
		if (!about_vif(line))
			continue;
		mine++;
		fatal += strcasestr(line, "fatal") ||
			strcasestr(line, "disabl") ||
			strcasestr(line, "malicious");
		stall += !!strcasestr(line, "stalled");
		ready += !!strcasestr(line, "ready");
	}
	free(copy);
	if (ag.have_oracle)
		snprintf(out, len,
			 "fatal_log=%u stall_log=%u ready_log=%u vif_log=%u oops=%u",
			 fatal, stall, ready, mine, oops);
	else
		snprintf(out, len,
			 "fatal_log=%u stall_log=%u ready_log=%u vif_log=%u oops=-",
			 fatal, stall, ready, mine);
}

/* ---- verbs ---- */

typedef int (*verb_fn)(int argc, char **argv, char *out, size_t len);

static int v_info(int argc, char **argv, char *out, size_t len)
{
	char mac[32], path[96];

	(void)argc;
	(void)argv;
	snprintf(path, sizeof(path), "/sys/class/net/%s/address", ag.bridge);
	read_str(mac, sizeof(mac), path);
	if (carrier() < 0) {
		snprintf(out, len, "no %s", ag.vif);
		return 1;
	}
	snprintf(out, len, "vif=%s mac=%s mtu=%ld carrier=%d", ag.vif, mac,
		 read_long("/sys/class/net/%s/mtu", ag.vif), carrier());
	return 0;
}

static int v_snap(int argc, char **argv, char *out, size_t len)
{
	(void)argc;
	(void)argv;
	if (ag.kmsg >= 0)
		close(ag.kmsg);
	ag.kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (ag.kmsg >= 0)
		lseek(ag.kmsg, 0, SEEK_END);
	ag.loglen = 0;
	if (ag.log)
		ag.log[0] = 0;
	counters(ag.snap);
	snprintf(out, len, "ok");
	return 0;
}

static int v_stats(int argc, char **argv, char *out, size_t len)
{
	long now[NCOUNTERS];
	char path[160], *state;
	size_t n;
	int i;

	(void)argc;
	(void)argv;
	counters(now);
	snprintf(path, sizeof(path), "/local/domain/0/backend/vif/%u/%u",
		 ag.domid, ag.dev);
	state = xs_get(&ag.fe, path, "state");
	n = snprintf(out, len, "carrier=%d state=%s ", carrier(),
		     state ? state : "-");
	free(state);
	for (i = 0; counter_names[i] && n < len; i++)
		if (now[i] >= 0)
			n += snprintf(out + n, len - n, "%s=%ld ",
				      counter_names[i], now[i] - ag.snap[i]);
	if (n < len)
		log_counts(out + n, len - n);
	return 0;
}

static int v_carrier(int argc, char **argv, char *out, size_t len)
{
	(void)argc;
	(void)argv;
	snprintf(out, len, "carrier=%d", carrier());
	return 0;
}

static int v_wait_carrier(int argc, char **argv, char *out, size_t len)
{
	int want = argc > 1 ? atoi(argv[1]) : 0;
	long long t0 = now_ms(), end = t0 + (argc > 2 ? atoi(argv[2]) : 5) *
		1000LL;

	while (carrier() != want) {
		if (now_ms() >= end) {
			snprintf(out, len, "carrier=%d timeout", carrier());
			return 1;
		}
		sleep_ms(50);
	}
	snprintf(out, len, "carrier=%d after_ms=%lld", want, now_ms() - t0);
	return 0;
}

static void cap_path(char *buf, size_t len)
{
	snprintf(buf, len, "%s/cap.%u", ag.dir, ag.dev);
}

static void file_into(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(out, 1, len - 1, f);
		fclose(f);
	}
	out[n] = 0;
	out[strcspn(out, "\n")] = 0;
}

static void reap(pid_t *pid, int sig)
{
	if (*pid <= 0)
		return;
	if (sig)
		kill(*pid, sig);
	waitpid(*pid, NULL, 0);
	*pid = 0;
}

static int v_cap_start(int argc, char **argv, char *out, size_t len)
{
	char path[160];
	pid_t pid;

	(void)argc;
	(void)argv;
	reap(&ag.cap_pid, SIGTERM);
	cap_path(path, sizeof(path));
	unlink(path);
	pid = fork();
	if (!pid) {
		signal(SIGINT, SIG_DFL);
		_exit(capture_run(ag.vif, path));
	}
	ag.cap_pid = pid;
	sleep_ms(200);
	snprintf(out, len, "ok");
	return pid < 0;
}

/* Whether every sequence in ARGV[1..] is among the summary's seen ones. */
static bool cap_has(const char *summary, int argc, char **argv)
{
	char seen[3800];
	int i;

	if (!kv_get(summary, "seen", seen, sizeof(seen)))
		return argc < 2;
	for (i = 1; i < argc; i++) {
		char *p = seen;
		size_t n = strlen(argv[i]);
		bool found = false;

		for (; p && *p && !found; p = strchr(p, ',')) {
			if (*p == ',')
				p++;
			found = !strncmp(p, argv[i], n) && (p[n] == ',' || !p[n]);
		}
		if (!found)
			return false;
	}
	return true;
}

/*
 * cap [SEQ...]: the capture's summary, freshly written; with SEQs, once
 * they are all in it or after a second (a TX response can reach the
 * guest just before the frame reaches dom0's packet taps).
 */
static int v_cap(int argc, char **argv, char *out, size_t len)
{
	long long end = now_ms() + 1000;
	char path[160];
	long gen0;

	cap_path(path, sizeof(path));
	do {
		file_into(path, out, len);
		gen0 = kv_long(out, "gen", -1);
		if (ag.cap_pid <= 0)
			return 0;
		kill(ag.cap_pid, SIGUSR1);
		while (now_ms() < end) {
			sleep_ms(10);
			file_into(path, out, len);
			if (kv_long(out, "gen", -1) != gen0)
				break;
		}
	} while (!cap_has(out, argc, argv) && now_ms() < end);
	return 0;
}

static int v_cap_stop(int argc, char **argv, char *out, size_t len)
{
	char path[160];

	(void)argc;
	(void)argv;
	reap(&ag.cap_pid, SIGTERM);
	cap_path(path, sizeof(path));
	file_into(path, out, len);
	return 0;
}

/* Until the kernel has acted on a carrier change (linkwatch swaps the
 * qdisc in within a second): frames sent before that are dropped.
 */
static void wait_oper(void)
{
	char path[96], st[32];
	int i;

	snprintf(path, sizeof(path), "/sys/class/net/%s/operstate", ag.vif);
	for (i = 0; i < 30 && carrier() == 1; i++) {
		read_str(st, sizeof(st), path);
		if (!strcmp(st, "up"))
			return;
		sleep_ms(100);
	}
}

static int fe_mac(uint8_t mac[6])
{
	char path[96], *v;
	int rc;

	snprintf(path, sizeof(path), "/local/domain/%u/device/vif/%u",
		 ag.domid, ag.dev);
	v = xs_get(&ag.fe, path, "mac");
	rc = v ? parse_mac(v, mac) : -1;
	free(v);
	return rc;
}

/* inject N SIZE SEQ [raw|tcp4] [MAC|-] [bypass] on IFNAME */
static int inject_on(const char *ifname, int argc, char **argv, char *out,
		     size_t len)
{
	struct inject in;

	inject_defaults(&in);
	in.ifname = ifname;
	in.count = argc > 1 ? strtoul(argv[1], NULL, 0) : 1;
	in.size = argc > 2 ? strtoul(argv[2], NULL, 0) : 60;
	in.seq = argc > 3 ? strtoul(argv[3], NULL, 16) : 0;
	in.kind = argc > 4 && !strcmp(argv[4], "tcp4") ? FK_TCP4 : FK_RAW;
	in.bypass = argc > 6 && !strcmp(argv[6], "bypass");
	if (argc > 5 && strcmp(argv[5], "-") ? parse_mac(argv[5], in.dst) :
	    fe_mac(in.dst)) {
		snprintf(out, len, "no destination address");
		return 2;
	}
	if (!strcmp(ifname, ag.vif))
		wait_oper();
	return inject_run(&in, out, len);
}

static int v_inject(int argc, char **argv, char *out, size_t len)
{
	return inject_on(ag.vif, argc, argv, out, len);
}

static int v_inject_br(int argc, char **argv, char *out, size_t len)
{
	char *args[6] = { argv[0], argc > 1 ? argv[1] : "1",
			  argc > 2 ? argv[2] : "60", argc > 3 ? argv[3] : "0",
			  "raw", argc > 4 ? argv[4] : "ff:ff:ff:ff:ff:ff" };

	if (access("/sys/class/net/nftv0", F_OK)) {
		if (run("ip link add nftv0 type veth peer name nftv1 && ip link set nftv1 master %s up && ip link set nftv0 up",
			ag.bridge)) {
			snprintf(out, len, "cannot make the veth port");
			return 2;
		}
		sleep_ms(1000);
	}
	return inject_on("nftv0", 6, args, out, len);
}

static void inj_path(char *buf, size_t len)
{
	snprintf(buf, len, "%s/inj.%u", ag.dir, ag.dev);
}

/* inject-bg SIZE PPS SECONDS [SEQ] */
static int v_inject_bg(int argc, char **argv, char *out, size_t len)
{
	struct inject in;
	char path[160];
	pid_t pid;

	inject_defaults(&in);
	in.ifname = ag.vif;
	in.size = argc > 1 ? strtoul(argv[1], NULL, 0) : 60;
	in.pps = argc > 2 ? strtol(argv[2], NULL, 0) : 0;
	in.bypass = !in.pps;
	in.seconds = argc > 3 ? atoi(argv[3]) : 5;
	in.seq = argc > 4 ? strtoul(argv[4], NULL, 16) : 0;
	if (fe_mac(in.dst)) {
		snprintf(out, len, "no destination address");
		return 2;
	}
	reap(&ag.inj_pid, SIGTERM);
	wait_oper();
	inj_path(path, sizeof(path));
	pid = fork();
	if (!pid) {
		char res[128];

		signal(SIGTERM, SIG_DFL);
		int rc = inject_run(&in, res, sizeof(res));
		FILE *f = fopen(path, "w");

		if (f) {
			fprintf(f, "%s\n", res);
			fclose(f);
		}
		_exit(rc);
	}
	ag.inj_pid = pid;
	snprintf(out, len, "ok");
	return pid < 0;
}

static int v_inject_wait(int argc, char **argv, char *out, size_t len)
{
	char path[160];

	(void)argc;
	(void)argv;
	reap(&ag.inj_pid, 0);
	inj_path(path, sizeof(path));
	file_into(path, out, len);
	return 0;
}

static int v_mtu(int argc, char **argv, char *out, size_t len)
{
	int rc = run("ip link set dev %s mtu %s >/dev/null 2>&1", ag.vif,
		     argc > 1 ? argv[1] : "1500");

	snprintf(out, len, "mtu=%ld", read_long("/sys/class/net/%s/mtu",
						 ag.vif));
	return rc;
}

/* A shell loop in its own process group, output discarded. */
static pid_t spawn_sh(const char *script)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	setpgid(0, 0);
	freopen("/dev/null", "w", stdout);
	freopen("/dev/null", "w", stderr);
	execl("/bin/sh", "sh", "-c", script, (char *)NULL);
	_exit(127);
}

static int v_rtnl(int argc, char **argv, char *out, size_t len)
{
	static const char *const loops[4] = {
		"while :; do ip addr add 10.99.1.1/32 dev lo; ip addr del 10.99.1.1/32 dev lo; done",
		"while :; do ip addr add 10.99.2.1/32 dev lo; ip addr del 10.99.2.1/32 dev lo; done",
		"while :; do ip addr add 10.99.3.1/32 dev lo; ip addr del 10.99.3.1/32 dev lo; done",
		"while :; do ip -s -d link show; done",
	};
	int i;

	for (i = 0; i < 4; i++) {
		if (ag.rtnl_pgid[i] > 0) {
			kill(-ag.rtnl_pgid[i], SIGKILL);
			waitpid(ag.rtnl_pgid[i], NULL, 0);
			ag.rtnl_pgid[i] = 0;
		}
	}
	if (argc > 1 && !strcmp(argv[1], "on")) {
		for (i = 0; i < 4; i++)
			ag.rtnl_pgid[i] = spawn_sh(loops[i]);
		snprintf(out, len, "rtnl busy: 4 loops");
	} else {
		snprintf(out, len, "rtnl loops stopped");
	}
	return 0;
}

/* The peer guest runs COMMAND through its command agent (TCP 7000). */
static pid_t peer_exec(const char *command)
{
	char script[600];

	snprintf(script, sizeof(script),
		 "printf '%%s\\nexit\\n' '%s' | timeout 120 busybox nc %s 7000",
		 command, ag.peer);
	return spawn_sh(script);
}

static int v_flood(int argc, char **argv, char *out, size_t len)
{
	char cmd[300];

	if (argc < 3 || !ag.peer[0]) {
		snprintf(out, len, "no peer guest");
		return 0;
	}
	snprintf(cmd, sizeof(cmd),
		 "arp -s 10.77.0.99 %s; for i in 1 2 3 4; do ping -q -i 0.002 -s 1400 -w %s 10.77.0.99 >/dev/null & done; wait",
		 argv[1], argv[2]);
	reap(&ag.flood_pid, SIGTERM);
	ag.flood_pid = peer_exec(cmd);
	snprintf(out, len, "peer %s flooding %s for %s s", ag.peer, argv[1],
		 argv[2]);
	return 0;
}

static int v_flood_wait(int argc, char **argv, char *out, size_t len)
{
	(void)argc;
	(void)argv;
	reap(&ag.flood_pid, 0);
	snprintf(out, len, "flood done");
	return 0;
}

static int v_netconsole(int argc, char **argv, char *out, size_t len)
{
	int rc;

	if (argc > 2 && !strcmp(argv[1], "on"))
		rc = run("modprobe netconsole netconsole=6665@%s/%s,6666@10.77.0.99/%s",
			 ag.dom0_ip, ag.bridge, argv[2]);
	else
		rc = run("rmmod netconsole");
	snprintf(out, len, "rc=%d", rc);
	return rc;
}

/* kmsg N: N lines into the kernel log (writes from userspace are rate
 * limited by default: printk_devkmsg=on for the while).
 */
static int v_kmsg(int argc, char **argv, char *out, size_t len)
{
	static const char *const knob = "/proc/sys/kernel/printk_devkmsg";
	int n = argc > 1 ? atoi(argv[1]) : 1, i, fd;
	char line[64], old[32];

	read_str(old, sizeof(old), knob);
	run("echo on >%s", knob);
	fd = open("/dev/kmsg", O_WRONLY);
	for (i = 0; fd >= 0 && i < n; i++) {
		int l = snprintf(line, sizeof(line), "nft: kernel log line %d\n",
				 i);

		if (write(fd, line, l) < 0)
			break;
	}
	if (fd >= 0)
		close(fd);
	if (*old)
		run("echo %s >%s", old, knob);
	snprintf(out, len, "wrote %d lines", i);
	return fd < 0;
}

/* module: which xen_netback is loaded (ours has a workers parameter;
 * stock has none), its version, whether it offers split channels and
 * how many queues (max_queues, which a vif offers as it was at probe)
 * and whether it offers XDP headroom (provides_xdp_headroom, the same).
 */
static int v_module(int argc, char **argv, char *out, size_t len)
{
	static const char *const p = "/sys/module/xen_netback";
	char path[128], version[64], split[8], maxq[16], xdp[8];

	(void)argc;
	(void)argv;
	snprintf(path, sizeof(path), "%s/parameters/workers", p);
	if (access(p, F_OK)) {
		snprintf(out, len, "ours=- version=- split=- maxq=- xdp=-");
		return 1;
	}
	int ours = !access(path, F_OK);

	snprintf(path, sizeof(path), "%s/version", p);
	read_str(version, sizeof(version), path);
	snprintf(path, sizeof(path), "%s/parameters/separate_tx_rx_irq", p);
	read_str(split, sizeof(split), path);
	snprintf(path, sizeof(path), "%s/parameters/max_queues", p);
	read_str(maxq, sizeof(maxq), path);
	snprintf(path, sizeof(path), "%s/parameters/provides_xdp_headroom", p);
	read_str(xdp, sizeof(xdp), path);
	snprintf(out, len, "ours=%d version=%s split=%s maxq=%s xdp=%s", ours,
		 *version ? version : "-", *split ? split : "-",
		 *maxq ? maxq : "-", *xdp ? xdp : "-");
	return 0;
}

static void backend_dir(char *buf, size_t len)
{
	snprintf(buf, len, "/local/domain/0/backend/vif/%u/%u", ag.domid,
		 ag.dev);
}

/* rate BYTES,USEC | off: the key the driver's rate watch follows. */
static int v_rate(int argc, char **argv, char *out, size_t len)
{
	char dir[96], *v;
	int rc;

	backend_dir(dir, sizeof(dir));
	if (argc < 2 || !strcmp(argv[1], "off"))
		rc = xs_del(&ag.fe, XBT_NULL, dir, "rate");
	else
		rc = xs_put(&ag.fe, XBT_NULL, dir, "rate", "%s", argv[1]);
	v = xs_get(&ag.fe, dir, "rate");
	snprintf(out, len, "rc=%d rate=%s", rc, v ? v : "-");
	free(v);
	return rc != 0;
}

/*
 * be-error [clear]: what xenbus_dev_fatal() left. It writes "ERRNO TEXT"
 * to error/NODENAME/error relative to dom0's home (the backend's nodename
 * is backend/vif/D/N) and logs the same with dev_err() on vif-D-N.
 */
static int v_be_error(int argc, char **argv, char *out, size_t len)
{
	char dir[128], bdir[96], *err, *state;
	int rc = 0;

	snprintf(dir, sizeof(dir), "/local/domain/0/error/backend/vif/%u/%u",
		 ag.domid, ag.dev);
	if (argc > 1 && !strcmp(argv[1], "clear"))
		rc = xs_del(&ag.fe, XBT_NULL, dir, "error");
	backend_dir(bdir, sizeof(bdir));
	err = xs_get(&ag.fe, dir, "error");
	state = xs_get(&ag.fe, bdir, "state");
	snprintf(out, len, "error_node=%d dev_log=%u state=%s carrier=%d text=%s",
		 err != NULL, dev_log_lines(), state ? state : "-", carrier(),
		 err ? err : "-");
	if (err) {	/* one word per key: the text's spaces as '_' */
		char *p = strstr(out, "text=");

		for (; p && *p; p++)
			if (*p == ' ')
				*p = '_';
	}
	free(err);
	free(state);
	return rc != 0;
}

/* xstats: our driver's counters from ethtool -S (summed over queues). */
static int v_xstats(int argc, char **argv, char *out, size_t len)
{
	static const char *const keys[] = { "tx_passes", "rx_passes",
					    "rate_limited", "spurious_events",
					    "hypercalls", NULL };
	long val[5] = { -1, -1, -1, -1, -1 };
	char cmd[96], line[160];
	size_t n = 0;
	FILE *f;
	int i;

	(void)argc;
	(void)argv;
	snprintf(cmd, sizeof(cmd), "ethtool -S %s 2>/dev/null", ag.vif);
	f = popen(cmd, "r");
	while (f && fgets(line, sizeof(line), f)) {
		char name[64];
		long v;

		if (sscanf(line, " %63[^:]: %ld", name, &v) != 2)
			continue;
		for (i = 0; keys[i]; i++)
			if (!strcmp(name, keys[i]))
				val[i] = v;
	}
	if (f)
		pclose(f);
	for (i = 0; keys[i] && n < len; i++)
		n += snprintf(out + n, len - n, "%s=%ld ", keys[i], val[i]);
	return 0;
}

static void iperf_path(char *buf, size_t len)
{
	snprintf(buf, len, "%s/iperf.%u", ag.dir, ag.dev);
}

/* The receiver's Mbit/s in iperf3 -f m output, -1 if none. */
static double iperf_mbit(const char *path)
{
	char line[256];
	double v = -1;
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f)) {
		char *p = strstr(line, " Mbits/sec");

		if (!p || !strstr(line, "receiver"))
			continue;
		while (p > line && p[-1] == ' ')
			p--;
		while (p > line && p[-1] != ' ')
			p--;
		v = strtod(p, NULL);
	}
	if (f)
		fclose(f);
	return v;
}

/* g2-iperf SECS [bg]: dom0 to the peer guest's iperf3 server. */
static int v_g2_iperf(int argc, char **argv, char *out, size_t len)
{
	int secs = argc > 1 ? atoi(argv[1]) : 1;
	char path[160], cmd[300];

	if (!ag.peer[0]) {
		snprintf(out, len, "mbit=-1 no peer guest");
		return 0;
	}
	if (secs < 1 || secs > 10)
		secs = 1;
	if (ag.iperf_pid > 0)
		kill(-ag.iperf_pid, SIGTERM);
	iperf_path(path, sizeof(path));
	unlink(path);
	snprintf(cmd, sizeof(cmd), "timeout %d iperf3 -f m -c %s -t %d >%s 2>&1",
		 secs + 15, ag.peer, secs, path);
	reap(&ag.iperf_pid, SIGTERM);
	if (argc > 2 && !strcmp(argv[2], "bg")) {
		ag.iperf_pid = spawn_sh(cmd);
		snprintf(out, len, "started");
		return ag.iperf_pid < 0;
	}
	run("%s", cmd);
	snprintf(out, len, "mbit=%.1f", iperf_mbit(path));
	return 0;
}

static int v_g2_iperf_wait(int argc, char **argv, char *out, size_t len)
{
	char path[160];

	(void)argc;
	(void)argv;
	reap(&ag.iperf_pid, 0);
	iperf_path(path, sizeof(path));
	snprintf(out, len, "mbit=%.1f", ag.peer[0] ? iperf_mbit(path) : -1.0);
	return 0;
}

static const struct {
	const char *name;
	verb_fn fn;
} verbs[] = {
	{ "info", v_info }, { "snap", v_snap }, { "stats", v_stats },
	{ "carrier", v_carrier }, { "wait-carrier", v_wait_carrier },
	{ "cap-start", v_cap_start }, { "cap", v_cap },
	{ "cap-stop", v_cap_stop }, { "inject", v_inject },
	{ "inject-br", v_inject_br }, { "inject-bg", v_inject_bg },
	{ "inject-wait", v_inject_wait }, { "mtu", v_mtu },
	{ "rtnl-busy", v_rtnl }, { "flood-g2", v_flood },
	{ "flood-wait", v_flood_wait }, { "netconsole", v_netconsole },
	{ "kmsg", v_kmsg }, { "module", v_module }, { "rate", v_rate },
	{ "be-error", v_be_error }, { "xstats", v_xstats },
	{ "g2-iperf", v_g2_iperf }, { "g2-iperf-wait", v_g2_iperf_wait },
	{ NULL, NULL }
};

/* "SEQ DEVID VERB ARGS..." -> data/nft/rsp "SEQ RC TEXT" */
static void handle(char *req)
{
	char *argv[16], *save, *seq, *dev, out[3800];
	long long t0 = now_ms();
	int argc = 0, rc = 2, i;

	seq = strtok_r(req, " ", &save);
	dev = strtok_r(NULL, " ", &save);
	while (argc < 15 && (argv[argc] = strtok_r(NULL, " ", &save)))
		argc++;
	if (!seq || !dev || !argc)
		return;
	ag.dev = atoi(dev);
	snprintf(ag.vif, sizeof(ag.vif), "vif%u.%u", ag.domid, ag.dev);
	snprintf(out, sizeof(out), "unknown verb %s", argv[0]);
	for (i = 0; verbs[i].name; i++)
		if (!strcmp(verbs[i].name, argv[0]))
			rc = verbs[i].fn(argc, argv, out, sizeof(out));
	xs_put(&ag.fe, XBT_NULL, ag.fe.data_path, "rsp", "%s %d %s", seq, rc,
	       out);
	printf("%s %s %s -> %d in %lld ms: %.300s\n", seq, ag.vif, argv[0],
	       rc, now_ms() - t0, out);
}

static int agent_args(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "domid", 1, NULL, 'd' }, { "bridge", 1, NULL, 'b' },
		{ "peer", 1, NULL, 'p' }, { "dom0-ip", 1, NULL, 'i' },
		{ "dir", 1, NULL, 'r' }, { "oracle", 1, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	int opt;

	strcpy(ag.bridge, "xenbr0");
	strcpy(ag.dom0_ip, "10.77.0.1");
	strcpy(ag.dir, "/tmp");
	ag.domid = ~0u;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (opt) {
		case 'd': ag.domid = atoi(optarg); break;
		case 'b': snprintf(ag.bridge, sizeof(ag.bridge), "%s", optarg);
			break;
		case 'p': snprintf(ag.peer, sizeof(ag.peer), "%s", optarg);
			break;
		case 'i': snprintf(ag.dom0_ip, sizeof(ag.dom0_ip), "%s", optarg);
			break;
		case 'r': snprintf(ag.dir, sizeof(ag.dir), "%s", optarg); break;
		case 'o':
			if (regcomp(&ag.oracle, optarg, REG_EXTENDED | REG_NOSUB)) {
				fprintf(stderr, "dom0-agent: bad --oracle pattern\n");
				return -1;
			}
			ag.have_oracle = true;
			break;
		default: return -1;
		}
	}
	return ag.domid == ~0u ? -1 : 0;
}

/* SIGTERM/SIGINT: end every helper this agent started, then itself. */
static void agent_exit(int sig)
{
	int i;

	(void)sig;
	for (i = 0; i < 4; i++)
		if (ag.rtnl_pgid[i] > 0)
			kill(-ag.rtnl_pgid[i], SIGKILL);
	if (ag.cap_pid > 0)
		kill(ag.cap_pid, SIGTERM);
	if (ag.inj_pid > 0)
		kill(ag.inj_pid, SIGKILL);
	if (ag.flood_pid > 0)
		kill(-ag.flood_pid, SIGKILL);
	if (ag.iperf_pid > 0)
		kill(-ag.iperf_pid, SIGKILL);
	_exit(0);
}

int dom0_agent(int argc, char **argv)
{
	char *last = strdup("");

	if (agent_args(argc, argv)) {
		fprintf(stderr, "dom0-agent --domid D [--bridge BR] [--peer IP] [--dom0-ip IP] [--dir DIR] [--oracle RE]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGTERM, agent_exit);
	signal(SIGINT, agent_exit);
	ag.kmsg = -1;
	if (!ag.have_oracle)
		printf("dom0-agent: no --oracle: stats reports oops=-\n");
	ag.fe.xs = xs_open(0);
	if (!ag.fe.xs) {
		perror("xs_open");
		return 2;
	}
	snprintf(ag.fe.data_path, sizeof(ag.fe.data_path),
		 "/local/domain/%u/data/nft", ag.domid);
	printf("dom0-agent: domain %u, %s\n", ag.domid, ag.fe.data_path);
	for (;;) {
		char *req = xs_get(&ag.fe, ag.fe.data_path, "req");

		if (req && *req && strcmp(req, last)) {
			free(last);
			last = strdup(req);
			handle(req);
		}
		free(req);
		log_read();
		sleep_ms(10);
	}
	return 0;
}

/* ---- kmsg-next, kmsg-since: the kernel log by sequence number ---- */

/*
 * Calls FN for each record of /dev/kmsg still in the buffer, oldest
 * first, with its sequence number and text. *FIRST gets the first
 * sequence number read (-1: none). -1 if /dev/kmsg cannot be opened.
 */
static int kmsg_each(void (*fn)(unsigned long long, const char *, void *),
		     void *arg, long long *first)
{
	char rec[8192];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	*first = -1;
	if (fd < 0)
		return -1;
	for (;;) {
		unsigned long long seq;
		char *msg, *nl;
		ssize_t n = read(fd, rec, sizeof(rec) - 1);

		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten while we read: go on */
		if (n <= 0)
			break;
		rec[n] = 0;
		msg = strchr(rec, ';');
		if (!msg || sscanf(rec, "%*u,%llu,", &seq) != 1)
			continue;
		msg++;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = 0;
		if (*first < 0)
			*first = seq;
		fn(seq, msg, arg);
	}
	close(fd);
	return 0;
}

static void kmsg_last(unsigned long long seq, const char *text, void *arg)
{
	(void)text;
	*(long long *)arg = seq;
}

struct kmsg_match {
	unsigned long long since;
	regex_t re;
	unsigned int max, n;
};

static void kmsg_match(unsigned long long seq, const char *text, void *arg)
{
	struct kmsg_match *m = arg;

	if (seq < m->since || regexec(&m->re, text, 0, NULL, 0))
		return;
	if (m->n++ < m->max)
		printf("%llu: %s\n", seq, text);
}

int dom0_kmsg(int argc, char **argv)
{
	long long first, last = -1;

	if (!strcmp(argv[0], "kmsg-next")) {
		if (kmsg_each(kmsg_last, &last, &first)) {
			perror("kmsg-next: /dev/kmsg");
			return 1;
		}
		printf("%lld\n", last + 1);
		return 0;
	}
	if (argc >= 3) {
		struct kmsg_match m = { .max = argc > 3 ? atoi(argv[3]) : 3 };
		char *end;

		m.since = strtoull(argv[1], &end, 10);
		if (end == argv[1] || *end) {
			printf("kmsg: no mark to read the kernel log from ('%s')\n",
			       argv[1]);
			return 1;
		}
		if (regcomp(&m.re, argv[2], REG_EXTENDED | REG_NOSUB)) {
			printf("kmsg: bad oracle pattern\n");
			return 1;
		}
		if (kmsg_each(kmsg_match, &m, &first)) {
			printf("kmsg: /dev/kmsg unreadable: %s\n",
			       strerror(errno));
			return 1;
		}
		if (first > (long long)m.since)
			fprintf(stderr, "kmsg: records %llu..%lld were overwritten before they were read (the run's dmesg.txt and console still have them)\n",
				m.since, first - 1);
		if (m.n > m.max)
			printf("kmsg: %u more oracle line(s)\n", m.n - m.max);
		regfree(&m.re);
		return 0;
	}
	fprintf(stderr, "usage: netfront-test kmsg-next | kmsg-since SEQ RE [MAX]\n");
	return 2;
}
