"""End-to-end benchmark: ddbload side by side with the loaders people use, on loopback.

Run through bench/run, which installs the peers and builds the jars first. Starts one servers
process (DynamoDB Local in memory, FaultProxy sinks of 10 ms and 50 ms in front of it, and a
FaultProxy that forwards with faults), generates the datasets, runs each loader as its own
process against the targets asked for and measures each process: wall time, user + sys CPU and
peak RSS (os.wait4's rusage of that process alone). Targets: `sink` (10 ms), `sink50` (50 ms),
`local` (DynamoDB Local), `mix:NAME` (DynamoDB Local behind the fault proxy with the mix NAME:
clean, clean20k, poison, unprocessed20, mix; ddbload loaders only) and `budget` (DynamoDB Local behind a
provisioned budget of 2,000 WCU/s with 60 s of burst, doubled to 4,000 mid-load; ddbload loaders
only; the consumed WCU/s and the share of calls throttled are sampled every second). Every run
gets a fresh table; a run counts only if every record arrived (sinks: the proxy's
acknowledged-item counter; otherwise a scan count; the poison mix: all but its two keys, which
must be rejected). Writes a Markdown table.
"""
import argparse
import json
import os
import shutil
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_CP = f"{ROOT}/ddbload-bench/target/ddbload-bench.jar:{ROOT}/ddbload-bench/target/lib/*"
DDBLOAD = f"{ROOT}/bin/ddbload"
CSV_SCHEMA = "age:N,score:N,active:BOOL"
ENV = dict(os.environ, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_REGION="us-east-1",
           AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")


@dataclass
class Loader:
    name: str
    kind: str          # ddbload | peer
    formats: tuple     # formats it reads
    records: dict      # target -> records it loads (a prefix of the dataset)
    command: object    # (endpoint, table, file, fmt) -> argv
    env: dict = field(default_factory=dict)


# The endpoint argument that stands for ddbload's --local=:memory: (the "embedded-mem" target).
EMBEDDED_MEM = ":memory:"


def ddbload_cmd(extra, launcher=None):
    def build(endpoint, table, path, fmt, more=()):
        # No endpoint: the "embedded" targets, ddbload's own --local (DynamoDB Local in its JVM,
        # tables on disk under the run's directory, or in memory for "embedded-mem").
        if endpoint in (None, EMBEDDED_MEM):
            store = "--local=:memory:" if endpoint == EMBEDDED_MEM else "--local=local"
            target = [store, "--create-table", "--key", "id:S"]
        else:
            target = ["--endpoint-url", endpoint]
        argv = [launcher or DDBLOAD, "load"] + target + ["--table", table, "--quiet", "--format", fmt,
                "--rejects", f"{path}.rejects"]
        if fmt == "csv":
            argv += ["--schema", CSV_SCHEMA]
        return argv + extra + list(more) + [path]
    return build


# The fault targets, by name: the servers' mix, the records (None: --fault-records), the extra
# ddbload options, the keys the mix never processes, and the clean target it is compared with.
RETRIES = ["--max-attempts", "30", "--backoff-max", "1s"]
MIXES = {
    "clean": dict(servers="clean", records=None, args=RETRIES, lost=0, clean=None),
    "clean20k": dict(servers="clean", records=20_000, args=RETRIES, lost=0, clean=None),
    "poison": dict(servers="poison", records=20_000, args=["--max-attempts", "10", "--backoff-max", "1s"], lost=2,
                   clean="clean20k"),
    "unprocessed20": dict(servers="unprocessed20", records=None, args=RETRIES, lost=0, clean="clean"),
    "mix": dict(servers="mix", records=None, args=RETRIES, lost=0, clean="clean"),
}
BUDGET_ARGS = ["--max-attempts", "30", "--backoff-max", "1s"]


# The tuned setting: twice the default calls in flight. At 32 (the default) and a 10 ms sink the
# load is bound by latency (Little's law: 80,000 records/s at most, less the calls' own time),
# not by CPU (docs/BENCHMARKS.md, row 19).
TUNED_ARGS = ["--concurrency", "64"]
# The smallest-memory setting, the "tuned" row until row 19: C1 only, no shuffle window.
SMALL_JAVA_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseParallelGC -Xmn64m"


# The write modes (issue 19) beside the put path ("ddbload (default)"): inserts and updates go as
# PartiQL statements 25 to a call, a put compared on a version alone; `bench/run modes` runs these
# five in turn. The dataset's ids are unique, so every record is written.
MODE_LOADERS = {
    "ddbload (insert)": ["--mode", "insert"],
    "ddbload (update)": ["--mode", "update"],
    "ddbload (update --if-newer)": ["--mode", "update", "--if-newer", "age"],
    "ddbload (put --if-newer)": ["--if-newer", "age"],
}


def loaders(records_fast, records_mid, records_slow, records_local, builds, jvms=(), records_sink50=None, envs=()):
    fifty = records_sink50 or records_fast
    both = {"sink": records_fast, "sink50": fifty, "local": records_local, "local-disk": records_local,
            "embedded": records_local, "embedded-mem": records_local}
    mid = {"sink": records_mid, "sink50": records_mid, "local": records_local, "local-disk": records_local}
    slow = {"sink": records_slow, "sink50": records_slow, "local": records_local, "local-disk": records_local}
    # Other builds of ddbload (LABEL=DIR: a checkout with ddbload-cli built), default settings.
    others = [Loader(f"ddbload {label} (default)", "ddbload-variant", ("jsonl", "csv"), both,
                     ddbload_cmd([], f"{directory}/bin/ddbload"))
              for label, directory in (b.split("=", 1) for b in builds)]
    # This build with other JVM options (LABEL=OPTS), default ddbload settings.
    others += [Loader(f"ddbload {label} (default)", "ddbload-variant", ("jsonl", "csv"), both, ddbload_cmd([]),
                      {"DDBLOAD_JAVA_OPTS": opts})
               for label, opts in (j.split("=", 1) for j in jvms)]
    # This build with environment variables (LABEL=NAME=VALUE[,NAME=VALUE]), default ddbload settings.
    others += [Loader(f"ddbload {label} (default)", "ddbload-variant", ("jsonl", "csv"), both, ddbload_cmd([]),
                      dict(kv.split("=", 1) for kv in pairs.split(",")))
               for label, pairs in (e.split("=", 1) for e in envs)]
    others += [Loader(name, "ddbload-variant", ("jsonl", "csv"), both, ddbload_cmd(extra))
               for name, extra in MODE_LOADERS.items()]
    return others + [
        Loader("ddbload (default)", "ddbload", ("jsonl", "csv"), both, ddbload_cmd([])),
        Loader("ddbload (tuned)", "ddbload", ("jsonl", "csv"), both, ddbload_cmd(TUNED_ARGS)),
        Loader("ddbload (small)", "ddbload-variant", ("jsonl", "csv"), both, ddbload_cmd(["--shuffle-window", "0"]),
               {"DDBLOAD_JAVA_OPTS": SMALL_JAVA_OPTS}),
        Loader("ddbload (-c 8)", "ddbload-variant", ("jsonl", "csv"), both, ddbload_cmd(["--concurrency", "8"])),
        Loader("ddbload (-c 16)", "ddbload-variant", ("jsonl", "csv"), both, ddbload_cmd(["--concurrency", "16"])),
        Loader("ddbload (no shuffle)", "ddbload-variant", ("jsonl", "csv"), both,
               ddbload_cmd(["--shuffle-window", "0"])),
        Loader("boto3 batch_writer", "peer", ("jsonl",), slow,
               lambda e, t, p, f: ["/usr/bin/python3", f"{ROOT}/bench/boto3_loader.py", e, t, p]),
        Loader("Java SDK v2 enhanced, 1 thread", "peer", ("jsonl",), slow,
               lambda e, t, p, f: ["java", "-cp", BENCH_CP, "dev.ddbload.bench.peers.EnhancedClientLoader",
                                   e, t, "1", p]),
        Loader("Java SDK v2 enhanced, 4-thread pool", "peer", ("jsonl",), mid,
               lambda e, t, p, f: ["java", "-cp", BENCH_CP, "dev.ddbload.bench.peers.EnhancedClientLoader",
                                   e, t, "4", p]),
        Loader("Node SDK v3, 8 loops", "peer", ("jsonl",), both,
               lambda e, t, p, f: ["node", f"{ROOT}/bench/node/load.mjs", e, t, p, "8"]),
    ]


class Servers:
    """The servers process; commands on its stdin, one answer line each."""

    def __init__(self, log_path):
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(["java", "-cp", BENCH_CP, "dev.ddbload.bench.Servers", "--sink-delay-ms", "10",
                                      "--slow-sink-delay-ms", str(ARGS.slow_sink_ms)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True,
                                     bufsize=1)
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"the servers did not start; see {log_path}")
            m = re.match(r"dynamodb=(\S+) sink=(\S+) sink50=(\S+) faults=(\S+) disk=(\S+)", line)
            if m:
                self.dynamodb, self.sink, self.sink50, self.faults, self.disk = m.groups()
                return

    def ask(self, command):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        answer = ""
        while not answer.startswith("> "):
            answer = self.proc.stdout.readline()
            if not answer:
                raise RuntimeError(f"the servers stopped; see {self.log.name}")
        answer = answer[2:].strip()
        if answer.startswith("error") or answer.startswith("unknown"):
            raise RuntimeError(f"{command}: {answer}")
        return answer

    def acknowledged(self, command="stats"):
        """Items the sink acknowledged: BatchWriteItem's, single writes and statements (counted apart)."""
        answer = self.ask(command)
        apart = sum(int(m.group(1)) for m in re.finditer(r"(?:singleForwarded|statementsWritten)=(\d+)", answer))
        return int(re.search(r"(?<![A-Za-z])forwarded=(\d+)", answer).group(1)) + apart

    def fault_stats(self):
        """The fault proxy's counters: a dict of the numbers, and lists for wcu and refused (per second)."""
        answer = self.ask("fstats")
        stats = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)(?=\s|$)", answer)}
        for name in ("wcu", "refused"):
            # The per-second series come last; the counters before them may hold a total of the same name.
            found = re.findall(r"(?:^|\s)" + name + r"=([\d,]*)(?=\s|$)", answer)
            stats[name] = [int(x) for x in found[-1].split(",") if x] if found else []
        return stats

    def cpu(self):
        """CPU seconds the servers' process has used so far (its DynamoDB Locals' work, mostly)."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            return stat_cpu(f.read())[0]

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def dataset(work, shape, fmt, records):
    """The first `records` records of the shape's dataset, generated once (same seed: same prefix)."""
    name = f"{work}/{'small' if shape == '200' else 'kb'}-{records}.{fmt}"
    if not os.path.exists(name):
        subprocess.run(["java", "-cp", BENCH_CP, "dev.ddbload.bench.Datasets", "--shape", shape, "--format", fmt,
                        "--records", str(records), "--out", name + ".tmp"], check=True, stdout=subprocess.DEVNULL)
        os.replace(name + ".tmp", name)
    return name


def wait_quiet(max_load, max_wait):
    """Waits (up to max_wait s) for the 1-minute load average to drop below max_load; returns it."""
    deadline = time.monotonic() + max_wait
    while os.getloadavg()[0] > max_load and time.monotonic() < deadline:
        time.sleep(5)
    return os.getloadavg()[0]


def stat_cpu(stat):
    """(CPU seconds, of which system) of a /proc/PID/stat or /proc/PID/task/TID/stat line."""
    fields = stat[stat.rindex(")") + 2:].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick, int(fields[12]) / tick


def thread_cpu(pid, seen):
    """Adds the CPU seconds of each of the process's threads, by thread name, into seen."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        seen[tid] = (name,) + stat_cpu(stat)


def thread_groups(seen):
    """CPU seconds per thread group (names without their numbers), largest first."""
    groups = {}
    for name, cpu, sys_cpu in seen.values():
        group = re.sub(r"[-#\s]*\d+$", "", name)
        total, system = groups.get(group, (0, 0))
        groups[group] = (total + cpu, system + sys_cpu)
    return sorted(groups.items(), key=lambda g: -g[1][0])


def fresh_dir(path):
    """An empty directory at path (what was there is removed); returns path."""
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def wait_sampling(proc, sample, every, timeout=None):
    """Waits for proc, calling sample(pid) every `every` seconds until it ends (killing it after
    `timeout` seconds, if given); returns (status, rusage)."""
    start = time.monotonic()
    while True:
        sample(proc.pid)
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return status, usage
        if timeout and time.monotonic() - start > timeout:
            proc.kill()
        time.sleep(every)


def measure(argv, out_path, per_thread=False, env=None, tick=None):
    """Runs argv (calling tick(seconds since start) about every second, if given); returns (exit code,
    wall s, cpu s, peak RSS MiB, output)."""
    seen = {}
    with open(out_path, "w") as out:
        out.write(" ".join(argv) + "\n" + " ".join(f"{k}={v}" for k, v in (env or {}).items()) + "\n")
        out.flush()
        # Each run in a directory of its own: ddbload keeps its checkpoint under ./.ddbload, and a
        # run must never resume from an earlier (or interrupted) run over the same file and table.
        cwd = fresh_dir(out_path[:-len(".log")] + ".d")
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=dict(ENV, **(env or {})), cwd=cwd)
        if per_thread or tick or ARGS.run_timeout:
            last_tick = [start]

            def sample(pid):
                if per_thread:
                    # Threads that ended keep their last reading.
                    thread_cpu(pid, seen)
                if tick and time.monotonic() - last_tick[0] >= 1:
                    last_tick[0] = time.monotonic()
                    tick(last_tick[0] - start)
            status, usage = wait_sampling(proc, sample, 0.2, ARGS.run_timeout)
        else:
            _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    with open(out_path) as f:
        text = f.read()
    if per_thread:
        with open(out_path, "a") as f:
            f.write("\nCPU s per thread group (of which sys): "
                    + ", ".join(f"{g} {c:.1f} ({sc:.1f})" for g, (c, sc) in thread_groups(seen) if c >= 0.05) + "\n")
    with open(out_path, "a") as f:
        f.write(f"\nCPU user {usage.ru_utime:.1f} s, sys {usage.ru_stime:.1f} s, peak RSS {usage.ru_maxrss / 1024:.0f} MiB\n")
    return proc.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def target_setup(servers, target, loader, records):
    """(endpoint, extra ddbload options, keys never processed, records) for a target."""
    if target == "sink":
        return servers.sink, [], 0, records
    if target == "sink50":
        return servers.sink50, [], 0, records
    if target == "local":
        return servers.dynamodb, [], 0, records
    if target == "local-disk":
        return servers.disk, [], 0, records
    if target == "embedded":
        return None, [], 0, records
    if target == "embedded-mem":
        return EMBEDDED_MEM, [], 0, records
    if target == "budget":
        servers.ask("faults budget")
        return servers.faults, BUDGET_ARGS, 0, ARGS.budget_records
    mix = MIXES[target.split(":", 1)[1]]
    servers.ask(f"faults {mix['servers']}")
    return servers.faults, mix["args"], mix["lost"], mix["records"] or ARGS.fault_records


def budget_tick(servers, table, samples):
    """Samples the fault proxy every second and doubles the budget at --double-at seconds."""
    def tick(seconds):
        if not samples["doubled"] and seconds >= ARGS.double_at:
            servers.ask(f"capacity {table} 4000")
            samples["doubled"] = len(servers.fault_stats()["wcu"])
        stats = servers.fault_stats()
        samples["ticks"].append(dict(batchWrites=stats["batchWrites"], throttled=stats["throttled"],
                                     second=len(stats["wcu"])))
    return tick


def budget_figures(stats, samples, start_second):
    """Consumed WCU/s per second, calls throttled per second, and the issue's figures."""
    wcu = stats["wcu"][start_second:]
    refused = stats["refused"][start_second:]
    ticks = samples["ticks"]
    throttled = []
    for a, b in zip(ticks, ticks[1:]):
        calls = b["batchWrites"] - a["batchWrites"]
        throttled.append((b["second"] - start_second, (b["throttled"] - a["throttled"]) / calls if calls else 0))
    spent = next((i for i, r in enumerate(refused) if r > 0), None)
    # The series runs on after the load ended: windows end at its last second with writes.
    last = max((i for i, w in enumerate(wcu) if w > 0), default=len(wcu) - 1)
    doubled = samples["doubled"] - start_second if samples["doubled"] else None
    figures = dict(wcu=wcu, throttled=throttled, burst_spent=spent, doubled=doubled)

    def mean(xs):
        return sum(xs) / len(xs) if xs else 0

    def calls_throttled(lo, hi):
        return mean([t for sec, t in throttled if lo <= sec < hi])
    if spent is not None:
        end = doubled if doubled else last
        window = (spent + 15, end)
        figures["converged"] = dict(window=window, wcu=mean(wcu[window[0]:window[1]]),
                                    throttled_calls=calls_throttled(*window))
    if doubled:
        window = (doubled + 30, last)
        figures["after_doubling"] = dict(window=window, wcu=mean(wcu[window[0]:window[1]]),
                                         throttled_calls=calls_throttled(*window))
        first = next((i for i in range(doubled, last + 1) if wcu[i] >= 0.85 * 4000), None)
        figures["seconds_to_85pct_of_new_budget"] = first - doubled if first is not None else None
    return figures


def run_one(servers, target, loader, shape, fmt, records, work, run_id):
    table = f"bench{run_id}"
    if not target.startswith("embedded"):
        servers.ask(f"table {table}")
    endpoint, extra, lost, records = target_setup(servers, target, loader, records)
    path = dataset(work, shape, fmt, records)
    counter = {"sink": "stats", "sink50": "stats50"}.get(target)
    before = servers.acknowledged(counter) if counter else 0
    load = wait_quiet(ARGS.max_load, 60)
    tick, samples, start_second = None, None, 0
    if target == "budget":
        samples = dict(ticks=[], doubled=None)
        start_second = len(servers.fault_stats()["wcu"])
        tick = budget_tick(servers, table, samples)
    argv = loader.command(endpoint, table, path, fmt, extra) if extra else loader.command(endpoint, table, path, fmt)
    server_cpu = servers.cpu()
    code, wall, cpu, rss, text = measure(argv, f"{work}/run-{run_id}.log", ARGS.per_thread, loader.env, tick)
    # DynamoDB Local's own CPU in the servers' process: a cost of the load the loader's CPU leaves
    # out, except for the embedded targets, whose DynamoDB Local is in the loader's process.
    server_cpu = None if target.startswith("embedded") else servers.cpu() - server_cpu
    m = re.search(r"written\s+([\d,]+)", text)
    written = int(m.group(1).replace(",", "")) if m else -1
    if counter:
        arrived = servers.acknowledged(counter) - before
    elif target.startswith("embedded"):
        # The embedded DynamoDB Local ends with the process: its own summary is the count.
        arrived = written
    else:
        arrived = int(servers.ask(f"{'dcount' if target == 'local-disk' else 'count'} {table}"))
    ok = code == (1 if lost else 0) and arrived >= records - lost and written == records - lost
    result = dict(target=target, loader=loader.name, kind=loader.kind, shape=shape, format=fmt, records=records,
                  wall=wall, cpu=cpu, rss=rss, rate=records / wall, cpu_per_million=cpu / records * 1e6,
                  server_cpu_per_million=None if server_cpu is None else server_cpu / records * 1e6,
                  load=load, ok=ok, exit=code, arrived=arrived, written=written, log=f"{work}/run-{run_id}.log")
    if target == "budget":
        result["budget"] = budget_figures(servers.fault_stats(), samples, start_second)
    print(f"{target:13} {shape:>4} {fmt:5} {loader.name:40} {records:>8} rec {result['rate']:>9.0f} rec/s "
          f"cpu {result['cpu_per_million']:>6.1f} s/M{server_cpu_text(result)} rss {rss:>5.0f} MiB load {load:.2f} "
          f"{'ok' if ok else 'FAILED (exit %d, written %d, arrived %d)' % (code, written, arrived)}", flush=True)
    if target == "budget":
        print("  " + json.dumps({k: v for k, v in result["budget"].items() if k not in ("wcu", "throttled")}),
              flush=True)
    return result


def server_cpu_text(result):
    """The servers' CPU per million records, for a run's line: empty for the embedded targets."""
    spent = result.get("server_cpu_per_million")
    return "" if spent is None else f" (+ servers {spent:.1f} s/M)"


TITLES = {"sink": "FaultProxy sink, 10 ms", "sink50": "FaultProxy sink, 50 ms", "local": "DynamoDB Local",
          "local-disk": "DynamoDB Local with its tables on disk (-dbPath, SQLite's rollback journal as it leaves it)",
          "embedded": "ddbload --local (DynamoDB Local in ddbload's JVM, tables on disk)",
          "embedded-mem": "ddbload --local=:memory: (DynamoDB Local in ddbload's JVM, tables in memory)",
          "budget": "DynamoDB Local behind a budget of 2,000 WCU/s (60 s of burst), doubled mid-load"}


def markdown(results):
    lines = []
    targets = list(dict.fromkeys(r["target"] for r in results))
    for target in targets:
        rows = [r for r in results if r["target"] == target]
        title = TITLES.get(target, f"DynamoDB Local behind the fault proxy, mix {target.split(':', 1)[-1]}")
        lines += [f"### {title}", "",
                  "| data | loader | records | records/s | CPU s per 1M records | servers' CPU s per 1M records | peak RSS MiB | ddbload default ÷ this (records/s) | load avg |",
                  "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for r in rows:
            base = next((b for b in rows if b["loader"] == "ddbload (default)" and b["shape"] == r["shape"]
                         and b["format"] == r["format"] and b["ok"]), None)
            ratio = f"{base['rate'] / r['rate']:.1f}×" if base and r["ok"] else "–"
            shape = "200 B" if r["shape"] == "200" else "1 KB"
            status = "" if r["ok"] else " (FAILED)"
            spent = r.get("server_cpu_per_million")
            servers_cpu = "in the loader's" if spent is None else f"{spent:.1f}"
            lines.append(f"| {shape} {r['format']} | {r['loader']}{status} | {r['records']:,} | {r['rate']:,.0f} | "
                         f"{r['cpu_per_million']:.1f} | {servers_cpu} | {r['rss']:.0f} | {ratio} | {r['load']:.2f} |")
        for r in rows:
            if "budget" in r:
                b = r["budget"]
                lines += ["", f"{r['loader']}: burst spent at second {b.get('burst_spent')}, budget doubled at "
                          f"second {b.get('doubled')}; converged {b.get('converged')}; after the doubling "
                          f"{b.get('after_doubling')}, 85 % of the new budget reached "
                          f"{b.get('seconds_to_85pct_of_new_budget')} s after it; WCU/s by second: "
                          + " ".join(str(x) for x in b["wcu"])]
        lines.append("")
    # Ratios to the same build's clean run (of as many records) behind the fault proxy.
    rates = {(r["loader"], r["target"]): r["rate"] for r in results if r["ok"]}
    mixes = [r for r in results if r["target"].startswith("mix:") and MIXES[r["target"][4:]]["clean"]]
    if mixes:
        lines += ["### Each mix against the same build's clean run behind the proxy", "",
                  "| loader | mix | records | records/s | clean records/s | share of clean |",
                  "| --- | --- | ---: | ---: | ---: | ---: |"]
        for r in mixes:
            clean = rates.get((r["loader"], "mix:" + MIXES[r["target"][4:]]["clean"]))
            share = f"{r['rate'] / clean:.2f}" if clean and r["ok"] else "–"
            lines.append(f"| {r['loader']} | {r['target'][4:]} | {r['records']:,} | {r['rate']:,.0f} | "
                         f"{clean or 0:,.0f} | {share} |")
        lines.append("")
    return "\n".join(lines)


def main():
    global ARGS
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--work", default=f"{ROOT}/bench/work", type=os.path.abspath)
    p.add_argument("--records", type=int, default=1_000_000, help="records per run for the fast loaders")
    p.add_argument("--mid-records", type=int, default=200_000,
                   help="records per run for the 4-thread Java pool against the sink")
    p.add_argument("--slow-records", type=int, default=50_000,
                   help="records per run for boto3 and the 1-thread Java loop against the sink")
    p.add_argument("--local-records", type=int, default=50_000, help="records per run against DynamoDB Local")
    p.add_argument("--targets", default="sink,local",
                   help="comma-separated: sink, sink50, local, local-disk (DynamoDB Local on disk), mix:clean, mix:clean20k, mix:poison, mix:unprocessed20, "
                        "mix:mix, embedded (ddbload --local), embedded-mem (ddbload --local=:memory:), "
                        "budget (the last ones run ddbload loaders only)")
    p.add_argument("--sink50-records", type=int, default=None,
                   help="records per run for the fast loaders against the 50 ms sink (default --records)")
    p.add_argument("--slow-sink-ms", type=int, default=50, help="the slow sink's delay (default 50 ms)")
    p.add_argument("--fault-records", type=int, default=100_000,
                   help="records per run behind the fault proxy (the poison mix always loads 20,000)")
    p.add_argument("--budget-records", type=int, default=600_000, help="records of the budget run")
    p.add_argument("--double-at", type=float, default=100,
                   help="seconds into the budget run at which the budget doubles to 4,000 WCU/s")
    p.add_argument("--shapes", default="200,1k")
    p.add_argument("--formats", default="jsonl,csv")
    p.add_argument("--only", default="", help="comma-separated substrings of loader names to run")
    p.add_argument("--max-load", type=float, default=1.0,
                   help="before each run, wait (up to a minute) for a 1-minute load average below this")
    p.add_argument("--build", action="append", default=[], metavar="LABEL=DIR",
                   help="also run the ddbload built in checkout DIR (default settings), named LABEL")
    p.add_argument("--env", action="append", default=[], metavar="LABEL=NAME=VALUE[,NAME=VALUE]",
                   help="also run this build with these environment variables (default settings), named LABEL")
    p.add_argument("--jvm", action="append", default=[], metavar="LABEL=OPTS",
                   help="also run this build with DDBLOAD_JAVA_OPTS=OPTS (default settings), named LABEL")
    p.add_argument("--rounds", type=int, default=1,
                   help="run the loaders this many times in turn (A B A B ...), to see the spread")
    p.add_argument("--per-thread", action="store_true",
                   help="sample each process's threads and append CPU per thread group to its log")
    p.add_argument("--run-timeout", type=float, default=None,
                   help="kill a loader after this many seconds (the run counts as failed)")
    p.add_argument("--out", default=None, help="Markdown file (default WORK/results.md)")
    p.add_argument("--warmup-records", type=int, default=0,
                   help="before the measured runs, one unmeasured run of the first loader with this many records "
                        "against each target, so that the first measured loader does not pay the servers' JIT warm-up")
    ARGS = p.parse_args()
    os.makedirs(ARGS.work, exist_ok=True)
    servers = Servers(f"{ARGS.work}/servers.log")
    results = []
    run_id = 0
    try:
        if ARGS.warmup_records > 0:
            first = next(l for l in loaders(ARGS.records, ARGS.mid_records, ARGS.slow_records, ARGS.local_records,
                                            ARGS.build, ARGS.jvm, ARGS.sink50_records, ARGS.env)
                         if ARGS.only and any(s in l.name for s in ARGS.only.split(",")))
            for target in ARGS.targets.split(","):
                run_id += 1
                warm = run_one(servers, target, first, ARGS.shapes.split(",")[0], ARGS.formats.split(",")[0],
                               ARGS.warmup_records, ARGS.work, run_id)
                print(f"(warm-up run {run_id}, not counted: {warm['rate']:,.0f} rec/s)", flush=True)
        for target in ARGS.targets.split(","):
            for shape in ARGS.shapes.split(","):
                for fmt in ARGS.formats.split(","):
                    for loader in loaders(ARGS.records, ARGS.mid_records, ARGS.slow_records, ARGS.local_records,
                                          ARGS.build, ARGS.jvm, ARGS.sink50_records, ARGS.env) * ARGS.rounds:
                        if fmt not in loader.formats or target not in loader.records:
                            continue
                        if ((target.startswith("mix:") or target == "budget" or target.startswith("embedded"))
                                and not loader.kind.startswith("ddbload")):
                            continue
                        named = ARGS.only and any(s in loader.name for s in ARGS.only.split(","))
                        if (ARGS.only and not named) or (loader.kind == "ddbload-variant" and not named):
                            continue
                        run_id += 1
                        results.append(run_one(servers, target, loader, shape, fmt,
                                               loader.records.get(target, ARGS.fault_records), ARGS.work, run_id))
    finally:
        servers.close()
    out = ARGS.out or f"{ARGS.work}/results.md"
    with open(out, "w") as f:
        f.write(markdown(results))
    with open(out.replace(".md", ".json"), "w") as f:
        json.dump(results, f, indent=1)
    print(f"\nwrote {out}")
    print(markdown(results))
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
