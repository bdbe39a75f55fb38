package dev.ddbload.jobs;

/**
 * A job's record counts over all its runs. At the end of a job they add up:
 * {@code records = written + rejected + superseded + skippedOnCondition}; while it runs,
 * {@code records} is what the last checkpoint counts as finished.
 *
 * @param records records of the dataset finished (written, rejected, superseded or skipped on a
 *     condition)
 * @param written records written to the table
 * @param rejected records in the rejects file
 * @param superseded records replaced by a later record with the same key before being sent
 * @param skippedOnCondition records not written because DynamoDB refused their condition: the key
 *     existed (insert mode) or the stored version was not older (if newer); 0 in a job item
 *     recorded before the ledger counted them
 */
public record JobCounts(long records, long written, long rejected, long superseded, long skippedOnCondition) {

  /** Nothing counted yet. */
  public static final JobCounts NONE = new JobCounts(0, 0, 0, 0, 0);
}
