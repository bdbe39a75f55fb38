package dev.ddbload.lambda;

/**
 * Starts the next invocation of a job the current one stopped before its deadline: an
 * asynchronous invocation of this function with the sentinel's event (S3 triggers). SQS triggers
 * need none: the message is left to come back.
 */
@FunctionalInterface
interface Continuation {

  /**
   * Invokes the function asynchronously with this event payload.
   *
   * @param functionArn the function to invoke (the running one's, from its context)
   * @throws RuntimeException with one sentence when the invocation is refused: the handler then
   *     fails, and Lambda retries the original event, which continues the job
   */
  void invokeAsync(String functionArn, String payload);
}
