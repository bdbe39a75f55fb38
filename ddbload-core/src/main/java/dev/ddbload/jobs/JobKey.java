package dev.ddbload.jobs;

import dev.ddbload.source.Source;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One dataset version to load into one table: what a job is. Its {@link #id()} is derived from
 * the table, the dataset's URI and the version, so every importer that sees the same version
 * (a duplicated event, a second importer, a retry) arrives at the same job, and a re-written
 * dataset (another version) at a new one.
 *
 * @param table the target table
 * @param dataset the dataset's URI (a prefix, a commit marker, a manifest, an object, or the
 *     command's inputs)
 * @param version what tells this version of the dataset from another: the sentinel's version id,
 *     or its ETag and modification time, or a digest of the inputs' identities
 */
public record JobKey(String table, String dataset, String version) {

  /** Validates presence. */
  public JobKey {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(version, "version");
  }

  /**
   * The job of a command's inputs: the dataset is the inputs as written, the version a digest of
   * every resolved source's name and identity (size and modification time, an S3 ETag), so that
   * changing any input file makes a new job.
   */
  public static JobKey ofSources(String table, List<String> inputs, List<Source> sources) {
    MessageDigest sha = sha256();
    for (Source s : sources) {
      update(sha, s.name());
      update(sha, s.identity().orElse(""));
    }
    return new JobKey(table, String.join(" ", inputs), "sources:" + HexFormat.of().formatHex(sha.digest(), 0, 12));
  }

  /** The job's id: {@code j-} and 24 hex digits of a SHA-256 of table, dataset and version. */
  public String id() {
    MessageDigest sha = sha256();
    update(sha, table);
    update(sha, dataset);
    update(sha, version);
    return "j-" + HexFormat.of().formatHex(sha.digest(), 0, 12);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void update(MessageDigest sha, String s) {
    sha.update(s.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
  }
}
