package dev.ddbload.testkit.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 layer in front of an S3 endpoint (a {@link LocalS3}) that fails ranged GETs on
 * cue: the next ranged GETs (GET with a {@code Range} header) take the faults of a plan in turn,
 * then pass. Everything else is forwarded unchanged, headers included, so signatures still check.
 * Each request gets its own connection ({@code Connection: close} is set both ways), so the proxy
 * needs no HTTP parsing past the request head. Blocking sockets, two threads per request: for
 * tests, not for load. Thread-safe; always {@link #close()} it.
 */
public final class S3FaultProxy implements AutoCloseable {

  /** What happens to one ranged GET. */
  public enum Fault {
    /** Forwarded as it is. */
    PASS,
    /** Answered HTTP 500 {@code InternalError} by the proxy; nothing forwarded. */
    HTTP_500,
    /** Answered HTTP 503 {@code SlowDown} by the proxy; nothing forwarded. */
    SLOW_DOWN,
    /** Forwarded, but the connection is closed after half of the response body. */
    CUT_BODY,
    /** The connection is closed before any response; nothing forwarded. */
    DROP
  }

  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private final URI target;
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "s3-fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final Deque<Fault> plan = new ArrayDeque<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger rangedGets = new AtomicInteger();
  private final AtomicInteger faults = new AtomicInteger();

  private S3FaultProxy(URI target, ServerSocket server) {
    this.target = target;
    this.server = server;
  }

  /** Starts a proxy on a free loopback port forwarding to {@code target} (http only). */
  public static S3FaultProxy start(URI target) throws IOException {
    S3FaultProxy proxy = new S3FaultProxy(target, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    proxy.threads.execute(proxy::accept);
    return proxy;
  }

  /** Its endpoint URL. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** The next ranged GETs take these faults in order (after any still planned); then they pass. */
  public synchronized void plan(Fault... faults) {
    plan.addAll(Arrays.asList(faults));
  }

  /** Forgets the plan and sets the counters to zero. */
  public synchronized void reset() {
    plan.clear();
    rangedGets.set(0);
    faults.set(0);
  }

  /** Ranged GETs seen so far. */
  public int rangedGets() {
    return rangedGets.get();
  }

  /** Faults injected so far. */
  public int faultsInjected() {
    return faults.get();
  }

  /** Stops accepting and closes every connection. */
  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      closeQuietly(s);
    }
    threads.shutdownNow();
  }

  private synchronized Fault nextFault() {
    Fault f = plan.poll();
    return f == null ? Fault.PASS : f;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        open.add(client);
        threads.execute(() -> handle(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void handle(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      byte[] head = readHead(in);
      if (head == null) {
        return;
      }
      String text = new String(head, StandardCharsets.ISO_8859_1);
      boolean ranged = text.startsWith("GET ") && text.toLowerCase(Locale.ROOT).contains("\r\nrange:");
      Fault fault = Fault.PASS;
      if (ranged) {
        rangedGets.incrementAndGet();
        fault = nextFault();
      }
      if (fault != Fault.PASS) {
        faults.incrementAndGet();
      }
      switch (fault) {
        case HTTP_500 -> answer(client, "500 Internal Server Error", "InternalError", "We encountered an internal error.");
        case SLOW_DOWN -> answer(client, "503 Slow Down", "SlowDown", "Please reduce your request rate.");
        case DROP -> { }
        default -> forward(client, in, text, fault == Fault.CUT_BODY);
      }
    } catch (IOException e) {
      // the client or the target went away: nothing to do
    } finally {
      open.remove(client);
    }
  }

  private void forward(Socket client, InputStream clientIn, String head, boolean cut) throws IOException {
    try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
      open.add(upstream);
      upstream.getOutputStream().write(withConnectionClose(head).getBytes(StandardCharsets.ISO_8859_1));
      threads.execute(() -> pipe(clientIn, upstream)); // a request body, if any
      InputStream in = new BufferedInputStream(upstream.getInputStream());
      OutputStream out = client.getOutputStream();
      if (!cut) {
        in.transferTo(out);
        return;
      }
      byte[] responseHead = readHead(in);
      if (responseHead == null) {
        return;
      }
      out.write(responseHead);
      long half = contentLength(new String(responseHead, StandardCharsets.ISO_8859_1)) / 2;
      out.write(in.readNBytes((int) Math.max(0, half)));
      out.flush();
    } finally {
      client.shutdownOutput();
    }
  }

  private static void pipe(InputStream from, Socket to) {
    try {
      from.transferTo(to.getOutputStream());
    } catch (IOException e) {
      // either side closed: the exchange is over
    }
  }

  private static void answer(Socket client, String status, String code, String message) throws IOException {
    byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
        + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n";
    OutputStream out = client.getOutputStream();
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  /** The request head with any {@code Connection} header replaced by {@code Connection: close}. */
  private static String withConnectionClose(String head) {
    StringBuilder sb = new StringBuilder();
    String[] lines = head.split("\r\n");
    for (String line : lines) {
      if (!line.isEmpty() && !line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
        sb.append(line).append("\r\n");
      }
    }
    return sb.append("Connection: close\r\n\r\n").toString();
  }

  private static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(line.substring("content-length:".length()).trim());
      }
    }
    return 0;
  }

  /** Bytes up to and including the blank line ending an HTTP head; null at a clean end of stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toByteArray();
      }
      if (head.size() > MAX_HEAD_BYTES) {
        throw new IOException("HTTP head longer than " + MAX_HEAD_BYTES + " bytes");
      }
    }
    return null;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
