#!/usr/bin/env bash
# Flat memory: loads a 1 GB JSON Lines object from S3Proxy with `java -Xmx256m -jar ddbload.jar`
# into a FaultProxy in sink mode (BatchWriteItem answered after 2 ms, nothing stored), with the
# default 8 MiB chunks. Prints the summary, the heap after each GC (from -Xlog:gc) at the start,
# middle and end of the load, the largest one, the peak RSS and the CPU time of the loader.
# Usage: bench/s3/memory.sh [MB]
source "$(dirname "$0")/common.sh" "${1:-1024}"
export AWS_ACCESS_KEY_ID=ddbloadtest AWS_SECRET_ACCESS_KEY=ddbloadtest AWS_REGION=us-east-1
java -Xmx256m -Xlog:gc:file="$WORK/gc.log" -jar ddbload-cli/target/ddbload.jar load -q \
  --endpoint-url "$DYNAMO" --s3-endpoint-url "$S3" --s3-path-style \
  --table big --create-table --key id:S "s3://bench/data.jsonl" > "$WORK/summary.txt" &
LOADER=$!
peak=0
ticks=0
while kill -0 $LOADER 2>/dev/null; do
  hwm=$(awk '/^VmHWM:/ {print $2}' /proc/$LOADER/status 2>/dev/null || true)
  [ -n "$hwm" ] && [ "$hwm" -gt "$peak" ] && peak=$hwm
  t=$(awk '{print $14 + $15}' /proc/$LOADER/stat 2>/dev/null || true)
  [ -n "$t" ] && ticks=$t
  sleep 0.5
done
wait $LOADER || echo "loader exit code $?"
cat "$WORK/summary.txt"
echo "expected records: $RECORDS"
after=$(grep -o 'Pause Young[^)]*)[^>]*->[0-9]*M' "$WORK/gc.log" | sed 's/.*->\([0-9]*\)M/\1/')
n=$(echo "$after" | wc -l)
echo "young GCs: $n; heap after GC (MB), first 5: $(echo "$after" | head -5 | tr '\n' ' ')"
echo "  middle 5: $(echo "$after" | sed -n "$((n / 2)),$((n / 2 + 4))p" | tr '\n' ' ')"
echo "  last 5: $(echo "$after" | tail -5 | tr '\n' ' ')"
echo "full GCs: $(grep -c 'Pause Full' "$WORK/gc.log" || true)"
echo "largest heap after a GC: $(echo "$after" | sort -n | tail -1) MB (-Xmx256m)"
echo "peak RSS of the loader: $((peak / 1024)) MB"
echo "CPU of the loader: about $((ticks / $(getconf CLK_TCK))) s (user + system, sampled every 0.5 s)"
