package dev.ddbload.cli;

import dev.ddbload.config.ClientSettings;
import dev.ddbload.capacity.CapacityChange;
import dev.ddbload.capacity.CapacityManager;
import dev.ddbload.capacity.PendingRestore;
import dev.ddbload.capacity.RestoreLedger;
import dev.ddbload.capacity.RestoreStore;
import dev.ddbload.jobs.JobLedger;
import dev.ddbload.jobs.JobRestoreStore;
import dev.ddbload.capacity.TableCapacity;
import dev.ddbload.write.DynamoClients;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ddbload restore-capacity}: brings a table's write capacity back down after a load that
 * was killed before it could (the restore it recorded under the state directory), or down to
 * {@code --min-write-capacity} on demand.
 */
@Command(
    name = "restore-capacity",
    defaultValueProvider = LibrarySettings.class,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {"Restores the write capacity a load raised, when the load was killed before restoring it.",
        "Exit codes: 0 restored or nothing to restore, 2 bad usage, 4 DynamoDB refused the decrease."})
final class RestoreCapacityCommand implements Callable<Integer> {

  private static final Duration ACTIVE_WAIT = Duration.ofMinutes(30);

  @Spec
  CommandSpec spec;

  @Option(names = {"-t", "--table"}, required = true, paramLabel = "NAME", description = "The table.")
  String table;

  @Mixin
  ClientOptions client;

  @Option(names = "--min-write-capacity", paramLabel = "M",
      description = "Lower the table and its indexes to M write capacity units where higher, "
          + "whatever is pending (env MIN_WRITE_CAPACITY).")
  long minWriteCapacity;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where loads record pending restores (default ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(names = "--jobs-table", paramLabel = "NAME", defaultValue = "${env:JOBS_TABLE}",
      description = "Read the pending restore from this jobs table (loads run with --jobs-table) instead of --state-dir.")
  String jobsTable;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ClientSettings settings = client.toSettings();
    String target = settings.describeTarget();
    try (DynamoDbClient dynamo = DynamoClients.controlPlane(settings)) {
      RestoreStore ledger = jobsTable == null || jobsTable.isBlank() ? new RestoreLedger(stateDir)
          : new JobRestoreStore(new JobLedger(dynamo, jobsTable, Clock.systemUTC()));
      CapacityManager manager = new CapacityManager(dynamo, ledger, target, Clock.systemUTC(),
          d -> Thread.sleep(d.toMillis()), ACTIVE_WAIT);
      if (minWriteCapacity > 0) {
        TableCapacity now = manager.awaitActive(table);
        Map<String, Long> indexes = new LinkedHashMap<>();
        now.indexes().keySet().forEach(index -> indexes.put(index, minWriteCapacity));
        ledger.save(new PendingRestore(table, target, minWriteCapacity, indexes, Clock.systemUTC().instant()));
      } else if (ledger.find(table, target).isEmpty()) {
        out.println("ddbload: no capacity restore is pending for table " + table + " at " + target + ".");
        return ExitCode.OK;
      }
      CapacityManager.Restoration r = manager.restore(table, true);
      if (r.problem().isPresent()) {
        err.println("ddbload: " + r.problem().get());
        return ExitCode.CAPACITY;
      }
      if (r.lowered().isEmpty()) {
        out.println("ddbload: table " + table + " already has the capacity to restore; nothing changed.");
      }
      for (CapacityChange change : r.lowered()) {
        out.println("ddbload: restored " + change);
      }
      return ExitCode.OK;
    }
  }
}
