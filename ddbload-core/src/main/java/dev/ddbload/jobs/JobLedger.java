package dev.ddbload.jobs;

import static dev.ddbload.jobs.JobItems.ENDED;
import static dev.ddbload.jobs.JobItems.HEARTBEAT;
import static dev.ddbload.jobs.JobItems.ID;
import static dev.ddbload.jobs.JobItems.OWNER;
import static dev.ddbload.jobs.JobItems.RUNS;
import static dev.ddbload.jobs.JobItems.STATE;
import static dev.ddbload.jobs.JobItems.n;
import static dev.ddbload.jobs.JobItems.s;
import static dev.ddbload.jobs.JobItems.time;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.capacity.CapacityManager;
import dev.ddbload.item.KeySchema;
import dev.ddbload.table.TableSetup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The job ledger: one item per job in a DynamoDB table (partition key {@code id}, a string), so
 * that each dataset version is loaded once whatever the number of events and importers. Every
 * change is a conditional write: a job is claimed only if no item has its id, taken over only if
 * its owner and heartbeat are still those this run read (so of two runs taking the same stale
 * job, exactly one wins), and changed by its run only while that run is still its owner. The
 * same table holds the jobs' checkpoints ({@link JobCheckpointStore}) and pending capacity
 * restores ({@link JobRestoreStore}).
 *
 * <p>Calls go through a control-plane client with the SDK's standard retries. Thread-safe.
 */
public final class JobLedger {

  /** How old a running job's heartbeat must be before another run takes the job over, unless set. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(2);

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  /**
   * @param dynamo a control-plane client
   * @param table the jobs table
   * @param clock for heartbeats, times and staleness
   */
  public JobLedger(DynamoDbClient dynamo, String table, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.clock = clock;
  }

  /** The jobs table's name. */
  public String table() {
    return table;
  }

  DynamoDbClient dynamo() {
    return dynamo;
  }

  Clock clock() {
    return clock;
  }

  /**
   * Checks that the jobs table exists with key {@code id} (a string), creating it (on-demand)
   * when asked.
   *
   * @throws ConfigurationException when it is missing and may not be created, or has another key
   */
  public void ensureTable(boolean create, String target) {
    TableSetup setup = new TableSetup(dynamo);
    KeySchema key = KeySchema.parse(ID + ":S");
    Optional<TableDescription> existing = setup.describe(table);
    if (existing.isEmpty()) {
      if (!create) {
        throw new ConfigurationException("The jobs table " + table + " does not exist at " + target
            + "; create it, or have it created (JobLedger.create).");
      }
      try {
        setup.create(table, key);
      } catch (ResourceInUseException createdMeanwhile) {
        // Another run created it at the same time.
      }
      return;
    }
    if (!KeySchema.from(existing.get()).equals(key)) {
      throw new ConfigurationException("Table " + table + " is not a jobs table: its key is "
          + KeySchema.from(existing.get()) + ", not " + key + ".");
    }
  }

  /** The job with this id, read consistently. */
  public Optional<Job> find(String id) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of(ID, s(id)))
        .consistentRead(true)).item();
    return item == null || item.isEmpty() || !JobItems.isJob(item) ? Optional.empty() : Optional.of(JobItems.job(item));
  }

  /** The jobs in the table, the most recently created first, at most {@code limit}. */
  public List<Job> list(int limit) {
    List<Job> jobs = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      ScanResponse page = dynamo.scan(b -> b.tableName(table).exclusiveStartKey(from)
          .filterExpression("#k = :job").expressionAttributeNames(Map.of("#k", JobItems.KIND))
          .expressionAttributeValues(Map.of(":job", s(JobItems.KIND_JOB))));
      page.items().forEach(item -> jobs.add(JobItems.job(item)));
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    jobs.sort(Comparator.comparing(Job::createdAt).reversed());
    return jobs.size() > limit ? List.copyOf(jobs.subList(0, limit)) : jobs;
  }

  /**
   * Claims the job of a dataset version for {@code owner}: creates it when it is new, takes it
   * over when it is released, failed, or its heartbeat is older than {@code staleAfter}, and
   * otherwise reports it busy or done. Never waits.
   */
  public Claim claim(JobKey key, String owner, Duration staleAfter) {
    String id = key.id();
    Instant now = clock.instant();
    try {
      dynamo.putItem(b -> b.tableName(table).item(JobItems.newJob(id, key, owner, now))
          .conditionExpression("attribute_not_exists(#id)").expressionAttributeNames(Map.of("#id", ID)));
      return new Claim(Claim.Outcome.CLAIMED, find(id).orElseThrow());
    } catch (ConditionalCheckFailedException exists) {
      // Another run claimed this version first, now or earlier.
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      Job job = find(id).orElseThrow(() -> new IllegalStateException("job " + id + " vanished while claimed"));
      if (job.state().isFinal()) {
        return new Claim(Claim.Outcome.DONE, job);
      }
      if (!job.isTakeable(clock.instant(), staleAfter)) {
        return new Claim(Claim.Outcome.BUSY, job);
      }
      Optional<Job> taken = takeOver(job, owner);
      if (taken.isPresent()) {
        return new Claim(Claim.Outcome.TAKEN_OVER, taken.get());
      }
    }
    return new Claim(Claim.Outcome.BUSY, find(id).orElseThrow());
  }

  /**
   * Claims the job, and when another run holds it, watches it for up to {@code wait}: if its
   * heartbeat moves, that run is alive (BUSY); if the job ends, DONE; if the heartbeat stays put
   * until it is older than {@code staleAfter}, the run is dead and this one takes the job over.
   *
   * @param sleeper pauses between two looks ({@code staleAfter / 10}, at most a second)
   */
  public Claim claim(JobKey key, String owner, Duration staleAfter, Duration wait, CapacityManager.Sleeper sleeper)
      throws InterruptedException {
    Claim claim = claim(key, owner, staleAfter);
    Job first = claim.job();
    Instant deadline = clock.instant().plus(wait);
    Duration poll = staleAfter.dividedBy(10).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1)
        : staleAfter.dividedBy(10);
    while (claim.outcome() == Claim.Outcome.BUSY && clock.instant().isBefore(deadline)) {
      sleeper.sleep(poll);
      claim = claim(key, owner, staleAfter);
      Job now = claim.job();
      boolean alive = !now.heartbeat().equals(first.heartbeat()) || !now.owner().equals(first.owner());
      if (claim.outcome() == Claim.Outcome.BUSY && alive) {
        return claim;
      }
    }
    return claim;
  }

  /** Takes the job if its state, owner and heartbeat are still those read; empty when another run was first. */
  private Optional<Job> takeOver(Job seen, String owner) {
    JobState next = seen.state() == JobState.FAILED ? JobState.CLAIMED : seen.state();
    Map<String, String> names = Map.of("#state", STATE, "#owner", OWNER, "#hb", HEARTBEAT, "#runs", RUNS,
        "#takeovers", JobItems.TAKEOVERS, "#ended", ENDED, "#error", JobItems.ERROR);
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":state", s(seen.state().name()));
    values.put(":owner", s(seen.owner()));
    values.put(":hb", time(seen.heartbeat()));
    values.put(":next", s(next.name()));
    values.put(":me", s(owner));
    values.put(":now", time(clock.instant()));
    values.put(":one", n(1));
    try {
      Map<String, AttributeValue> item = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
          .key(Map.of(ID, s(seen.id())))
          .updateExpression("SET #state = :next, #owner = :me, #hb = :now, #runs = #runs + :one,"
              + " #takeovers = #takeovers + :one REMOVE #ended, #error")
          .conditionExpression("#state = :state AND #owner = :owner AND #hb = :hb")
          .expressionAttributeNames(names).expressionAttributeValues(values)
          .returnValues(ReturnValue.ALL_NEW).build()).attributes();
      return Optional.of(JobItems.job(item));
    } catch (ConditionalCheckFailedException other) {
      return Optional.empty();
    }
  }

  /**
   * Marks the job RUNNING (records start loading), keeping its first start time.
   *
   * @throws LeaseLostException when this run no longer holds it
   */
  public void start(String id, String owner) throws LeaseLostException {
    update(id, owner, "SET #state = :running, #hb = :now, #started = if_not_exists(#started, :now)",
        Map.of("#state", STATE, "#hb", HEARTBEAT, "#started", JobItems.STARTED),
        Map.of(":running", s(JobState.RUNNING.name()), ":now", time(clock.instant())));
  }

  /**
   * Says this run is alive.
   *
   * @return false when this run no longer holds the job
   */
  public boolean heartbeat(String id, String owner) {
    try {
      update(id, owner, "SET #hb = :now", Map.of("#hb", HEARTBEAT), Map.of(":now", time(clock.instant())));
      return true;
    } catch (LeaseLostException e) {
      return false;
    }
  }

  /**
   * Lets the job go for the next run to continue at once: RUNNING, no owner, its progress
   * (records finished, and records superseded and skipped on a condition so far, which later runs
   * add to).
   *
   * @throws LeaseLostException when this run no longer holds it
   */
  public void release(String id, String owner, long recordsFinished, long superseded, long skippedOnCondition)
      throws LeaseLostException {
    update(id, owner, "SET #owner = :none, #hb = :now, #records = :records, #superseded = :superseded,"
        + " #skipped = :skipped",
        Map.of("#owner", OWNER, "#hb", HEARTBEAT, "#records", JobItems.RECORDS, "#superseded", JobItems.SUPERSEDED,
            "#skipped", JobItems.SKIPPED_ON_CONDITION),
        Map.of(":none", s(""), ":now", time(clock.instant()), ":records", n(recordsFinished),
            ":superseded", n(superseded), ":skipped", n(skippedOnCondition)));
  }

  /**
   * Records the job's end: its state, counts, rejects, error and where the inputs go; no owner.
   *
   * @return the job as recorded
   * @throws LeaseLostException when this run no longer holds it
   */
  public Job end(String id, String owner, JobEnd end) throws LeaseLostException {
    Map<String, String> names = new HashMap<>(Map.of("#state", STATE, "#owner", OWNER, "#hb", HEARTBEAT,
        "#ended", ENDED, "#records", JobItems.RECORDS, "#written", JobItems.WRITTEN,
        "#rejected", JobItems.REJECTED, "#superseded", JobItems.SUPERSEDED));
    names.put("#skipped", JobItems.SKIPPED_ON_CONDITION);
    Map<String, AttributeValue> values = new HashMap<>();
    Instant now = clock.instant();
    values.put(":state", s(end.state().name()));
    values.put(":none", s(""));
    values.put(":now", time(now));
    values.put(":records", n(end.counts().records()));
    values.put(":written", n(end.counts().written()));
    values.put(":rejected", n(end.counts().rejected()));
    values.put(":superseded", n(end.counts().superseded()));
    values.put(":skipped", n(end.counts().skippedOnCondition()));
    StringBuilder set = new StringBuilder("SET #state = :state, #owner = :none, #hb = :now, #ended = :now,"
        + " #records = :records, #written = :written, #rejected = :rejected, #superseded = :superseded,"
        + " #skipped = :skipped");
    optional(set, names, values, JobItems.REJECTS, end.rejects());
    optional(set, names, values, JobItems.ERROR, end.error());
    optional(set, names, values, JobItems.CAPACITY_PROBLEM, end.capacityProblem());
    optional(set, names, values, JobItems.MOVED_TO, end.inputsMovedTo());
    return JobItems.job(update(id, owner, set.toString(), names, values));
  }

  /** Records how many inputs were moved after the job ended (no lease needed: the job is over). */
  public void recordMoved(String id, long moved) {
    dynamo.updateItem(b -> b.tableName(table).key(Map.of(ID, s(id)))
        .updateExpression("SET #moved = :moved").expressionAttributeNames(Map.of("#moved", JobItems.MOVED))
        .expressionAttributeValues(Map.of(":moved", n(moved))));
  }

  private static void optional(StringBuilder set, Map<String, String> names, Map<String, AttributeValue> values,
      String attribute, Optional<String> value) {
    if (value.isPresent()) {
      names.put("#" + attribute, attribute);
      values.put(":" + attribute, s(value.get()));
      set.append(", #").append(attribute).append(" = :").append(attribute);
    }
  }

  /** An update of a job this run must still own. */
  Map<String, AttributeValue> update(String id, String owner, String expression, Map<String, String> names,
      Map<String, AttributeValue> values) throws LeaseLostException {
    Map<String, String> allNames = new HashMap<>(names);
    allNames.put("#owner", OWNER);
    Map<String, AttributeValue> allValues = new HashMap<>(values);
    allValues.put(":me", s(owner));
    try {
      return dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(Map.of(ID, s(id)))
          .updateExpression(expression).conditionExpression("#owner = :me")
          .expressionAttributeNames(allNames).expressionAttributeValues(allValues)
          .returnValues(ReturnValue.ALL_NEW).build()).attributes();
    } catch (ConditionalCheckFailedException e) {
      throw new LeaseLostException(id);
    }
  }
}
