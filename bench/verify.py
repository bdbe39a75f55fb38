"""Verification: keys verified per second against DynamoDB Local, ddbload verify beside a boto3
batch_get_item loop on the same table in the same run, and ddbload's memory on a 10x larger input.

Run through `bench/run verify`. Each size is loaded into a fresh table with ddbload. The first
is verified by ddbload (-Xmx256m, default settings) and by the boto3 peer (bench/boto3_verify.py);
then both sizes by ddbload with a --memory both spill beyond, for memory flatness. Wall time,
CPU and peak RSS come from each process's rusage; keys/s from the verification's own elapsed
time (ddbload's report, the peer's loop), start-up excluded.

    bench/run verify                       # 20,000 and 200,000 records of 200 B
    bench/run verify --records 100000 --factor 10
"""
import argparse
import json
import os
import re
import subprocess

import harness


def heap_after_gc(gc_log):
    """The largest heap in use after a collection (an upper bound of what was live), in MiB, from -Xlog:gc."""
    largest = 0
    with open(gc_log) as f:
        for line in f:
            m = re.search(r"\d+M->(\d+)M\(", line)
            if m:
                largest = max(largest, int(m.group(1)))
    return largest


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--records", type=int, default=20_000)
    p.add_argument("--factor", type=int, default=10)
    p.add_argument("--memory", default="2MB", help="ddbload's --memory for the memory rows (both sizes spill beyond it)")
    p.add_argument("--work", default=os.path.join(harness.ROOT, "bench", "work"))
    p.add_argument("--slow-sink-ms", dest="slow_sink_ms", type=int, default=50)
    p.add_argument("--max-load", dest="max_load", type=float, default=99)
    p.add_argument("--run-timeout", dest="run_timeout", type=float, default=None)
    harness.ARGS = args = p.parse_args()
    os.makedirs(args.work, exist_ok=True)
    servers = harness.Servers(f"{args.work}/verify-servers.log")
    rows = []
    try:
        for n in (args.records, args.records * args.factor):
            runs = [[], ["--memory", args.memory]]
            path = harness.dataset(args.work, "200", "jsonl", n)
            table = f"verify{n}"
            servers.ask(f"table {table}")
            code, wall, _, _, text = harness.measure(harness.ddbload_cmd([])(servers.dynamodb, table, path, "jsonl"),
                                                     f"{args.work}/verify-load-{n}.log")
            if code != 0:
                raise RuntimeError(f"loading {n} records failed: {text[-500:]}")
            for i, extra in enumerate(runs):
                report = f"{args.work}/verify-{n}-{i}.json"
                argv = [harness.DDBLOAD, "verify", "--endpoint-url", servers.dynamodb, "--table", table, "--quiet",
                        "--format", "jsonl", "--report", report, "--spill-dir", args.work, *extra, path]
                gc_log = f"{args.work}/verify-{n}-{i}.gc"
                code, wall, cpu, rss, text = harness.measure(argv, f"{args.work}/verify-{n}-{i}.log",
                                                             env={"DDBLOAD_JAVA_OPTS": f"-Xmx256m -Xlog:gc:file={gc_log}"})
                stats = json.load(open(report))
                if code != 0 or stats["matching"] != n:
                    raise RuntimeError(f"ddbload verify of {n} records: exit {code}, {stats}")
                name = "ddbload verify" + (" " + " ".join(extra) if extra else "")
                rows.append((name, n, stats["elapsedSeconds"], wall, cpu, rss, heap_after_gc(gc_log),
                             stats["spilledBytes"], os.getloadavg()[0]))
                if i == 0:
                    code, wall, cpu, rss, text = harness.measure(
                        ["/usr/bin/python3", f"{harness.ROOT}/bench/boto3_verify.py", servers.dynamodb, table, path],
                        f"{args.work}/verify-boto3-{n}.log")
                    if code != 0 or f"matching {n} " not in text:
                        raise RuntimeError(f"boto3 verify of {n} records: exit {code}, {text[-500:]}")
                    inside = float(re.search(r"elapsed ([\d.]+)", text).group(1))
                    rows.append(("boto3 batch_get_item loop", n, inside, wall, cpu, rss, None, 0, os.getloadavg()[0]))
    finally:
        servers.close()
    # keys/s over the verification itself (inputs read, keys read and compared), start-up excluded.
    print("| verifier | keys | keys/s | process wall s | CPU s | peak RSS MiB | largest heap after GC MiB |"
          " spilled MB | load avg |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, n, inside, wall, cpu, rss, heap, spilled, load in rows:
        heap_text = "" if heap is None else f"{heap:.0f}"
        print(f"| {name} | {n:,} | {n / inside:,.0f} | {wall:.1f} | {cpu:.1f} | {rss:.0f} | {heap_text} |"
              f" {spilled / 1e6:.1f} | {load:.1f} |")


if __name__ == "__main__":
    main()
