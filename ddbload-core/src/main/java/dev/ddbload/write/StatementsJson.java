package dev.ddbload.write;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ddbload.batch.WriteItem;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementError;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * A BatchExecuteStatement call of single writes ({@link PartiqlWrite}), protocol
 * {@code awsJson1_0}: its JSON body written with Jackson and its answer read back as
 * {@link StatementAnswers}, or the same call through an SDK client. Thread-safe.
 */
final class StatementsJson {

  static final String TARGET = "DynamoDB_20120810.BatchExecuteStatement";
  private static final JsonFactory JSON = new JsonFactory();
  private static final String CONSUMED_CAPACITY = ReturnConsumedCapacity.TOTAL.toString();

  private StatementsJson() {}

  /** Writes the call's body: each item's statement and parameters, asking for the consumed capacity or not. */
  static void writeRequest(String table, List<WriteItem> items, boolean askCapacity, OutputStream out)
      throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("Statements");
      for (WriteItem item : items) {
        PartiqlWrite.write(g, table, item);
      }
      g.writeEndArray();
      if (askCapacity) {
        g.writeStringField("ReturnConsumedCapacity", CONSUMED_CAPACITY);
      }
      g.writeEndObject();
    }
  }

  /**
   * A successful response: each statement's error code, message and whether it returned an item,
   * and the consumed capacity summed over its tables.
   *
   * @throws IOException when the body is not a JSON object
   */
  static StatementAnswers readResponse(byte[] body, int length) throws IOException {
    List<StatementAnswers.Result> results = new ArrayList<>();
    Double units = null;
    try (JsonParser p = JSON.createParser(body, 0, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the response is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String member = p.currentName();
        JsonToken value = p.nextToken();
        if (member.equals("Responses") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            results.add(readResult(p));
          }
        } else if (member.equals("ConsumedCapacity") && value == JsonToken.START_ARRAY) {
          units = sum(BatchWriteJson.readConsumedCapacity(p));
        } else {
          p.skipChildren();
        }
      }
    }
    return new StatementAnswers(units, results);
  }

  /** The units of the capacities summed over their tables, or null when none names any. */
  private static Double sum(List<ConsumedCapacity> capacities) {
    Double units = null;
    for (ConsumedCapacity c : capacities) {
      if (c.capacityUnits() != null) {
        units = (units == null ? 0 : units) + c.capacityUnits();
      }
    }
    return units;
  }

  /** One member of {@code Responses}, the parser on its start. */
  private static StatementAnswers.Result readResult(JsonParser p) throws IOException {
    String code = null;
    String message = null;
    boolean item = false;
    boolean error = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String member = p.currentName();
      JsonToken value = p.nextToken();
      if (member.equals("Error") && value == JsonToken.START_OBJECT) {
        error = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String inner = p.currentName();
          JsonToken v = p.nextToken();
          if (inner.equals("Code") && v == JsonToken.VALUE_STRING) {
            code = p.getText();
          } else if (inner.equals("Message") && v == JsonToken.VALUE_STRING) {
            message = p.getText();
          } else if (inner.equals("Item") && v == JsonToken.START_OBJECT) {
            item = true;
            p.skipChildren();
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
    if (!error) {
      return StatementAnswers.Result.DONE;
    }
    return new StatementAnswers.Result(code == null ? "UnknownError" : code, message, item);
  }

  /** The call through an SDK client, answered as {@link #readResponse} answers. */
  static CompletableFuture<StatementAnswers> send(DynamoDbAsyncClient client, String table, List<WriteItem> items) {
    List<BatchStatementRequest> statements = new ArrayList<>(items.size());
    for (WriteItem item : items) {
      PartiqlWrite.Statement s = PartiqlWrite.of(table, item);
      statements.add(BatchStatementRequest.builder().statement(s.text()).parameters(s.parameters())
          .returnValuesOnConditionCheckFailure(s.returnOld() ? ReturnValuesOnConditionCheckFailure.ALL_OLD : null)
          .build());
    }
    return client.batchExecuteStatement(BatchExecuteStatementRequest.builder().statements(statements)
            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build())
        .thenApply(r -> {
          List<StatementAnswers.Result> results = new ArrayList<>(r.responses().size());
          for (BatchStatementResponse s : r.responses()) {
            BatchStatementError e = s.error();
            results.add(e == null ? StatementAnswers.Result.DONE
                : new StatementAnswers.Result(e.codeAsString() == null ? "UnknownError" : e.codeAsString(),
                    e.message(), e.hasItem() && e.item() != null));
          }
          return new StatementAnswers(sum(r.consumedCapacity()), results);
        });
  }
}
