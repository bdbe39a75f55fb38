package dev.ddbload.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.LoadReport;
import dev.ddbload.capacity.CapacityChange;
import dev.ddbload.capacity.CapacityReport;
import dev.ddbload.capacity.LoadPlan;
import dev.ddbload.report.ControlSample;
import dev.ddbload.report.LoadStats;
import dev.ddbload.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code --report FILE.json}: the load's summary as one JSON object (readable by its owner only),
 * with the damaged inputs, the capacity changes, the dry run's plan, the per-second series and,
 * after {@code --verify}, what the verification found.
 */
final class JsonReport {

  private final LoadReport report;
  private final Optional<VerifyReport> verified;
  private final String target;

  JsonReport(LoadReport report, Optional<VerifyReport> verified, String target) {
    this.report = report;
    this.verified = verified;
    this.target = target;
  }

  /** Writes the summary as one JSON object. */
  void write(Path file) {
    LoadStats s = report.stats();
    try {
      try (JsonGenerator g = JsonFiles.create(file)) {
        g.writeStartObject();
        g.writeStringField("table", report.table());
        g.writeStringField("status", report.status().name());
        g.writeNumberField("recordsRead", s.recordsRead());
        g.writeNumberField("written", s.written());
        g.writeNumberField("rejected", s.rejectedInJob());
        g.writeNumberField("rejectedEarlier", s.rejectedEarlier());
        g.writeNumberField("skippedExists", s.skippedExists());
        g.writeNumberField("skippedNotNewer", s.skippedNotNewer());
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
    JsonFiles.writeDamage(g, report.damage());
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
      g.writeNumberField("retried", c.retried());
      g.writeNumberField("callsInFlight", c.callsInFlight());
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
    g.writeNumberField("conditionalWrites", p.conditionalWrites());
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
