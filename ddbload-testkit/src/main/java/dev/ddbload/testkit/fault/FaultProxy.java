package dev.ddbload.testkit.fault;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 server on a loopback port in front of a DynamoDB endpoint (usually DynamoDB
 * Local) that misbehaves the way DynamoDB does, for tests and benchmarks. It forwards every
 * DynamoDB JSON-protocol request ({@code X-Amz-Target: DynamoDB_20120810.*}) and, following its
 * {@link FaultRules}, injects into BatchWriteItem: throttling ({@code
 * ProvisionedThroughputExceededException}, {@code ThrottlingException}), partial success (only
 * part of the batch forwarded, the rest returned in {@code UnprocessedItems} merged with any the
 * target returns), HTTP 500 and 503, connections closed before any response, latency with
 * jitter, poison keys never processed, {@code ValidationException} for chosen keys, refused
 * credentials; or, in sink mode, answers BatchWriteItem without forwarding; and lets through only
 * what each table's write capacity allows ({@link CapacitySpec}: provisioned with burst,
 * partitions and hot keys, on demand), changeable while running ({@link #setWriteCapacity}, or
 * an UpdateTable passing through); and lets BatchGetItem read only what a table's read capacity
 * allows ({@link #setReadCapacity}). The single writes (PutItem, UpdateItem, DeleteItem) and
 * BatchExecuteStatement (the loader's PartiQL INSERT and UPDATE) get the
 * same faults and capacity, decided as BatchWriteItems of their one item or their statements; a
 * statement not admitted is answered {@code ProvisionedThroughputExceeded} in its place. A {@link
 * DynamoModel} makes every such decision, so tests can run the same behaviour without HTTP on a
 * simulated clock. Every body it writes or
 * rewrites carries a correct {@code x-amz-crc32}. It stores nothing itself; it counts what it
 * sees in {@link #counters()}.
 *
 * <pre>{@code
 * try (LocalDynamo dynamo = LocalDynamo.start();
 *     FaultProxy proxy = FaultProxy.start(dynamo.endpoint(),
 *         FaultRules.builder().seed(42).holdBackRate(0.3).build())) {
 *   // point the client at proxy.endpoint()
 *   FaultStats stats = proxy.counters().snapshot();
 * }
 * }</pre>
 *
 * <p>Requests are handled on Netty event-loop threads; delays are scheduled on them, never
 * slept, so a slow answer costs no thread. Forwarding uses the JDK's non-blocking HTTP client.
 * Always {@link #close()} it. Thread-safe. Runs standalone too: see {@link #main}.
 */
public final class FaultProxy implements AutoCloseable {

  /** Largest request body accepted: BatchWriteItem's 16 MB, with room. */
  private static final int MAX_REQUEST_BYTES = 20 * 1024 * 1024;

  private final ProxyState state;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;
  private final URI endpoint;

  private FaultProxy(ProxyState state, EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
    this.state = state;
    this.boss = boss;
    this.workers = workers;
    this.channel = channel;
    int port = ((InetSocketAddress) channel.localAddress()).getPort();
    this.endpoint = URI.create("http://127.0.0.1:" + port);
  }

  /** Starts a proxy on a free loopback port in front of {@code target}, e.g. {@code http://127.0.0.1:8000}. */
  public static FaultProxy start(URI target, FaultRules rules) {
    return start(target, rules, 0);
  }

  /**
   * Starts a proxy on a loopback port in front of {@code target}.
   *
   * @param port the port, or 0 for a free one
   * @throws IllegalStateException when the port cannot be bound
   */
  public static FaultProxy start(URI target, FaultRules rules, int port) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(rules, "rules");
    ProxyState state = new ProxyState(new Upstream(target), rules, System::nanoTime);
    ProxyHandler handler = new ProxyHandler(state);
    EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("fault-proxy-accept", true));
    EventLoopGroup workers = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
        new DefaultThreadFactory("fault-proxy", true));
    try {
      Channel channel = new ServerBootstrap()
          .group(boss, workers)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline()
                  .addLast(new HttpServerCodec())
                  .addLast(new HttpServerKeepAliveHandler())
                  .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                  .addLast(handler);
            }
          })
          .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
          .syncUninterruptibly()
          .channel();
      return new FaultProxy(state, boss, workers, channel);
    } catch (RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new IllegalStateException("FaultProxy could not listen on port " + port + ": " + e.getMessage(), e);
    }
  }

  /** Where clients send requests, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The port it listens on, on 127.0.0.1. */
  public int port() {
    return endpoint.getPort();
  }

  /** The endpoint it forwards to. */
  public URI target() {
    return state.upstream.target();
  }

  /** The rules in force. */
  public FaultRules rules() {
    return state.model().rules();
  }

  /**
   * Puts new rules in force for the requests that arrive from now on: re-seeds the random draws
   * with the new seed and resets every table's capacity to the new rules' (forgetting changes
   * made by UpdateTable or the {@code set...} methods). Counters go on.
   */
  public void useRules(FaultRules rules) {
    state.useRules(Objects.requireNonNull(rules, "rules"));
  }

  /** Makes {@code table} provisioned at {@code wcuPerSecond} from now on: {@link DynamoModel#setWriteCapacity}. */
  public void setWriteCapacity(String table, double wcuPerSecond) {
    state.model().setWriteCapacity(table, wcuPerSecond);
  }

  /** Makes {@code table} on demand with this previous peak: {@link DynamoModel#setOnDemand(String, double)}. */
  public void setOnDemand(String table, double previousPeakWcu) {
    state.model().setOnDemand(table, previousPeakWcu);
  }

  /**
   * Makes {@code table} on demand as a switch to {@code PAY_PER_REQUEST} does: see
   * {@link DynamoModel#setOnDemand(String)}.
   */
  public void setOnDemand(String table) {
    state.model().setOnDemand(table);
  }

  /**
   * Gives {@code table} provisioned read capacity of {@code rcuPerSecond} from now on (0: none,
   * the default): BatchGetItem keys beyond it are returned in {@code UnprocessedKeys}, and a call
   * none of whose keys fit is throttled whole with {@code ProvisionedThroughputExceededException}.
   * Each key costs half a unit (one strongly consistent); one second of unused capacity is saved
   * up. Independent of the write capacity and of {@link #useRules}.
   */
  public void setReadCapacity(String table, double rcuPerSecond) {
    state.readCapacity.set(Objects.requireNonNull(table, "table"), rcuPerSecond);
  }

  /** Replaces {@code table}'s capacity: {@link DynamoModel#setCapacity}. */
  public void setCapacity(String table, CapacitySpec spec) {
    state.model().setCapacity(table, spec);
  }

  /** The capacity in force for {@code table}: {@link DynamoModel#capacityOf}. */
  public CapacitySpec capacityOf(String table) {
    return state.model().capacityOf(table);
  }

  /** The proxy's counters; take a {@link FaultCounters#snapshot()} to read them. */
  public FaultCounters counters() {
    return state.counters;
  }

  /** Stops listening, closes open connections and stops the proxy's threads. Idempotent. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Waits until the proxy is closed. */
  void awaitClosed() throws InterruptedException {
    channel.closeFuture().await();
  }

  /**
   * Runs a proxy until the process is stopped, e.g.
   * {@code java -cp ... dev.ddbload.testkit.fault.FaultProxy --target http://127.0.0.1:8000
   * --port 8001 --throttle 0.1 --hold-back 0.3 --latency 1ms..20ms --seed 42}; {@code --help}
   * lists the options.
   */
  public static void main(String[] args) {
    System.exit(FaultProxyCommand.run(args));
  }
}
