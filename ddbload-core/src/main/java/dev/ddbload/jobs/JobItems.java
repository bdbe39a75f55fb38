package dev.ddbload.jobs;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The jobs table's items: attribute names, and a {@link Job} to and from an item. Times are
 * epoch milliseconds (numbers), so a condition can compare a heartbeat exactly. Stateless.
 */
final class JobItems {

  static final String ID = "id";
  static final String KIND = "kind";
  static final String KIND_JOB = "job";
  static final String TABLE = "table";
  static final String DATASET = "dataset";
  static final String VERSION = "version";
  static final String STATE = "state";
  static final String OWNER = "owner";
  static final String HEARTBEAT = "heartbeat";
  static final String CREATED = "createdAt";
  static final String STARTED = "startedAt";
  static final String ENDED = "endedAt";
  static final String RUNS = "runs";
  static final String TAKEOVERS = "takeovers";
  static final String RECORDS = "records";
  static final String WRITTEN = "written";
  static final String REJECTED = "rejected";
  static final String SUPERSEDED = "superseded";
  static final String SKIPPED_ON_CONDITION = "skippedOnCondition";
  static final String REJECTS = "rejects";
  static final String ERROR = "error";
  static final String CAPACITY_PROBLEM = "capacityProblem";
  static final String MOVED_TO = "inputsMovedTo";
  static final String MOVED = "inputsMoved";

  private JobItems() {}

  /** The item of a job claimed for the first time. */
  static Map<String, AttributeValue> newJob(String id, JobKey key, String owner, Instant now) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ID, s(id));
    item.put(KIND, s(KIND_JOB));
    item.put(TABLE, s(key.table()));
    item.put(DATASET, s(key.dataset()));
    item.put(VERSION, s(key.version()));
    item.put(STATE, s(JobState.CLAIMED.name()));
    item.put(OWNER, s(owner));
    item.put(HEARTBEAT, time(now));
    item.put(CREATED, time(now));
    item.put(RUNS, n(1));
    item.put(TAKEOVERS, n(0));
    return item;
  }

  /** Whether an item is a job (not a checkpoint part or a capacity restore). */
  static boolean isJob(Map<String, AttributeValue> item) {
    AttributeValue kind = item.get(KIND);
    return kind != null && KIND_JOB.equals(kind.s());
  }

  /** The job an item holds. */
  static Job job(Map<String, AttributeValue> item) {
    return new Job(str(item, ID).orElseThrow(),
        new JobKey(str(item, TABLE).orElse(""), str(item, DATASET).orElse(""), str(item, VERSION).orElse("")),
        JobState.valueOf(str(item, STATE).orElse(JobState.CLAIMED.name())), str(item, OWNER).orElse(""),
        instant(item, HEARTBEAT).orElse(Instant.EPOCH), instant(item, CREATED).orElse(Instant.EPOCH),
        instant(item, STARTED), instant(item, ENDED), (int) num(item, RUNS, 0), (int) num(item, TAKEOVERS, 0),
        new JobCounts(num(item, RECORDS, 0), num(item, WRITTEN, 0), num(item, REJECTED, 0), num(item, SUPERSEDED, 0),
            num(item, SKIPPED_ON_CONDITION, 0)),
        str(item, REJECTS), str(item, ERROR), str(item, CAPACITY_PROBLEM), str(item, MOVED_TO), num(item, MOVED, -1));
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static AttributeValue time(Instant t) {
    return n(t.toEpochMilli());
  }

  static Optional<String> str(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.s() == null || v.s().isEmpty() ? Optional.empty() : Optional.of(v.s());
  }

  static long num(Map<String, AttributeValue> item, String name, long otherwise) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? otherwise : Long.parseLong(v.n());
  }

  static Optional<Instant> instant(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(v.n())));
  }
}
