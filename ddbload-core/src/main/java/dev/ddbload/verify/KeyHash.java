package dev.ddbload.verify;

/**
 * A 64-bit hash of a key's canonical bytes (FNV-1a, then MurmurHash3's finalizer), the same on
 * every run and machine, from which the sample and the spill partitions are drawn, each from a
 * differently salted mix so that they do not correlate. Stateless.
 */
final class KeyHash {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long SAMPLE_SALT = 0x5DEECE66DL;
  private static final long PARTITION_SALT = 0x9E3779B97F4A7C15L;

  private KeyHash() {}

  /** The hash of {@code len} bytes of {@code b} from {@code off}. */
  static long of(byte[] b, int off, int len) {
    long h = FNV_OFFSET;
    for (int i = off; i < off + len; i++) {
      h ^= b[i] & 0xFF;
      h *= FNV_PRIME;
    }
    return mix(h);
  }

  /** Whether a key of this hash is in a sample of {@code fraction} (1: every key). */
  static boolean sampled(long hash, double fraction) {
    if (fraction >= 1) {
      return true;
    }
    double u = (mix(hash ^ SAMPLE_SALT) >>> 11) * 0x1.0p-53;
    return u < fraction;
  }

  /** The partition, of {@code partitions}, of a key of this hash at split level {@code level} (0 first). */
  static int partition(long hash, int level, int partitions) {
    return (int) Long.remainderUnsigned(mix(hash ^ (PARTITION_SALT * (level + 1))), partitions);
  }

  /** MurmurHash3's 64-bit finalizer: every input bit reaches every output bit. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
