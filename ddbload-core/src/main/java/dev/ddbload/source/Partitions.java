package dev.ddbload.source;

import dev.ddbload.item.ColumnType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hive-style partition directory names ({@code dt=2026-12-01}, as Spark and Hive write them):
 * the column name before the first {@code =}, the value after it with {@code %XX} escapes
 * decoded; {@code __HIVE_DEFAULT_PARTITION__} is a null value. Stateless.
 */
final class Partitions {

  /** What Hive and Spark name the partition of null (and empty) values. */
  static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

  private Partitions() {}

  /**
   * The partition columns of a directory below one with {@code outer}: {@code outer} plus this
   * directory's column if its name is {@code key=value}, else {@code outer}.
   */
  static List<PartitionedSource.Column> below(List<PartitionedSource.Column> outer, String directoryName) {
    String name = directoryName.endsWith("/") ? directoryName.substring(0, directoryName.length() - 1) : directoryName;
    int eq = name.indexOf('=');
    if (eq <= 0) {
      return outer;
    }
    String key = unescape(name.substring(0, eq));
    String raw = unescape(name.substring(eq + 1));
    List<PartitionedSource.Column> columns = new ArrayList<>(outer.size() + 1);
    for (PartitionedSource.Column c : outer) {
      if (!c.name().equals(key)) {
        columns.add(c);
      }
    }
    columns.add(new PartitionedSource.Column(key, raw.equals(NULL_PARTITION) ? null : raw, ColumnType.S));
    return columns;
  }

  /** Decodes {@code %XX} escapes (runs of them as UTF-8); anything else stays as it is. */
  static String unescape(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
        bytes.write(Integer.parseInt(s, i + 1, i + 3, 16));
        i += 3;
        continue;
      }
      if (bytes.size() > 0) {
        out.append(bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
      }
      out.append(s.charAt(i++));
    }
    out.append(bytes.toString(StandardCharsets.UTF_8));
    return out.toString();
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
