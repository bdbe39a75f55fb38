package dev.ddbload.report;

import java.util.Objects;
import java.util.Optional;

/**
 * An input that was not read to its end: damaged, cut short, or changed while it was read. The
 * rest of it, from the record named here, is one {@code DAMAGED} reject. Immutable.
 *
 * @param source the input's name
 * @param line where the unread part starts: the line of its first record (0 when unknown)
 * @param index the 0-based index of its first record
 * @param reason why reading stopped, one sentence
 * @param bytesUnread stored bytes of the input (of its size when the load started) from where
 *     reading stopped to its end; -1 when its size is unknown (a pipe)
 * @param suspect records loaded before the damage was found that came from the damaged part
 */
public record SourceDamage(String source, long line, long index, String reason, long bytesUnread,
    Optional<SuspectRecords> suspect) {

  /** Checks presence. */
  public SourceDamage {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(suspect, "suspect");
  }
}
