package dev.ddbload.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.LoadReport;
import dev.ddbload.capacity.CapacityChange;
import dev.ddbload.capacity.CapacityReport;
import dev.ddbload.capacity.LoadPlan;
import dev.ddbload.files.PrivateFiles;
import dev.ddbload.report.ControlSample;
import dev.ddbload.report.LoadStats;
import dev.ddbload.report.SourceDamage;
import dev.ddbload.report.SuspectRecords;
import dev.ddbload.verify.VerifyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The end-of-load summary, printed for people and optionally written as JSON (readable by its
 * owner only). Its "rejected" is the job's: the rejects file's lines, earlier runs' included.
 */
final class Summary {

  private static final int MAX_DAMAGE_LINES = 10;

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
    LoadStats s = report.stats();
    out.println("ddbload: " + status() + " (table " + report.table() + " at " + target + ")");
    out.println(row("records read", String.format(Locale.ROOT, "%,d", s.recordsRead())));
    out.println(row("written", String.format(Locale.ROOT, "%,d", s.written())));
    out.println(row("rejected", String.format(Locale.ROOT, "%,d", s.rejectedInJob())
        + (s.rejectedEarlier() > 0 ? String.format(Locale.ROOT, " (%,d by earlier runs of this job)",
            s.rejectedEarlier()) : "")));
    out.println(row("superseded", String.format(Locale.ROOT, "%,d", s.superseded())));
    if (s.pending() != 0) {
      out.println(row("not finished", String.format(Locale.ROOT, "%,d", s.pending())));
    }
    if (s.skipped() != 0) {
      out.println(row("skipped", String.format(Locale.ROOT, "%,d finished by an earlier run", s.skipped())));
    }
    printDamage(out, s);
    out.println(row("WCU consumed", String.format(Locale.ROOT, "%,.1f", s.writeUnits())));
    out.println(row("elapsed", String.format(Locale.ROOT, "%.2f s", s.elapsed().toNanos() / 1e9)));
    out.println(row("throughput", String.format(Locale.ROOT, "%,.0f records/s", s.writtenPerSecond())));
    out.println(row("rejects file", report.rejectsFile().map(Path::toString).orElse("none")));
    if (s.recordsHintingEscape() > 0) {
      out.println(row("hint", String.format(Locale.ROOT, "%,d CSV records read otherwise with --csv-escape '\\'"
          + " (quotes escaped by a backslash, as Spark and Hive write CSV); if the input comes from Spark or Hive,"
          + " load it again with that option", s.recordsHintingEscape())));
    }
    report.error().ifPresent(e -> out.println(row("error", e)));
    report.checkpoint().ifPresent(c -> out.println(row("checkpoint", c + " (run the same command to resume)")));
    printCapacity(out, report.capacity());
    report.plan().ifPresent(p -> printPlan(out, p));
    verified.ifPresent(v -> new VerifySummary(v, target).print(out, false));
    out.flush();
  }

  /** How many inputs stopped early, the bytes left unread, where each stopped and why, suspect records. */
  private void printDamage(PrintWriter out, LoadStats s) {
    if (s.damagedSources() == 0) {
      return;
    }
    String bytes = s.bytesTotal() > 0
        ? String.format(Locale.ROOT, "%,d of %,d bytes not read", s.bytesUnread(), s.bytesTotal())
        : String.format(Locale.ROOT, "%,d bytes not read (of inputs whose size is known)", s.bytesUnread());
    out.println(row("damaged input", String.format(Locale.ROOT, "%,d %s not read in full, %s (DAMAGED in the"
        + " rejects file)", s.damagedSources(), s.damagedSources() == 1 ? "input" : "inputs", bytes)));
    List<SourceDamage> damage = report.damage();
    for (SourceDamage d : damage.subList(0, Math.min(MAX_DAMAGE_LINES, damage.size()))) {
      out.println(String.format(Locale.ROOT, "    %s from line %,d (record %,d): %s", d.source(), d.line(), d.index(),
          d.reason()));
    }
    if (damage.size() > MAX_DAMAGE_LINES) {
      out.println(String.format(Locale.ROOT, "    and %,d more (see the rejects file)",
          damage.size() - MAX_DAMAGE_LINES));
    }
    if (s.suspectRecords() > 0) {
      out.println(row("suspect", String.format(Locale.ROOT, "%,d records were loaded from data a checksum refuted"
          + " afterwards; load them again from a good copy:", s.suspectRecords())));
      for (SourceDamage d : damage) {
        d.suspect().ifPresent(r -> out.println("    " + d.source() + ": " + r));
      }
    }
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

  private String status() {
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
    return String.format(Locale.ROOT, "  %-14s %s", label, value);
  }

  /** Writes the summary as one JSON object. */
  void writeJson(Path file) {
    LoadStats s = report.stats();
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (JsonGenerator g = new JsonFactory().createGenerator(
          Channels.newOutputStream(PrivateFiles.openForWriting(file, false)), JsonEncoding.UTF8)) {
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("table", report.table());
        g.writeStringField("status", report.status().name());
        g.writeNumberField("recordsRead", s.recordsRead());
        g.writeNumberField("written", s.written());
        g.writeNumberField("rejected", s.rejectedInJob());
        g.writeNumberField("rejectedEarlier", s.rejectedEarlier());
        g.writeNumberField("superseded", s.superseded());
        g.writeNumberField("notFinished", s.pending());
        g.writeNumberField("skipped", s.skipped());
        g.writeNumberField("recordsHintingEscape", s.recordsHintingEscape());
        g.writeNumberField("writeUnits", s.writeUnits());
        g.writeNumberField("elapsedSeconds", s.elapsed().toNanos() / 1e9);
        g.writeNumberField("recordsPerSecond", s.writtenPerSecond());
        g.writeNumberField("bytesRead", s.bytesRead());
        writeDamage(g, s);
        g.writeNumberField("requests", s.requests());
        g.writeNumberField("retriedItems", s.retriedItems());
        writeRate(g, "rateLimit", s.allowedWcuPerSecond());
        g.writeNumberField("inFlightLimit", s.inFlightLimit());
        g.writeNumberField("throttledShare", s.throttledShare());
        g.writeStringField("rejectsFile", report.rejectsFile().map(Path::toString).orElse(null));
        g.writeStringField("error", report.error().orElse(null));
        g.writeStringField("checkpoint", report.checkpoint().orElse(null));
        writeCapacity(g, report.capacity());
        if (report.plan().isPresent()) {
          writePlan(g, report.plan().get());
        }
        writeSeries(g, report.series());
        if (verified.isPresent()) {
          g.writeObjectFieldStart("verify");
          new VerifySummary(verified.get(), target).writeFields(g);
          g.writeEndObject();
        }
        g.writeEndObject();
      }
    } catch (IOException e) {
      throw new ConfigurationException("Cannot write the report file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Inputs not read in full: how many, the bytes unread, suspect records, and each one. */
  private void writeDamage(JsonGenerator g, LoadStats s) throws IOException {
    g.writeNumberField("bytesTotal", s.bytesTotal());
    g.writeNumberField("bytesUnread", s.bytesUnread());
    g.writeNumberField("damagedInputs", s.damagedSources());
    g.writeNumberField("suspectRecords", s.suspectRecords());
    g.writeArrayFieldStart("damage");
    for (SourceDamage d : report.damage()) {
      g.writeStartObject();
      g.writeStringField("source", d.source());
      g.writeNumberField("line", d.line());
      g.writeNumberField("index", d.index());
      g.writeStringField("reason", d.reason());
      g.writeNumberField("bytesUnread", d.bytesUnread());
      if (d.suspect().isPresent()) {
        SuspectRecords r = d.suspect().get();
        g.writeObjectFieldStart("suspect");
        g.writeNumberField("firstLine", r.firstLine());
        g.writeNumberField("firstIndex", r.firstIndex());
        g.writeNumberField("lastLine", r.lastLine());
        g.writeNumberField("lastIndex", r.lastIndex());
        g.writeNumberField("records", r.count());
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** A rate in units per second; null for none (JSON has no Infinity). */
  private static void writeRate(JsonGenerator g, String name, double rate) throws IOException {
    if (Double.isInfinite(rate)) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, rate);
    }
  }

  /** The control second by second, one object per line. */
  private static void writeSeries(JsonGenerator g, List<ControlSample> series) throws IOException {
    g.writeArrayFieldStart("series");
    for (ControlSample c : series) {
      g.writeStartObject();
      g.writeNumberField("second", c.second());
      g.writeNumberField("written", c.written());
      g.writeNumberField("writeUnits", c.writeUnits());
      writeRate(g, "rateLimit", c.rateLimit());
      g.writeNumberField("inFlightLimit", c.inFlightLimit());
      g.writeNumberField("throttledShare", Math.round(c.throttledShare() * 10_000) / 10_000.0);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeCapacity(JsonGenerator g, CapacityReport c) throws IOException {
    g.writeObjectFieldStart("capacity");
    g.writeBooleanField("onDemand", c.onDemand());
    writeChanges(g, "raised", c.raised());
    writeChanges(g, "restored", c.restored());
    g.writeStringField("problem", c.problem().orElse(null));
    g.writeEndObject();
  }

  private static void writeChanges(JsonGenerator g, String name, List<CapacityChange> changes) throws IOException {
    g.writeArrayFieldStart(name);
    for (CapacityChange change : changes) {
      g.writeStartObject();
      g.writeStringField("resource", change.resource());
      g.writeNumberField("from", change.from());
      g.writeNumberField("to", change.to());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writePlan(JsonGenerator g, LoadPlan p) throws IOException {
    g.writeObjectFieldStart("plan");
    g.writeNumberField("records", p.records());
    g.writeNumberField("bytes", p.bytes());
    g.writeNumberField("writeUnits", p.writeUnits());
    g.writeNumberField("onDemandCostUsd", p.onDemandCost());
    g.writeNumberField("pricePerMillionWriteUnits", p.pricePerMillionWriteUnits());
    g.writeNumberField("plannedWcuPerSecond", p.plannedWcuPerSecond());
    g.writeStringField("rateSource", p.rateSource());
    g.writeObjectFieldStart("onDemandMaxWriteRequestUnits");
    for (var e : p.onDemandMaximums().entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeNumberField("durationSeconds", p.duration().toMillis() / 1000.0);
    g.writeArrayFieldStart("sizes");
    for (LoadPlan.SizeBucket b : p.sizes()) {
      g.writeStartObject();
      g.writeNumberField("fromBytes", b.fromBytes());
      g.writeNumberField("toBytes", b.toBytes());
      g.writeNumberField("items", b.items());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("hotKeys");
    for (LoadPlan.HotKey k : p.hotKeys()) {
      g.writeStartObject();
      g.writeStringField("key", k.key());
      g.writeNumberField("writeUnits", k.writeUnits());
      g.writeNumberField("share", k.share());
      g.writeBooleanField("tooHot", k.tooHot());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
