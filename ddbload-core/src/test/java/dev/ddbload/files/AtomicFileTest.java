package dev.ddbload.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A state file is replaced whole, readable by its owner only, and leaves nothing behind. */
class AtomicFileTest {

  @TempDir
  Path dir;

  private long filesIn(Path d) throws IOException {
    try (Stream<Path> files = Files.list(d)) {
      return files.count();
    }
  }

  @Test
  void aTemporaryFileAKilledWriterLeftIsRemovedByTheNextWriteAndByDelete() throws IOException {
    Path file = dir.resolve("job.json");
    Path leftover = dir.resolve(".job.json.12345.tmp");
    Path other = dir.resolve(".other.json.1.tmp");
    Files.writeString(leftover, "half");
    Files.writeString(other, "someone else's");

    AtomicFile.write(file, "{}".getBytes());

    assertThat(Files.readString(file)).isEqualTo("{}");
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(leftover).doesNotExist();
    Files.writeString(leftover, "half again");

    AtomicFile.delete(file);

    assertThat(file).doesNotExist();
    assertThat(leftover).doesNotExist();
    assertThat(other).exists();
    assertThat(filesIn(dir)).isEqualTo(1);
  }
}
