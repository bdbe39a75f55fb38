package dev.ddbload.spark;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BiPredicate;
import scala.Tuple2;

/**
 * The rows of one verifying task, grouped by key: the task's shuffle output is sorted by
 * {@link KeyText}, so the rows of a key come one after another and only the current key is held.
 * A key of one row is checked against it. A key of several rows has no "last" row in Spark (rows
 * in different partitions are written in whatever order the tasks run): when all its rows map to
 * equal items it is checked against the first row (partition, then index), and the others are
 * counted as repeated; else it is ambiguous and not checked. The partitions' counts of rows that
 * cannot be checked are summed, not returned. Not thread-safe.
 */
final class KeyGroups implements Iterator<KeyGroups.Group> {

  /**
   * One key's rows.
   *
   * @param first the key's first row in the DataFrame (partition, then index)
   * @param rows how many rows have the key
   * @param ambiguous whether they map to items that differ
   */
  record Group(RowEntry first, long rows, boolean ambiguous) {}

  private final Iterator<Tuple2<String, RowEntry>> sorted;
  private final BiPredicate<String, String> sameItem;
  private Tuple2<String, RowEntry> next;
  private long notCheckable;
  private long rows;

  /**
   * @param sorted the task's rows sorted by key text, counts among them
   * @param sameItem whether two rows' JSON give items DynamoDB holds as equal
   */
  KeyGroups(Iterator<Tuple2<String, RowEntry>> sorted, BiPredicate<String, String> sameItem) {
    this.sorted = sorted;
    this.sameItem = sameItem;
    advance();
  }

  /** Rows the writer would reject, summed over the counts seen so far. */
  long notCheckable() {
    return notCheckable;
  }

  /** Rows seen so far, those that cannot be checked included. */
  long rows() {
    return rows + notCheckable;
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public Group next() {
    if (next == null) {
      throw new NoSuchElementException();
    }
    String key = next._1();
    RowEntry seen = next._2();
    RowEntry first = seen;
    long count = 1;
    boolean ambiguous = false;
    advance();
    while (next != null && next._1().equals(key)) {
      RowEntry e = next._2();
      count++;
      if (!ambiguous && !sameItem.test(seen.json(), e.json())) {
        ambiguous = true;
      }
      if (e.before(first)) {
        first = e;
      }
      advance();
    }
    rows += count;
    return new Group(first, count, ambiguous);
  }

  /** Moves to the next row, summing the counts on the way. */
  private void advance() {
    next = null;
    while (sorted.hasNext()) {
      Tuple2<String, RowEntry> t = sorted.next();
      if (KeyText.isCounts(t._1())) {
        notCheckable += t._2().notCheckable();
      } else {
        next = t;
        return;
      }
    }
  }
}
