package dev.ddbload.write;

import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateControlSimTest {

  private static final int ENDLESS = Integer.MAX_VALUE;
  private static final double SERVER = 4000;

  private static TableModel table(long seed) {
    return new TableModel(seed).latency(2_000_000, 2_000_000, SERVER);
  }

  private static void report(String name, WriterSim sim, double seconds, int from) {
    StringBuilder sb = new StringBuilder();
    for (int s = 0; s < Math.min(sim.seconds.size(), 600); s += 10) {
      double r = sim.rateLimit(s);
      sb.append(Double.isInfinite(r) ? "inf" : String.format(Locale.ROOT, "%.0f", r)).append(' ');
    }
    System.out.printf(Locale.ROOT, "%-12s %6.1fs written/s %.0f consumed/s %.0f throttledCalls %.3f cuts %d bg %.2f%n  rates %s%n",
        name, seconds, sim.writtenRate(from, (int) seconds), sim.model.stats.consumedRate(from, (int) seconds),
        sim.model.stats.throttledCallShare(from, (int) seconds), sim.pacer.throttleDecreases(),
        sim.pacer.controller().background(), sb);
  }

  @Test
  void budgetOnly() throws Exception {
    TableModel budget = table(6).budget(1000, 60, 0);
    WriterSim b = new WriterSim(budget, Double.POSITIVE_INFINITY, Concurrency.ADAPTIVE, 30, ENDLESS, 200, 6);
    b.at(300, () -> budget.setBudget(2000, b.clock.nanoTime()));
    double s = b.run(Double.parseDouble(System.getProperty("simSeconds", "600")));
    report("budget", b, s, 100);
    for (int from = 0; from + 30 <= s; from += 30) {
      System.out.printf(Locale.ROOT, "  %3d..%3d consumed %.0f/s throttled calls %.3f items not written %.3f%n",
          from, from + 30, budget.stats.consumedRate(from, from + 30), budget.stats.throttledCallShare(from, from + 30),
          budget.stats.throttledItemShare(from, from + 30));
    }
  }

  @Test
  void speed() throws Exception {
    for (int i = 0; i < 6; i++) {
      long t0 = System.nanoTime();
      WriterSim sim = new WriterSim(table(1), Double.POSITIVE_INFINITY, i % 2 == 0 ? Concurrency.ADAPTIVE
          : Concurrency.pinned(32), 30, ENDLESS, 200, 1);
      sim.run(100);
      System.out.printf("clean 100 s: %d written, limit %d, %.2f s%n", sim.written(), sim.writer.inFlightLimit(),
          (System.nanoTime() - t0) / 1e9);
    }
  }

  @Test
  void explore() throws Exception {
    long t0 = System.nanoTime();
    run("clean", table(1), 120);
    run("unproc20", table(2).faults(0, 0, 0, 0.2), 120);
    run("unproc30", table(3).faults(0, 0, 0, 0.3), 120);
    run("throttle10", table(4).faults(0.1, 0, 0, 0), 120);
    run("mix", table(5).faults(0.1, 0.02, 0.01, 0.3).latency(2_000_000, 10_000_000, SERVER), 120);
    TableModel budget = table(6).budget(1000, 60, 0);
    WriterSim b = new WriterSim(budget, Double.POSITIVE_INFINITY, Concurrency.ADAPTIVE, 30, ENDLESS, 200, 6);
    b.at(300, () -> budget.setBudget(2000, b.clock.nanoTime()));
    double s = b.run(600);
    report("budget", b, s, 100);
    report("budget2x", b, s, 330);
    run("ondemand", table(7).onDemand(250, 20_000_000_000L), 300);
    System.out.printf("took %.2f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private static void run(String name, TableModel model, double seconds) throws Exception {
    WriterSim sim = new WriterSim(model, Double.POSITIVE_INFINITY, Concurrency.ADAPTIVE, 30, ENDLESS, 200, 1);
    double s = sim.run(seconds);
    report(name, sim, s, 10);
  }
}
