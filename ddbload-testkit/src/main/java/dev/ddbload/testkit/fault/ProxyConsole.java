package dev.ddbload.testkit.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Commands to a running {@link FaultProxy}, one a line, each answered with one line that starts
 * with {@code "> "} (so a harness reading standard output can tell answers from the periodic
 * counters), {@code "> ok"} or {@code "> error ..."} for a command that failed:
 * <ul>
 *   <li>{@code capacity TABLE WCU}: the table provisioned at WCU per second
 *       ({@link FaultProxy#setWriteCapacity});</li>
 *   <li>{@code on-demand TABLE [PEAK]}: the table on demand, with this previous peak or the one a
 *       switch gives ({@link DynamoModel#setOnDemand(String)});</li>
 *   <li>{@code show TABLE}: the table's capacity in force;</li>
 *   <li>{@code stats}: the counters.</li>
 * </ul>
 * Not thread-safe: one reader.
 */
final class ProxyConsole {

  static final String ANSWER = "> ";

  private final FaultProxy proxy;

  ProxyConsole(FaultProxy proxy) {
    this.proxy = proxy;
  }

  /** Answers every line of {@code in} on {@code out} until {@code in} ends. */
  void run(BufferedReader in, PrintWriter out) throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      if (!line.isBlank()) {
        out.println(ANSWER + answer(line));
        out.flush();
      }
    }
  }

  /** The answer to one command line, without the {@code "> "}. */
  String answer(String line) {
    String[] words = line.trim().split("\\s+");
    try {
      switch (words[0].toLowerCase(Locale.ROOT)) {
        case "capacity":
          expect(words, 3, "capacity TABLE WCU");
          proxy.setWriteCapacity(words[1], Double.parseDouble(words[2]));
          return "ok";
        case "on-demand":
          if (words.length == 2) {
            proxy.setOnDemand(words[1]);
            return "ok";
          }
          expect(words, 3, "on-demand TABLE [PEAK]");
          proxy.setOnDemand(words[1], Double.parseDouble(words[2]));
          return "ok";
        case "show":
          expect(words, 2, "show TABLE");
          return proxy.capacityOf(words[1]).toString();
        case "stats":
          return proxy.counters().snapshot().toString();
        default:
          return "error unknown command " + words[0] + " (capacity, on-demand, show, stats)";
      }
    } catch (IllegalArgumentException e) {
      return "error " + e.getMessage();
    }
  }

  private static void expect(String[] words, int count, String usage) {
    if (words.length != count) {
      throw new IllegalArgumentException("usage: " + usage);
    }
  }
}
