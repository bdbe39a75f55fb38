package dev.ddbload.source.s3;

import java.io.IOException;

/**
 * An S3 object was replaced or deleted while it was being read: the rest of it is not the
 * version read so far, so reading it stops there.
 */
public final class ObjectChangedException extends IOException {

  private static final long serialVersionUID = 1L;

  ObjectChangedException(String message, Throwable cause) {
    super(message, cause);
  }
}
