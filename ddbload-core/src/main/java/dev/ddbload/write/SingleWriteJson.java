package dev.ddbload.write;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ddbload.batch.SingleWrite;
import dev.ddbload.item.ItemJson;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A {@link SingleWrite}'s call (PutItem, UpdateItem or DeleteItem, protocol {@code awsJson1_0}):
 * its JSON body written with Jackson, its response's consumed capacity read back, or the same
 * call through an SDK client. Either way the answer is given as a BatchWriteItem response with
 * nothing unprocessed and the call's consumed capacity, so the writer handles both kinds of call
 * alike; a refused condition stays the SDK's {@code ConditionalCheckFailedException}.
 * Thread-safe.
 */
final class SingleWriteJson {

  private static final JsonFactory JSON = new JsonFactory();
  private static final String CONSUMED_CAPACITY = ReturnConsumedCapacity.TOTAL.toString();

  private SingleWriteJson() {}

  /** The target header of the write's operation. */
  static String target(SingleWrite w) {
    return "DynamoDB_20120810." + w.op().operation();
  }

  /** Writes the call's body: the table, the item or key, the expressions and placeholders. */
  static void writeRequest(String table, SingleWrite w, boolean askCapacity, OutputStream out) throws IOException {
    SingleWrite.Expressions x = w.expressions();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("TableName", table);
      if (w.op() == SingleWrite.Op.PUT) {
        g.writeFieldName("Item");
        ItemJson.write(g, w.values());
      } else {
        g.writeFieldName("Key");
        ItemJson.write(g, w.key());
      }
      if (x.update() != null) {
        g.writeStringField("UpdateExpression", x.update());
      }
      if (x.condition() != null) {
        g.writeStringField("ConditionExpression", x.condition());
      }
      if (!x.names().isEmpty()) {
        g.writeFieldName("ExpressionAttributeNames");
        g.writeStartObject();
        for (Map.Entry<String, String> e : x.names().entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      if (!x.values().isEmpty()) {
        g.writeFieldName("ExpressionAttributeValues");
        ItemJson.write(g, x.values());
      }
      if (askCapacity) {
        g.writeStringField("ReturnConsumedCapacity", CONSUMED_CAPACITY);
      }
      g.writeEndObject();
    }
  }

  /**
   * A successful response's consumed capacity as a BatchWriteItem response with nothing
   * unprocessed (no capacity when the body names none).
   *
   * @throws IOException when the body is not a JSON object
   */
  static BatchWriteItemResponse readResponse(byte[] body, int length) throws IOException {
    Double units = null;
    if (length > 0) {
      try (JsonParser p = JSON.createParser(body, 0, length)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new IOException("the response is not a JSON object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String member = p.currentName();
          JsonToken value = p.nextToken();
          if (member.equals("ConsumedCapacity") && value == JsonToken.START_OBJECT) {
            units = BatchWriteJson.readCapacity(p).capacityUnits();
          } else {
            p.skipChildren();
          }
        }
      }
    }
    return answer(units);
  }

  /** The call through an SDK client, answered as {@link #readResponse} answers. */
  static CompletableFuture<BatchWriteItemResponse> send(DynamoDbAsyncClient client, String table, SingleWrite w) {
    SingleWrite.Expressions x = w.expressions();
    Map<String, String> names = x.names().isEmpty() ? null : x.names();
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> values =
        x.values().isEmpty() ? null : x.values();
    switch (w.op()) {
      case UPDATE:
        return client.updateItem(UpdateItemRequest.builder().tableName(table).key(w.key())
                .updateExpression(x.update()).conditionExpression(x.condition())
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build())
            .thenApply(r -> answer(units(r.consumedCapacity())));
      case DELETE:
        return client.deleteItem(DeleteItemRequest.builder().tableName(table).key(w.key())
                .conditionExpression(x.condition())
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build())
            .thenApply(r -> answer(units(r.consumedCapacity())));
      case PUT:
      default:
        return client.putItem(PutItemRequest.builder().tableName(table).item(w.values())
                .conditionExpression(x.condition())
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build())
            .thenApply(r -> answer(units(r.consumedCapacity())));
    }
  }

  private static Double units(ConsumedCapacity c) {
    return c == null ? null : c.capacityUnits();
  }

  private static BatchWriteItemResponse answer(Double units) {
    BatchWriteItemResponse.Builder response = BatchWriteItemResponse.builder().unprocessedItems(Map.of());
    if (units != null) {
      response.consumedCapacity(List.of(ConsumedCapacity.builder().capacityUnits(units).build()));
    }
    return response.build();
  }
}
