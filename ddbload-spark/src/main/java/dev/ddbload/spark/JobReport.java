package dev.ddbload.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ddbload.capacity.CapacityChange;
import dev.ddbload.capacity.CapacityReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A write job's outcome on the driver: the committed tasks' counts summed, their rejects files,
 * and what was done to the table's capacity. The counts add up: {@code rows = written +
 * skippedExists + skippedNotNewer + rejected + superseded}. Immutable.
 *
 * @param table the table
 * @param status {@code COMPLETED}, {@code COMPLETED_WITH_REJECTS} or {@code FAILED}
 * @param tasks tasks that committed
 * @param rows rows the committed tasks read
 * @param written items DynamoDB acknowledged
 * @param skippedExists rows not written because their key was in the table ({@code mode insert})
 * @param skippedNotNewer rows not written because the table held their key at a version not older
 *     ({@code ifNewer}), or an earlier row of their key in the same task did
 * @param rejected rows in the rejects files
 * @param superseded rows replaced by a later row with the same key in the same task
 * @param retried item sends beyond each item's first
 * @param writeUnits write capacity consumed, as DynamoDB reported it
 * @param rejectsFiles the committed tasks' rejects files
 * @param capacity what was raised and restored
 */
public record JobReport(String table, String status, int tasks, long rows, long written, long skippedExists,
    long skippedNotNewer, long rejected, long superseded, long retried, double writeUnits, List<String> rejectsFiles,
    CapacityReport capacity) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Copies the list. */
  public JobReport {
    rejectsFiles = List.copyOf(rejectsFiles);
  }

  /** Sums the commit messages of the tasks that committed (null for those that did not). */
  static JobReport of(String table, boolean failed, Object[] messages, CapacityReport capacity) {
    int tasks = 0;
    long rows = 0;
    long written = 0;
    long skippedExists = 0;
    long skippedNotNewer = 0;
    long rejected = 0;
    long superseded = 0;
    long retried = 0;
    double units = 0;
    List<String> files = new ArrayList<>();
    for (Object m : messages) {
      if (m instanceof TaskReport t) {
        tasks++;
        rows += t.rows();
        written += t.written();
        skippedExists += t.skippedExists();
        skippedNotNewer += t.skippedNotNewer();
        rejected += t.rejected();
        superseded += t.superseded();
        retried += t.retried();
        units += t.writeUnits();
        if (t.rejectsFile() != null) {
          files.add(t.rejectsFile());
        }
      }
    }
    String status = failed ? "FAILED" : rejected > 0 ? "COMPLETED_WITH_REJECTS" : "COMPLETED";
    return new JobReport(table, status, tasks, rows, written, skippedExists, skippedNotNewer, rejected, superseded,
        retried, units, files,
        Objects.requireNonNullElse(capacity, CapacityReport.NONE));
  }

  /** The report as a JSON object. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", table);
    m.put("status", status);
    m.put("tasks", tasks);
    m.put("rows", rows);
    m.put("written", written);
    m.put("skippedExists", skippedExists);
    m.put("skippedNotNewer", skippedNotNewer);
    m.put("rejected", rejected);
    m.put("superseded", superseded);
    m.put("retried", retried);
    m.put("writeUnits", writeUnits);
    m.put("rejectsFiles", rejectsFiles);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("onDemand", capacity.onDemand());
    c.put("raised", changes(capacity.raised()));
    c.put("restored", changes(capacity.restored()));
    c.put("problem", capacity.problem().orElse(null));
    m.put("capacity", c);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@link #toJson()} to a file, replacing it, readable by its owner only. */
  void writeTo(Path file) {
    ReportFiles.write(file, toJson(), "job report");
  }


  private static List<Map<String, Object>> changes(List<CapacityChange> changes) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (CapacityChange c : changes) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("resource", c.resource());
      m.put("from", c.from());
      m.put("to", c.to());
      list.add(m);
    }
    return list;
  }

  @Override
  public String toString() {
    return "ddbload " + status + " (table " + table + "): " + rows + " rows in " + tasks + " tasks, " + written
        + " written, "
        + (skippedExists == 0 ? "" : skippedExists + " skipped (key exists), ")
        + (skippedNotNewer == 0 ? "" : skippedNotNewer + " skipped (not newer), ")
        + rejected + " rejected, " + superseded + " superseded, " + retried + " retried sends, "
        + Math.round(writeUnits) + " WCU" + (rejectsFiles.isEmpty() ? "" : "; rejects in " + rejectsFiles)
        + (capacity.raised().isEmpty() ? "" : "; raised " + capacity.raised())
        + (capacity.restored().isEmpty() ? "" : "; restored " + capacity.restored())
        + capacity.problem().map(p -> "; " + p).orElse("");
  }
}
