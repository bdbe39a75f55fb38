package dev.ddbload.cli;

import dev.ddbload.LoadReport;
import dev.ddbload.capacity.CapacityChange;
import dev.ddbload.capacity.CapacityReport;
import dev.ddbload.capacity.LoadPlan;
import dev.ddbload.report.LoadStats;
import dev.ddbload.report.SourceDamage;
import dev.ddbload.verify.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The end-of-load summary, printed for people and optionally written as a report file (JSON or
 * HTML, readable by its owner only). Its "rejected" is the job's: the rejects file's lines,
 * earlier runs' included.
 */
final class Summary {

  private static final int MAX_DAMAGE_LINES = 10;

  /** One line of the summary: a label, its value, and indented lines below it (may be empty). */
  record Row(String label, String value, List<String> details) {
    Row(String label, String value) {
      this(label, value, List.of());
    }
  }

  private final LoadReport report;
  private final String target;
  private final Optional<VerifyReport> verified;

  Summary(LoadReport report, String target) {
    this(report, target, Optional.empty());
  }

  /** A load's summary, with what {@code --verify} found after it when it ran. */
  Summary(LoadReport report, String target, Optional<VerifyReport> verified) {
    this.report = report;
    this.target = target;
    this.verified = verified;
  }

  void print(PrintWriter out) {
    out.println("ddbload: " + status() + " (table " + report.table() + " at " + target + ")");
    for (Row r : rows()) {
      out.println(row(r.label(), r.value()));
      for (String d : r.details()) {
        out.println("    " + LibrarySettings.speak(d));
      }
    }
    printCapacity(out, report.capacity());
    report.plan().ifPresent(p -> printPlan(out, p));
    verified.ifPresent(v -> new VerifySummary(v, target).print(out, false));
    out.flush();
  }

  /** The summary's rows as printed (the HTML report shows the same). */
  List<Row> rows() {
    LoadStats s = report.stats();
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("records read", String.format(Locale.ROOT, "%,d", s.recordsRead())));
    rows.add(new Row("written", String.format(Locale.ROOT, "%,d", s.written())));
    rows.add(new Row("rejected", String.format(Locale.ROOT, "%,d", s.rejectedInJob())
        + (s.rejectedEarlier() > 0 ? String.format(Locale.ROOT, " (%,d by earlier runs of this job)",
            s.rejectedEarlier()) : "")));
    if (s.skippedExists() != 0) {
      rows.add(new Row("key exists", String.format(Locale.ROOT, "%,d skipped: the key was in the table",
          s.skippedExists())));
    }
    if (s.skippedNotNewer() != 0) {
      rows.add(new Row("not newer", String.format(Locale.ROOT, "%,d skipped: the table's version was not older",
          s.skippedNotNewer())));
    }
    rows.add(new Row("superseded", String.format(Locale.ROOT, "%,d", s.superseded())));
    if (s.pending() != 0) {
      rows.add(new Row("not finished", String.format(Locale.ROOT, "%,d", s.pending())));
    }
    if (s.skipped() != 0) {
      rows.add(new Row("skipped", String.format(Locale.ROOT, "%,d finished by an earlier run", s.skipped())));
    }
    addDamage(rows, s);
    rows.add(new Row("WCU consumed", String.format(Locale.ROOT, "%,.1f", s.writeUnits())));
    rows.add(new Row("elapsed", String.format(Locale.ROOT, "%.2f s", s.elapsed().toNanos() / 1e9)));
    rows.add(new Row("throughput", String.format(Locale.ROOT, "%,.0f records/s", s.writtenPerSecond())));
    rows.add(new Row("rejects file", report.rejectsFile().map(Path::toString).orElse("none")));
    if (s.recordsHintingEscape() > 0) {
      rows.add(new Row("hint", String.format(Locale.ROOT, "%,d CSV records read otherwise with --csv-escape '\\'"
          + " (quotes escaped by a backslash, as Spark and Hive write CSV); if the input comes from Spark or Hive,"
          + " load it again with that option", s.recordsHintingEscape())));
    }
    report.error().ifPresent(e -> rows.add(new Row("error", e)));
    report.checkpoint().ifPresent(c -> rows.add(new Row("checkpoint", c + " (run the same command to resume)")));
    return rows;
  }

  /** How many inputs stopped early, the bytes left unread, where each stopped and why, suspect records. */
  private void addDamage(List<Row> rows, LoadStats s) {
    if (s.damagedSources() == 0) {
      return;
    }
    String bytes = s.bytesTotal() > 0
        ? String.format(Locale.ROOT, "%,d of %,d bytes not read", s.bytesUnread(), s.bytesTotal())
        : String.format(Locale.ROOT, "%,d bytes not read (of inputs whose size is known)", s.bytesUnread());
    List<SourceDamage> damage = report.damage();
    List<String> where = new ArrayList<>();
    for (SourceDamage d : damage.subList(0, Math.min(MAX_DAMAGE_LINES, damage.size()))) {
      where.add(String.format(Locale.ROOT, "%s from line %,d (record %,d): %s", d.source(), d.line(), d.index(),
          d.reason()));
    }
    if (damage.size() > MAX_DAMAGE_LINES) {
      where.add(String.format(Locale.ROOT, "and %,d more (see the rejects file)", damage.size() - MAX_DAMAGE_LINES));
    }
    rows.add(new Row("damaged input", String.format(Locale.ROOT, "%,d %s not read in full, %s (DAMAGED in the"
        + " rejects file)", s.damagedSources(), s.damagedSources() == 1 ? "input" : "inputs", bytes), where));
    if (s.suspectRecords() > 0) {
      List<String> suspect = new ArrayList<>();
      for (SourceDamage d : damage) {
        d.suspect().ifPresent(r -> suspect.add(d.source() + ": " + r));
      }
      rows.add(new Row("suspect", String.format(Locale.ROOT, "%,d records were loaded from data a checksum refuted"
          + " afterwards; load them again from a good copy:", s.suspectRecords()), suspect));
    }
  }

  /** Writes the report: HTML for a name ending in {@code .html} or {@code .htm}, JSON otherwise. */
  void writeReport(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".html") || name.endsWith(".htm")) {
      new HtmlReport(report, this, Clock.systemDefaultZone()).write(file);
    } else {
      writeJson(file);
    }
  }

  /** Writes the summary as one JSON object. */
  void writeJson(Path file) {
    new JsonReport(report, verified, target).write(file);
  }


  private static void printCapacity(PrintWriter out, CapacityReport c) {
    for (CapacityChange change : c.restored()) {
      out.println(row("restored", change.toString()));
    }
    for (CapacityChange change : c.raised()) {
      out.println(row("raised", change.toString()));
    }
    c.problem().ifPresent(p -> out.println(row("capacity", p)));
  }

  private static void printPlan(PrintWriter out, LoadPlan p) {
    out.println("dry run: nothing was written");
    out.println(row("would write", String.format(Locale.ROOT, "%,d items, %,d bytes", p.records(), p.bytes())));
    out.println(row("write units", String.format(Locale.ROOT, "%,d WCU (without indexes)", p.writeUnits())));
    if (p.conditionalWrites() > 0) {
      out.println(row("conditional writes", String.format(Locale.ROOT, "%,d (inserts and updates as PartiQL statements,"
          + " 25 to a call, others a call each; an update costs the larger of the stored and the new item; a refused"
          + " condition costs its units too)", p.conditionalWrites())));
    }
    out.println(row("on-demand cost", String.format(Locale.ROOT, "USD %,.4f at USD %s per million WRU",
        p.onDemandCost(), p.pricePerMillionWriteUnits())));
    out.println(row("planned rate", String.format(Locale.ROOT, "%,.0f WCU/s (%s)", p.plannedWcuPerSecond(),
        p.rateSource())));
    if (!p.onDemandMaximums().isEmpty()) {
      out.println(row("on-demand max", String.join(", ", p.onDemandMaximums().entrySet().stream()
          .map(e -> String.format(Locale.ROOT, "%s %,d WRU/s", e.getKey(), e.getValue())).toList())));
    }
    out.println(row("duration", String.format(Locale.ROOT, "%s at that rate", Progress.clock(p.duration()))));
    out.println("  item sizes");
    for (LoadPlan.SizeBucket b : p.sizes()) {
      if (b.items() > 0) {
        out.println(String.format(Locale.ROOT, "    %7s - %7s  %,d", bytes(b.fromBytes()), bytes(b.toBytes()),
            b.items()));
      }
    }
    out.println("  partition keys with the largest share of write units");
    for (LoadPlan.HotKey k : p.hotKeys().subList(0, Math.min(5, p.hotKeys().size()))) {
      out.println(String.format(Locale.ROOT, "    %5.1f%%  %,d WCU  %s", k.share() * 100, k.writeUnits(),
          abbreviate(k.key())));
    }
    for (LoadPlan.HotKey k : p.tooHot()) {
      out.println(String.format(Locale.ROOT, "  warning: partition key %s takes %.1f%% of the write units: "
          + "%,.0f WCU/s at the planned rate, more than one partition absorbs (1,000 WCU/s).",
          abbreviate(k.key()), k.share() * 100, k.share() * p.plannedWcuPerSecond()));
    }
  }

  private static String bytes(int n) {
    return n < 1024 ? n + " B" : (n / 1024) + " KB";
  }

  private static String abbreviate(String key) {
    return key.length() <= 40 ? key : key.substring(0, 37) + "...";
  }

  String status() {
    if (report.plan().isPresent()) {
      switch (report.status()) {
        case COMPLETED_WITH_REJECTS:
          return "dry run completed with rejects";
        case DAMAGED_INPUT:
          return "dry run finished, but some input was not read in full";
        default:
          return "dry run completed";
      }
    }
    switch (report.status()) {
      case COMPLETED:
        return "load completed";
      case COMPLETED_WITH_REJECTS:
        return "load completed with rejects";
      case DAMAGED_INPUT:
        return "load finished, but some input was not read in full";
      case ABORTED:
        return "load aborted";
      case INTERRUPTED:
      default:
        return "load interrupted";
    }
  }

  private static String row(String label, String value) {
    return String.format(Locale.ROOT, "  %-14s %s", label, LibrarySettings.speak(value));
  }
}
