package dev.ddbload.bench.peers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The peer "as a Java user writes it": AWS SDK for Java v2 enhanced client, a bean schema, JSON
 * Lines read with Jackson, {@code batchWriteItem} of 25 puts in a loop that resends
 * {@code unprocessedPutItems} after a doubling pause. With {@code --threads 1} the reading thread
 * writes; with more, batches go to a fixed pool of that many threads (the Rue La La importer's
 * shape), at most two batches per thread waiting so memory stays bounded. The HTTP client is the
 * SDK's default synchronous one (Apache 5 in this SDK version). Region and credentials come from
 * the environment.
 *
 * <pre>java -cp ddbload-bench.jar:lib/* dev.ddbload.bench.peers.EnhancedClientLoader URL TABLE THREADS FILE</pre>
 */
public final class EnhancedClientLoader {

  private static final int BATCH = 25;

  private EnhancedClientLoader() {}

  /** Loads the file; prints the records written. */
  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    String tableName = args[1];
    int threads = Integer.parseInt(args[2]);
    Path file = Path.of(args[3]);
    try (DynamoDbClient client = DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .httpClient(Apache5HttpClient.builder().maxConnections(Math.max(50, threads * 2)).build())
        .build()) {
      DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
      DynamoDbTable<Person> table = enhanced.table(tableName, TableSchema.fromBean(Person.class));
      long written = threads <= 1 ? loadSequential(enhanced, table, file) : loadPooled(enhanced, table, file, threads);
      System.out.println("written " + written);
    }
  }

  private static long loadSequential(DynamoDbEnhancedClient enhanced, DynamoDbTable<Person> table, Path file)
      throws IOException, InterruptedException {
    ObjectMapper json = mapper();
    long written = 0;
    List<Person> batch = new ArrayList<>(BATCH);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        batch.add(json.readValue(line, Person.class));
        if (batch.size() == BATCH) {
          written += write(enhanced, table, batch);
          batch = new ArrayList<>(BATCH);
        }
      }
    }
    if (!batch.isEmpty()) {
      written += write(enhanced, table, batch);
    }
    return written;
  }

  private static long loadPooled(DynamoDbEnhancedClient enhanced, DynamoDbTable<Person> table, Path file,
      int threads) throws IOException, InterruptedException {
    ObjectMapper json = mapper();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Semaphore queued = new Semaphore(threads * 2);
    AtomicLong written = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Person> batch = new ArrayList<>(BATCH);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null && failure.get() == null) {
        if (line.isBlank()) {
          continue;
        }
        batch.add(json.readValue(line, Person.class));
        if (batch.size() == BATCH) {
          submit(pool, queued, enhanced, table, batch, written, failure);
          batch = new ArrayList<>(BATCH);
        }
      }
    }
    if (!batch.isEmpty()) {
      submit(pool, queued, enhanced, table, batch, written, failure);
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
    if (failure.get() != null) {
      throw new IllegalStateException("a batch failed", failure.get());
    }
    return written.get();
  }

  private static void submit(ExecutorService pool, Semaphore queued, DynamoDbEnhancedClient enhanced,
      DynamoDbTable<Person> table, List<Person> batch, AtomicLong written, AtomicReference<Throwable> failure)
      throws InterruptedException {
    queued.acquire();
    pool.execute(() -> {
      try {
        written.addAndGet(write(enhanced, table, batch));
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      } finally {
        queued.release();
      }
    });
  }

  /** Writes one batch, resending what comes back unprocessed; returns the items written. */
  private static int write(DynamoDbEnhancedClient enhanced, DynamoDbTable<Person> table, List<Person> items)
      throws InterruptedException {
    List<Person> pending = items;
    long pauseMillis = 50;
    while (!pending.isEmpty()) {
      WriteBatch.Builder<Person> b = WriteBatch.builder(Person.class).mappedTableResource(table);
      pending.forEach(b::addPutItem);
      BatchWriteResult result = enhanced.batchWriteItem(r -> r.addWriteBatch(b.build()));
      pending = result.unprocessedPutItemsForTable(table);
      if (!pending.isEmpty()) {
        Thread.sleep(pauseMillis);
        pauseMillis = Math.min(pauseMillis * 2, 5_000);
      }
    }
    return items.size();
  }

  private static ObjectMapper mapper() {
    return new ObjectMapper().configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);
  }
}
