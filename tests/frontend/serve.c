// SPDX-License-Identifier: GPL-2.0
/*
 * netfront-test: serve mode, the guest-side daemon. Started by the
 * guest's init hook (guest-init.sh), it
 *   - waits until the kernel's netfront has bound eth0 (vif 0), then
 *     turns xen-bus autoprobe off so later vifs stay unbound for us;
 *   - runs the commands dom0 writes to data/nft/cmd ("SEQ ARGS...", or
 *     "SEQ kill" to stop the running one) as child processes of this
 *     same program, with their output on the console, and answers
 *     data/nft/done = "SEQ EXITCODE".
 * Commands go through xenstore, so they work without any network.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nft.h"

#define AUTOPROBE	"/sys/bus/xen/drivers_autoprobe"
#define ETH0_BOUND	"/sys/bus/xen/drivers/vif/vif-0"

static int exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

static void autoprobe_off(void)
{
	long long end = now_ms() + 120000;
	FILE *f;

	if (!exists("/sys/bus/xen"))
		return;		/* not a Xen guest: nothing to keep apart */
	while (!exists(ETH0_BOUND) && now_ms() < end)
		sleep_ms(200);
	f = fopen(AUTOPROBE, "w");
	if (!f || fputs("0\n", f) < 0 || fclose(f))
		say("serve: cannot write %s: %s", AUTOPROBE, strerror(errno));
	else
		say("serve: eth0 %s, autoprobe off", exists(ETH0_BOUND) ?
		    "bound" : "NOT bound");
}

static pid_t spawn(char *line)
{
	char *argv[40], *seq, *p;
	int argc = 1;
	pid_t pid;

	seq = strtok_r(line, " ", &p);
	argv[0] = "netfront-test";
	while (argc < 39 && (argv[argc] = strtok_r(NULL, " ", &p)))
		argc++;
	argv[argc] = NULL;
	pid = fork();
	if (pid)
		return pid;
	setenv("NFT_SEQ", seq, 1);
	execv("/proc/self/exe", argv);
	_exit(127);
}

/* Run one command to its end (or "SEQ kill"); its exit code. */
static int run_cmd(struct fe *fe, const char *cmd, const char *seq)
{
	char *line = strdup(cmd), kill_cmd[64];
	pid_t pid = spawn(line);
	int status = 0;

	free(line);
	if (pid < 0)
		return 126;
	snprintf(kill_cmd, sizeof(kill_cmd), "%s kill", seq);
	while (waitpid(pid, &status, WNOHANG) == 0) {
		char *c = xs_get(fe, fe->data_path, "cmd");

		if (c && !strcmp(c, kill_cmd))
			kill(pid, SIGKILL);
		free(c);
		sleep_ms(100);
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

int serve_run(void)
{
	static struct fe fe;
	static const char *const nodes[] = { "cmd", "req", "rsp", "result",
					     "done", NULL };
	char *last = strdup("");
	unsigned int len;
	int i;

	fe.xs = xs_open(0);
	while (!fe.xs) {
		sleep_ms(500);
		fe.xs = xs_open(0);
	}
	fe.domid = atoi(xs_read(fe.xs, XBT_NULL, "domid", &len));
	snprintf(fe.data_path, sizeof(fe.data_path),
		 "/local/domain/%u/data/nft", fe.domid);
	autoprobe_off();
	/* created by us, so both ends may write them */
	for (i = 0; nodes[i]; i++)
		xs_put(&fe, XBT_NULL, fe.data_path, nodes[i], "%s", "");
	xs_put(&fe, XBT_NULL, fe.data_path, "ready", "1");
	say("serve: ready (domid %u)", fe.domid);
	for (;;) {
		char *cmd = xs_get(&fe, fe.data_path, "cmd"), seq[32];
		int rc;

		if (!cmd || !*cmd || !strcmp(cmd, last) ||
		    sscanf(cmd, "%31s", seq) != 1 || strstr(cmd, " kill")) {
			free(cmd);
			sleep_ms(100);
			continue;
		}
		free(last);
		last = cmd;
		say("serve: run %s", cmd);
		rc = run_cmd(&fe, cmd, seq);
		say("serve: %s done, exit %d", seq, rc);
		xs_put(&fe, XBT_NULL, fe.data_path, "done", "%s %d", seq, rc);
	}
	return 0;
}
