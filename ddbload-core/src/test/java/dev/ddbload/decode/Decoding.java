package dev.ddbload.decode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs a decoder over bytes and collects what it yields. */
final class Decoding {

  /**
   * What a decoder yielded, the failure that ended it, if any, and where it ended (its
   * {@code position()} after the last record or the failure).
   */
  record Result(List<Decoded> records, IOException failure, Origin failedAt, Origin endedAt) {
    SourceRecord good(int i) {
      return (SourceRecord) records.get(i);
    }

    BadRecord bad(int i) {
      return (BadRecord) records.get(i);
    }
  }

  private Decoding() {}

  static Result decode(Format format, String text, DecodeOptions options) throws IOException {
    return decode(format, text.getBytes(StandardCharsets.UTF_8), options);
  }

  static Result decode(Format format, byte[] bytes, DecodeOptions options) throws IOException {
    return decode(format, new ByteArrayInputStream(bytes), options);
  }

  static Result decode(Format format, InputStream in, DecodeOptions options) throws IOException {
    List<Decoded> out = new ArrayList<>();
    try (RecordDecoder d = format.open("in", in, options)) {
      try {
        Decoded r;
        while ((r = d.next()) != null) {
          out.add(r);
        }
      } catch (IOException e) {
        return new Result(out, e, d.position(), d.position());
      }
      return new Result(out, null, null, d.position());
    }
  }
}
