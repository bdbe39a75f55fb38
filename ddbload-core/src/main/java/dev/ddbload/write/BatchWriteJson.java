package dev.ddbload.write;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbload.batch.WriteItem;
import dev.ddbload.item.ItemJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchWriteItem's JSON (protocol {@code awsJson1_0}), written and read with Jackson straight from
 * and to the SDK's model objects, without the SDK's marshalling pipeline; the writer's own calls
 * are assembled from the JSON each {@link WriteItem} carries. The request body is the
 * bytes the SDK writes for the same request (members in model order, {@code RequestItems},
 * {@code ReturnConsumedCapacity}, {@code ReturnItemCollectionMetrics}; one member per
 * attribute value; binaries in base64); {@code BatchWriteJsonTest} checks it byte for byte.
 * Thread-safe.
 */
public final class BatchWriteJson {

  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper TREES = new ObjectMapper(JSON);

  /** Envelopes of the calls the writer makes, by table: the body before and after the items. */
  private static final Map<String, byte[][]> ENVELOPES = new ConcurrentHashMap<>();
  private static final String CONSUMED_CAPACITY = ReturnConsumedCapacity.TOTAL.toString();

  private BatchWriteJson() {}

  /**
   * The request the writer sends: the items' write requests to the table, with
   * {@code ReturnConsumedCapacity} {@code TOTAL}.
   */
  public static BatchWriteItemRequest request(String table, List<WriteItem> items) {
    List<WriteRequest> requests = new ArrayList<>(items.size());
    for (WriteItem item : items) {
      requests.add(readWriteRequest(item.requestJson()));
    }
    return BatchWriteItemRequest.builder()
        .requestItems(Map.of(table, requests))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
        .build();
  }

  /**
   * Writes the JSON body of {@link #request(String, List)} from the items' JSON as the read lanes
   * wrote it, without parsing or re-encoding them: the same bytes as
   * {@link #writeRequest(BatchWriteItemRequest, OutputStream)} writes for that request.
   */
  public static void writeRequest(String table, List<WriteItem> items, OutputStream out) throws IOException {
    writeRequest(table, items, true, out);
  }

  /**
   * Writes that body, asking for the consumed capacity or not: DynamoDB Local spends about a third
   * more CPU on a call that asks ({@link DirectBatchWriteClient#askConsumedCapacity}).
   */
  static void writeRequest(String table, List<WriteItem> items, boolean askCapacity, OutputStream out)
      throws IOException {
    String key = askCapacity ? table : "\0" + table;
    byte[][] envelope = ENVELOPES.get(key);
    if (envelope == null) {
      envelope = envelope(table, askCapacity);
      if (ENVELOPES.size() < 64) {
        ENVELOPES.put(key, envelope);
      }
    }
    out.write(envelope[0]);
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      items.get(i).writeRequestJson(out);
    }
    out.write(envelope[1]);
  }

  /** What a body to the table has before its first item and after its last, written by Jackson. */
  private static byte[][] envelope(String table, boolean askCapacity) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName("RequestItems");
      g.writeStartObject();
      g.writeFieldName(table);
      g.writeStartArray();
      g.flush();
      byte[] before = out.toByteArray();
      out.reset();
      g.writeEndArray();
      g.writeEndObject();
      if (askCapacity) {
        g.writeStringField("ReturnConsumedCapacity", CONSUMED_CAPACITY);
      }
      g.writeEndObject();
      g.flush();
      return new byte[][] {before, out.toByteArray()};
    }
  }

  /** A write request from its JSON ({@code {"PutRequest":{"Item":{...}}}} or a delete). */
  static WriteRequest readWriteRequest(byte[] json) {
    try {
      return writeRequest(TREES.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException("a write request's JSON could not be read back: " + e.getMessage(), e);
    }
  }

  /** Writes the request's JSON body. */
  public static void writeRequest(BatchWriteItemRequest request, OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName("RequestItems");
      g.writeStartObject();
      for (Map.Entry<String, List<WriteRequest>> table : request.requestItems().entrySet()) {
        g.writeFieldName(table.getKey());
        g.writeStartArray();
        for (WriteRequest w : table.getValue()) {
          writeWriteRequest(g, w);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      if (request.returnConsumedCapacityAsString() != null) {
        g.writeStringField("ReturnConsumedCapacity", request.returnConsumedCapacityAsString());
      }
      if (request.returnItemCollectionMetricsAsString() != null) {
        g.writeStringField("ReturnItemCollectionMetrics", request.returnItemCollectionMetricsAsString());
      }
      g.writeEndObject();
    }
  }

  private static void writeWriteRequest(JsonGenerator g, WriteRequest w) throws IOException {
    g.writeStartObject();
    if (w.putRequest() != null) {
      g.writeFieldName("PutRequest");
      g.writeStartObject();
      g.writeFieldName("Item");
      writeMap(g, w.putRequest().item());
      g.writeEndObject();
    }
    if (w.deleteRequest() != null) {
      g.writeFieldName("DeleteRequest");
      g.writeStartObject();
      g.writeFieldName("Key");
      writeMap(g, w.deleteRequest().key());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeMap(JsonGenerator g, Map<String, AttributeValue> map) throws IOException {
    ItemJson.write(g, map);
  }

  /**
   * Reads a successful response: {@code UnprocessedItems} and {@code ConsumedCapacity}; other
   * members (item collection metrics) are skipped. Streamed: a response with nothing unprocessed
   * (almost every one) builds no tree.
   *
   * @throws IOException when the body is not the JSON of a BatchWriteItem response
   */
  public static BatchWriteItemResponse readResponse(byte[] body, int length) throws IOException {
    Map<String, List<WriteRequest>> items = new LinkedHashMap<>();
    List<ConsumedCapacity> capacities = null;
    try (JsonParser p = JSON.createParser(body, 0, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the BatchWriteItem response is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String member = p.currentName();
        JsonToken value = p.nextToken();
        if (member.equals("UnprocessedItems") && value == JsonToken.START_OBJECT) {
          readUnprocessed(p, items);
        } else if (member.equals("ConsumedCapacity") && value == JsonToken.START_ARRAY) {
          capacities = readConsumedCapacity(p);
        } else {
          p.skipChildren();
        }
      }
    }
    BatchWriteItemResponse.Builder response = BatchWriteItemResponse.builder().unprocessedItems(items);
    if (capacities != null) {
      response.consumedCapacity(capacities);
    }
    return response.build();
  }

  private static void readUnprocessed(JsonParser p, Map<String, List<WriteRequest>> items) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String table = p.currentName();
      p.nextToken();
      JsonNode requests = TREES.readTree(p);
      if (requests == null || !requests.isArray()) {
        throw new IOException("the unprocessed items of " + table + " are not an array");
      }
      List<WriteRequest> list = new ArrayList<>(requests.size());
      for (JsonNode w : requests) {
        list.add(writeRequest(w));
      }
      items.put(table, list);
    }
  }

  /** A {@code ConsumedCapacity} array, the parser on its start (any call's answer carries one so). */
  static List<ConsumedCapacity> readConsumedCapacity(JsonParser p) throws IOException {
    List<ConsumedCapacity> capacities = new ArrayList<>(1);
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      capacities.add(readCapacity(p));
    }
    return capacities;
  }

  /**
   * One {@code ConsumedCapacity} object, the parser on its start: its table and units (a single
   * write's answer carries one object, not an array).
   */
  static ConsumedCapacity readCapacity(JsonParser p) throws IOException {
    ConsumedCapacity.Builder c = ConsumedCapacity.builder();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String member = p.currentName();
      JsonToken value = p.nextToken();
      if (member.equals("TableName") && value == JsonToken.VALUE_STRING) {
        c.tableName(p.getText());
      } else if (member.equals("CapacityUnits") && value.isNumeric()) {
        c.capacityUnits(p.getDoubleValue());
      } else {
        p.skipChildren();
      }
    }
    return c.build();
  }

  /** The error code and message of an error response; the code without its namespace. */
  static String[] readError(byte[] body, int length) {
    try {
      JsonNode root = TREES.readTree(JSON.createParser(body, 0, length));
      if (root == null || !root.isObject()) {
        return new String[] {null, null};
      }
      String type = root.hasNonNull("__type") ? root.get("__type").asText() : null;
      if (type != null && type.indexOf('#') >= 0) {
        type = type.substring(type.lastIndexOf('#') + 1);
      }
      JsonNode message = root.hasNonNull("message") ? root.get("message") : root.get("Message");
      return new String[] {type, message == null || message.isNull() ? null : message.asText()};
    } catch (IOException e) {
      return new String[] {null, null};
    }
  }

  private static WriteRequest writeRequest(JsonNode w) throws IOException {
    JsonNode put = w.get("PutRequest");
    if (put != null) {
      Map<String, AttributeValue> item = map(put.get("Item"));
      return WriteRequest.builder().putRequest(p -> p.item(item)).build();
    }
    JsonNode delete = w.get("DeleteRequest");
    if (delete != null) {
      Map<String, AttributeValue> key = map(delete.get("Key"));
      return WriteRequest.builder().deleteRequest(d -> d.key(key)).build();
    }
    throw new IOException("an unprocessed item is neither a PutRequest nor a DeleteRequest");
  }

  private static Map<String, AttributeValue> map(JsonNode node) throws IOException {
    if (node == null || !node.isObject()) {
      throw new IOException("expected a map of attribute values");
    }
    Map<String, AttributeValue> map = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
      Map.Entry<String, JsonNode> f = fields.next();
      map.put(f.getKey(), value(f.getValue()));
    }
    return map;
  }

  private static AttributeValue value(JsonNode node) throws IOException {
    if (node == null || !node.isObject() || node.size() != 1) {
      throw new IOException("expected an attribute value with one member");
    }
    Map.Entry<String, JsonNode> member = node.fields().next();
    JsonNode v = member.getValue();
    switch (member.getKey()) {
      case "S":
        return AttributeValue.fromS(v.asText());
      case "N":
        return AttributeValue.fromN(v.asText());
      case "B":
        return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText())));
      case "BOOL":
        return AttributeValue.fromBool(v.asBoolean());
      case "NULL":
        return AttributeValue.fromNul(v.asBoolean());
      case "SS":
        return AttributeValue.fromSs(texts(v));
      case "NS":
        return AttributeValue.fromNs(texts(v));
      case "BS":
        List<SdkBytes> bs = new ArrayList<>();
        for (String s : texts(v)) {
          bs.add(SdkBytes.fromByteArray(Base64.getDecoder().decode(s)));
        }
        return AttributeValue.fromBs(bs);
      case "L":
        List<AttributeValue> l = new ArrayList<>(v.size());
        for (JsonNode e : v) {
          l.add(value(e));
        }
        return AttributeValue.fromL(l);
      case "M":
        return AttributeValue.fromM(map(v));
      default:
        throw new IOException("unknown attribute value type " + member.getKey());
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>(array.size());
    for (JsonNode e : array) {
      out.add(e.asText());
    }
    return out;
  }
}
