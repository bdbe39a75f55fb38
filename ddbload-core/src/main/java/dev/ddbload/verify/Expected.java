package dev.ddbload.verify;

import dev.ddbload.decode.Origin;
import dev.ddbload.item.KeyAttribute;
import dev.ddbload.item.KeySchema;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One spilled {@link ExpectedRecord}, kept as the bytes it was spilled as and read from them
 * only when needed. Its identity is its key: two are equal when their keys' canonical bytes are.
 *
 * <p>Layout: input, index, line, offset + 1 (unsigned varints), a flag byte (1: the key must be
 * absent), the key's canonical bytes (length, then each key attribute in the table's order: name
 * and value, numbers in {@link KeySchema#keyOf}'s one form), then the item unless absent.
 * Immutable but for {@link #markSeveralInputs}, which the one thread building a partition calls.
 */
final class Expected {

  private static final int ABSENT = 1;

  private final byte[] record;
  private final int input;
  private final long index;
  private final int keyOff;
  private final int keyLen;
  private final long hash;
  private boolean severalInputs;

  private Expected(byte[] record, int input, long index, int keyOff, int keyLen) {
    this.record = record;
    this.input = input;
    this.index = index;
    this.keyOff = keyOff;
    this.keyLen = keyLen;
    this.hash = KeyHash.of(record, keyOff, keyLen);
  }

  /**
   * Writes the record's spilled form to {@code w} (which it resets first).
   *
   * @param keyBytes the key's canonical bytes ({@link #writeKey})
   */
  static void encode(ExpectedRecord r, ItemCodec.Writer keyBytes, ItemCodec.Writer w) {
    w.reset();
    Origin o = r.origin();
    w.varLong(r.input());
    w.varLong(o.index());
    w.varLong(o.line());
    w.varLong(o.offset() + 1);
    w.write(r.expectsAbsence() ? ABSENT : 0);
    w.varLong(keyBytes.size());
    w.write(keyBytes.array(), 0, keyBytes.size());
    if (!r.expectsAbsence()) {
      ItemCodec.writeMap(w, r.item());
    }
  }

  /** The canonical bytes of a key: each key attribute in the table's order, name and value. */
  static void writeKey(ItemCodec.Writer w, KeySchema keys, Map<String, AttributeValue> key) {
    for (KeyAttribute a : keys.attributes()) {
      AttributeValue v = key.get(a.name());
      if (v == null) {
        throw new IllegalArgumentException("key attribute '" + a.name() + "' is missing from the key");
      }
      w.string(a.name());
      ItemCodec.write(w, v);
    }
  }

  /** Writes the key's canonical bytes to {@code w} (which it resets first); returns their hash. */
  static long keyBytes(KeySchema keys, Map<String, AttributeValue> key, ItemCodec.Writer w) {
    w.reset();
    writeKey(w, keys, key);
    return KeyHash.of(w.array(), 0, w.size());
  }

  /** Reads a spilled record's header; the array becomes the instance's (not copied). */
  static Expected parse(byte[] record) {
    ItemCodec.Reader r = new ItemCodec.Reader(record, 0, record.length);
    int input = r.varInt();
    long index = r.varLong();
    r.varLong();
    r.varLong();
    r.read();
    int keyLen = r.varInt();
    return new Expected(record, input, index, r.position(), keyLen);
  }

  /** A key alone (scanned from the table), to look up the record of its key. */
  static Expected probe(byte[] keyBytes) {
    return new Expected(keyBytes, -1, -1, 0, keyBytes.length);
  }

  /** The hash of the key's canonical bytes. */
  long hash() {
    return hash;
  }

  int input() {
    return input;
  }

  /** Whether this record comes after {@code other} in input order. */
  boolean isAfter(Expected other) {
    return input != other.input ? input > other.input : index > other.index;
  }

  /** The spilled bytes' length. */
  int size() {
    return record.length;
  }

  /** Marks the key as found in more than one input. */
  void markSeveralInputs() {
    severalInputs = true;
  }

  /** Whether records of the key came from more than one input. */
  boolean severalInputs() {
    return severalInputs;
  }

  /** The record read back: its origin (named by {@code inputNames}), key and item. */
  ExpectedRecord decode(List<String> inputNames) {
    ItemCodec.Reader r = new ItemCodec.Reader(record, 0, record.length);
    r.varInt();
    r.varLong();
    long line = r.varLong();
    long offset = r.varLong() - 1;
    boolean absent = (r.read() & ABSENT) != 0;
    int keyLength = r.varInt();
    Map<String, AttributeValue> key = readKey(new ItemCodec.Reader(record, r.position(), keyLength));
    r.skip(keyLength);
    Map<String, AttributeValue> item = absent ? null : ItemCodec.readMap(r);
    String source = input < inputNames.size() ? inputNames.get(input) : "input " + input;
    return new ExpectedRecord(input, new Origin(source, line, index, offset), key, item);
  }

  /** The key alone, read back. */
  Map<String, AttributeValue> key() {
    return readKey(new ItemCodec.Reader(record, keyOff, keyLen));
  }

  /** Reads canonical key bytes back into a map, in the table's key order. */
  static Map<String, AttributeValue> readKey(ItemCodec.Reader r) {
    Map<String, AttributeValue> key = new LinkedHashMap<>(4);
    while (r.hasMore()) {
      String name = r.string();
      key.put(name, ItemCodec.read(r));
    }
    return key;
  }

  /** Whether {@code len} bytes of {@code b} from {@code off} are this record's key bytes. */
  boolean hasKey(byte[] b, int off, int len) {
    return len == keyLen && Arrays.equals(record, keyOff, keyOff + keyLen, b, off, off + len);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Expected e && e.hash == hash && e.hasKey(record, keyOff, keyLen);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hash);
  }
}
