package dev.ddbload.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.batch.WriteItem;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.ItemSize;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnItemCollectionMetrics;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Our BatchWriteItem JSON against the SDK's marshaller, byte for byte, and responses read back. */
class BatchWriteJsonTest {

  @Test
  void theRequestBodyIsTheSdksByteForByte() throws IOException {
    Map<String, AttributeValue> item = everyType();
    List<WriteRequest> writes = List.of(
        WriteRequest.builder().putRequest(p -> p.item(item)).build(),
        WriteRequest.builder().deleteRequest(d -> d.key(Map.of("pk", AttributeValue.fromS("gone")))).build());
    Map<String, List<WriteRequest>> tables = new LinkedHashMap<>();
    tables.put("my-table.1", writes);
    tables.put("other", List.of(writes.get(1)));

    for (BatchWriteItemRequest request : List.of(
        BatchWriteItemRequest.builder().requestItems(tables).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
            .build(),
        BatchWriteItemRequest.builder().requestItems(Map.of("t", writes)).build(),
        BatchWriteItemRequest.builder().requestItems(Map.of("t", writes))
            .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE).build())) {
      assertThat(ours(request)).isEqualTo(sdks(request));
    }
  }

  @Test
  void theWritersBodyFromEachItemsJsonIsTheSdksByteForByte() throws IOException {
    Map<String, AttributeValue> item = everyType();
    Map<String, AttributeValue> gone = Map.of("pk", AttributeValue.fromS("gone"));
    SourceRecord record = new SourceRecord(new Origin("in", 1, 0, Origin.UNKNOWN), item, () -> "raw");
    List<WriteItem> items = List.of(WriteItem.put(record, Map.of("pk", item.get("pk")), item, ItemSize.of(item)),
        WriteItem.delete(record, gone));

    BatchWriteItemRequest request = BatchWriteJson.request("my-table.1", items);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    BatchWriteJson.writeRequest("my-table.1", items, body);

    List<WriteRequest> writes = request.requestItems().get("my-table.1");
    assertThat(writes.get(0).putRequest().item()).isEqualTo(item);
    assertThat(writes.get(1).deleteRequest().key()).isEqualTo(gone);
    assertThat(request.returnConsumedCapacity()).isEqualTo(ReturnConsumedCapacity.TOTAL);
    assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo(sdks(request));
  }

  /**
   * Against DynamoDB Local the writer does not ask for the consumed capacity: the body is the SDK's
   * for the request without {@code ReturnConsumedCapacity}, and asking again gives the full body
   * back (the two envelopes are kept apart).
   */
  @Test
  void withoutAskingForCapacityTheBodyIsTheSdksWithoutIt() throws IOException {
    Map<String, AttributeValue> item = everyType();
    SourceRecord record = new SourceRecord(new Origin("in", 1, 0, Origin.UNKNOWN), item, () -> "raw");
    List<WriteItem> items = List.of(WriteItem.put(record, Map.of("pk", item.get("pk")), item, ItemSize.of(item)));
    BatchWriteItemRequest asking = BatchWriteJson.request("t-ask", items);
    BatchWriteItemRequest notAsking = asking.toBuilder().returnConsumedCapacity((String) null).build();

    for (boolean ask : List.of(false, true, false)) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      BatchWriteJson.writeRequest("t-ask", items, ask, body);
      assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo(sdks(ask ? asking : notAsking));
    }
    assertThat(sdks(notAsking)).doesNotContain("ReturnConsumedCapacity");
  }

  /** An item with every attribute type, strings that need escaping and empty containers. */
  private static Map<String, AttributeValue> everyType() {
    Map<String, AttributeValue> nested = new LinkedHashMap<>();
    nested.put("inner", AttributeValue.fromS("x"));
    nested.put("list", AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromNul(true),
        AttributeValue.fromBool(false))));
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.fromS("key \"quoted\" \\ é ✓ \u0001 tab\t/"));
    item.put("n", AttributeValue.fromN("-12.500E+3"));
    item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 0xff, 4})));
    item.put("bool", AttributeValue.fromBool(true));
    item.put("null", AttributeValue.fromNul(true));
    item.put("ss", AttributeValue.fromSs(List.of("a", "b")));
    item.put("ns", AttributeValue.fromNs(List.of("1", "2.5")));
    item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {9}),
        SdkBytes.fromByteArray(new byte[0]))));
    item.put("m", AttributeValue.fromM(nested));
    item.put("emptyList", AttributeValue.fromL(List.of()));
    item.put("emptyMap", AttributeValue.fromM(Map.of()));
    return item;
  }

  @Test
  void aResponseGivesUnprocessedItemsAndConsumedCapacity() throws IOException {
    byte[] body = ("{\"ConsumedCapacity\":[{\"CapacityUnits\":24.0,\"TableName\":\"t\"}],"
        + "\"ItemCollectionMetrics\":{},\"UnprocessedItems\":{\"t\":["
        + "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1.50\"},\"b\":{\"B\":\"AAE=\"},"
        + "\"l\":{\"L\":[{\"BOOL\":true},{\"NULL\":true},{\"M\":{\"x\":{\"SS\":[\"s\"]}}}]},"
        + "\"ns\":{\"NS\":[\"1\"]},\"bs\":{\"BS\":[\"CQ==\"]}}}},"
        + "{\"DeleteRequest\":{\"Key\":{\"pk\":{\"S\":\"d\"}}}}]}}").getBytes(StandardCharsets.UTF_8);

    BatchWriteItemResponse r = BatchWriteJson.readResponse(body, body.length);

    assertThat(r.consumedCapacity()).hasSize(1);
    assertThat(r.consumedCapacity().get(0).capacityUnits()).isEqualTo(24.0);
    assertThat(r.consumedCapacity().get(0).tableName()).isEqualTo("t");
    List<WriteRequest> unprocessed = r.unprocessedItems().get("t");
    assertThat(unprocessed).hasSize(2);
    Map<String, AttributeValue> put = unprocessed.get(0).putRequest().item();
    assertThat(put.get("pk").s()).isEqualTo("a");
    assertThat(put.get("n").n()).isEqualTo("1.50");
    assertThat(put.get("b").b().asByteArray()).containsExactly(0, 1);
    assertThat(put.get("l").l().get(2).m().get("x").ss()).containsExactly("s");
    assertThat(put.get("bs").bs().get(0).asByteArray()).containsExactly(9);
    assertThat(unprocessed.get(1).deleteRequest().key()).containsEntry("pk", AttributeValue.fromS("d"));
  }

  @Test
  void responseMembersInAnyOrderAndUnknownOnesSkipped() throws IOException {
    byte[] body = ("{\"ItemCollectionMetrics\":{\"t\":[{\"ItemCollectionKey\":{\"pk\":{\"S\":\"a\"}},"
        + "\"SizeEstimateRangeGB\":[0,1]}]},\"UnprocessedItems\":{\"t\":[{\"PutRequest\":{\"Item\":"
        + "{\"pk\":{\"S\":\"b\"}}}}]},\"ConsumedCapacity\":[{\"TableName\":\"t\",\"CapacityUnits\":25,"
        + "\"Table\":{\"CapacityUnits\":25}}],\"Future\":[1,{\"x\":[]}]}").getBytes(StandardCharsets.UTF_8);

    BatchWriteItemResponse r = BatchWriteJson.readResponse(body, body.length);

    assertThat(r.unprocessedItems().get("t")).hasSize(1);
    assertThat(r.unprocessedItems().get("t").get(0).putRequest().item()).containsEntry("pk", AttributeValue.fromS("b"));
    assertThat(r.consumedCapacity()).hasSize(1);
    assertThat(r.consumedCapacity().get(0).capacityUnits()).isEqualTo(25.0);
  }

  @Test
  void aResponseThatIsNotWholeJsonIsAnError() {
    for (String text : new String[] {"{\"UnprocessedItems\":{\"t\":[{\"PutRequest\"", "[]", "",
        "{\"UnprocessedItems\":{\"t\":{}}}"}) {
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> BatchWriteJson.readResponse(body, body.length)).as(text).isInstanceOf(IOException.class);
    }
  }

  @Test
  void anEmptyResponseHasNothingUnprocessed() throws IOException {
    byte[] body = "{\"UnprocessedItems\":{}}".getBytes(StandardCharsets.UTF_8);
    BatchWriteItemResponse r = BatchWriteJson.readResponse(body, body.length);
    assertThat(r.unprocessedItems()).isEmpty();
    assertThat(r.consumedCapacity()).isEmpty();
  }

  @Test
  void errorCodesLoseTheirNamespace() {
    byte[] body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\",\"message\":\"no table\"}"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(BatchWriteJson.readError(body, body.length)).containsExactly("ResourceNotFoundException", "no table");
    byte[] upper = "{\"__type\":\"ThrottlingException\",\"Message\":\"slow\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(BatchWriteJson.readError(upper, upper.length)).containsExactly("ThrottlingException", "slow");
    byte[] html = "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8);
    assertThat(BatchWriteJson.readError(html, html.length)).containsExactly(null, null);
  }

  private static String ours(BatchWriteItemRequest request) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BatchWriteJson.writeRequest(request, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** What the SDK's own client sends for the request. */
  private static String sdks(BatchWriteItemRequest request) {
    RecordingHttpClient http = new RecordingHttpClient(200, "{}");
    try (DynamoDbClient client = RecordingHttpClient.sdkClient(http)) {
      client.batchWriteItem(request);
    }
    return http.lastBody();
  }
}
