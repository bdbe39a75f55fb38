package dev.ddbload.engine;

import dev.ddbload.checkpoint.Checkpoint;
import dev.ddbload.checkpoint.Checkpointer;
import dev.ddbload.config.ConfigurationException;
import dev.ddbload.reject.RejectSink;
import dev.ddbload.report.StatsRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rejects file of a load job: where it is, and what a resumed job keeps of it. A resume
 * keeps the rejects of records its checkpoint counts as finished (the file is cut back to its
 * length at the checkpoint) less those rejected {@code ABORTED}, whose records it reads again;
 * so the file lists every rejected record of the job once, and no record that was written.
 * Stateless.
 */
public final class JobRejects {

  private static final Logger log = LoggerFactory.getLogger(JobRejects.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private JobRejects() {}

  /**
   * The rejects file: the one asked for, else the resumed job's, else a new one named after the
   * table and the time.
   *
   * @throws ConfigurationException when it cannot be written
   */
  public static Path path(Optional<Path> asked, String table, Clock clock, Optional<Checkpoint> resumed) {
    Path path = asked.or(() -> resumed.map(c -> Paths.get(c.rejectsFile())))
        .orElseGet(() -> Paths.get("ddbload-rejects-" + table + "-" + LocalDateTime.now(clock).format(STAMP) + ".jsonl"));
    Path dir = path.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot create the directory for the rejects file " + path + ".", e);
    }
    if (!Files.isWritable(dir) || Files.isDirectory(path)) {
      throw new ConfigurationException("Cannot write the rejects file " + path + ".");
    }
    return path;
  }

  /**
   * The sink for this run: a fresh file, or for a resumed job its file cut back to the
   * checkpoint and rid of {@code ABORTED} rejects (the checkpoint saved again with the new
   * length), appended to; the rejects it keeps are counted as the earlier runs'.
   *
   * @throws ConfigurationException when the resumed file cannot be rewritten
   */
  public static RejectSink open(Path path, Optional<Checkpoint> resumed, Checkpointer checkpoints, StatsRecorder recorder) {
    if (resumed.isEmpty()) {
      return new RejectSink(path, false);
    }
    // The checkpoint records the absolute path; the same command run again may name it relatively.
    Checkpoint c = resumed.get();
    if (path.toAbsolutePath().normalize().equals(Paths.get(c.rejectsFile()).toAbsolutePath().normalize())) {
      try {
        long cut = RejectSink.resumeAt(path, c.rejectsBytes());
        RejectSink.Kept kept = RejectSink.dropAborted(path);
        if (kept.dropped() > 0) {
          checkpoints.rejectsKept(kept.bytes());
        }
        recorder.setRejectedEarlier(kept.lines());
        log.debug("{}: dropped {} bytes written after the checkpoint and {} ABORTED rejects; kept {}.", path, cut,
            kept.dropped(), kept.lines());
      } catch (IOException e) {
        throw new ConfigurationException("The rejects file " + path + " cannot be resumed: " + e.getMessage() + ".",
            e);
      }
    }
    return new RejectSink(path, true);
  }
}
