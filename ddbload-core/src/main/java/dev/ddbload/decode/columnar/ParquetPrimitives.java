package dev.ddbload.decode.columnar;

import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.TimeEncoding;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * parquet-java converters for primitive columns, by physical and logical type, following
 * {@link ColumnValues}' rules; text columns convert each dictionary entry once. A value DynamoDB
 * cannot hold goes to the row's failure handler instead of the sink. Not thread-safe: one row
 * assembler.
 */
final class ParquetPrimitives {

  /** Takes a converted value. */
  @FunctionalInterface
  interface Sink {
    void accept(AttributeValue value);
  }

  /** Converts one primitive value, which may be invalid for DynamoDB. */
  @FunctionalInterface
  private interface ValueOf<T> {
    AttributeValue convert(T value) throws InvalidValueException;
  }

  private final TimeEncoding time;
  private final Consumer<InvalidValueException> fail;

  ParquetPrimitives(TimeEncoding time, Consumer<InvalidValueException> fail) {
    this.time = time;
    this.fail = fail;
  }

  private void fail(InvalidValueException e) {
    fail.accept(e);
  }

  static boolean isText(LogicalTypeAnnotation a) {
    return a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
        || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
  }

  /**
   * The converter of a primitive column.
   *
   * @throws IllegalArgumentException naming a column whose type cannot be written
   */
  Converter primitive(PrimitiveType type, String path, Sink sink) {
    LogicalTypeAnnotation a = type.getLogicalTypeAnnotation();
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN:
        return new PrimitiveConverter() {
          @Override
          public void addBoolean(boolean value) {
            sink.accept(AttributeValue.fromBool(value));
          }
        };
      case INT32:
        return ints(type, path, sink, a);
      case INT64:
        return longs(type, path, sink, a);
      case INT96:
        return binaries(sink, b -> ColumnValues.int96(b.getBytes(), time), false);
      case FLOAT:
        return new PrimitiveConverter() {
          @Override
          public void addFloat(float value) {
            try {
              sink.accept(ColumnValues.floating(path, value));
            } catch (InvalidValueException e) {
              fail(e);
            }
          }
        };
      case DOUBLE:
        return new PrimitiveConverter() {
          @Override
          public void addDouble(double value) {
            try {
              sink.accept(ColumnValues.floating(path, value));
            } catch (InvalidValueException e) {
              fail(e);
            }
          }
        };
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        if (a == null || a instanceof LogicalTypeAnnotation.BsonLogicalTypeAnnotation) {
          return binaries(sink, b -> AttributeValue.fromB(SdkBytes.fromByteArray(b.getBytes())), false);
        }
        if (isText(a)) {
          return binaries(sink, b -> AttributeValue.fromS(b.toStringUsingUTF8()), true);
        }
        if (a instanceof DecimalLogicalTypeAnnotation d) {
          return binaries(sink, b -> ColumnValues.decimal(path, b.getBytes(), d.getScale()), false);
        }
        if (a instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
          return binaries(sink, b -> {
            ByteBuffer u = b.toByteBuffer();
            return AttributeValue.fromS(new UUID(u.getLong(u.position()), u.getLong(u.position() + 8)).toString());
          }, false);
        }
        throw ParquetItems.unsupported(path, type);
      default:
        throw ParquetItems.unsupported(path, type);
    }
  }

  private Converter ints(PrimitiveType type, String path, Sink sink, LogicalTypeAnnotation a) {
    ValueOf<Integer> f;
    if (a == null || (a instanceof IntLogicalTypeAnnotation i && i.isSigned())) {
      f = v -> AttributeValue.fromN(Integer.toString(v));
    } else if (a instanceof IntLogicalTypeAnnotation) {
      f = v -> AttributeValue.fromN(Integer.toUnsignedString(v));
    } else if (a instanceof DecimalLogicalTypeAnnotation d) {
      f = v -> ColumnValues.decimal(path, v, d.getScale());
    } else if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      f = v -> ColumnValues.date(v, time);
    } else if (a instanceof TimeLogicalTypeAnnotation t && t.getUnit() == TimeUnit.MILLIS) {
      f = v -> ColumnValues.timeOfDay(v, 3);
    } else {
      throw ParquetItems.unsupported(path, type);
    }
    return new PrimitiveConverter() {
      @Override
      public void addInt(int value) {
        try {
          sink.accept(f.convert(value));
        } catch (InvalidValueException e) {
          fail(e);
        }
      }
    };
  }

  private Converter longs(PrimitiveType type, String path, Sink sink, LogicalTypeAnnotation a) {
    ValueOf<Long> f;
    if (a == null || (a instanceof IntLogicalTypeAnnotation i && i.isSigned())) {
      f = v -> AttributeValue.fromN(Long.toString(v));
    } else if (a instanceof IntLogicalTypeAnnotation) {
      f = v -> AttributeValue.fromN(Long.toUnsignedString(v));
    } else if (a instanceof DecimalLogicalTypeAnnotation d) {
      f = v -> ColumnValues.decimal(path, v, d.getScale());
    } else if (a instanceof TimestampLogicalTypeAnnotation t) {
      int digits = digits(t.getUnit());
      boolean utc = t.isAdjustedToUTC();
      f = v -> ColumnValues.timestamp(v, digits, utc, time);
    } else if (a instanceof TimeLogicalTypeAnnotation t) {
      int digits = digits(t.getUnit());
      f = v -> ColumnValues.timeOfDay(v, digits);
    } else {
      throw ParquetItems.unsupported(path, type);
    }
    return new PrimitiveConverter() {
      @Override
      public void addLong(long value) {
        try {
          sink.accept(f.convert(value));
        } catch (InvalidValueException e) {
          fail(e);
        }
      }
    };
  }

  private static int digits(TimeUnit unit) {
    return switch (unit) {
      case MILLIS -> 3;
      case MICROS -> 6;
      case NANOS -> 9;
    };
  }

  /** Binary values; text ones through the page's dictionary, converted once per entry. */
  private Converter binaries(Sink sink, ValueOf<Binary> f, boolean dictionary) {
    return new PrimitiveConverter() {
      private AttributeValue[] entries;

      @Override
      public void addBinary(Binary value) {
        try {
          sink.accept(f.convert(value));
        } catch (InvalidValueException e) {
          fail(e);
        }
      }

      @Override
      public boolean hasDictionarySupport() {
        return dictionary;
      }

      @Override
      public void setDictionary(Dictionary d) {
        entries = new AttributeValue[d.getMaxId() + 1];
        for (int id = 0; id <= d.getMaxId(); id++) {
          try {
            entries[id] = f.convert(d.decodeToBinary(id));
          } catch (InvalidValueException e) {
            entries[id] = null;
          }
        }
      }

      @Override
      public void addValueFromDictionary(int id) {
        sink.accept(entries[id]);
      }
    };
  }
}
