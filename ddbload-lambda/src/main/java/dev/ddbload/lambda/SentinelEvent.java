package dev.ddbload.lambda;

import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbload.source.s3.S3Location;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An object created in S3, as an event record tells it.
 *
 * @param object the object (its key URL-decoded)
 * @param region the bucket's region, when the event says
 */
record SentinelEvent(S3Location object, Optional<String> region) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The object of an {@code ObjectCreated:*} record; empty for other events (deletes, tests). */
  static Optional<SentinelEvent> of(S3EventNotificationRecord record) {
    if (record == null || record.getS3() == null || record.getEventName() == null
        || !record.getEventName().startsWith("ObjectCreated")) {
      return Optional.empty();
    }
    String bucket = record.getS3().getBucket().getName();
    String key = record.getS3().getObject().getUrlDecodedKey();
    return Optional.of(new SentinelEvent(new S3Location(bucket, key), Optional.ofNullable(record.getAwsRegion())));
  }

  /** The object's URI. */
  String uri() {
    return S3Location.SCHEME + object.bucket() + "/" + object.key();
  }

  /**
   * An S3 event notification for this object, as S3 would send it: the payload of a continuing
   * invocation, which the function handles like the first event (and finds the job released).
   */
  String toEventJson() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode record = root.putArray("Records").addObject();
    record.put("eventVersion", "2.1");
    record.put("eventSource", "aws:s3");
    record.put("awsRegion", region.orElse(""));
    record.put("eventTime", java.time.Instant.now().toString());
    record.put("eventName", "ObjectCreated:Put");
    ObjectNode s3 = record.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", "ddbload-continuation");
    ObjectNode bucket = s3.putObject("bucket");
    bucket.put("name", object.bucket());
    bucket.put("arn", "arn:aws:s3:::" + object.bucket());
    ObjectNode obj = s3.putObject("object");
    obj.put("key", URLEncoder.encode(object.key(), StandardCharsets.UTF_8));
    return root.toString();
  }
}
