package dev.ddbload.decode;

import java.io.IOException;
import java.util.List;

/**
 * A line decoder opened in the middle of its source (a resumed load seeking to a checkpoint's
 * byte offset): shifts the origins it reports by where it started, so lines, indexes and offsets
 * read as if the source had been read from its start.
 */
public final class ResumedDecoder implements RecordDecoder {

  private final RecordDecoder decoder;
  private final Origin start;

  /**
   * @param decoder a decoder over the source from {@code start.offset()} on
   * @param start the position of the first record it reads
   */
  public ResumedDecoder(RecordDecoder decoder, Origin start) {
    this.decoder = decoder;
    this.start = start;
  }

  @Override
  public Decoded next() throws IOException {
    Decoded d = decoder.next();
    if (d instanceof SourceRecord r) {
      return r.withOrigin(shift(r.origin()));
    }
    if (d instanceof BadRecord b) {
      return new BadRecord(shift(b.origin()), b.raw(), b.reason(), b.message(), b.hintsEscape());
    }
    return null;
  }

  @Override
  public Origin position() {
    return shift(decoder.position());
  }

  private Origin shift(Origin o) {
    long line = o.line() > 0 && start.line() > 0 ? o.line() + start.line() - 1 : o.line();
    long offset = o.offset() >= 0 ? o.offset() + start.offset() : o.offset();
    return new Origin(o.source(), line, o.index() + start.index(), offset);
  }

  @Override
  public List<String> columns() {
    return decoder.columns();
  }

  @Override
  public void close() throws IOException {
    decoder.close();
  }
}
