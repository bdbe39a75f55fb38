package dev.ddbload.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.testkit.Items;
import dev.ddbload.testkit.LocalDynamo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The shaded jar on a Spark standalone cluster of separate JVMs, as Glue, EMR and Databricks users
 * run it: a master and two workers started from Spark's own classes on loopback ports, each
 * worker starting its executor JVM, and a driver started by {@code spark-submit} (its main class,
 * {@code SparkSubmit}) with the {@code -all.jar} in {@code --jars}. Nothing of ddbload is on any
 * JVM's class path but through {@code --jars} (and the driver program in the tests jar).
 */
class SparkClusterIT {

  private static final Path SPARK_JARS = Path.of(System.getProperty("ddbload.sparkClasspath"));
  private static final Path SHADED = Path.of(System.getProperty("ddbload.sparkJar"));
  private static final Path TESTS_JAR = Path.of(System.getProperty("ddbload.sparkTestsJar"));
  private static final List<String> JAVA_OPTIONS =
      Arrays.stream(System.getProperty("ddbload.sparkJavaOptions").trim().split("\\s+")).toList();
  private static final Duration START = Duration.ofSeconds(90);
  private static final int ROWS = 20_000;
  private static final long PROVISIONED = 5;

  @TempDir
  Path dir;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopTheCluster() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theShadedJarLoadsADatasetFromExecutorsInWorkerJvmsAndCapacityIsRaisedAndRestoredOnce() throws Exception {
    try (LocalDynamo dynamo = LocalDynamo.start(); DynamoDbClient client = dynamo.client()) {
      client.createTable(b -> b.tableName("cluster").billingMode(BillingMode.PROVISIONED)
          .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
          .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
          .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(PROVISIONED)));
      Path home = sparkHome();
      int masterPort = LocalDynamo.freePort();
      String master = "spark://127.0.0.1:" + masterPort;

      Path masterLog = start(home, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
          "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(LocalDynamo.freePort()));
      awaitLine(masterLog, "I have been elected leader");
      List<Path> workDirs = new ArrayList<>();
      for (int w = 1; w <= 2; w++) {
        Path work = Files.createDirectories(dir.resolve("worker-" + w));
        workDirs.add(work);
        Path log = start(home, "worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
            "--webui-port", Integer.toString(LocalDynamo.freePort()), "--cores", "1", "--memory", "768m",
            "--work-dir", work.toString(), master);
        awaitLine(log, "Successfully registered with master");
      }

      Path report = dir.resolve("report.json");
      Process driver = launch(home, "driver", List.of("-Xmx768m"), "org.apache.spark.deploy.SparkSubmit",
          "--master", master, "--deploy-mode", "client",
          "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
          "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=512m",
          "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=2",
          "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", JAVA_OPTIONS),
          "--jars", SHADED.toString(),
          "--class", "dev.ddbload.spark.examples.ClusterLoad", TESTS_JAR.toString(),
          "cluster", dynamo.endpoint().toString(), Integer.toString(ROWS), report.toString(),
          dir.resolve("state").toString());
      assertThat(driver.waitFor(150, TimeUnit.SECONDS)).as(log("driver")).isTrue();
      assertThat(driver.exitValue()).as(log("driver")).isZero();

      List<Map<String, AttributeValue>> expected = new ArrayList<>();
      for (long id = 0; id < ROWS; id++) {
        expected.add(Map.of("pk", AttributeValue.fromS("k" + id), "n", AttributeValue.fromN(Long.toString(id)),
            "s", AttributeValue.fromS("v-" + id % 97), "d", AttributeValue.fromN(Double.toString(id / 8.0))));
      }
      assertThat(Items.scan(client, "cluster", "pk")).isEqualTo(Items.expected(expected, "pk"));

      JsonNode r = new ObjectMapper().readTree(report.toFile());
      assertThat(r.get("status").asText()).isEqualTo("COMPLETED");
      assertThat(r.get("written").asLong()).isEqualTo(ROWS);
      assertThat(r.get("tasks").asInt()).isEqualTo(4);
      JsonNode capacity = r.get("capacity");
      assertThat(capacity.get("raised")).hasSize(1);
      assertThat(capacity.get("raised").get(0).get("from").asLong()).isEqualTo(PROVISIONED);
      assertThat(capacity.get("raised").get(0).get("to").asLong()).isEqualTo(1000);
      assertThat(capacity.get("restored")).hasSize(1);
      assertThat(capacity.get("restored").get(0).get("to").asLong()).isEqualTo(PROVISIONED);
      assertThat(client.describeTable(b -> b.tableName("cluster")).table().provisionedThroughput()
          .writeCapacityUnits()).isEqualTo(PROVISIONED);

      // Each worker ran an executor of the application in a JVM of its own.
      for (Path work : workDirs) {
        try (Stream<Path> apps = Files.list(work)) {
          assertThat(apps.filter(a -> a.getFileName().toString().startsWith("app-")).toList())
              .as("executors under %s", work).hasSize(1);
        }
      }
    }
  }

  /**
   * A Spark "installation" as the workers need one to start executors: {@code RELEASE} and
   * {@code jars/} holding Spark's own jars (the module's provided dependencies).
   */
  private Path sparkHome() throws IOException {
    Path home = Files.createDirectories(dir.resolve("spark-home"));
    Files.writeString(home.resolve("RELEASE"), "Spark (ddbload SparkClusterIT)\n");
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String jar : Files.readString(SPARK_JARS).trim().split(java.io.File.pathSeparator)) {
      Path target = Path.of(jar);
      Path link = jars.resolve(target.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, target);
      }
    }
    return home;
  }

  private Path start(Path home, String name, String mainClass, String... args) throws IOException {
    launch(home, name, List.of("-Xmx256m"), mainClass, args);
    return dir.resolve(name + ".log");
  }

  private Process launch(Path home, String name, List<String> heap, String mainClass, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(JAVA_OPTIONS);
    command.addAll(heap);
    command.addAll(List.of("-cp", home.resolve("jars") + "/*", mainClass));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("AWS_ACCESS_KEY_ID", "ddbloadtest");
    env.put("AWS_SECRET_ACCESS_KEY", "ddbloadtest");
    env.put("AWS_REGION", "us-east-1");
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private void awaitLine(Path log, String text) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START);
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new AssertionError("no '" + text + "' in " + log + " within " + START + ":\n" + Files.readString(log));
  }

  private String log(String name) {
    try {
      String text = Files.readString(dir.resolve(name + ".log"));
      return text.length() > 20_000 ? text.substring(text.length() - 20_000) : text;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
