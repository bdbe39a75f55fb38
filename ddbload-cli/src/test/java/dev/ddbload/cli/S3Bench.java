package dev.ddbload.cli;

import com.sun.management.OperatingSystemMXBean;
import dev.ddbload.config.ClientSettings;
import dev.ddbload.source.Source;
import dev.ddbload.source.s3.S3Clients;
import dev.ddbload.source.s3.S3Settings;
import dev.ddbload.source.s3.S3Storage;
import dev.ddbload.testkit.LocalDynamo;
import dev.ddbload.testkit.fault.FaultProxy;
import dev.ddbload.testkit.fault.FaultRules;
import dev.ddbload.testkit.s3.LocalS3;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmarks of S3 reading, run by {@code bench/s3-client.sh} and {@code bench/s3-memory.sh},
 * never by {@code mvn verify}:
 * <ul>
 *   <li>{@code serve DIR MB}: S3Proxy storing under {@code DIR} with a JSON Lines object
 *       {@code s3://bench/data.jsonl} of about {@code MB} megabytes, DynamoDB Local and a
 *       FaultProxy in sink mode in front of it; writes their endpoints to {@code DIR/endpoints}
 *       and serves until killed;
 *   <li>{@code read netty|crt S3_ENDPOINT ROUNDS}: reads the object with the range reader on the
 *       SDK's Netty client or on the CRT client, {@code ROUNDS} times in this JVM, printing each
 *       round's MB/s and the process's CPU seconds, and the peak RSS at the end.
 * </ul>
 */
public final class S3Bench {

  static final String BUCKET = "bench";
  static final String KEY = "data.jsonl";

  private S3Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("serve")) {
      serve(Path.of(args[1]), Long.parseLong(args[2]));
    } else if (args.length == 4 && args[0].equals("read")) {
      read(args[1], URI.create(args[2]), Integer.parseInt(args[3]));
    } else {
      System.err.println("usage: S3Bench serve DIR MB | S3Bench read netty|crt S3_ENDPOINT ROUNDS");
      System.exit(2);
    }
  }

  private static void serve(Path dir, long megabytes) throws Exception {
    Path store = Files.createDirectories(dir.resolve("s3"));
    Path data = dir.resolve(KEY);
    long records = writeRecords(data, megabytes << 20);
    LocalS3 s3 = LocalS3.onDisk(store);
    s3.createBucket(BUCKET);
    s3.put(BUCKET, KEY, data);
    Files.delete(data);
    LocalDynamo dynamo = LocalDynamo.start();
    FaultProxy sink = FaultProxy.start(dynamo.endpoint(), FaultRules.builder().sink(Duration.ofMillis(2)).build());
    Files.writeString(dir.resolve("endpoints"), "S3=" + s3.endpoint() + "\nDYNAMO=" + sink.endpoint()
        + "\nRECORDS=" + records + "\n");
    System.out.println("serving s3://" + BUCKET + "/" + KEY + " (" + records + " records) at " + s3.endpoint()
        + ", DynamoDB sink at " + sink.endpoint());
    Thread.currentThread().join(); // until killed
  }

  /** JSON Lines of about {@code bytes} bytes, records of ~200 bytes with distinct keys. */
  private static long writeRecords(Path file, long bytes) throws IOException {
    long n = 0;
    long written = 0;
    String pad = "x".repeat(150);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      while (written < bytes) {
        String line = "{\"id\":\"r" + n + "\",\"n\":" + n + ",\"pad\":\"" + pad + "\"}\n";
        w.write(line);
        written += line.length();
        n++;
      }
    }
    return n;
  }

  private static void read(String clientKind, URI endpoint, int rounds) throws Exception {
    S3Settings settings = S3Settings.builder()
        .client(ClientSettings.builder().endpoint(endpoint).region("us-east-1").credentials(LocalS3.CREDENTIALS).build())
        .pathStyle(true)
        .build();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (S3AsyncClient data = client(clientKind, settings);
        S3Client control = S3Clients.controlPlane(settings);
        S3Storage storage = new S3Storage(settings, data, control)) {
      Source object = storage.source(storage.stat("s3://" + BUCKET + "/" + KEY).orElseThrow(), null);
      byte[] buffer = new byte[64 * 1024];
      for (int round = 1; round <= rounds; round++) {
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long total = 0;
        try (InputStream in = object.open()) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            total += n;
          }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "%s round %d: %d MB in %.2f s = %.0f MB/s, CPU %.2f s (%.2f CPU s per GB)%n",
            clientKind, round, total >> 20, seconds, (total >> 20) / seconds, cpu, cpu / (total / 1e9));
      }
    }
    System.out.println(clientKind + " peak RSS " + peakRssMegabytes() + " MB");
  }

  private static S3AsyncClient client(String kind, S3Settings settings) {
    if (kind.equals("netty")) {
      return S3Clients.dataPlane(settings);
    }
    if (kind.equals("crt")) {
      ClientSettings c = settings.client();
      return S3AsyncClient.crtBuilder()
          .region(Region.US_EAST_1)
          .credentialsProvider(c.credentials().orElseThrow())
          .endpointOverride(c.endpoint().orElseThrow())
          .forcePathStyle(true)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
          .retryConfiguration(r -> r.numRetries(0))
          .build();
    }
    throw new IllegalArgumentException("client must be netty or crt, not " + kind);
  }

  /** VmHWM of this process, from /proc. */
  static long peakRssMegabytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
