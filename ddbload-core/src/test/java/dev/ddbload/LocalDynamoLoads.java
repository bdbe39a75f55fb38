package dev.ddbload;

import dev.ddbload.config.ClientSettings;
import dev.ddbload.testkit.LocalDynamo;
import dev.ddbload.write.DynamoClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One DynamoDB Local for a test class, with clients that loads can share: closing an async client
 * takes seconds, so test classes with many loads pass {@link #dataPlane} and {@link #client} to
 * {@link BulkLoader#create(LoadOptions, DynamoDbAsyncClient, DynamoDbClient)}.
 */
public abstract class LocalDynamoLoads {

  protected static LocalDynamo dynamo;
  protected static DynamoDbClient client;
  protected static DynamoDbAsyncClient dataPlane;

  @BeforeAll
  protected static void startDynamo() {
    dynamo = LocalDynamo.start();
    client = dynamo.client();
    dataPlane = DynamoClients.dataPlane(settings(), LoadOptions.DEFAULT_CONCURRENCY.max());
  }

  @AfterAll
  protected static void stopDynamo() {
    if (dataPlane != null) {
      dataPlane.close();
    }
    if (client != null) {
      client.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
  }

  /** Settings reaching the local endpoint. */
  protected static ClientSettings settings() {
    return ClientSettings.builder().endpoint(dynamo.endpoint()).region("us-east-1")
        .credentials(LocalDynamo.CREDENTIALS).build();
  }
}
