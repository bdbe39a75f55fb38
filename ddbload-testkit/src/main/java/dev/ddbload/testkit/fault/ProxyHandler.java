package dev.ddbload.testkit.fault;

import dev.ddbload.testkit.fault.BatchWrite.Entry;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one HTTP request to the proxy: BatchWriteItem gets the faults of the rules in force;
 * every other operation is forwarded as it is, and watched for what the proxy must learn (a
 * table's key from CreateTable and DescribeTable, a new capacity from UpdateTable). What happens
 * to a BatchWriteItem is the {@link DynamoModel}'s decision; the handler carries it out. Delays are
 * scheduled on the channel's event loop, never slept. Shared by every connection; thread-safe.
 */
@ChannelHandler.Sharable
final class ProxyHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);

  private static final String TARGET_PREFIX = "DynamoDB_20120810.";
  private static final String JSON_1_0 = "application/x-amz-json-1.0";
  private static final String DYNAMODB = "com.amazonaws.dynamodb.v20120810#";

  private final ProxyState state;
  private final FaultCounters counters;
  private final AtomicLong requestIds = new AtomicLong();

  ProxyHandler(ProxyState state) {
    this.state = state;
    this.counters = state.counters;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    counters.requests.increment();
    byte[] body = ByteBufUtil.getBytes(request.content());
    String operation = request.headers().get("X-Amz-Target", "");
    operation = operation.startsWith(TARGET_PREFIX) ? operation.substring(TARGET_PREFIX.length()) : operation;
    DynamoModel model = state.model();
    if (model.rules().refusesCredentials()) {
      counters.credentialsRefused.increment();
      replyError(ctx, HttpResponseStatus.BAD_REQUEST, "com.amazon.coral.service#UnrecognizedClientException",
          "The security token included in the request is invalid.");
      return;
    }
    Forward forward = new Forward(request.method().name(), request.uri(), request.headers().entries(), body);
    if (operation.equals("BatchWriteItem") && model.rules().deniesBatchWrites()) {
      counters.credentialsRefused.increment();
      replyError(ctx, HttpResponseStatus.BAD_REQUEST, "com.amazon.coral.service#AccessDeniedException",
          "User: arn:aws:iam::000000000000:user/faultproxy is not authorized to perform: dynamodb:BatchWriteItem");
      return;
    }
    if (operation.equals("BatchWriteItem")) {
      try {
        batchWrite(ctx, forward, BatchWrite.parse(body), model);
        return;
      } catch (IOException unreadable) {
        // Let the target say what is wrong with it.
        log.debug("Forwarding an unreadable BatchWriteItem as it is: {}", unreadable.getMessage());
      }
    }
    if (operation.equals("BatchGetItem") && state.readCapacity.limitsAny()) {
      try {
        batchGet(ctx, forward, BatchGet.parse(body));
        return;
      } catch (IOException unreadable) {
        log.debug("Forwarding an unreadable BatchGetItem as it is: {}", unreadable.getMessage());
      }
    }
    forward(ctx, forward, operation);
  }

  /** A BatchGetItem under read capacity: the keys that fit go to the target, the rest come back unprocessed. */
  private void batchGet(ChannelHandlerContext ctx, Forward forward, BatchGet batch) {
    int[] kept = state.readCapacity.admit(batch.tables());
    int asked = 0;
    int admitted = 0;
    for (int i = 0; i < kept.length; i++) {
      asked += batch.tables().get(i).keys().size();
      admitted += kept[i];
    }
    counters.keysRequested.add(asked);
    if (admitted == 0 && asked > 0) {
      counters.readsThrottled.increment();
      replyError(ctx, HttpResponseStatus.BAD_REQUEST, DYNAMODB + "ProvisionedThroughputExceededException",
          "The level of configured provisioned throughput for the table was exceeded.");
      return;
    }
    if (admitted == asked) {
      forward(ctx, forward, "BatchGetItem");
      return;
    }
    counters.keysHeldBack.add(asked - admitted);
    state.upstream.send(forward.method(), forward.uri(), forward.headers(), batch.bodyWith(kept))
        .whenComplete((reply, failure) -> {
          if (failure != null) {
            upstreamFailed(ctx, failure);
          } else if (reply.status() != 200) {
            passBack(ctx, reply, reply.body());
          } else {
            try {
              passBack(ctx, reply, batch.withUnprocessed(reply.body(), kept));
            } catch (IOException e) {
              upstreamFailed(ctx, e);
            }
          }
        });
  }

  private void batchWrite(ChannelHandlerContext ctx, Forward forward, BatchWrite batch, DynamoModel model) {
    FaultRules rules = model.rules();
    List<Entry> entries = batch.entries();
    if (rules.countsSendsPerKey()) {
      countSends(entries);
    }
    CallOutcome outcome = decide(model, entries);
    if (outcome.fault() != CallOutcome.Fault.NONE) {
      later(ctx, outcome.latencyNanos(), () -> wholeFault(ctx, outcome.fault()));
      return;
    }
    List<Entry> forwarded = new ArrayList<>(entries.size());
    List<Entry> heldBack = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      (outcome.isProcessed(i) ? forwarded : heldBack).add(entries.get(i));
    }
    if (forwarded.isEmpty() || rules.sinkDelay().isPresent()) {
      long delay = outcome.latencyNanos() + rules.sinkDelay().map(d -> d.toNanos()).orElse(0L);
      later(ctx, delay, () -> reply(ctx, HttpResponseStatus.OK, batch.responseReturning(heldBack, forwarded)));
      return;
    }
    byte[] body = heldBack.isEmpty() ? null : batch.bodyWith(forwarded);
    later(ctx, outcome.latencyNanos(), () -> forwardBatch(ctx, forward, body, heldBack));
  }

  /**
   * The model's decision on the entries: each as its partition key's value and units; while the
   * table's key is unknown, a partitioned table gets the item's text instead (so partitions still
   * spread the items). Poison keys are matched on the rules' attribute, invalid keys on any
   * top-level S attribute.
   */
  private CallOutcome decide(DynamoModel model, List<Entry> entries) {
    FaultRules rules = model.rules();
    List<String> tables = new ArrayList<>(entries.size());
    List<ModelItem> items = new ArrayList<>(entries.size());
    boolean[] poison = new boolean[entries.size()];
    boolean invalid = false;
    String table = null;
    String attribute = null;
    boolean partitioned = false;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (!e.table().equals(table)) {
        table = e.table();
        attribute = state.partitionKeyOf(table);
        partitioned = model.capacityOf(table).partitionCount() > 0;
      }
      String key = attribute == null ? null : e.textOf(attribute);
      if (key == null) {
        key = partitioned ? e.attributes().toString() : "";
      }
      tables.add(table);
      items.add(new ModelItem(key, e.writeUnits()));
      poison[i] = isPoison(e, rules);
      invalid |= !rules.invalidKeys().isEmpty() && e.holdsString(rules.invalidKeys());
    }
    return model.batchWrite(tables, items, poison, invalid);
  }

  private void countSends(List<Entry> entries) {
    for (Entry e : entries) {
      String attribute = state.partitionKeyOf(e.table());
      String key = attribute == null ? null : e.textOf(attribute);
      if (key != null) {
        counters.countSend(key);
      }
    }
  }

  private static boolean isPoison(Entry e, FaultRules rules) {
    if (rules.poisonKeys().isEmpty()) {
      return false;
    }
    String value = e.textOf(rules.poisonAttribute().orElseThrow());
    return value != null && rules.poisonKeys().contains(value);
  }

  /** Answers a call the model failed whole (counted by the model). */
  private void wholeFault(ChannelHandlerContext ctx, CallOutcome.Fault fault) {
    switch (fault) {
      case DROP -> ctx.channel().close();
      case HTTP_500 -> replyError(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, DYNAMODB + "InternalServerError",
          "Internal server error (injected by FaultProxy)");
      case HTTP_503 -> replyError(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE,
          "com.amazon.coral.availability#ServiceUnavailable", "Service unavailable (injected by FaultProxy)");
      case THROTTLING_EXCEPTION -> replyError(ctx, HttpResponseStatus.BAD_REQUEST,
          "com.amazon.coral.availability#ThrottlingException", "Rate of requests exceeds the allowed throughput.");
      case THROTTLE -> replyError(ctx, HttpResponseStatus.BAD_REQUEST,
          DYNAMODB + "ProvisionedThroughputExceededException",
          "The level of configured provisioned throughput for the table was exceeded.");
      case VALIDATION -> replyError(ctx, HttpResponseStatus.BAD_REQUEST,
          "com.amazon.coral.validate#ValidationException",
          "One or more parameter values were invalid: refused by the FaultProxy's invalid keys");
      default -> throw new IllegalArgumentException("not a whole-request fault: " + fault);
    }
  }

  /** Forwards a BatchWriteItem (or the part of it not held back) and adds the held-back items to the reply. */
  private void forwardBatch(ChannelHandlerContext ctx, Forward forward, byte[] partialBody, List<Entry> heldBack) {
    // partialBody is null when nothing was held back: the original body goes, the reply comes back untouched.
    byte[] body = partialBody == null ? forward.body() : partialBody;
    state.upstream.send(forward.method(), forward.uri(), forward.headers(), body)
        .whenComplete((reply, failure) -> {
          if (failure != null) {
            upstreamFailed(ctx, failure);
          } else if (heldBack.isEmpty() || reply.status() != 200) {
            passBack(ctx, reply, reply.body());
          } else {
            try {
              passBack(ctx, reply, BatchWrite.withUnprocessed(reply.body(), heldBack));
            } catch (IOException e) {
              upstreamFailed(ctx, e);
            }
          }
        });
  }

  private void forward(ChannelHandlerContext ctx, Forward forward, String operation) {
    state.upstream.send(forward.method(), forward.uri(), forward.headers(), forward.body())
        .whenComplete((reply, failure) -> {
      if (failure != null) {
        upstreamFailed(ctx, failure);
        return;
      }
          if (reply.status() == 200) {
            learn(operation, forward.body(), reply.body());
          }
          passBack(ctx, reply, reply.body());
        });
  }

  /** Takes note of table keys and capacity changes that went through. */
  private void learn(String operation, byte[] request, byte[] response) {
    try {
      switch (operation) {
        case "CreateTable":
          state.tableDescribed(BatchWrite.JSON.readTree(response).path("TableDescription"));
          break;
        case "DescribeTable":
          state.tableDescribed(BatchWrite.JSON.readTree(response).path("Table"));
          break;
        case "UpdateTable":
          state.tableUpdated(BatchWrite.JSON.readTree(request));
          break;
        default:
          break;
      }
    } catch (IOException e) {
      log.debug("Could not read a {} that went through: {}", operation, e.getMessage());
    }
  }

  private void upstreamFailed(ChannelHandlerContext ctx, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    log.warn("FaultProxy could not reach {}: {}", state.upstream.target(), cause.toString());
    replyError(ctx, HttpResponseStatus.BAD_GATEWAY, DYNAMODB + "InternalServerError",
        "FaultProxy could not reach its target: " + cause);
  }

  private void passBack(ChannelHandlerContext ctx, Upstream.Reply reply, byte[] body) {
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

  private void replyError(ChannelHandlerContext ctx, HttpResponseStatus status, String type, String message) {
    reply(ctx, status, BatchWrite.errorBody(type, message));
  }

  /** Sends a body the proxy made, with the headers the SDK expects of DynamoDB. */
  private void reply(ChannelHandlerContext ctx, HttpResponseStatus status, byte[] body) {
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

  private static void later(ChannelHandlerContext ctx, long delayNanos, Runnable task) {
    if (delayNanos <= 0) {
      task.run();
    } else {
      ctx.executor().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("FaultProxy connection failed: {}", cause.toString());
    ctx.close();
  }

  /**
   * What is needed to forward a request once its {@code FullHttpRequest} is released.
   *
   * @param method the HTTP method
   * @param uri the path and query
   * @param headers the caller's headers
   * @param body the body as received
   */
  private record Forward(String method, String uri, List<Map.Entry<String, String>> headers, byte[] body) {}
}
