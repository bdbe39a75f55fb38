package dev.ddbload.lambda;

import dev.ddbload.source.s3.S3Location;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which objects start a load, and which dataset each one stands for. Patterns match the
 * object's name (the key after its last {@code /}); {@code *} matches any run of characters. A
 * {@code _SUCCESS} marker stands for its directory (Spark/Hadoop output); any other sentinel for
 * itself: a {@code _committed_<id>} file for exactly the files it lists, a DynamoDB export's
 * {@code manifest-summary.json} for the export, and with the pattern {@code *} every object for
 * a load of its own. Immutable.
 */
final class Sentinels {

  /** Spark's and Hadoop's success marker, Databricks' commit markers, DynamoDB exports. */
  static final List<String> DEFAULT = List.of("_SUCCESS", "_committed_*", "manifest-summary.json");

  private static final String SUCCESS = "_SUCCESS";

  private final List<String> patterns;
  private final List<Pattern> compiled;

  Sentinels(List<String> patterns) {
    this.patterns = List.copyOf(patterns.isEmpty() ? DEFAULT : patterns);
    this.compiled = this.patterns.stream().map(Sentinels::glob).toList();
  }

  /** The patterns, as configured. */
  List<String> patterns() {
    return patterns;
  }

  /** The dataset an object stands for, when it is a sentinel. */
  Optional<String> datasetOf(S3Location object) {
    String name = object.name();
    if (object.isPrefix() || compiled.stream().noneMatch(p -> p.matcher(name).matches())) {
      return Optional.empty();
    }
    if (name.equals(SUCCESS)) {
      String key = object.key();
      return Optional.of(S3Location.SCHEME + object.bucket() + "/" + key.substring(0, key.length() - SUCCESS.length()));
    }
    return Optional.of(S3Location.SCHEME + object.bucket() + "/" + object.key());
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    String[] parts = glob.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString());
  }
}
