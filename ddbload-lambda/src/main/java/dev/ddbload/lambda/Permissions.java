package dev.ddbload.lambda;

import java.util.Map;
import java.util.Set;

/**
 * The IAM actions the function needs, by the calls it makes: what the deployment template's
 * policy grants, no more (a test holds the two together, and the integration tests check every
 * call they see is here). Stateless.
 */
final class Permissions {

  /**
   * On the target table: describe, write (in batches; one item at a time for the modes MODE
   * insert and update, IF_NEWER and OP_FIELD), raise and restore capacity.
   */
  static final Set<String> TARGET_TABLE = Set.of("dynamodb:DescribeTable", "dynamodb:BatchWriteItem",
      "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:UpdateTable");
  /** On the jobs table: the ledger's items (jobs, checkpoint parts, pending restores). */
  static final Set<String> JOBS_TABLE = Set.of("dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem",
      "dynamodb:UpdateItem", "dynamodb:DeleteItem");
  /** On the bucket's objects: read inputs, write rejects, move inputs (copy, delete). */
  static final Set<String> OBJECTS = Set.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject",
      "s3:AbortMultipartUpload");
  /** On the bucket: list datasets and rejects parts. */
  static final Set<String> BUCKET = Set.of("s3:ListBucket");
  /** On the function itself: continue a job (S3 trigger). */
  static final Set<String> FUNCTION = Set.of("lambda:InvokeFunction");

  /** The IAM action each SDK operation the function calls needs. */
  static final Map<String, String> ACTION_OF_CALL = Map.ofEntries(
      Map.entry("DynamoDb.DescribeTable", "dynamodb:DescribeTable"),
      Map.entry("DynamoDb.BatchWriteItem", "dynamodb:BatchWriteItem"),
      Map.entry("DynamoDb.UpdateTable", "dynamodb:UpdateTable"),
      Map.entry("DynamoDb.GetItem", "dynamodb:GetItem"),
      Map.entry("DynamoDb.PutItem", "dynamodb:PutItem"),
      Map.entry("DynamoDb.UpdateItem", "dynamodb:UpdateItem"),
      Map.entry("DynamoDb.DeleteItem", "dynamodb:DeleteItem"),
      Map.entry("S3.HeadObject", "s3:GetObject"),
      Map.entry("S3.GetObject", "s3:GetObject"),
      Map.entry("S3.HeadBucket", "s3:ListBucket"),
      Map.entry("S3.ListObjectsV2", "s3:ListBucket"),
      Map.entry("S3.PutObject", "s3:PutObject"),
      Map.entry("S3.CopyObject", "s3:PutObject"),
      Map.entry("S3.CreateMultipartUpload", "s3:PutObject"),
      Map.entry("S3.UploadPartCopy", "s3:PutObject"),
      Map.entry("S3.CompleteMultipartUpload", "s3:PutObject"),
      Map.entry("S3.AbortMultipartUpload", "s3:AbortMultipartUpload"),
      Map.entry("S3.DeleteObject", "s3:DeleteObject"),
      Map.entry("Lambda.Invoke", "lambda:InvokeFunction"));

  private Permissions() {}
}
