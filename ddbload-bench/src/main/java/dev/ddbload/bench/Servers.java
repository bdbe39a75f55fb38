package dev.ddbload.bench;

import dev.ddbload.testkit.LocalDynamo;
import dev.ddbload.testkit.fault.FaultProxy;
import dev.ddbload.testkit.fault.FaultRules;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The servers of an end-to-end benchmark, in one process on loopback: an in-memory DynamoDB Local
 * and a {@link FaultProxy} in sink mode in front of it (BatchWriteItem answered as fully processed
 * after the sink delay, nothing stored; every other call forwarded). Prints
 * {@code dynamodb=URL sink=URL} on its first line, then reads commands from standard input, one a
 * line, answering each with one line that starts with {@code "> "} (DynamoDB Local prints to
 * standard output too):
 * <ul>
 *   <li>{@code table NAME}: drops every table, creates NAME (string key {@code id}, on demand);
 *       answers {@code ok};</li>
 *   <li>{@code count NAME}: answers the table's item count (a scan);</li>
 *   <li>{@code stats}: the sink's counters.</li>
 * </ul>
 * Exits when standard input ends.
 *
 * <pre>java -cp ddbload-bench.jar:lib/* dev.ddbload.bench.Servers --sink-delay-ms 10</pre>
 */
public final class Servers {

  /** Starts every answer line: DynamoDB Local prints to standard output too. */
  static final String ANSWER = "> ";

  private Servers() {}

  /** Runs the servers until standard input ends. */
  public static void main(String[] args) throws Exception {
    Duration sinkDelay = Duration.ofMillis(10);
    for (int i = 0; i < args.length; i += 2) {
      if (args[i].equals("--sink-delay-ms")) {
        sinkDelay = Duration.ofMillis(Long.parseLong(args[i + 1]));
      } else {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    try (LocalDynamo dynamo = LocalDynamo.start();
        // No per-key send counts: they keep every key ever sent (a 10 GiB run's 55 million keys
        // filled the servers' heap and stalled the sink); the harness checks the forwarded count.
        FaultProxy sink = FaultProxy.start(dynamo.endpoint(),
            FaultRules.builder().sink(sinkDelay).countSendsPerKey(false).build());
        DynamoDbClient client = dynamo.client()) {
      System.out.println("dynamodb=" + dynamo.endpoint() + " sink=" + sink.endpoint());
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        String[] words = line.trim().split("\\s+");
        String answer;
        try {
          answer = switch (words[0]) {
            case "table" -> recreate(client, words[1]);
            case "count" -> Long.toString(count(client, words[1]));
            case "stats" -> sink.counters().snapshot().toString();
            default -> "unknown command " + words[0];
          };
        } catch (RuntimeException e) {
          answer = "error " + e;
        }
        System.out.println(ANSWER + answer);
        System.out.flush();
      }
    }
    // DynamoDB Local leaves non-daemon threads behind.
    System.exit(0);
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
