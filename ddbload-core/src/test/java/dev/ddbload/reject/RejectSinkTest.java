package dev.ddbload.reject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.decode.Origin;
import dev.ddbload.decode.RawText;
import dev.ddbload.item.RejectReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rejects file's length at a checkpoint, and a resume cutting it back to that length. */
class RejectSinkTest {

  @TempDir
  Path dir;

  private static void reject(RejectSink sink, long index) {
    sink.reject(new Origin("in.jsonl", index + 1, index, index * 10), "{\"bad\":" + index + "}",
        RejectReason.MALFORMED, "not JSON", 0);
  }

  @Test
  void aResumeKeepsExactlyTheRejectsTheCheckpointCounted() throws IOException {
    Path file = dir.resolve("rejects.jsonl");
    long atCheckpoint;
    try (RejectSink sink = new RejectSink(file)) {
      assertThat(sink.flush()).isZero();
      reject(sink, 1);
      reject(sink, 2);
      atCheckpoint = sink.flush();
      assertThat(atCheckpoint).isEqualTo(Files.size(file));
      // Written after the checkpoint, then the process dies: the resume reads record 3 again.
      reject(sink, 3);
    }
    assertThat(Files.readAllLines(file)).hasSize(3);

    assertThat(RejectSink.resumeAt(file, atCheckpoint)).isPositive();
    try (RejectSink resumed = new RejectSink(file, true)) {
      assertThat(resumed.flush()).isEqualTo(atCheckpoint);
      reject(resumed, 3);
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2)).contains("\"index\":3");
    assertThat(lines.stream().filter(l -> l.contains("\"index\":3"))).hasSize(1);
  }

  @Test
  void nothingIsCutWhenTheLengthIsUnknownOrTheFileIsShorter() throws IOException {
    Path file = dir.resolve("rejects.jsonl");
    try (RejectSink sink = new RejectSink(file)) {
      reject(sink, 1);
    }
    long size = Files.size(file);
    assertThat(RejectSink.resumeAt(file, -1)).isZero();
    assertThat(RejectSink.resumeAt(file, size + 100)).isZero();
    assertThat(RejectSink.resumeAt(dir.resolve("missing.jsonl"), 0)).isZero();
    assertThat(Files.size(file)).isEqualTo(size);
  }

  @Test
  void aResumeDropsTheAbortedRejectsAndKeepsTheOthersPrivate() throws IOException {
    Path file = dir.resolve("aborted.jsonl");
    try (RejectSink sink = new RejectSink(file)) {
      reject(sink, 1);
      sink.reject(new Origin("in.jsonl", 3, 2, 20), "{}", RejectReason.ABORTED, "stopped", 1);
      // A record whose text holds "reason":"ABORTED" is not taken for an aborted one.
      sink.reject(new Origin("in.jsonl", 5, 4, 40), "{\"reason\":\"ABORTED\"}", RejectReason.MALFORMED, "bad", 0);
      sink.reject(new Origin("in.jsonl", 6, 5, 50), "{}", RejectReason.ABORTED, "stopped", 0);
    }
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

    RejectSink.Kept kept = RejectSink.dropAborted(file);

    assertThat(kept.dropped()).isEqualTo(2);
    assertThat(kept.lines()).isEqualTo(2);
    assertThat(kept.bytes()).isEqualTo(Files.size(file));
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"reason\":\"MALFORMED\""));
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(RejectSink.dropAborted(file)).isEqualTo(new RejectSink.Kept(2, Files.size(file), 0));
  }

  @Test
  void aRecordThatIsNotUtf8KeepsItsExactBytesInBase64() throws IOException {
    Path file = dir.resolve("rejects.jsonl");
    byte[] bytes = {'i', 'd', ',', (byte) 0xc3, (byte) 0x28, ',', (byte) 0xe2, (byte) 0x82, (byte) 0xac};
    try (RejectSink sink = new RejectSink(file)) {
      sink.reject(new Origin("in.csv", 2, 0, 7), RawText.of(bytes), RejectReason.BAD_ENCODING, "invalid UTF-8", 0);
      sink.reject(new Origin("in.csv", 3, 1, 17), "ok,\u20ac", RejectReason.MALFORMED, "bad", 0);
    }

    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).contains("\"record\":\"id,\ufffd(,\u20ac\"")
        .contains("\"recordBase64\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"");
    assertThat(lines.get(1)).contains("\"record\":\"ok,\u20ac\"").doesNotContain("recordBase64");
  }
}
