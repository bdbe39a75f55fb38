package dev.ddbload.testkit.fault;

import static dev.ddbload.testkit.fault.ProxyReplies.later;

import dev.ddbload.testkit.fault.ProxyHandler.Forward;
import dev.ddbload.testkit.fault.StatementBatch.Entry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out the {@link DynamoModel}'s decision on a {@code BatchExecuteStatement}, decided as a
 * BatchWriteItem of its statements ({@link DynamoModel#statementBatch}):
 * <ul>
 *   <li>a whole-call fault, or no statement admitted ({@link CallOutcome.Fault#THROTTLE}): the
 *       same replies as for a BatchWriteItem;</li>
 *   <li>sink mode, or no statement to forward (all invalid): answered by the proxy after the
 *       latency (and the sink delay), {@code {"TableName":t}} in each admitted statement's place;</li>
 *   <li>otherwise the admitted statements are forwarded as one BatchExecuteStatement (the whole
 *       body when all were) and the target's {@code Responses} put back in their places, its
 *       {@code ConsumedCapacity} kept (or, asked for and not given, the proxy's estimate: {@link
 *       StatementBatch#merged}); a target's failure of the whole call is passed back.</li>
 * </ul>
 * A statement not admitted is answered {@code ProvisionedThroughputExceeded} in its place, one
 * holding an invalid key {@code ValidationError} (where a BatchWriteItem holding one fails whole).
 * Shared by every connection; thread-safe.
 */
final class StatementCalls {

  private final ProxyState state;
  private final ProxyReplies replies;

  StatementCalls(ProxyState state, ProxyReplies replies) {
    this.state = state;
    this.replies = replies;
  }

  /** Answers {@code batch}, received as {@code forward}, as {@code model} decides. */
  void handle(ChannelHandlerContext ctx, Forward forward, StatementBatch batch, DynamoModel model) {
    FaultRules rules = model.rules();
    CallOutcome outcome = decide(model, batch.entries());
    long latency = outcome.latencyNanos();
    int processed = outcome.processedCount();
    if (outcome.fault() != CallOutcome.Fault.NONE) {
      later(ctx, latency, () -> replies.wholeFault(ctx, outcome.fault()));
    } else if (rules.sinkDelay().isPresent() || processed == 0) {
      long delay = latency + rules.sinkDelay().map(d -> d.toNanos()).orElse(0L);
      byte[] response = batch.responseWithoutTarget(outcome);
      later(ctx, delay, () -> replies.reply(ctx, HttpResponseStatus.OK, response));
    } else {
      byte[] body = processed == batch.entries().size() ? null : batch.bodyWithProcessed(outcome);
      later(ctx, latency, () -> send(ctx, forward, body, batch, outcome));
    }
  }

  /**
   * The model's decision on the statements: each as its partition key's value (the INSERT's
   * tuple key or the UPDATE's {@code WHERE} equality for the table's key attribute) and units;
   * while the key is not known, a partitioned table gets the statement's text and parameters
   * instead. Poison keys are matched on the rules' attribute, invalid keys on any S value the
   * statement gives whole. Counts the sends per key when the rules ask for it.
   */
  private CallOutcome decide(DynamoModel model, List<Entry> entries) {
    FaultRules rules = model.rules();
    int n = entries.size();
    List<String> tables = new ArrayList<>(n);
    List<ModelItem> items = new ArrayList<>(n);
    boolean[] poison = new boolean[n];
    boolean[] invalid = new boolean[n];
    for (int i = 0; i < n; i++) {
      Entry e = entries.get(i);
      PartiqlWrite write = e.write();
      String attribute = state.partitionKeyOf(e.table());
      String key = attribute == null ? null : write.textOf(attribute);
      if (key != null && rules.countsSendsPerKey()) {
        state.counters.countSend(key);
      }
      if (key == null) {
        key = model.capacityOf(e.table()).partitionCount() > 0 ? e.request().toString() : "";
      }
      tables.add(e.table());
      items.add(new ModelItem(key, write.writeUnits()));
      if (!rules.poisonKeys().isEmpty()) {
        String value = write.textOf(rules.poisonAttribute().orElseThrow());
        poison[i] = value != null && rules.poisonKeys().contains(value);
      }
      invalid[i] = !rules.invalidKeys().isEmpty() && write.holdsString(rules.invalidKeys());
    }
    return model.statementBatch(tables, items, poison, invalid);
  }

  /** Forwards the admitted statements ({@code partialBody}, or the whole body when null) and answers. */
  private void send(ChannelHandlerContext ctx, Forward forward, byte[] partialBody, StatementBatch batch,
      CallOutcome outcome) {
    byte[] body = partialBody == null ? forward.body() : partialBody;
    state.upstream.send(forward.method(), forward.uri(), forward.headers(), body)
        .whenComplete((reply, failure) -> {
          if (failure != null) {
            replies.upstreamFailed(ctx, failure);
          } else if (reply.status() != 200 || (partialBody == null && !batch.wantsCapacity())) {
            replies.passBack(ctx, reply, reply.body());
          } else {
            try {
              replies.passBack(ctx, reply, batch.merged(reply.body(), outcome));
            } catch (IOException e) {
              replies.upstreamFailed(ctx, e);
            }
          }
        });
  }
}
