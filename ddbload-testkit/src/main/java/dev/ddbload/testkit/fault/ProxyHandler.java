package dev.ddbload.testkit.fault;

import static dev.ddbload.testkit.fault.ProxyReplies.later;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbload.testkit.fault.BatchWrite.Entry;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one HTTP request to the proxy: BatchWriteItem, the single writes (PutItem, UpdateItem,
 * DeleteItem) and BatchExecuteStatement ({@link StatementCalls}) get the faults of the rules in
 * force; every other operation is
 * forwarded as it is, and watched for what the proxy must learn (a
 * table's key from CreateTable and DescribeTable, a new capacity from UpdateTable). What happens
 * to a write is the {@link DynamoModel}'s decision; the handler carries it out. Delays are
 * scheduled on the channel's event loop, never slept. Shared by every connection; thread-safe.
 */
@ChannelHandler.Sharable
final class ProxyHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);

  private static final String TARGET_PREFIX = "DynamoDB_20120810.";

  private final ProxyState state;
  private final FaultCounters counters;
  private final ProxyReplies replies;
  private final StatementCalls statements;

  ProxyHandler(ProxyState state) {
    this.state = state;
    this.counters = state.counters;
    this.replies = new ProxyReplies(state.upstream);
    this.statements = new StatementCalls(state, replies);
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
      replies.error(ctx, HttpResponseStatus.BAD_REQUEST, "com.amazon.coral.service#UnrecognizedClientException",
          "The security token included in the request is invalid.");
      return;
    }
    Forward forward = new Forward(request.method().name(), request.uri(), request.headers().entries(), body);
    if (operation.equals("BatchWriteItem") && model.rules().deniesBatchWrites()) {
      counters.credentialsRefused.increment();
      replies.error(ctx, HttpResponseStatus.BAD_REQUEST, "com.amazon.coral.service#AccessDeniedException",
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
    if (SingleWriteCall.OPERATIONS.contains(operation)) {
      try {
        singleWrite(ctx, forward, operation, SingleWriteCall.parse(operation, body), model);
        return;
      } catch (IOException unreadable) {
        log.debug("Forwarding an unreadable {} as it is: {}", operation, unreadable.getMessage());
      }
    }
    if (operation.equals("BatchExecuteStatement")) {
      try {
        statements.handle(ctx, forward, StatementBatch.parse(body), model);
        return;
      } catch (IOException unreadable) {
        log.debug("Forwarding an unreadable BatchExecuteStatement as it is: {}", unreadable.getMessage());
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
      replies.throughputExceeded(ctx);
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
            replies.upstreamFailed(ctx, failure);
          } else if (reply.status() != 200) {
            replies.passBack(ctx, reply, reply.body());
          } else {
            try {
              replies.passBack(ctx, reply, batch.withUnprocessed(reply.body(), kept));
            } catch (IOException e) {
              replies.upstreamFailed(ctx, e);
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
      later(ctx, outcome.latencyNanos(), () -> replies.wholeFault(ctx, outcome.fault()));
      return;
    }
    List<Entry> forwarded = new ArrayList<>(entries.size());
    List<Entry> heldBack = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      (outcome.isProcessed(i) ? forwarded : heldBack).add(entries.get(i));
    }
    if (forwarded.isEmpty() || rules.sinkDelay().isPresent()) {
      long delay = outcome.latencyNanos() + rules.sinkDelay().map(d -> d.toNanos()).orElse(0L);
      byte[] response = batch.responseReturning(heldBack, forwarded);
      later(ctx, delay, () -> replies.reply(ctx, HttpResponseStatus.OK, response));
      return;
    }
    byte[] body = heldBack.isEmpty() ? null : batch.bodyWith(forwarded);
    later(ctx, outcome.latencyNanos(), () -> forwardBatch(ctx, forward, body, heldBack));
  }

  /**
   * A PutItem, UpdateItem or DeleteItem, decided as a BatchWriteItem of its one item: a whole-call
   * fault as for a batch; the item held back (the batch would have returned it unprocessed) is
   * refused with {@code ProvisionedThroughputExceededException}, as DynamoDB refuses a single
   * write; else answered by the sink, or forwarded and the target's answer (a refused condition
   * too) passed back as it is.
   */
  private void singleWrite(ChannelHandlerContext ctx, Forward forward, String operation, SingleWriteCall call,
      DynamoModel model) {
    FaultRules rules = model.rules();
    String attribute = state.partitionKeyOf(call.table());
    String key = attribute == null ? null : call.textOf(attribute);
    if (key != null && rules.countsSendsPerKey()) {
      counters.countSend(key);
    }
    if (key == null) {
      key = model.capacityOf(call.table()).partitionCount() > 0 ? call.attributes().toString() : "";
    }
    boolean poison = isPoison(call.attributes(), rules);
    boolean invalid = !rules.invalidKeys().isEmpty() && call.holdsString(rules.invalidKeys());
    CallOutcome outcome = model.singleWrite(call.table(), new ModelItem(key, call.writeUnits()), poison, invalid);
    long latency = outcome.latencyNanos();
    if (outcome.fault() != CallOutcome.Fault.NONE) {
      later(ctx, latency, () -> replies.wholeFault(ctx, outcome.fault()));
    } else if (!outcome.isProcessed(0)) {
      later(ctx, latency, () -> replies.throughputExceeded(ctx));
    } else if (rules.sinkDelay().isPresent()) {
      long delay = latency + rules.sinkDelay().get().toNanos();
      later(ctx, delay, () -> replies.reply(ctx, HttpResponseStatus.OK, call.response()));
    } else {
      later(ctx, latency, () -> forward(ctx, forward, operation));
    }
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
      poison[i] = isPoison(e.attributes(), rules);
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

  private static boolean isPoison(JsonNode attributes, FaultRules rules) {
    if (rules.poisonKeys().isEmpty()) {
      return false;
    }
    String value = BatchWrite.textOf(attributes, rules.poisonAttribute().orElseThrow());
    return value != null && rules.poisonKeys().contains(value);
  }

  /** Forwards a BatchWriteItem (or the part of it not held back) and adds the held-back items to the reply. */
  private void forwardBatch(ChannelHandlerContext ctx, Forward forward, byte[] partialBody, List<Entry> heldBack) {
    // partialBody is null when nothing was held back: the original body goes, the reply comes back untouched.
    byte[] body = partialBody == null ? forward.body() : partialBody;
    state.upstream.send(forward.method(), forward.uri(), forward.headers(), body)
        .whenComplete((reply, failure) -> {
          if (failure != null) {
            replies.upstreamFailed(ctx, failure);
          } else if (heldBack.isEmpty() || reply.status() != 200) {
            replies.passBack(ctx, reply, reply.body());
          } else {
            try {
              replies.passBack(ctx, reply, BatchWrite.withUnprocessed(reply.body(), heldBack));
            } catch (IOException e) {
              replies.upstreamFailed(ctx, e);
            }
          }
        });
  }

  private void forward(ChannelHandlerContext ctx, Forward forward, String operation) {
    state.upstream.send(forward.method(), forward.uri(), forward.headers(), forward.body())
        .whenComplete((reply, failure) -> {
      if (failure != null) {
        replies.upstreamFailed(ctx, failure);
        return;
      }
          if (reply.status() == 200) {
            learn(operation, forward.body(), reply.body());
          }
          replies.passBack(ctx, reply, reply.body());
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
  record Forward(String method, String uri, List<Map.Entry<String, String>> headers, byte[] body) {}
}
