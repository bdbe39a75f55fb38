package dev.ddbload.item;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's key attributes as an immutable map that computes its hash code once. Keys are
 * looked up several times per record on the way to DynamoDB (shuffle window, key ordering,
 * batcher), and an {@link AttributeValue}'s hash code walks all of its ten members; caching it
 * keeps that to once per record. Equal to any map with the same entries, with the same hash code.
 * Immutable and thread-safe.
 */
final class ItemKey extends AbstractMap<String, AttributeValue> {

  private final String[] names;
  private final AttributeValue[] values;
  private final int hash;
  private Set<Map.Entry<String, AttributeValue>> entries;

  /** A key of one attribute (a partition key). */
  ItemKey(String name, AttributeValue value) {
    this(new String[] {name}, new AttributeValue[] {value});
  }

  /** A key of two attributes (partition and sort key), with distinct names. */
  ItemKey(String partitionName, AttributeValue partition, String sortName, AttributeValue sort) {
    this(new String[] {partitionName, sortName}, new AttributeValue[] {partition, sort});
  }

  private ItemKey(String[] names, AttributeValue[] values) {
    int h = 0;
    for (int i = 0; i < names.length; i++) {
      if (names[i] == null || values[i] == null) {
        throw new NullPointerException("a key attribute and its value must not be null");
      }
      h += names[i].hashCode() ^ values[i].hashCode();
    }
    this.names = names;
    this.values = values;
    this.hash = h;
  }

  @Override
  public AttributeValue get(Object name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object name) {
    return get(name) != null;
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (o instanceof ItemKey other) {
      if (other.hash != hash || other.names.length != names.length) {
        return false;
      }
      for (int i = 0; i < names.length; i++) {
        if (!values[i].equals(other.get(names[i]))) {
          return false;
        }
      }
      return true;
    }
    return super.equals(o);
  }

  @Override
  public Set<Map.Entry<String, AttributeValue>> entrySet() {
    if (entries == null) {
      entries = new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, AttributeValue>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < names.length;
            }

            @Override
            public Map.Entry<String, AttributeValue> next() {
              if (next >= names.length) {
                throw new NoSuchElementException();
              }
              int i = next++;
              return new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]);
            }
          };
        }

        @Override
        public int size() {
          return names.length;
        }
      };
    }
    return entries;
  }
}
