package dev.ddbload.checkpoint;

import dev.ddbload.capacity.PendingRestore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a load job has finished, so that running it again continues where it stopped.
 *
 * @param table the table loaded
 * @param rejectsFile where the job's rejects go (a resume appends to the same file)
 * @param sources each source's progress, in load order
 * @param pendingRestore the capacity restore still owed for the table, if any
 * @param rejectsBytes the rejects file's length when the checkpoint was saved (-1 when unknown):
 *     what a resume keeps of it, since rejects written after the save are of records the resume
 *     reads, and rejects, again
 */
public record Checkpoint(String table, String rejectsFile, List<SourceState> sources,
    Optional<PendingRestore> pendingRestore, long rejectsBytes) {

  /** A checkpoint that does not know its rejects file's length. */
  public Checkpoint(String table, String rejectsFile, List<SourceState> sources,
      Optional<PendingRestore> pendingRestore) {
    this(table, rejectsFile, sources, pendingRestore, -1);
  }

  /** Copies the list. */
  public Checkpoint {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(rejectsFile, "rejectsFile");
    sources = List.copyOf(sources);
    Objects.requireNonNull(pendingRestore, "pendingRestore");
  }

  /** The recorded state of a source, by name. */
  public Optional<SourceState> source(String name) {
    return sources.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Records finished by the runs so far: everything before each source's watermark. */
  public long recordsFinished() {
    long n = 0;
    for (SourceState s : sources) {
      n += s.index() + s.finished().size();
    }
    return n;
  }
}
