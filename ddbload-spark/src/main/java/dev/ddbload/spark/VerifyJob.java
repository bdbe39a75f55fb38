package dev.ddbload.spark;

import dev.ddbload.WriteMode;
import dev.ddbload.engine.ItemLoader;
import dev.ddbload.item.DynamoJsonAttributes;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.ItemJson;
import dev.ddbload.item.KeySchema;
import dev.ddbload.verify.ItemComparison;
import java.io.Serializable;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What every task of one verification needs, serialized from the driver to the executors, and
 * the work of its first stage: each row mapped to an item exactly as the writer maps it
 * ({@link ItemMapping}, then the writer's key and size checks), keyed by {@link KeyText} for the
 * shuffle that brings all rows of a key to one task.
 *
 * @param schema the DataFrame's schema, compiled into an {@link ItemMapping} by each task
 * @param options the options
 * @param keySpec the table's key as {@code NAME:TYPE[,NAME:TYPE]}
 * @param rcuPerTask each verifying task's read-rate ceiling in RCU per second ({@code Infinity}: none)
 */
record VerifyJob(StructType schema, SparkVerifyOptions options, String keySpec, double rcuPerTask)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Strings and numbers up to an item's size: the rows' own items travel as DynamoDB JSON. */
  private static final int MAX_VALUE_BYTES = 2 * 1024 * 1024;

  /** Whether every row is a delete (its key expected absent). */
  boolean deletes() {
    return options.write().mode() == WriteMode.DELETE;
  }

  /**
   * A partition's rows as (key text, row) pairs, lazily, then one pair carrying its count of rows
   * the writer would reject.
   */
  Iterator<Tuple2<String, RowEntry>> entries(int partition, Iterator<InternalRow> rows) {
    ItemMapping mapping = ItemMapping.of(schema, options.write());
    KeySchema keys = KeySchema.parse(keySpec);
    boolean deletes = deletes();
    return new Iterator<>() {
      private long index;
      private long notCheckable;
      private boolean countsSent;
      private Tuple2<String, RowEntry> next = advance();

      private Tuple2<String, RowEntry> advance() {
        while (rows.hasNext()) {
          long at = index++;
          try {
            Map<String, AttributeValue> item = mapping.toItem(rows.next());
            Map<String, AttributeValue> key = ItemLoader.validKey(item, keys);
            if (!deletes) {
              ItemLoader.checkedSize(item);
            }
            return new Tuple2<>(KeyText.of(key), RowEntry.row(partition, at, wrap(deletes ? key : item)));
          } catch (InvalidValueException e) {
            notCheckable++;
          }
        }
        if (!countsSent) {
          countsSent = true;
          return new Tuple2<>(KeyText.countsOf(partition), RowEntry.counts(partition, notCheckable));
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Tuple2<String, RowEntry> next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Tuple2<String, RowEntry> t = next;
        next = advance();
        return t;
      }
    };
  }

  /** A parser for the rows' JSON; thread-safe. */
  static DynamoJsonAttributes parser() {
    return new DynamoJsonAttributes(MAX_VALUE_BYTES);
  }

  /** The item (or key) a row's JSON holds. */
  static Map<String, AttributeValue> item(DynamoJsonAttributes parser, String json) {
    try {
      return parser.parseItem(json);
    } catch (InvalidValueException e) {
      throw new IllegalStateException("a row's item could not be read back: " + e.getMessage(), e);
    }
  }

  /** Whether two rows' JSON hold items DynamoDB holds as equal (numbers by value, sets as sets). */
  static boolean sameItem(DynamoJsonAttributes parser, String a, String b) {
    return a.equals(b) || ItemComparison.differences(item(parser, a), item(parser, b)).isEmpty();
  }

  /** As an export line, so that an item whose only attribute is named {@code Item} reads back as itself. */
  private static String wrap(Map<String, AttributeValue> item) {
    return "{\"Item\":" + ItemJson.toJson(item) + "}";
  }
}
