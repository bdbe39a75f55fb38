package dev.ddbload.spark;

import org.apache.spark.sql.connector.write.WriterCommitMessage;

/**
 * What one committed task did, sent to the driver.
 *
 * @param partition the partition it wrote
 * @param rows rows it read
 * @param written items DynamoDB acknowledged
 * @param skippedExists rows not written because their key was in the table (insert)
 * @param skippedNotNewer rows not written because the table's version was not older (ifNewer)
 * @param rejected rows in its rejects file
 * @param superseded rows replaced by a later row with the same key before being sent
 * @param retried item sends beyond each item's first
 * @param writeUnits write capacity DynamoDB reported as consumed
 * @param rejectsFile its rejects file, or null when it rejected nothing
 */
record TaskReport(int partition, long rows, long written, long skippedExists, long skippedNotNewer, long rejected,
    long superseded, long retried, double writeUnits, String rejectsFile) implements WriterCommitMessage {
  private static final long serialVersionUID = 2L;
}
