package dev.ddbload.capacity;

/**
 * Read and write capacity units of a table or one of its global secondary indexes.
 *
 * @param read read capacity units
 * @param write write capacity units
 */
public record ProvisionedCapacity(long read, long write) {

  /** The same read capacity with another write capacity. */
  public ProvisionedCapacity withWrite(long newWrite) {
    return new ProvisionedCapacity(read, newWrite);
  }
}
