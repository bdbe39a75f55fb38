package dev.ddbload.item;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes an item as DynamoDB JSON ({@code {"id":{"S":"x"}}}): one line for the rejects file of
 * formats whose records are not kept as text (JSON arrays, Ion), and each record's write request
 * as a BatchWriteItem body carries it ({@link #putRequest}, {@link #deleteRequest}), written once
 * by the read lane while the item is fresh. Thread-safe.
 */
public final class ItemJson {

  private static final JsonFactory JSON = new JsonFactory();
  /** One generator per thread for write requests, kept between records (no separator between them). */
  private static final ThreadLocal<Requests> REQUESTS = new ThreadLocal<>();
  /** A thread's request buffer grown past this by a large item is not kept for the next. */
  private static final int KEPT_BUFFER_BYTES = 64 * 1024;

  private ItemJson() {}

  /**
   * The put request of the item as BatchWriteItem's JSON writes it:
   * {@code {"PutRequest":{"Item":{...}}}}, in UTF-8.
   */
  public static byte[] putRequest(Map<String, AttributeValue> item) {
    return request("PutRequest", "Item", item);
  }

  /** The delete request of the key: {@code {"DeleteRequest":{"Key":{...}}}}, in UTF-8. */
  public static byte[] deleteRequest(Map<String, AttributeValue> key) {
    return request("DeleteRequest", "Key", key);
  }

  private static byte[] request(String kind, String member, Map<String, AttributeValue> map) {
    Requests r = REQUESTS.get();
    if (r == null) {
      r = new Requests();
      REQUESTS.set(r);
    }
    boolean done = false;
    try {
      JsonGenerator g = r.generator;
      g.writeStartObject();
      g.writeFieldName(kind);
      g.writeStartObject();
      g.writeFieldName(member);
      writeMap(g, map);
      g.writeEndObject();
      g.writeEndObject();
      g.flush();
      byte[] json = r.out.toByteArray();
      done = true;
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      // A generator left mid-object by a failure, or a buffer grown by a large item, is not kept.
      if (!done || r.out.size() > KEPT_BUFFER_BYTES) {
        REQUESTS.remove();
      }
      r.out.reset();
    }
  }

  /** A generator kept for the thread's write requests and the buffer it writes to. */
  private static final class Requests {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    final JsonGenerator generator;

    Requests() {
      try {
        generator = JSON.createGenerator(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      generator.setRootValueSeparator(null);
    }
  }

  /** The item in DynamoDB JSON. */
  public static String toJson(Map<String, AttributeValue> item) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writeMap(g, item);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Writes the item as a DynamoDB JSON object to the generator: the shape of the DynamoDB API's
   * attribute value maps (a BatchWriteItem body writes its items with this).
   */
  public static void write(JsonGenerator g, Map<String, AttributeValue> item) throws IOException {
    writeMap(g, item);
  }

  private static void writeMap(JsonGenerator g, Map<String, AttributeValue> map) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, AttributeValue> e : map.entrySet()) {
      g.writeFieldName(e.getKey());
      write(g, e.getValue());
    }
    g.writeEndObject();
  }

  /** Writes one attribute value as DynamoDB JSON (a PartiQL statement's parameter, say). */
  public static void write(JsonGenerator g, AttributeValue v) throws IOException {
    g.writeStartObject();
    switch (v.type()) {
      case S:
        g.writeStringField("S", v.s());
        break;
      case N:
        g.writeStringField("N", v.n());
        break;
      case B:
        g.writeStringField("B", base64(v.b()));
        break;
      case BOOL:
        g.writeBooleanField("BOOL", v.bool());
        break;
      case NUL:
        g.writeBooleanField("NULL", true);
        break;
      case SS:
        writeStrings(g, "SS", v.ss());
        break;
      case NS:
        writeStrings(g, "NS", v.ns());
        break;
      case BS:
        g.writeArrayFieldStart("BS");
        for (SdkBytes b : v.bs()) {
          g.writeString(base64(b));
        }
        g.writeEndArray();
        break;
      case L:
        g.writeArrayFieldStart("L");
        for (AttributeValue e : v.l()) {
          write(g, e);
        }
        g.writeEndArray();
        break;
      case M:
        g.writeFieldName("M");
        writeMap(g, v.m());
        break;
      default:
        throw new IllegalArgumentException("unknown attribute value type: " + v.type());
    }
    g.writeEndObject();
  }

  private static void writeStrings(JsonGenerator g, String type, List<String> values) throws IOException {
    g.writeArrayFieldStart(type);
    for (String s : values) {
      g.writeString(s);
    }
    g.writeEndArray();
  }

  private static String base64(SdkBytes b) {
    return Base64.getEncoder().encodeToString(b.asByteArrayUnsafe());
  }
}
