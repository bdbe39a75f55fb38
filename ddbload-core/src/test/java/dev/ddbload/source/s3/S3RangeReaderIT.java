package dev.ddbload.source.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.source.Source;
import dev.ddbload.testkit.s3.LocalS3;
import dev.ddbload.testkit.s3.S3FaultProxy;
import dev.ddbload.testkit.s3.S3FaultProxy.Fault;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link S3RangeReader} against S3Proxy: whole objects over many chunks, reads from a byte offset,
 * failed ranges retried, a replaced object refused, a reader pausing longer than the server's idle
 * timeout, and prefetch bounded.
 */
class S3RangeReaderIT {

  private static final String BUCKET = "reader";
  private static final int CHUNK = 4 * 1024;
  private static final Duration IDLE_TIMEOUT = Duration.ofMillis(400);

  static LocalS3Fixture fixture;
  static LocalS3 s3;
  static S3FaultProxy proxy;

  @BeforeAll
  static void start() throws IOException {
    fixture = LocalS3Fixture.start(IDLE_TIMEOUT, BUCKET);
    s3 = fixture.s3;
    proxy = fixture.proxy;
  }

  @AfterAll
  static void stop() throws IOException {
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void resetProxy() {
    proxy.reset();
  }

  /** JSON lines {@code {"id":"k<i>",...}} of varying length; returns the text. */
  static String lines(int count) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      sb.append("{\"id\":\"k").append(i).append("\",\"pad\":\"").append("x".repeat(i % 97)).append("\"}\n");
    }
    return sb.toString();
  }

  private static Source source(S3Storage storage, String key) {
    return storage.source(storage.stat("s3://" + BUCKET + "/" + key).orElseThrow(), null);
  }

  @Test
  void readsAWholeObjectOverManyChunksAndTellsItsVersion() throws IOException {
    byte[] content = lines(700).getBytes(StandardCharsets.UTF_8);
    String etag = s3.put(BUCKET, "whole.jsonl", content);
    try (S3Storage storage = fixture.direct(CHUNK, 2)) {
      Source source = source(storage, "whole.jsonl");

      assertThat(content.length).isGreaterThan(10 * CHUNK);
      try (InputStream in = source.open()) {
        assertThat(in.readAllBytes()).isEqualTo(content);
      }
      assertThat(source.isSeekable()).isTrue();
      assertThat(source.size()).hasValue(content.length);
      assertThat(source.identity()).hasValue("etag=" + etag + ",size=" + content.length);
    }
  }

  @Test
  void readingFromAByteOffsetReturnsExactlyTheRecordsAfterIt() throws IOException {
    String text = lines(400);
    s3.put(BUCKET, "offsets.jsonl", text.getBytes(StandardCharsets.UTF_8));
    List<String> records = text.lines().toList();
    try (S3Storage storage = fixture.direct(CHUNK, 1)) {
      Source source = source(storage, "offsets.jsonl");
      // A record in the first chunk, one starting inside a later chunk, the last one.
      for (int first : new int[] {1, 217, 399}) {
        long offset = text.substring(0, text.indexOf("{\"id\":\"k" + first + "\"")).getBytes(StandardCharsets.UTF_8)
            .length;

        try (BufferedReader r = new BufferedReader(new InputStreamReader(source.openAt(offset), StandardCharsets.UTF_8))) {
          assertThat(r.lines().toList()).as("from record %d", first).isEqualTo(records.subList(first, records.size()));
        }
      }
      try (InputStream atEnd = source.openAt(text.length())) {
        assertThat(atEnd.read()).isEqualTo(-1);
      }
      assertThatThrownBy(() -> source.openAt(text.length() + 1)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void failedRangesAreRetriedUntilTheObjectIsReadWhole() throws IOException {
    byte[] content = lines(300).getBytes(StandardCharsets.UTF_8);
    s3.put(BUCKET, "flaky.jsonl", content);
    try (S3Storage storage = fixture.proxied(CHUNK, 2)) {
      Source source = source(storage, "flaky.jsonl");
      proxy.plan(Fault.HTTP_500, Fault.CUT_BODY, Fault.PASS, Fault.DROP, Fault.SLOW_DOWN, Fault.HTTP_500);

      try (InputStream in = source.open()) {
        assertThat(in.readAllBytes()).isEqualTo(content);
      }
      assertThat(proxy.faultsInjected()).isEqualTo(5);
      assertThat(proxy.rangedGets()).isEqualTo((content.length + CHUNK - 1) / CHUNK + 5);
    }
  }

  @Test
  void aRangeStillFailingAfterTheLastAttemptFailsTheReadNamingTheObject() throws IOException {
    s3.put(BUCKET, "broken.jsonl", lines(200).getBytes(StandardCharsets.UTF_8));
    try (S3Storage storage = fixture.proxied(LocalS3Settings.of(proxy.endpoint(), CHUNK, 0).toBuilder().maxAttempts(3).build())) {
      Source source = source(storage, "broken.jsonl");
      proxy.plan(Fault.PASS, Fault.HTTP_500, Fault.HTTP_500, Fault.HTTP_500);

      try (InputStream in = source.open()) {
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
            .hasMessage("reading bytes " + CHUNK + "-" + (2 * CHUNK - 1) + " of s3://" + BUCKET
                + "/broken.jsonl failed after 3 attempts: InternalError: We encountered an internal error.");
      }
    }
  }

  @Test
  void anObjectReplacedWhileItIsReadFailsWithoutABitOfTheNewVersion() throws IOException {
    byte[] old = lines(200).getBytes(StandardCharsets.UTF_8);
    byte[] replacement = lines(300).replace("\"pad\"", "\"new\"").getBytes(StandardCharsets.UTF_8);
    s3.put(BUCKET, "replaced.jsonl", old);
    try (S3Storage storage = fixture.direct(CHUNK, 0)) {
      Source source = source(storage, "replaced.jsonl");
      byte[] read = new byte[old.length];
      int n = 0;
      try (InputStream in = source.open()) {
        n += in.read(read, 0, CHUNK);
        s3.put(BUCKET, "replaced.jsonl", replacement);

        int got = n;
        assertThatThrownBy(() -> in.readNBytes(read, got, old.length - got))
            .isInstanceOf(ObjectChangedException.class)
            .hasMessageStartingWith("s3://" + BUCKET + "/replaced.jsonl changed while it was being read");
      }
      assertThat(n).isEqualTo(CHUNK);
      assertThat(Arrays.copyOf(read, n)).isEqualTo(Arrays.copyOf(old, n));
    }
  }

  @Test
  void aReaderPausedLongerThanTheServersIdleTimeoutReadsOnWhereAPlainStreamIsCutOff() throws Exception {
    byte[] content = lines(160_000).getBytes(StandardCharsets.UTF_8);
    s3.put(BUCKET, "paused.jsonl", content);
    Duration pause = IDLE_TIMEOUT.multipliedBy(3);

    assertThat(plainGetPausedFor(pause, "paused.jsonl")).as("bytes of a plain GET held open through the pause")
        .isLessThan(content.length);
    try (S3Storage storage = fixture.direct(1 << 20, 2)) {
      try (InputStream in = source(storage, "paused.jsonl").open()) {
        byte[] first = new byte[100];
        assertThat(in.readNBytes(first, 0, first.length)).isEqualTo(100);
        Thread.sleep(pause.toMillis()); // the reader's pause is what is tested

        byte[] rest = in.readAllBytes();
        assertThat(rest.length).isEqualTo(content.length - 100);
        assertThat(Arrays.copyOfRange(content, 100, content.length)).isEqualTo(rest);
      }
    }
  }

  /**
   * The body bytes a single streaming GET delivers when its reader stops after the first byte
   * for {@code pause}: a presigned GET on a socket with a small receive buffer, so the server is
   * still writing when the pause begins, whatever the machine's TCP buffer tuning.
   */
  private static long plainGetPausedFor(Duration pause, String key) throws Exception {
    URL url;
    try (S3Presigner presigner = S3Presigner.builder().endpointOverride(s3.endpoint()).region(LocalS3.REGION)
        .credentialsProvider(LocalS3.CREDENTIALS)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
      url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
          .getObjectRequest(g -> g.bucket(BUCKET).key(key))).url();
    }
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(16 * 1024);
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()));
      socket.getOutputStream().write(("GET " + url.getFile() + " HTTP/1.1\r\nHost: " + url.getAuthority()
          + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String head = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
      assertThat(head).isEqualTo("HTTP/1.1 200");
      Thread.sleep(pause.toMillis()); // the reader's pause is what is tested
      int matched = 0;
      while (matched < 4) { // the rest of the head
        int b = in.read();
        matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      try {
        return in.transferTo(OutputStream.nullOutputStream());
      } catch (SocketException reset) {
        return -1;
      }
    }
  }

  @Test
  void nothingIsFetchedMoreThanThePrefetchAheadOfTheReader() throws Exception {
    byte[] content = lines(300).getBytes(StandardCharsets.UTF_8);
    s3.put(BUCKET, "ahead.jsonl", content);
    try (S3Storage storage = fixture.proxied(CHUNK, 2)) {
      Source source = source(storage, "ahead.jsonl");
      try (InputStream in = source.open()) {
        awaitTrue(() -> proxy.rangedGets() == 1);
        in.read();
        awaitTrue(() -> proxy.rangedGets() == 3);
        in.readNBytes(CHUNK); // into the second chunk: one more ahead
        awaitTrue(() -> proxy.rangedGets() == 4);
        assertThat(proxy.rangedGets()).isEqualTo(4);
      }
    }
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
