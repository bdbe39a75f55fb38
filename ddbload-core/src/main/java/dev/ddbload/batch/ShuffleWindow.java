package dev.ddbload.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * Interleaves records within a bounded window so that input sorted by key (as Spark output often
 * is) does not send every write to one partition at a time. Records with the same key leave in
 * their input order, so the last-writer-wins rule still holds. Holds at most {@code size}
 * records, and at most about {@code maxBytes} of them (so that large items cannot fill the heap:
 * 10,000 items of 400 KB would be 4 GB).
 *
 * <p>Records are shuffled in blocks of {@code size / 2} records or {@code maxBytes / 2} bytes,
 * whichever is reached first: while one block fills, the block before
 * it leaves in random order, one record per record added. So every record leaves within
 * {@code size} records of arriving; a resumed load's checkpoint (the oldest record not yet
 * written) never lags the reader by more than that. (A window that let a random record out
 * each time would keep some records for many times its size.) Not thread-safe: one per reader.
 *
 * @param <T> the record type
 */
public final class ShuffleWindow<T> {

  private final int blockSize;
  private final long blockBytes;
  private final Function<T, Object> keyOf;
  private final ToIntFunction<T> bytesOf;
  private final RandomGenerator random;
  /** The block filling up, in input order. */
  private List<T> filling;
  private long fillingBytes;
  /** The block leaving, shuffled. */
  private final ArrayDeque<T> leaving;

  /**
   * A window bounded in records only.
   *
   * @param size records held at most; 0 turns shuffling off (every record passes straight through)
   * @param keyOf the key of a record; equal keys keep their order
   * @param random picks the order
   */
  public ShuffleWindow(int size, Function<T, Object> keyOf, RandomGenerator random) {
    this(size, Long.MAX_VALUE, keyOf, record -> 0, random);
  }

  /**
   * @param size records held at most; 0 turns shuffling off (every record passes straight through)
   * @param maxBytes bytes held at most (by {@code bytesOf}), give or take the two last records
   * @param keyOf the key of a record; equal keys keep their order
   * @param bytesOf the size of a record
   * @param random picks the order
   */
  public ShuffleWindow(int size, long maxBytes, Function<T, Object> keyOf, ToIntFunction<T> bytesOf,
      RandomGenerator random) {
    if (size < 0) {
      throw new IllegalArgumentException("the shuffle window must be 0 or more records");
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("the shuffle window must hold more than 0 bytes");
    }
    this.blockSize = size / 2;
    this.blockBytes = Math.max(1, maxBytes / 2);
    this.keyOf = Objects.requireNonNull(keyOf, "keyOf");
    this.bytesOf = Objects.requireNonNull(bytesOf, "bytesOf");
    this.random = Objects.requireNonNull(random, "random");
    this.filling = new ArrayList<>(Math.min(blockSize, 1 << 16));
    this.leaving = new ArrayDeque<>(Math.min(blockSize, 1 << 16));
  }

  /**
   * Adds a record; returns the record that leaves the window now (possibly the one added), or
   * null while the window is filling.
   */
  public T add(T record) {
    if (blockSize <= 1) {
      return record;
    }
    T left = leaving.pollFirst();
    filling.add(record);
    fillingBytes += bytesOf.applyAsInt(record);
    if (filling.size() >= blockSize || fillingBytes >= blockBytes) {
      shuffleOut();
    }
    return left;
  }

  /** Takes one record (the rest of the input is over), or null when the window is empty. */
  public T take() {
    if (leaving.isEmpty() && !filling.isEmpty()) {
      shuffleOut();
    }
    return leaving.pollFirst();
  }

  /** Records held. */
  public int held() {
    return filling.size() + leaving.size();
  }

  /**
   * Moves the filling block to the leaving queue in random order: the keys of a random
   * permutation of the block, each key's records filled into its places in input order.
   */
  private void shuffleOut() {
    int n = filling.size();
    Map<Object, ArrayDeque<T>> byKey = new HashMap<>(n * 2);
    Object[] keys = new Object[n];
    for (int i = 0; i < n; i++) {
      T record = filling.get(i);
      keys[i] = keyOf.apply(record);
      byKey.computeIfAbsent(keys[i], k -> new ArrayDeque<>(2)).addLast(record);
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Object k = keys[i];
      keys[i] = keys[j];
      keys[j] = k;
    }
    for (Object key : keys) {
      leaving.addLast(byKey.get(key).pollFirst());
    }
    filling = new ArrayList<>(Math.min(blockSize, 1 << 16));
    fillingBytes = 0;
  }
}
