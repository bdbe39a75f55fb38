#!/usr/bin/env bash
# S3 client benchmark: reads a 200 MB object from S3Proxy (on disk, same machine) with the range
# reader (8 MiB chunks, 2 ahead) on the SDK's Netty client and on the CRT client, each in its own
# JVM with -Xmx256m, 4 rounds per JVM (the first one cold). Prints MB/s, CPU seconds of the
# reading process per GB, and its peak RSS. Usage: bench/s3/client.sh [MB] [RUNS]
source "$(dirname "$0")/common.sh" "${1:-200}"
for run in $(seq 1 "${2:-2}"); do
  for client in netty crt; do
    java -Xmx256m -cp "$CP" dev.ddbload.cli.S3Bench read "$client" "$S3" 4 2>/dev/null
  done
done
