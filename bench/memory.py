"""Memory flatness: ddbload with -Xmx256m loads a 100 MB and a large JSON Lines file to the sink.

Run through `bench/run memory`. The large file is 10 GB when the disk has room for it (and
--large-bytes is not given), else 2 GB. Peak RSS comes from the process's rusage; RSS is also
sampled every second, so the table shows it at 10 %, 50 % and 90 % of the run: flat means the
same whatever the file size.
"""
import argparse
import os
import shutil
import subprocess
import time

import harness

GIB = 1 << 30


def rss_samples(pid, samples):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    samples.append(int(line.split()[1]) / 1024)
    except OSError:
        pass


def run(servers, path, records, java_opts, work, n):
    table = f"memory{n}"
    servers.ask(f"table {table}")
    before = servers.acknowledged()
    load = harness.wait_quiet(harness.ARGS.max_load, 120)
    env = dict(harness.ENV, DDBLOAD_JAVA_OPTS=java_opts)
    argv = harness.ddbload_cmd([])(servers.sink, table, path, "jsonl")
    samples = []
    log = f"{work}/memory-{n}.log"
    # A directory of its own: a run must never resume an earlier run's checkpoint (./.ddbload).
    cwd = harness.fresh_dir(f"{work}/memory-{n}.d")
    with open(log, "w") as out:
        out.write(" ".join(argv) + f"\nDDBLOAD_JAVA_OPTS={java_opts}\n")
        out.flush()
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        status, usage = harness.wait_sampling(proc, lambda pid: rss_samples(pid, samples), 1)
        wall = time.monotonic() - start
    arrived = servers.acknowledged() - before
    ok = os.waitstatus_to_exitcode(status) == 0 and arrived >= records
    at = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))] if samples else 0
    row = dict(file=path, bytes=os.path.getsize(path), records=records, wall=wall, rate=records / wall,
               cpu=usage.ru_utime + usage.ru_stime, peak=usage.ru_maxrss / 1024, p10=at(0.1), p50=at(0.5),
               p90=at(0.9), load=load, ok=ok, opts=java_opts)
    print(f"{os.path.basename(path):28} {row['bytes'] / GIB:6.2f} GiB {records:>11,} rec {row['rate']:>8,.0f} rec/s "
          f"CPU {row['cpu'] / records * 1e6:5.1f} µs/rec peak RSS {row['peak']:5.0f} MiB (10% {row['p10']:.0f}, 50% {row['p50']:.0f}, 90% {row['p90']:.0f}) "
          f"load {load:.2f} {'ok' if ok else 'FAILED'}", flush=True)
    return row


def count_lines(path):
    n = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            n += block.count(b"\n")
    return n


def dataset(work, name, size):
    path = f"{work}/{name}"
    if not os.path.exists(path):
        subprocess.run(["java", "-cp", harness.BENCH_CP, "dev.ddbload.bench.Datasets", "--shape", "200",
                        "--format", "jsonl", "--bytes", str(size), "--out", path + ".tmp"], check=True)
        os.replace(path + ".tmp", path)
    return path, count_lines(path)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--work", default=f"{harness.ROOT}/bench/work")
    p.add_argument("--large-bytes", type=int, default=0, help="size of the large file (default 10 GiB if room, else 2 GiB)")
    p.add_argument("--java-opts", action="append", default=[],
                   help="DDBLOAD_JAVA_OPTS for the runs (default -Xmx256m); given more than once, each is run")
    p.add_argument("--max-load", type=float, default=1.0)
    args = p.parse_args()
    harness.ARGS = args
    os.makedirs(args.work, exist_ok=True)
    large = args.large_bytes
    if not large:
        free = shutil.disk_usage(args.work).free
        large = 10 * GIB if free > 25 * GIB else 2 * GIB
    small_path, small_records = dataset(args.work, "memory-100MB.jsonl", 100 * (1 << 20))
    large_path, large_records = dataset(args.work, f"memory-{large // GIB}GB.jsonl", large)
    servers = harness.Servers(f"{args.work}/servers-memory.log")
    rows = []
    try:
        n = 0
        for opts in args.java_opts or ["-Xmx256m"]:
            for path, records in ((small_path, small_records), (large_path, large_records)):
                n += 1
                rows.append(run(servers, path, records, opts, args.work, n))
    finally:
        servers.close()
    lines = [f"| file | records | records/s | CPU µs per record | peak RSS MiB | RSS at 10 / 50 / 90 % of the run, MiB | load avg |",
             "| --- | ---: | ---: | ---: | ---: | --- | ---: |"]
    for r in rows:
        lines.append(f"| {r['bytes'] / GIB:.2f} GiB JSONL, `{r['opts'] or 'launcher defaults'}` | {r['records']:,} | {r['rate']:,.0f} | "
                     f"{r['cpu'] / r['records'] * 1e6:.1f} | {r['peak']:.0f} | {r['p10']:.0f} / {r['p50']:.0f} / {r['p90']:.0f} | {r['load']:.2f} |")
    with open(f"{args.work}/memory.md", "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
