# Shared by the S3 benchmarks: builds the CLI and its test classes (no install), starts S3Bench's
# fixture (S3Proxy on disk, DynamoDB Local, FaultProxy sink) with an object of $1 MB, and exports
# ROOT, CP (test classpath), WORK, S3, DYNAMO, RECORDS. Stops the fixture on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
mvn -B -q package -DskipTests -pl ddbload-cli -am dependency:build-classpath \
  -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
CP="ddbload-cli/target/test-classes:ddbload-cli/target/classes:$(cat ddbload-cli/target/bench-cp.txt)"
WORK="$ROOT/ddbload-cli/target/s3-bench"
rm -rf "$WORK" && mkdir -p "$WORK"
java -Xmx1g -cp "$CP" dev.ddbload.cli.S3Bench serve "$WORK" "$1" > "$WORK/fixture.log" 2>&1 &
FIXTURE=$!
trap 'kill $FIXTURE 2>/dev/null || true; wait $FIXTURE 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  [ -s "$WORK/endpoints" ] && break
  kill -0 $FIXTURE 2>/dev/null || { cat "$WORK/fixture.log"; exit 1; }
  sleep 1
done
S3=$(sed -n 's/^S3=//p' "$WORK/endpoints")
DYNAMO=$(sed -n 's/^DYNAMO=//p' "$WORK/endpoints")
RECORDS=$(sed -n 's/^RECORDS=//p' "$WORK/endpoints")
echo "fixture: S3 $S3, DynamoDB sink $DYNAMO, $RECORDS records"
