package dev.ddbload.source.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Copies the body of one ranged GET into an array the reader owns, as fast as it arrives, so
 * the connection is released as soon as the range is in, whatever the reader is doing. The
 * future completes with the array once exactly {@code length} bytes came, and fails with an
 * {@link IOException} when the body is shorter or longer (a cut connection, a server that
 * ignored the range). One use per GET.
 */
final class RangeBodyTransformer implements AsyncResponseTransformer<GetObjectResponse, byte[]> {

  private final byte[] target;
  private final int length;
  private volatile CompletableFuture<byte[]> result;

  /** Fills {@code target[0, length)}. */
  RangeBodyTransformer(byte[] target, int length) {
    if (length > target.length) {
      throw new IllegalArgumentException("a range of " + length + " bytes does not fit " + target.length);
    }
    this.target = target;
    this.length = length;
  }

  @Override
  public CompletableFuture<byte[]> prepare() {
    result = new CompletableFuture<>();
    return result;
  }

  @Override
  public void onResponse(GetObjectResponse response) {
    if (response.contentRange() == null && response.contentLength() != null && response.contentLength() != length) {
      result.completeExceptionally(new IOException("the server ignored the byte range and sent "
          + response.contentLength() + " bytes"));
    }
  }

  @Override
  public void onStream(SdkPublisher<ByteBuffer> publisher) {
    publisher.subscribe(new Filler());
  }

  @Override
  public void exceptionOccurred(Throwable error) {
    CompletableFuture<byte[]> r = result;
    if (r != null) {
      r.completeExceptionally(error);
    }
  }

  /** Copies each buffer in; the array is sized for the range, so demand is unbounded. */
  private final class Filler implements Subscriber<ByteBuffer> {
    private Subscription subscription;
    private int filled;

    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
      if (result.isDone()) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(ByteBuffer buffer) {
      int n = buffer.remaining();
      if (n > length - filled) {
        subscription.cancel();
        result.completeExceptionally(new IOException("the response held more than the " + length
            + " bytes of the range"));
        return;
      }
      buffer.get(target, filled, n);
      filled += n;
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      if (filled == length) {
        result.complete(target);
      } else {
        result.completeExceptionally(new IOException("the response ended after " + filled + " of the "
            + length + " bytes of the range"));
      }
    }
  }
}
