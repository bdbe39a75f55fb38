package dev.ddbload.capacity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.BillingModeSummary;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableResponse;

/**
 * A table's capacity as DescribeTable and UpdateTable see it, for unit tests of capacity logic:
 * records every UpdateTable, turns UPDATING for a few polls after one, refuses same-value
 * updates and, when told, decreases.
 */
final class FakeDynamoDb implements DynamoDbClient {

  final String table;
  boolean onDemand;
  /** On-demand maximum write request units of the table, and of each index by name (null: none). */
  Long onDemandMaxWrite;
  final Map<String, Long> indexOnDemandMaxWrite = new LinkedHashMap<>();
  long read = 5;
  long write = 5;
  final Map<String, long[]> indexes = new LinkedHashMap<>();
  final List<UpdateTableRequest> updates = new ArrayList<>();
  int describes;
  int updatingPolls;
  int pollsPerUpdate = 2;
  boolean refuseDecreases;
  Instant lastDecrease;
  long decreasesToday;

  FakeDynamoDb(String table) {
    this.table = table;
  }

  @Override
  public DescribeTableResponse describeTable(DescribeTableRequest request) {
    describes++;
    TableStatus status = updatingPolls > 0 ? TableStatus.UPDATING : TableStatus.ACTIVE;
    if (updatingPolls > 0) {
      updatingPolls--;
    }
    List<GlobalSecondaryIndexDescription> gsis = new ArrayList<>();
    indexes.forEach((name, rw) -> gsis.add(GlobalSecondaryIndexDescription.builder().indexName(name)
        .indexStatus(IndexStatus.ACTIVE)
        .provisionedThroughput(p -> p.readCapacityUnits(rw[0]).writeCapacityUnits(rw[1]))
        .onDemandThroughput(o -> o.maxWriteRequestUnits(indexOnDemandMaxWrite.get(name))).build()));
    TableDescription.Builder d = TableDescription.builder().tableName(table).tableStatus(status)
        .globalSecondaryIndexes(gsis)
        .provisionedThroughput(ProvisionedThroughputDescription.builder().readCapacityUnits(onDemand ? 0 : read)
            .writeCapacityUnits(onDemand ? 0 : write).numberOfDecreasesToday(decreasesToday)
            .lastDecreaseDateTime(lastDecrease).build());
    if (onDemand) {
      d.billingModeSummary(BillingModeSummary.builder().billingMode(BillingMode.PAY_PER_REQUEST).build());
      d.onDemandThroughput(o -> o.maxWriteRequestUnits(onDemandMaxWrite));
    }
    return DescribeTableResponse.builder().table(d.build()).build();
  }

  @Override
  public UpdateTableResponse updateTable(UpdateTableRequest request) {
    boolean decrease = request.provisionedThroughput() != null
        && request.provisionedThroughput().writeCapacityUnits() < write;
    if (refuseDecreases && decrease) {
      throw LimitExceededException.builder().message("Subscriber limit exceeded")
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("LimitExceededException").build()).build();
    }
    updates.add(request);
    if (request.provisionedThroughput() != null) {
      if (request.provisionedThroughput().writeCapacityUnits() == write
          && request.provisionedThroughput().readCapacityUnits() == read) {
        throw new IllegalStateException("same-value update: DynamoDB rejects it");
      }
      read = request.provisionedThroughput().readCapacityUnits();
      write = request.provisionedThroughput().writeCapacityUnits();
    }
    for (GlobalSecondaryIndexUpdate u : request.globalSecondaryIndexUpdates()) {
      long[] rw = indexes.get(u.update().indexName());
      rw[0] = u.update().provisionedThroughput().readCapacityUnits();
      rw[1] = u.update().provisionedThroughput().writeCapacityUnits();
    }
    updatingPolls = pollsPerUpdate;
    return UpdateTableResponse.builder().build();
  }

  @Override
  public String serviceName() {
    return "dynamodb";
  }

  @Override
  public void close() {}
}
