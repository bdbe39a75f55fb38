package dev.ddbload.report;

import java.util.Objects;
import java.util.Optional;

/**
 * A part of an input that was not read: the rest of a file that was damaged, cut short, or
 * changed while it was read, from the record named here; or a part a decoder passed over (a
 * Parquet row group it could not read). Each is one {@code DAMAGED} reject. Immutable.
 *
 * @param source the input's name
 * @param line where the unread part starts: the line of its first record (0 when unknown)
 * @param index the 0-based index of its first record
 * @param reason why reading stopped, one sentence
 * @param bytesUnread stored bytes of the input (of its size when the load started) from where
 *     reading stopped to its end; -1 when not measured (a pipe's size is unknown; a Parquet row
 *     group's bytes are not counted apart)
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
