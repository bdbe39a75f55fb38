package dev.ddbload.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A compact binary form of DynamoDB attribute values, for the spill files: a type byte, then the
 * value (lengths and counts as unsigned varints, strings in UTF-8, numbers as their text,
 * binaries as their bytes). Exact: what is decoded equals what was encoded, numbers' text
 * included. Stateless; {@link Writer} and {@link Reader} are not thread-safe.
 */
final class ItemCodec {

  private static final byte S = 1;
  private static final byte N = 2;
  private static final byte B = 3;
  private static final byte TRUE = 4;
  private static final byte FALSE = 5;
  private static final byte NULL = 6;
  private static final byte SS = 7;
  private static final byte NS = 8;
  private static final byte BS = 9;
  private static final byte L = 10;
  private static final byte M = 11;

  private ItemCodec() {}

  /** A growable byte buffer written front to back. */
  static final class Writer {
    private byte[] buf;
    private int size;

    Writer(int capacity) {
      buf = new byte[Math.max(16, capacity)];
    }

    int size() {
      return size;
    }

    byte[] array() {
      return buf;
    }

    void reset() {
      size = 0;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }

    void write(int b) {
      ensure(1);
      buf[size++] = (byte) b;
    }

    void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }

    void varLong(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
    }

    void bytes(byte[] b) {
      varLong(b.length);
      write(b, 0, b.length);
    }

    void string(String s) {
      bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }
  }

  /** Reads what a {@link Writer} wrote, from a position in an array. */
  static final class Reader {
    private final byte[] buf;
    private int pos;
    private final int end;

    Reader(byte[] buf, int off, int len) {
      this.buf = buf;
      this.pos = off;
      this.end = off + len;
    }

    int position() {
      return pos;
    }

    boolean hasMore() {
      return pos < end;
    }

    int read() {
      if (pos >= end) {
        throw new IllegalStateException("spilled record ends early");
      }
      return buf[pos++] & 0xFF;
    }

    long varLong() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = read();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalStateException("spilled varint too long");
    }

    int varInt() {
      return Math.toIntExact(varLong());
    }

    byte[] bytes() {
      int n = varInt();
      if (n > end - pos) {
        throw new IllegalStateException("spilled record ends early");
      }
      byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
      pos += n;
      return b;
    }

    String string() {
      int n = varInt();
      if (n > end - pos) {
        throw new IllegalStateException("spilled record ends early");
      }
      String s = new String(buf, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    void skip(int n) {
      pos += n;
    }
  }

  /** Writes a map of attributes: its size, then each name and value in the map's order. */
  static void writeMap(Writer w, Map<String, AttributeValue> map) {
    w.varLong(map.size());
    for (Map.Entry<String, AttributeValue> e : map.entrySet()) {
      w.string(e.getKey());
      write(w, e.getValue());
    }
  }

  /** Reads a map written by {@link #writeMap}, in its order. */
  static Map<String, AttributeValue> readMap(Reader r) {
    int n = r.varInt();
    Map<String, AttributeValue> map = new LinkedHashMap<>(Math.max(4, n * 2));
    for (int i = 0; i < n; i++) {
      String name = r.string();
      map.put(name, read(r));
    }
    return map;
  }

  /** Writes one value. */
  static void write(Writer w, AttributeValue v) {
    switch (v.type()) {
      case S -> {
        w.write(S);
        w.string(v.s());
      }
      case N -> {
        w.write(N);
        w.string(v.n());
      }
      case B -> {
        w.write(B);
        w.bytes(v.b().asByteArrayUnsafe());
      }
      case BOOL -> w.write(Boolean.TRUE.equals(v.bool()) ? TRUE : FALSE);
      case NUL -> w.write(NULL);
      case SS -> writeStrings(w, SS, v.ss());
      case NS -> writeStrings(w, NS, v.ns());
      case BS -> {
        w.write(BS);
        w.varLong(v.bs().size());
        for (SdkBytes b : v.bs()) {
          w.bytes(b.asByteArrayUnsafe());
        }
      }
      case L -> {
        w.write(L);
        w.varLong(v.l().size());
        for (AttributeValue e : v.l()) {
          write(w, e);
        }
      }
      case M -> {
        w.write(M);
        writeMap(w, v.m());
      }
      default -> throw new IllegalArgumentException("unknown attribute value type: " + v.type());
    }
  }

  /** Reads one value. */
  static AttributeValue read(Reader r) {
    int type = r.read();
    return switch (type) {
      case S -> AttributeValue.fromS(r.string());
      case N -> AttributeValue.fromN(r.string());
      case B -> AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(r.bytes()));
      case TRUE -> AttributeValue.fromBool(true);
      case FALSE -> AttributeValue.fromBool(false);
      case NULL -> AttributeValue.fromNul(true);
      case SS -> AttributeValue.fromSs(readStrings(r));
      case NS -> AttributeValue.fromNs(readStrings(r));
      case BS -> {
        int n = r.varInt();
        List<SdkBytes> bs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          bs.add(SdkBytes.fromByteArrayUnsafe(r.bytes()));
        }
        yield AttributeValue.fromBs(bs);
      }
      case L -> {
        int n = r.varInt();
        List<AttributeValue> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          l.add(read(r));
        }
        yield AttributeValue.fromL(l);
      }
      case M -> AttributeValue.fromM(readMap(r));
      default -> throw new IllegalStateException("unknown spilled type " + type);
    };
  }

  private static void writeStrings(Writer w, byte type, List<String> values) {
    w.write(type);
    w.varLong(values.size());
    for (String s : values) {
      w.string(s);
    }
  }

  private static List<String> readStrings(Reader r) {
    int n = r.varInt();
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(r.string());
    }
    return values;
  }
}
