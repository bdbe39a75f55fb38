package dev.ddbload.lambda;

import dev.ddbload.source.s3.S3Clients;
import dev.ddbload.source.s3.S3Settings;
import dev.ddbload.source.s3.S3Storage;
import dev.ddbload.write.DynamoClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The function's AWS clients, made once per execution environment and shared by its
 * invocations: DynamoDB's control plane (jobs table, DescribeTable, UpdateTable) and data plane
 * (BatchWriteItem), S3's control plane (HEAD, LIST, copies, rejects) and data plane (ranged GETs).
 *
 * @param dynamo the control-plane client, with the SDK's retries
 * @param dataPlane the data-plane client, without (the loader retries)
 * @param s3 the S3 control-plane client, with the SDK's retries
 * @param s3Data the S3 data-plane client, without
 */
record Clients(DynamoDbClient dynamo, DynamoDbAsyncClient dataPlane, S3Client s3, S3AsyncClient s3Data)
    implements AutoCloseable {

  /** Clients as the configuration says. */
  static Clients of(HandlerConfig config) {
    S3Settings s3 = config.s3();
    return new Clients(DynamoClients.controlPlane(config.load().client()),
        DynamoClients.dataPlane(config.load().client(), config.load().concurrency().max()),
        S3Clients.controlPlane(s3), S3Clients.dataPlane(s3));
  }

  /** An S3 store over these clients (not closing them). */
  S3Storage storage(S3Settings settings) {
    return new S3Storage(settings, s3Data, s3);
  }

  @Override
  public void close() {
    dynamo.close();
    dataPlane.close();
    s3.close();
    s3Data.close();
  }
}
