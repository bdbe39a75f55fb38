package dev.ddbload.decode;

/**
 * Where a record came from: the source's name and the 1-based line its text starts on.
 *
 * @param source the source's name as the user gave it (path, {@code -} for standard input)
 * @param line 1-based line number the record starts on
 */
public record Origin(String source, long line) {

  @Override
  public String toString() {
    return source + ":" + line;
  }
}
