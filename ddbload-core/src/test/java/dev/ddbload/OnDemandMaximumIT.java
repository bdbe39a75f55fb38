package dev.ddbload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.report.ControlSample;
import dev.ddbload.source.LocalFileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * An on-demand table's maximum write request units is the load's ceiling, and the dry run's plan
 * shows it. DynamoDB Local does not take {@code OnDemandThroughput} (it refuses CreateTable with
 * one), so the control plane here is DynamoDB Local's with the maximum added to what DescribeTable
 * answers; the writes go to DynamoDB Local as they are.
 */
class OnDemandMaximumIT extends LocalDynamoLoads {

  private static final String TABLE = "od_max";
  private static final long MAXIMUM = 200;

  @TempDir
  Path dir;

  @BeforeAll
  static void createTable() {
    client.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
            .attributeType(ScalarAttributeType.S).build()));
  }

  private Path input(int records) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < records; i++) {
      sb.append("{\"pk\":\"k").append(i).append("\"}\n");
    }
    Path file = dir.resolve("in.jsonl");
    Files.writeString(file, sb);
    return file;
  }

  private LoadReport load(LoadOptionsBuilder options, Path input) throws Exception {
    try (BulkLoader loader = BulkLoader.create(options.table(TABLE).client(settings())
        .rejectsFile(dir.resolve("rejects.jsonl")).stateDirectory(dir.resolve("state")).build(), dataPlane,
        new WithOnDemandMaximum(client))) {
      return loader.load(List.of(new LocalFileSource(input)));
    }
  }

  @Test
  void theDryRunPlansAtTheMaximumAndShowsIt() throws Exception {
    LoadReport report = load(LoadOptions.builder().dryRun(true).maxWcu(5000), input(100));

    assertThat(report.plan()).hasValueSatisfying(plan -> {
      assertThat(plan.plannedWcuPerSecond()).isEqualTo(MAXIMUM);
      assertThat(plan.onDemandMaximums()).containsExactly(Map.entry("table " + TABLE, MAXIMUM));
      assertThat(plan.rateSource()).contains("on-demand maximum");
    });
  }

  @Test
  void theLoadNeverGoesAboveTheMaximum() throws Exception {
    LoadReport report = load(LoadOptions.builder().checkpointing(false), input(1000));

    assertThat(report.status()).isEqualTo(LoadStatus.COMPLETED);
    assertThat(report.stats().written()).isEqualTo(1000);
    assertThat(report.stats().allowedWcuPerSecond()).isLessThanOrEqualTo(MAXIMUM);
    // 1,000 units at 200 a second, less the pacer's 0.2 s of burst.
    assertThat(report.stats().elapsed().toMillis()).isGreaterThan(4_000);
    assertThat(report.series()).isNotEmpty().allSatisfy(s -> assertThat(s.rateLimit()).isLessThanOrEqualTo(MAXIMUM));
    assertThat(report.series().stream().mapToLong(ControlSample::written).sum()).isEqualTo(1000);
  }

  /** DynamoDB Local's control plane, with an on-demand maximum in every table description. */
  private static final class WithOnDemandMaximum implements DynamoDbClient {
    private final DynamoDbClient local;

    WithOnDemandMaximum(DynamoDbClient local) {
      this.local = local;
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
      DescribeTableResponse r = local.describeTable(request);
      return r.toBuilder().table(r.table().toBuilder()
          .onDemandThroughput(o -> o.maxWriteRequestUnits(MAXIMUM)).build()).build();
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }
}
