package dev.ddbload.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link DdbloadVerify#verify} found, summed over its tasks. Rows: {@code rows =
 * notCheckable + repeatedRows + ambiguousRows + keysChecked + unverified}; keys: {@code
 * keysChecked = matching + missing + different + unexpected}. Immutable.
 *
 * @param table the table read
 * @param status {@code MATCHED} (every key checked is as the rows say) or {@code DIFFERENT}
 * @param tasks verifying tasks
 * @param rows rows of the DataFrame
 * @param notCheckable rows the writer would reject (a value DynamoDB cannot hold, a bad key, over 400 KB)
 * @param repeatedRows rows of a key beyond its first whose items are equal to the first's (checked once)
 * @param ambiguousKeys keys of several rows whose items differ: which one the table holds is not
 *     defined, so they are not checked (listed in the differences file as {@code ambiguous})
 * @param ambiguousRows the rows of those keys
 * @param keysChecked keys read and judged
 * @param matching keys whose item is as expected (or absent, as a delete expects)
 * @param missing keys without an item where one was expected
 * @param different keys whose item differs
 * @param unexpected keys with an item where a delete expects none
 * @param unverified keys that could not be read (throttled or failing after the last attempt)
 * @param readUnits read capacity units consumed, as DynamoDB reported them
 * @param retriedKeys key reads beyond each key's first
 * @param differencesFile the differences file on the driver, when anything was written to it
 */
public record SparkVerifyReport(String table, String status, int tasks, long rows, long notCheckable,
    long repeatedRows, long ambiguousKeys, long ambiguousRows, long keysChecked, long matching, long missing,
    long different, long unexpected, long unverified, double readUnits, long retriedKeys,
    Optional<String> differencesFile) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Validates presence. */
  public SparkVerifyReport {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(differencesFile, "differencesFile");
  }

  /** The job's counts as a report. */
  static SparkVerifyReport of(String table, TaskCounts c, Optional<String> differencesFile) {
    return new SparkVerifyReport(table, c.differences() == 0 ? "MATCHED" : "DIFFERENT", c.tasks(), c.rows(),
        c.notCheckable(), c.repeatedRows(), c.ambiguousKeys(), c.ambiguousRows(), c.keysChecked(), c.matching(),
        c.missing(), c.different(), c.unexpected(), c.unverified(), c.readUnits(), c.retriedKeys(), differencesFile);
  }

  /** Keys not as the rows say, or not readable: missing, different, unexpected and unverified. */
  public long differences() {
    return missing + different + unexpected + unverified;
  }

  /** Whether every key checked is as the rows say. */
  public boolean matched() {
    return differences() == 0;
  }

  /** The outcome in one sentence, with the counts (the message of the job's failure on a difference). */
  public String sentence() {
    String counts = missing + " missing, " + different + " different, " + unexpected + " unexpected, " + unverified
        + " unverified; " + ambiguousKeys + " keys ambiguous, " + notCheckable + " rows not checkable";
    if (matched()) {
      return "Table " + table + " holds what the DataFrame says: " + keysChecked + " keys checked, all matching ("
          + counts + ").";
    }
    return "Table " + table + " differs from the DataFrame: " + differences() + " of " + (keysChecked + unverified)
        + " keys checked are not as the rows say (" + counts + ")"
        + differencesFile.map(f -> "; see " + f).orElse("") + ".";
  }

  /** The report as a JSON object. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", table);
    m.put("status", status);
    m.put("tasks", tasks);
    m.put("rows", rows);
    m.put("notCheckable", notCheckable);
    m.put("repeatedRows", repeatedRows);
    m.put("ambiguousKeys", ambiguousKeys);
    m.put("ambiguousRows", ambiguousRows);
    m.put("keysChecked", keysChecked);
    m.put("matching", matching);
    m.put("missing", missing);
    m.put("different", different);
    m.put("unexpected", unexpected);
    m.put("unverified", unverified);
    m.put("readUnits", readUnits);
    m.put("retriedKeys", retriedKeys);
    m.put("differencesFile", differencesFile.orElse(null));
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "ddbload verify " + status + " (table " + table + "): " + rows + " rows in " + tasks + " tasks, "
        + notCheckable + " not checkable, " + repeatedRows + " repeated, " + ambiguousKeys + " keys ambiguous ("
        + ambiguousRows + " rows); " + keysChecked + " keys checked: " + matching + " matching, " + missing
        + " missing, " + different + " different, " + unexpected + " unexpected; " + unverified + " unverified, "
        + Math.round(readUnits) + " RCU" + differencesFile.map(f -> "; differences in " + f).orElse("");
  }
}
