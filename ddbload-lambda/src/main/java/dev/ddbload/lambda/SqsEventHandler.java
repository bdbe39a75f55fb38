package dev.ddbload.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The function's entry point for S3 event notifications sent to an SQS queue
 * ({@code dev.ddbload.lambda.SqsEventHandler::handleRequest}, with the event source mapping's
 * {@code ReportBatchItemFailures}). Each message body is an S3 notification, read by AWS's own
 * event deserializer. A job stopped before the deadline leaves its message in the queue (reported
 * as a batch item failure): it comes back after the queue's visibility timeout and the next
 * invocation continues the job. A message whose load fails unexpectedly comes back too, up to
 * the queue's {@code maxReceiveCount}; a FAILED job does not (its record says why).
 */
public final class SqsEventHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

  private static final Logger log = LoggerFactory.getLogger(SqsEventHandler.class);

  private final DatasetJobs jobs;
  private final PojoSerializer<S3Event> notifications =
      LambdaEventSerializers.serializerFor(S3Event.class, SqsEventHandler.class.getClassLoader());

  /** Configured from the environment variables; the clients are made once and kept. */
  public SqsEventHandler() {
    this(HandlerConfig.from(System.getenv()));
  }

  private SqsEventHandler(HandlerConfig config) {
    this(new DatasetJobs(config, Clients.of(config), Clock.systemUTC()));
  }

  SqsEventHandler(DatasetJobs jobs) {
    this.jobs = jobs;
  }

  /** Handles each message's records; the messages to see again are the batch item failures. */
  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSBatchResponse.BatchItemFailure> again = new ArrayList<>();
    for (SQSEvent.SQSMessage message : event.getRecords()) {
      if (!handle(message, context)) {
        again.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
      }
    }
    return SQSBatchResponse.builder().withBatchItemFailures(again).build();
  }

  /** Whether the message is done with (false: leave it to come back). */
  private boolean handle(SQSEvent.SQSMessage message, Context context) {
    S3Event notification;
    try {
      notification = notifications.fromJson(new ByteArrayInputStream(message.getBody()
          .getBytes(StandardCharsets.UTF_8)));
    } catch (RuntimeException e) {
      log.warn("Message {} is not an S3 event notification; dropped.", message.getMessageId());
      return true;
    }
    if (notification == null || notification.getRecords() == null) {
      return true; // s3:TestEvent and other notices
    }
    boolean done = true;
    for (S3EventNotificationRecord record : notification.getRecords()) {
      Optional<SentinelEvent> created = SentinelEvent.of(record);
      if (created.isEmpty()) {
        continue;
      }
      try {
        Outcome outcome = jobs.handle(created.get(), context);
        log.info(outcome.message());
        done &= !outcome.continues();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        log.error("Loading {} failed; the message comes back: {}", created.get().uri(), e.getMessage());
        done = false;
      }
    }
    return done;
  }
}
