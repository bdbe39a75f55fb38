package dev.ddbload.bench;

import dev.ddbload.testkit.LocalDynamo;
import dev.ddbload.testkit.fault.CapacitySpec;
import dev.ddbload.testkit.fault.FaultProxy;
import dev.ddbload.testkit.fault.FaultRules;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The servers of an end-to-end benchmark, in one process on loopback: an in-memory DynamoDB Local;
 * a second DynamoDB Local keeping its tables on disk (in a temporary directory, SQLite's rollback
 * journal as DynamoDB Local leaves it: what a peer loading a DynamoDB Local on disk meets);
 * two {@link FaultProxy}s in sink mode in front of it (BatchWriteItem answered as fully processed
 * after the sink delay, 10 ms and 50 ms by default, nothing stored; every other call forwarded);
 * and a FaultProxy in front of it that forwards BatchWriteItem with the faults of a named mix.
 * Prints {@code dynamodb=URL sink=URL sink50=URL faults=URL disk=URL} on its first line, then reads
 * commands from standard input, one a line, answering each with one line that starts with
 * {@code "> "} (DynamoDB Local prints to standard output too):
 * <ul>
 *   <li>{@code table NAME}: drops every table of both DynamoDB Locals, creates NAME in both (string
 *       key {@code id}, on demand); answers {@code ok};</li>
 *   <li>{@code count NAME}, {@code dcount NAME}: answers the table's item count (a scan) in the
 *       in-memory and the on-disk DynamoDB Local;</li>
 *   <li>{@code stats}, {@code stats50}: the 10 ms and the 50 ms sink's counters;</li>
 *   <li>{@code faults MIX}: the fault proxy's rules (and a fresh capacity model) from now on:
 *       {@code clean}; {@code poison} (keys {@code user-0000000007} and {@code user-0000012345}
 *       never processed); {@code unprocessed20} (20 % of items returned unprocessed); {@code mix}
 *       (10 % of calls throttled, 30 % of items unprocessed, 2 % HTTP 500, 1 % dropped
 *       connections, 0-10 ms latency); {@code budget} (provisioned 2,000 WCU/s with 60 s of burst
 *       saved up); answers {@code ok};</li>
 *   <li>{@code capacity TABLE WCU}: the fault proxy's table provisioned at WCU per second from now
 *       on (its saved burst kept); answers {@code ok};</li>
 *   <li>{@code fstats}: the fault proxy's counters, then {@code wcu=} its write units consumed and
 *       {@code refused=} those its capacity refused, in each second since it started, comma-separated.</li>
 * </ul>
 * Exits when standard input ends.
 *
 * <pre>java -cp ddbload-bench.jar:lib/* dev.ddbload.bench.Servers --sink-delay-ms 10 --slow-sink-delay-ms 50</pre>
 */
public final class Servers {

  /** Starts every answer line: DynamoDB Local prints to standard output too. */
  static final String ANSWER = "> ";

  private Servers() {}

  /** Runs the servers until standard input ends. */
  public static void main(String[] args) throws Exception {
    Duration sinkDelay = Duration.ofMillis(10);
    Duration slowSinkDelay = Duration.ofMillis(50);
    for (int i = 0; i < args.length; i += 2) {
      if (args[i].equals("--sink-delay-ms")) {
        sinkDelay = Duration.ofMillis(Long.parseLong(args[i + 1]));
      } else if (args[i].equals("--slow-sink-delay-ms")) {
        slowSinkDelay = Duration.ofMillis(Long.parseLong(args[i + 1]));
      } else {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path diskDir = Files.createTempDirectory("ddbload-bench-disk");
    try (LocalDynamo dynamo = LocalDynamo.start();
        LocalDynamo disk = LocalDynamo.startOnDisk(diskDir);
        DynamoDbClient diskClient = disk.client();
        // No per-key send counts: they keep every key ever sent (a 10 GiB run's 55 million keys
        // filled the servers' heap and stalled the sink); the harness checks the forwarded count.
        FaultProxy sink = FaultProxy.start(dynamo.endpoint(),
            FaultRules.builder().sink(sinkDelay).countSendsPerKey(false).build());
        FaultProxy slowSink = FaultProxy.start(dynamo.endpoint(),
            FaultRules.builder().sink(slowSinkDelay).countSendsPerKey(false).build());
        FaultProxy faults = FaultProxy.start(dynamo.endpoint(), mix("clean"));
        DynamoDbClient client = dynamo.client()) {
      System.out.println("dynamodb=" + dynamo.endpoint() + " sink=" + sink.endpoint() + " sink50="
          + slowSink.endpoint() + " faults=" + faults.endpoint() + " disk=" + disk.endpoint());
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        String[] words = line.trim().split("\\s+");
        String answer;
        try {
          answer = switch (words[0]) {
            case "table" -> {
              recreate(diskClient, words[1]);
              yield recreate(client, words[1]);
            }
            case "count" -> Long.toString(count(client, words[1]));
            case "dcount" -> Long.toString(count(diskClient, words[1]));
            case "stats" -> sink.counters().snapshot().toString();
            case "stats50" -> slowSink.counters().snapshot().toString();
            case "faults" -> {
              faults.useRules(mix(words[1]));
              yield "ok";
            }
            case "capacity" -> {
              faults.setWriteCapacity(words[1], Double.parseDouble(words[2]));
              yield "ok";
            }
            case "fstats" -> faultStats(faults);
            default -> "unknown command " + words[0];
          };
        } catch (RuntimeException e) {
          answer = "error " + e;
        }
        System.out.println(ANSWER + answer);
        System.out.flush();
      }
    }
    try (var files = Files.walk(diskDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    // DynamoDB Local leaves non-daemon threads behind.
    System.exit(0);
  }

  /** The fault proxy's rules for a named mix (see the class comment); fixed seeds. */
  static FaultRules mix(String name) {
    FaultRules.Builder b = FaultRules.builder().countSendsPerKey(false);
    return switch (name) {
      case "clean" -> b.build();
      case "poison" -> b.seed(11).poisonKeys("id", Set.of("user-0000000007", "user-0000012345")).build();
      case "unprocessed20" -> b.seed(12).holdBackRate(0.2).build();
      case "mix" -> b.seed(13).throttleRate(0.1).holdBackRate(0.3).http500Rate(0.02).dropRate(0.01)
          .latency(Duration.ZERO, Duration.ofMillis(10)).build();
      case "budget" -> b.seed(14).capacity(CapacitySpec.provisioned(2000).burstSeconds(60)).build();
      default -> throw new IllegalArgumentException("unknown mix " + name
          + " (clean, poison, unprocessed20, mix, budget)");
    };
  }

  private static String faultStats(FaultProxy faults) {
    var stats = faults.counters().snapshot();
    StringBuilder sb = new StringBuilder(stats.toString()).append(" wcu=");
    for (int i = 0; i < stats.wcuPerSecond().size(); i++) {
      sb.append(i == 0 ? "" : ",").append(Math.round(stats.wcuPerSecond().get(i)));
    }
    sb.append(" refused=");
    for (int i = 0; i < stats.refusedWcuPerSecond().size(); i++) {
      sb.append(i == 0 ? "" : ",").append(Math.round(stats.refusedWcuPerSecond().get(i)));
    }
    return sb.toString();
  }

  private static String recreate(DynamoDbClient client, String table) {
    for (String name : client.listTables().tableNames()) {
      client.deleteTable(b -> b.tableName(name));
    }
    client.createTable(b -> b.tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
        .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
    client.waiter().waitUntilTableExists(b -> b.tableName(table));
    return "ok";
  }

  private static long count(DynamoDbClient client, String table) {
    long n = 0;
    for (var page : client.scanPaginator(b -> b.tableName(table).select("COUNT"))) {
      n += page.count();
    }
    return n;
  }
}
