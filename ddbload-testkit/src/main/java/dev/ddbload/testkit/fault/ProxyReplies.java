package dev.ddbload.testkit.fault;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The responses the proxy writes: bodies it made (with the headers the SDK expects of DynamoDB),
 * the target's replies passed back, the JSON protocol's errors, and the whole-call faults of the
 * {@link DynamoModel}. Shared by every connection; thread-safe.
 */
final class ProxyReplies {

  private static final Logger log = LoggerFactory.getLogger(ProxyReplies.class);

  static final String DYNAMODB = "com.amazonaws.dynamodb.v20120810#";
  private static final String JSON_1_0 = "application/x-amz-json-1.0";

  private final Upstream upstream;
  private final AtomicLong requestIds = new AtomicLong();

  ProxyReplies(Upstream upstream) {
    this.upstream = upstream;
  }

  /** Answers a call the model failed whole (counted by the model). */
  void wholeFault(ChannelHandlerContext ctx, CallOutcome.Fault fault) {
    switch (fault) {
      case DROP -> ctx.channel().close();
      case HTTP_500 -> error(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, DYNAMODB + "InternalServerError",
          "Internal server error (injected by FaultProxy)");
      case HTTP_503 -> error(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE,
          "com.amazon.coral.availability#ServiceUnavailable", "Service unavailable (injected by FaultProxy)");
      case THROTTLING_EXCEPTION -> error(ctx, HttpResponseStatus.BAD_REQUEST,
          "com.amazon.coral.availability#ThrottlingException", "Rate of requests exceeds the allowed throughput.");
      case THROTTLE -> throughputExceeded(ctx);
      case VALIDATION -> error(ctx, HttpResponseStatus.BAD_REQUEST,
          "com.amazon.coral.validate#ValidationException",
          "One or more parameter values were invalid: refused by the FaultProxy's invalid keys");
      default -> throw new IllegalArgumentException("not a whole-request fault: " + fault);
    }
  }

  /** HTTP 400 {@code ProvisionedThroughputExceededException}. */
  void throughputExceeded(ChannelHandlerContext ctx) {
    error(ctx, HttpResponseStatus.BAD_REQUEST, DYNAMODB + "ProvisionedThroughputExceededException",
        "The level of configured provisioned throughput for the table was exceeded.");
  }

  /** HTTP 502 when the target could not be reached. */
  void upstreamFailed(ChannelHandlerContext ctx, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    log.warn("FaultProxy could not reach {}: {}", upstream.target(), cause.toString());
    error(ctx, HttpResponseStatus.BAD_GATEWAY, DYNAMODB + "InternalServerError",
        "FaultProxy could not reach its target: " + cause);
  }

  /** The target's reply with {@code body} (its own, or one the proxy rewrote: then with a new CRC). */
  void passBack(ChannelHandlerContext ctx, Upstream.Reply reply, byte[] body) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(body));
    for (Map.Entry<String, List<String>> h : reply.headers().map().entrySet()) {
      if (Upstream.isPassedBack(h.getKey())) {
        response.headers().add(h.getKey(), h.getValue());
      }
    }
    if (body != reply.body()) {
      response.headers().set("x-amz-crc32", crc32(body));
    }
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    ctx.writeAndFlush(response);
  }

  /** A JSON-protocol error, e.g. type {@code com.amazon.coral.validate#ValidationException}. */
  void error(ChannelHandlerContext ctx, HttpResponseStatus status, String type, String message) {
    reply(ctx, status, BatchWrite.errorBody(type, message));
  }

  /** Sends a body the proxy made, with the headers the SDK expects of DynamoDB. */
  void reply(ChannelHandlerContext ctx, HttpResponseStatus status, byte[] body) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.wrappedBuffer(body));
    HttpHeaders h = response.headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, JSON_1_0);
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    h.set("x-amz-crc32", crc32(body));
    h.set("x-amzn-RequestId", "faultproxy-" + requestIds.incrementAndGet());
    ctx.writeAndFlush(response);
  }

  /** The {@code x-amz-crc32} value: CRC32 of the body bytes, unsigned decimal. */
  static String crc32(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return Long.toString(crc.getValue());
  }

  /** Runs {@code task} after {@code delayNanos} on the connection's event loop (at once when not positive). */
  static void later(ChannelHandlerContext ctx, long delayNanos, Runnable task) {
    if (delayNanos <= 0) {
      task.run();
    } else {
      ctx.executor().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }
  }
}
