package dev.ddbload.spark;

import java.io.Serializable;

/**
 * What a verifying task hands the driver, one element at a time: a line of the differences file,
 * or, last, its counts.
 *
 * @param line a JSON line of the differences file, or null
 * @param counts the task's counts, or null
 */
record VerifyOutput(String line, TaskCounts counts) implements Serializable {
  private static final long serialVersionUID = 1L;
}
