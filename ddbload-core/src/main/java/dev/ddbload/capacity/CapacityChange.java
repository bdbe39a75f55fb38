package dev.ddbload.capacity;

/**
 * One write-capacity change made (or to be made) on a table or an index.
 *
 * @param resource {@code table NAME} or {@code index NAME}
 * @param from write capacity units before
 * @param to write capacity units after
 */
public record CapacityChange(String resource, long from, long to) {

  @Override
  public String toString() {
    return resource + " " + from + " -> " + to + " WCU";
  }
}
