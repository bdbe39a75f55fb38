package dev.ddbload.cli;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.jobs.Job;
import dev.ddbload.jobs.JobLedger;
import dev.ddbload.write.DynamoClients;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** {@code ddbload jobs list|show}: what the job ledger recorded. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "Lists and shows the load jobs recorded in a jobs table (load --jobs-table, the Lambda function).",
    subcommands = {JobsCommand.ListJobs.class, JobsCommand.ShowJob.class})
final class JobsCommand {

  /** Where the ledger is. */
  static final class Ledger {
    @Option(names = "--jobs-table", required = true, paramLabel = "NAME", defaultValue = "${env:JOBS_TABLE}",
        description = "The jobs table (env JOBS_TABLE).")
    String table;

    @Mixin
    ClientOptions client;

    <T> T read(java.util.function.Function<JobLedger, T> query) {
      try (DynamoDbClient dynamo = DynamoClients.controlPlane(client.toSettings())) {
        return query.apply(new JobLedger(dynamo, table, Clock.systemUTC()));
      } catch (ResourceNotFoundException e) {
        throw new ConfigurationException("The jobs table " + table + " does not exist at "
            + client.toSettings().describeTarget() + ".", e);
      } catch (SdkException e) {
        throw new ConfigurationException("DynamoDB refused to read the jobs table " + table + ": " + e.getMessage(), e);
      }
    }
  }

  /** {@code ddbload jobs list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the jobs, the newest first.")
  static final class ListJobs implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Ledger ledger;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Jobs to list at most (default 50).")
    int limit;

    @Override
    public Integer call() {
      List<Job> jobs = ledger.read(l -> l.list(limit));
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-26s %-9s %10s %10s %9s  %-20s %s%n", "ID", "STATE", "RECORDS", "WRITTEN", "REJECTED", "CREATED",
          "DATASET");
      for (Job j : jobs) {
        out.printf("%-26s %-9s %10d %10d %9d  %-20s %s%n", j.id(), j.state(), j.counts().records(),
            j.counts().written(), j.counts().rejected(), j.createdAt().toString().replaceFirst("\\.\\d+Z$", "Z"),
            j.key().dataset());
      }
      return ExitCode.OK;
    }
  }

  /** {@code ddbload jobs show ID}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows everything recorded about one job.")
  static final class ShowJob implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Ledger ledger;

    @Parameters(paramLabel = "ID", description = "The job's id (j-...).")
    String id;

    @Override
    public Integer call() {
      Job j = ledger.read(l -> l.find(id)).orElseThrow(() ->
          new ConfigurationException("No job " + id + " in jobs table " + ledger.table + "."));
      PrintWriter out = spec.commandLine().getOut();
      line(out, "id", j.id());
      line(out, "state", j.state().name());
      line(out, "table", j.key().table());
      line(out, "dataset", j.key().dataset());
      line(out, "version", j.key().version());
      line(out, "owner", j.owner().isEmpty() ? "(none)" : j.owner());
      line(out, "created", j.createdAt().toString());
      line(out, "started", time(j.startedAt()));
      line(out, "ended", time(j.endedAt()));
      line(out, "heartbeat", j.heartbeat().toString());
      line(out, "runs", j.runs() + " (" + j.takeovers() + " takeovers)");
      line(out, "records", Long.toString(j.counts().records()));
      line(out, "written", Long.toString(j.counts().written()));
      line(out, "rejected", Long.toString(j.counts().rejected()));
      line(out, "superseded", Long.toString(j.counts().superseded()));
      line(out, "skipped", j.counts().skippedOnCondition() + " (key exists or not newer)");
      line(out, "rejects", j.rejects().orElse("-"));
      line(out, "inputs moved to", j.inputsMovedTo().map(p -> p + (j.inputsMoved() >= 0
          ? " (" + j.inputsMoved() + " objects)" : " (not finished)")).orElse("-"));
      line(out, "error", j.error().orElse("-"));
      line(out, "capacity", j.capacityProblem().orElse("-"));
      return ExitCode.OK;
    }

    private static String time(Optional<Instant> t) {
      return t.map(Instant::toString).orElse("-");
    }

    private static void line(PrintWriter out, String name, String value) {
      out.printf("%-16s %s%n", name + ":", value);
    }
  }
}
