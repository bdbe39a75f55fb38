package dev.ddbload.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class TableSetupTest {

  /** DynamoDB Local names its tables in the region "ddblocal"; AWS, and a description without an ARN, do not. */
  @Test
  void dynamoDbLocalIsToldByItsTableArn() {
    assertThat(TableSetup.isDynamoDbLocal(arn("arn:aws:dynamodb:ddblocal:000000000000:table/t"))).isTrue();
    assertThat(TableSetup.isDynamoDbLocal(arn("arn:aws:dynamodb:us-east-1:123456789012:table/t"))).isFalse();
    assertThat(TableSetup.isDynamoDbLocal(arn("arn:aws-cn:dynamodb:cn-north-1:123456789012:table/ddblocal")))
        .isFalse();
    assertThat(TableSetup.isDynamoDbLocal(arn(null))).isFalse();
  }

  private static TableDescription arn(String arn) {
    return TableDescription.builder().tableName("t").tableArn(arn).build();
  }
}
