package dev.ddbload.lambda;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The IAM actions the function needs, by the calls it makes: what the deployment template's
 * policy grants, no more (a test holds the two together, and the integration tests check every
 * call they see is here). Stateless.
 */
final class Permissions {

  /**
   * On the target table: describe, write (in batches; for the modes MODE insert and update,
   * IF_NEWER and OP_FIELD as PartiQL INSERT and UPDATE statements in batches, or one item at a
   * time), raise and restore capacity.
   */
  static final Set<String> TARGET_TABLE = Set.of("dynamodb:DescribeTable", "dynamodb:BatchWriteItem",
      "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate", "dynamodb:PutItem", "dynamodb:UpdateItem",
      "dynamodb:DeleteItem", "dynamodb:UpdateTable");
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

  /**
   * The IAM actions each SDK operation the function calls needs (a BatchExecuteStatement needs the
   * action of each kind of statement it carries).
   */
  static final Map<String, List<String>> ACTIONS_OF_CALL = Map.ofEntries(
      Map.entry("DynamoDb.BatchExecuteStatement", List.of("dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate")),
      Map.entry("DynamoDb.DescribeTable", List.of("dynamodb:DescribeTable")),
      Map.entry("DynamoDb.BatchWriteItem", List.of("dynamodb:BatchWriteItem")),
      Map.entry("DynamoDb.UpdateTable", List.of("dynamodb:UpdateTable")),
      Map.entry("DynamoDb.GetItem", List.of("dynamodb:GetItem")),
      Map.entry("DynamoDb.PutItem", List.of("dynamodb:PutItem")),
      Map.entry("DynamoDb.UpdateItem", List.of("dynamodb:UpdateItem")),
      Map.entry("DynamoDb.DeleteItem", List.of("dynamodb:DeleteItem")),
      Map.entry("S3.HeadObject", List.of("s3:GetObject")),
      Map.entry("S3.GetObject", List.of("s3:GetObject")),
      Map.entry("S3.HeadBucket", List.of("s3:ListBucket")),
      Map.entry("S3.ListObjectsV2", List.of("s3:ListBucket")),
      Map.entry("S3.PutObject", List.of("s3:PutObject")),
      Map.entry("S3.CopyObject", List.of("s3:PutObject")),
      Map.entry("S3.CreateMultipartUpload", List.of("s3:PutObject")),
      Map.entry("S3.UploadPartCopy", List.of("s3:PutObject")),
      Map.entry("S3.CompleteMultipartUpload", List.of("s3:PutObject")),
      Map.entry("S3.AbortMultipartUpload", List.of("s3:AbortMultipartUpload")),
      Map.entry("S3.DeleteObject", List.of("s3:DeleteObject")),
      Map.entry("Lambda.Invoke", List.of("lambda:InvokeFunction")));

  private Permissions() {}
}
