package dev.ddbload.testkit.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The standalone {@link FaultProxy}: options to {@link FaultRules}, then run until stopped. */
@Command(
    name = "fault-proxy",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {"Runs a FaultProxy in front of a DynamoDB endpoint until the process is stopped.",
        "Rates are fractions from 0 to 1; durations are written like 5ms, 2s or 1.5s."})
final class FaultProxyCommand implements Callable<Integer> {

  @Option(names = "--target", required = true, paramLabel = "URL",
      description = "The DynamoDB endpoint to forward to, e.g. http://127.0.0.1:8000.")
  URI target;

  @Option(names = "--port", paramLabel = "N", defaultValue = "0",
      description = "Loopback port to listen on (default 0: a free one, printed at start).")
  int port;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of the random faults.")
  long seed;

  @Option(names = "--throttle", paramLabel = "RATE", defaultValue = "0",
      description = "Write calls (BatchWriteItem, PutItem, UpdateItem, DeleteItem) answered"
          + " ProvisionedThroughputExceededException.")
  double throttle;

  @Option(names = "--throttling-exception", paramLabel = "RATE", defaultValue = "0",
      description = "Write calls answered ThrottlingException.")
  double throttlingException;

  @Option(names = "--hold-back", paramLabel = "RATE", defaultValue = "0",
      description = "Items returned in UnprocessedItems without being forwarded.")
  double holdBack;

  @Option(names = "--http500", paramLabel = "RATE", defaultValue = "0", description = "Calls answered HTTP 500.")
  double http500;

  @Option(names = "--http503", paramLabel = "RATE", defaultValue = "0", description = "Calls answered HTTP 503.")
  double http503;

  @Option(names = "--drop", paramLabel = "RATE", defaultValue = "0",
      description = "Calls whose connection is closed before any response.")
  double drop;

  @Option(names = "--latency", paramLabel = "MIN..MAX",
      description = "Delay before each write call, e.g. 1ms..20ms.")
  String latency;

  @Option(names = "--poison", paramLabel = "ATTR=KEY[,KEY...]",
      description = "Items whose attribute ATTR is one of the keys are never processed.")
  String poison;

  @Option(names = "--invalid-keys", paramLabel = "KEY[,KEY...]", split = ",",
      description = "Calls holding an item with one of these string values fail with ValidationException.")
  Set<String> invalidKeys = Set.of();

  @Option(names = "--refuse-credentials", description = "Refuse every request with UnrecognizedClientException.")
  boolean refuseCredentials;

  @Option(names = "--deny-batch-writes", description = "Refuse every BatchWriteItem with AccessDeniedException.")
  boolean denyBatchWrites;

  @Option(names = "--sink", paramLabel = "DURATION",
      description = "Sink mode: answer write calls after this delay without forwarding or storing.")
  String sink;

  @Option(names = "--wcu-budget", paramLabel = "WCU", defaultValue = "0",
      description = "Every table provisioned at this many write capacity units per second (UpdateTable changes it).")
  double wcuBudget;

  @Option(names = "--budget-burst", paramLabel = "DURATION", defaultValue = "100ms",
      description = "Unused capacity a provisioned table saves up, as time at its rate (default 100ms; DynamoDB"
          + " keeps 300s).")
  String budgetBurst;

  @Option(names = "--on-demand", paramLabel = "PEAK",
      description = "Every table on demand with this previous peak in WCU/s: twice it passes, more once scaled.")
  Double onDemandPeak;

  @Option(names = "--scale-after", paramLabel = "DURATION", defaultValue = "30s",
      description = "On demand: how long traffic must stay above the peak before it becomes the peak (default 30s).")
  String scaleAfter;

  @Option(names = "--partitions", paramLabel = "N[xWCU]",
      description = "Split each table into N partitions of WCU per second each (default 1000), e.g. 4 or 8x500.")
  String partitions;

  @Option(names = "--partition-burst", paramLabel = "DURATION", defaultValue = "1s",
      description = "Unused capacity a partition saves up (default 1s).")
  String partitionBurst;

  @Option(names = "--start-empty", description = "Capacity buckets start empty instead of full.")
  boolean startEmpty;

  @Option(names = "--commands",
      description = "Read commands from standard input (capacity TABLE WCU, on-demand TABLE [PEAK], show TABLE, stats),"
          + " answering each on a line starting with '> '; stop when it ends.")
  boolean commands;

  @Option(names = "--count-sends", description = "Count sends per partition-key value (memory grows with the keys).")
  boolean countSends;

  @Option(names = "--stats-every", paramLabel = "DURATION", defaultValue = "10s",
      description = "Print the counters this often (default 10s; 0 for only at the end).")
  String statsEvery;

  @Spec
  CommandSpec spec;

  /** Parses and runs; returns the exit code. */
  static int run(String... args) {
    return new CommandLine(new FaultProxyCommand()).execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    FaultRules rules;
    try {
      rules = rules();
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    FaultProxy proxy = FaultProxy.start(target, rules, port);
    out.println("FaultProxy on " + proxy.endpoint() + " -> " + target + " (" + rules + ")");
    out.flush();
    ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fault-proxy-stats");
      t.setDaemon(true);
      return t;
    });
    long every = parseDuration(statsEvery).toMillis();
    if (every > 0) {
      printer.scheduleAtFixedRate(() -> printStats(out, proxy), every, every, TimeUnit.MILLISECONDS);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      printer.shutdownNow();
      printStats(out, proxy);
      proxy.close();
    }, "fault-proxy-shutdown"));
    if (commands) {
      try {
        new ProxyConsole(proxy).run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
            out);
      } catch (IOException e) {
        out.println("FaultProxy could not read its commands: " + e.getMessage());
      }
      return 0;
    }
    proxy.awaitClosed();
    return 0;
  }

  private static void printStats(PrintWriter out, FaultProxy proxy) {
    out.println("FaultProxy " + proxy.counters().snapshot());
    out.flush();
  }

  FaultRules rules() {
    FaultRules.Builder b = FaultRules.builder()
        .seed(seed)
        .throttleRate(throttle)
        .throttlingExceptionRate(throttlingException)
        .holdBackRate(holdBack)
        .http500Rate(http500)
        .http503Rate(http503)
        .dropRate(drop)
        .invalidKeys(invalidKeys)
        .refuseCredentials(refuseCredentials)
        .denyBatchWrites(denyBatchWrites)
        .capacity(capacity())
        .countSendsPerKey(countSends);
    if (latency != null) {
      String[] range = latency.split("\\.\\.", 2);
      Duration min = parseDuration(range[0]);
      b.latency(min, range.length == 2 ? parseDuration(range[1]) : min);
    }
    if (poison != null) {
      int eq = poison.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--poison needs ATTR=KEY[,KEY...], got " + poison);
      }
      b.poisonKeys(poison.substring(0, eq), Set.of(poison.substring(eq + 1).split(",")));
    }
    if (sink != null) {
      b.sink(parseDuration(sink));
    }
    return b.build();
  }

  private CapacitySpec capacity() {
    if (wcuBudget > 0 && onDemandPeak != null) {
      throw new IllegalArgumentException("--wcu-budget and --on-demand exclude each other");
    }
    CapacitySpec spec = CapacitySpec.unlimited();
    if (wcuBudget > 0) {
      spec = CapacitySpec.provisioned(wcuBudget).burst(parseDuration(budgetBurst));
    } else if (wcuBudget < 0) {
      throw new IllegalArgumentException("--wcu-budget must be 0 (off) or a positive rate, got " + wcuBudget);
    } else if (onDemandPeak != null) {
      spec = CapacitySpec.onDemand(onDemandPeak).scaleAfter(parseDuration(scaleAfter));
    }
    if (partitions != null) {
      String[] parts = partitions.split("x", 2);
      spec = spec.partitions(Integer.parseInt(parts[0].trim()),
          parts.length == 2 ? Double.parseDouble(parts[1].trim()) : CapacitySpec.PARTITION_WCU)
          .partitionBurst(parseDuration(partitionBurst));
    }
    return startEmpty ? spec.startEmpty() : spec;
  }

  /** Reads {@code 250us}, {@code 5ms}, {@code 2s}, {@code 1.5s}, or ISO-8601 like {@code PT2S}. */
  static Duration parseDuration(String text) {
    String t = text.trim();
    double nanosPerUnit;
    String number;
    if (t.endsWith("us")) {
      nanosPerUnit = 1e3;
      number = t.substring(0, t.length() - 2);
    } else if (t.endsWith("ms")) {
      nanosPerUnit = 1e6;
      number = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s") && !t.startsWith("P")) {
      nanosPerUnit = 1e9;
      number = t.substring(0, t.length() - 1);
    } else if (t.equals("0")) {
      return Duration.ZERO;
    } else {
      return Duration.parse(t);
    }
    return Duration.ofNanos(Math.round(Double.parseDouble(number) * nanosPerUnit));
  }
}
