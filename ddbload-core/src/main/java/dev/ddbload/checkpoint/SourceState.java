package dev.ddbload.checkpoint;

import java.util.List;
import java.util.Objects;

/**
 * How far one source got, as a checkpoint records it: every record before {@code index} is
 * finished (written, rejected or superseded); records after it that finished too (they complete
 * out of order) are listed, so that a resume neither sends them again nor rejects them twice.
 *
 * @param name the source's name
 * @param identity what identified the input's version (size and modification time, an ETag);
 *     empty when nothing does
 * @param done whether the whole source is finished
 * @param index 0-based index of the first record not known to be finished
 * @param line the line that record starts on (0 when unknown)
 * @param offset the byte offset that record starts at in the stored (uncompressed) input, or -1
 *     when a resume must re-read from the start and skip {@code index} records
 * @param finished indexes at or after {@code index} already finished, ascending (a record
 *     skipped on resume can be at the watermark itself)
 */
public record SourceState(String name, String identity, boolean done, long index, long line, long offset,
    List<Long> finished) {

  /** Copies the list. */
  public SourceState {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(identity, "identity");
    finished = List.copyOf(finished);
  }

  /** Nothing read yet. */
  public static SourceState start(String name, String identity) {
    return new SourceState(name, identity, false, 0, 0, -1, List.of());
  }

  /** Whether a resume can seek to {@link #offset} instead of re-reading. */
  public boolean seekable() {
    return offset >= 0;
  }
}
