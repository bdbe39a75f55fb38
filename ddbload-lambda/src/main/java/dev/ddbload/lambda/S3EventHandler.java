package dev.ddbload.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import dev.ddbload.config.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The function's entry point for S3 event notifications delivered directly
 * ({@code dev.ddbload.lambda.S3EventHandler::handleRequest}). Each {@code ObjectCreated} record
 * whose object is a sentinel loads its dataset once. A job stopped before the deadline is
 * continued by an asynchronous invocation of this function with the same sentinel's event; if
 * that invocation cannot be made, the handler fails, Lambda retries the original event (twice,
 * by default), and the retry continues the job. Lambda makes one instance per execution
 * environment and calls it one event at a time.
 */
public final class S3EventHandler implements RequestHandler<S3Event, String> {

  private static final Logger log = LoggerFactory.getLogger(S3EventHandler.class);

  private final DatasetJobs jobs;
  private final Continuation continuation;

  /** Configured from the environment variables; the clients are made once and kept. */
  public S3EventHandler() {
    this(HandlerConfig.from(System.getenv()));
  }

  private S3EventHandler(HandlerConfig config) {
    this(new DatasetJobs(config, Clients.of(config), Clock.systemUTC()), LambdaInvoker.of(config.load().client()));
  }

  S3EventHandler(DatasetJobs jobs, Continuation continuation) {
    this.jobs = jobs;
    this.continuation = continuation;
  }

  /**
   * Handles the event's records in turn.
   *
   * @return one line per record saying what became of it
   */
  @Override
  public String handleRequest(S3Event event, Context context) {
    List<String> lines = new ArrayList<>();
    for (S3EventNotificationRecord record : event.getRecords()) {
      Optional<SentinelEvent> created = SentinelEvent.of(record);
      if (created.isEmpty()) {
        continue;
      }
      Outcome outcome = handle(created.get(), context);
      if (outcome.continues()) {
        continuation.invokeAsync(context.getInvokedFunctionArn(), created.get().toEventJson());
      }
      lines.add(outcome.message());
    }
    return String.join("\n", lines);
  }

  private Outcome handle(SentinelEvent event, Context context) {
    try {
      Outcome outcome = jobs.handle(event, context);
      log.info(outcome.message());
      return outcome;
    } catch (ConfigurationException e) {
      log.error(e.getMessage());
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading " + event.uri(), e);
    }
  }
}
