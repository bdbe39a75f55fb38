package dev.ddbload.compress;

import java.io.EOFException;

/**
 * Compressed data that ends inside a unit (a gzip member, a zstd frame, ...): the input is cut
 * short. Everything decoded before the end is trustworthy, since cutting a file changes none
 * of its earlier bytes; the rest is missing.
 */
public final class TruncatedInputException extends EOFException {

  private static final long serialVersionUID = 1L;

  /** @param message where the data ends, in one sentence */
  public TruncatedInputException(String message) {
    super(message);
  }
}
