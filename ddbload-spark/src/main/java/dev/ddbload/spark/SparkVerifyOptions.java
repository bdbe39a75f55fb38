package dev.ddbload.spark;

import dev.ddbload.WriteSettings;
import dev.ddbload.config.Bounds;
import dev.ddbload.config.CommonSettings;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.verify.VerifyOptions;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The options of {@link DdbloadVerify#verify}: the writer's ({@link SparkWriteOptions}: table,
 * connection, mapping, mode, retries; those only a write uses are accepted and ignored, so one
 * options map serves both) and the verification's own. Parsed and checked on the driver;
 * carried to the executors. Immutable and serializable.
 */
public final class SparkVerifyOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Set<String> OWN = Set.of("maxrcu", "consistentread", "differences", "failondifference",
      "memory");

  private final SparkWriteOptions write;
  private final double maxRcu;
  private final boolean consistentRead;
  private final String differences;
  private final boolean failOnDifference;
  private final long memoryBytes;

  private SparkVerifyOptions(CaseInsensitiveStringMap o) {
    write = SparkWriteOptions.parse(o);
    if (!WriteSettings.rule(write.mode(), write.onConflict(), write.removeNulls(), write.ifNewer().orElse(null),
        write.opField().orElse(null)).batched()) {
      // What an insert, update or version-compared write leaves depends on what the table held before.
      throw new ConfigurationException("ddbload verify compares the table with the rows' whole items, so it checks"
          + " writes in put or delete mode only, not with option mode " + write.mode().name().toLowerCase(Locale.ROOT)
          + write.ifNewer().map(c -> ", ifNewer").orElse("") + write.opField().map(c -> ", opField").orElse("") + ".");
    }
    maxRcu = SparkWriteOptions.number(o, "maxRcu", 0, CommonSettings.UNITS_PER_SECOND);
    consistentRead = SparkWriteOptions.flag(o, "consistentRead", false);
    differences = o.get("differences") == null || o.get("differences").isBlank() ? null : o.get("differences").trim();
    failOnDifference = SparkWriteOptions.flag(o, "failOnDifference", true);
    memoryBytes = (long) SparkWriteOptions.number(o, "memory", VerifyOptions.DEFAULT_MEMORY_BYTES >> 20, Bounds.between(1, 1 << 20)) << 20;
  }

  /**
   * Reads and checks the options (any case).
   *
   * @throws ConfigurationException naming the first option that is missing or wrong
   */
  public static SparkVerifyOptions parse(Map<String, String> options) {
    return new SparkVerifyOptions(new CaseInsensitiveStringMap(options));
  }

  /** Option names neither the writer nor the verification knows. */
  static Set<String> unknown(Map<String, String> options) {
    Set<String> unknown = new LinkedHashSet<>();
    for (String key : options.keySet()) {
      String k = key.toLowerCase(Locale.ROOT);
      if (!SparkWriteOptions.KNOWN.contains(k) && !OWN.contains(k)) {
        unknown.add(key);
      }
    }
    return unknown;
  }

  /** The table, connection, mapping and mode options, as the writer reads them. */
  public SparkWriteOptions write() {
    return write;
  }

  /** The whole job's read-rate ceiling in RCU per second, or 0 for none given. */
  public double maxRcu() {
    return maxRcu;
  }

  /** Whether every read is strongly consistent (else a key not as expected is read once more, consistently). */
  public boolean consistentRead() {
    return consistentRead;
  }

  /** The differences file on the driver, when given. */
  public Optional<String> differences() {
    return Optional.ofNullable(differences);
  }

  /** Whether a difference fails the job (default true). */
  public boolean failOnDifference() {
    return failOnDifference;
  }

  /** Memory per task for its keys before they spill to its local disk, in bytes (option {@code memory}, in MB). */
  public long memoryBytes() {
    return memoryBytes;
  }

  /** What each task's {@code Verification} is given: the writer's retries, the reads' own concurrency. */
  VerifyOptions verifyOptions(Path spillDirectory) {
    return VerifyOptions.builder()
        .consistentRead(consistentRead)
        .concurrency(write.concurrencyOr(VerifyOptions.DEFAULT_CONCURRENCY))
        .maxAttempts(write.maxAttempts())
        .backoffBase(write.backoffBase())
        .backoffMax(write.backoffMax())
        .memoryBytes(memoryBytes)
        .spillDirectory(spillDirectory)
        .build();
  }

  /** The calls in flight a task's client must allow. */
  int maxCalls() {
    return write.concurrencyOr(VerifyOptions.DEFAULT_CONCURRENCY).max();
  }
}
