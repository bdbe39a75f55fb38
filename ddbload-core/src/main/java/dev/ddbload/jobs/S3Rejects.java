package dev.ddbload.jobs;

import dev.ddbload.checkpoint.Checkpoint;
import dev.ddbload.source.s3.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A job's rejects in S3, {@code <prefix>/<job id>.jsonl}, for runs that do not share a disk (a
 * serverless function's invocations). The load writes a local file as always; before each
 * checkpoint save, the bytes written since the last save go to S3 as a part,
 * {@code <job id>.jsonl.parts/<offset>} (so what a checkpoint counts is in S3 before the
 * checkpoint is), and the next run rebuilds the local file from the parts up to its checkpoint's
 * length. When the job ends, the whole file becomes the one object and the parts are deleted.
 * Objects are written without ACLs (private to the bucket's owner); the local directory and
 * file are readable by their owner only. Not thread-safe (the checkpointer serializes saves).
 */
public final class S3Rejects implements RejectsMirror {

  private final S3Client s3;
  private final S3Location object;
  private final Path local;
  private long copied;

  /**
   * @param s3 a client with the SDK's retries
   * @param object where the job's rejects end up
   * @param local the load's rejects file
   */
  public S3Rejects(S3Client s3, S3Location object, Path local) {
    this.s3 = s3;
    this.object = object;
    this.local = local;
  }

  /** {@code <prefix>/<jobId>.jsonl}. */
  public static S3Location objectFor(S3Location prefix, String jobId) {
    String key = prefix.key();
    if (!key.isEmpty() && !key.endsWith("/")) {
      key += "/";
    }
    return new S3Location(prefix.bucket(), key + jobId + ".jsonl");
  }

  /** The rejects object's URI. */
  public String location() {
    return S3Location.SCHEME + object.bucket() + "/" + object.key();
  }

  /** The local rejects file. */
  public Path localFile() {
    return local;
  }

  /**
   * Rebuilds the local file from the parts earlier runs copied, up to the checkpoint's rejects
   * length (parts past it are of records read again, and deleted), or creates it empty.
   */
  public void restore(Optional<Checkpoint> checkpoint) throws IOException {
    long keep = checkpoint.map(Checkpoint::rejectsBytes).orElse(0L);
    createOwnerOnly();
    try (OutputStream out = Files.newOutputStream(local, StandardOpenOption.TRUNCATE_EXISTING)) {
      long at = 0;
      for (S3Object part : parts()) {
        long start = offsetOf(part);
        if (start >= keep || start != at) {
          delete(part.key());
          continue;
        }
        byte[] bytes;
        try (InputStream in = s3.getObject(b -> b.bucket(object.bucket()).key(part.key()))) {
          bytes = in.readAllBytes();
        }
        int n = (int) Math.min(bytes.length, keep - start);
        if (n < bytes.length) {
          // Keep the parts exactly the file's bytes up to the checkpoint for the next restore.
          byte[] kept = Arrays.copyOf(bytes, n);
          s3.putObject(b -> b.bucket(object.bucket()).key(part.key()), RequestBody.fromBytes(kept));
        }
        out.write(bytes, 0, n);
        at += n;
      }
      copied = at;
    } catch (SdkException e) {
      throw new IOException("the rejects of earlier runs cannot be read from " + location() + ".parts/: "
          + e.getMessage(), e);
    }
  }

  @Override
  public void mirror(Checkpoint checkpoint) throws IOException {
    long upTo = checkpoint.rejectsBytes();
    if (upTo <= copied) {
      return;
    }
    byte[] bytes = new byte[Math.toIntExact(upTo - copied)];
    try (FileChannel file = FileChannel.open(local, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        if (file.read(buffer, copied + buffer.position()) < 0) {
          throw new IOException("the rejects file " + local + " is shorter than its checkpoint says");
        }
      }
    }
    try {
      s3.putObject(b -> b.bucket(object.bucket()).key(partKey(copied)), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw new IOException("the rejects could not be copied to " + location() + ".parts/: " + e.getMessage(), e);
    }
    copied = upTo;
  }

  /**
   * The job ended: the local file becomes the rejects object and the parts are deleted.
   *
   * @return the object's URI, when any record was rejected
   */
  public Optional<String> complete() throws IOException {
    try {
      boolean any = Files.exists(local) && Files.size(local) > 0;
      if (any) {
        s3.putObject(b -> b.bucket(object.bucket()).key(object.key()).contentType("application/x-ndjson"),
            RequestBody.fromFile(local));
      }
      for (S3Object part : parts()) {
        delete(part.key());
      }
      return any ? Optional.of(location()) : Optional.empty();
    } catch (SdkException e) {
      throw new IOException("the rejects could not be written to " + location() + ": " + e.getMessage(), e);
    }
  }

  private String partPrefix() {
    return object.key() + ".parts/";
  }

  private String partKey(long offset) {
    return partPrefix() + String.format("%020d", offset);
  }

  private static long offsetOf(S3Object part) {
    String key = part.key();
    return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
  }

  /** The parts, by offset. */
  private List<S3Object> parts() {
    List<S3Object> parts = new ArrayList<>();
    s3.listObjectsV2Paginator(b -> b.bucket(object.bucket()).prefix(partPrefix())).contents().forEach(parts::add);
    parts.sort((a, b) -> Long.compare(offsetOf(a), offsetOf(b)));
    return parts;
  }

  private void delete(String key) {
    s3.deleteObject(b -> b.bucket(object.bucket()).key(key));
  }

  private void createOwnerOnly() throws IOException {
    Path dir = local.toAbsolutePath().getParent();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (!Files.exists(dir)) {
      if (posix) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    if (!Files.exists(local)) {
      if (posix) {
        Files.createFile(local, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(local);
      }
    }
  }
}
