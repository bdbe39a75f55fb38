package dev.ddbload.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Interleaves records within a bounded window so that input sorted by key (as Spark output often
 * is) does not send every write to one partition at a time. Records with the same key leave in
 * their input order, so the last-writer-wins rule still holds. Holds at most {@code size}
 * records. Not thread-safe: one per reader.
 *
 * @param <T> the record type
 */
public final class ShuffleWindow<T> {

  private final int size;
  private final Function<T, Object> keyOf;
  private final RandomGenerator random;
  /** One entry per record held: its key. A random entry picks which key leaves next. */
  private final List<Object> slots;
  /**
   * The records held per key: the record itself while it is the only one with its key (nearly
   * always), an {@link ArrayDeque} of them, oldest first, while there are several.
   */
  private final Map<Object, Object> byKey;

  /**
   * @param size records held at most; 0 turns shuffling off (every record passes straight through)
   * @param keyOf the key of a record; equal keys keep their order
   * @param random picks the order
   */
  public ShuffleWindow(int size, Function<T, Object> keyOf, RandomGenerator random) {
    if (size < 0) {
      throw new IllegalArgumentException("the shuffle window must be 0 or more records");
    }
    this.size = size;
    this.keyOf = Objects.requireNonNull(keyOf, "keyOf");
    this.random = Objects.requireNonNull(random, "random");
    this.slots = new ArrayList<>(Math.min(size, 1 << 16));
    this.byKey = new HashMap<>();
  }

  /**
   * Adds a record; returns the record that leaves the window now (possibly the one added), or
   * null while the window is filling.
   */
  public T add(T record) {
    if (size == 0) {
      return record;
    }
    Object key = keyOf.apply(record);
    slots.add(key);
    Object held = byKey.putIfAbsent(key, record);
    if (held != null) {
      queueOf(key, held).addLast(record);
    }
    return slots.size() > size ? take() : null;
  }

  /** Takes one record in random order (oldest of its key), or null when the window is empty. */
  public T take() {
    if (slots.isEmpty()) {
      return null;
    }
    int i = random.nextInt(slots.size());
    Object key = slots.get(i);
    int last = slots.size() - 1;
    slots.set(i, slots.get(last));
    slots.remove(last);
    Object held = byKey.remove(key);
    if (!(held instanceof ShuffleWindow.Queue)) {
      @SuppressWarnings("unchecked")
      T record = (T) held;
      return record;
    }
    @SuppressWarnings("unchecked")
    Queue<T> queue = (Queue<T>) held;
    T record = queue.pollFirst();
    if (!queue.isEmpty()) {
      byKey.put(key, queue);
    }
    return record;
  }

  /** The queue of records held for the key, made from the one record held so far if needed. */
  @SuppressWarnings("unchecked")
  private Queue<T> queueOf(Object key, Object held) {
    if (held instanceof ShuffleWindow.Queue) {
      return (Queue<T>) held;
    }
    Queue<T> queue = new Queue<>();
    queue.addLast((T) held);
    byKey.put(key, queue);
    return queue;
  }

  /** Records held for one key, oldest first; its own type, so a record is never mistaken for one. */
  private static final class Queue<T> extends ArrayDeque<T> {
    private static final long serialVersionUID = 1L;

    Queue() {
      super(4);
    }
  }

  /** Records held. */
  public int held() {
    return slots.size();
  }
}
