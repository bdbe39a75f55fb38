package dev.ddbload.decode.columnar;

import dev.ddbload.item.DynamoNumbers;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.RejectReason;
import dev.ddbload.item.TimeEncoding;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The value rules Parquet and Avro share with the Spark writer's {@code ItemMapping}, so a dataset
 * loads the same through either path: integers and decimals to N from their exact digits (never
 * through a double); floats and doubles to N from their shortest round-trip digits, NaN and
 * infinities rejected; dates and timestamps to ISO-8601 S or epoch N ({@link TimeEncoding});
 * times of day to ISO-8601 S. Every number is checked with {@link DynamoNumbers}. Stateless.
 */
final class ColumnValues {

  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  private ColumnValues() {}

  /** An integer or decimal's text as N, checked. */
  static AttributeValue number(String path, String text) throws InvalidValueException {
    try {
      return AttributeValue.fromN(DynamoNumbers.validate(text));
    } catch (InvalidValueException e) {
      throw new InvalidValueException(e.reason(), "column '" + path + "': " + e.getMessage());
    }
  }

  /** A decimal from its unscaled two's-complement bytes. */
  static AttributeValue decimal(String path, byte[] unscaled, int scale) throws InvalidValueException {
    return number(path, new BigDecimal(new BigInteger(unscaled), scale).toPlainString());
  }

  /** A decimal from its unscaled long. */
  static AttributeValue decimal(String path, long unscaled, int scale) throws InvalidValueException {
    return number(path, BigDecimal.valueOf(unscaled, scale).toPlainString());
  }

  /** A float's own shortest digits (not those of its widening to double). */
  static AttributeValue floating(String path, float value) throws InvalidValueException {
    return floating(path, value, Float.toString(value));
  }

  /** A double's shortest round-trip digits. */
  static AttributeValue floating(String path, double value) throws InvalidValueException {
    return floating(path, value, Double.toString(value));
  }

  private static AttributeValue floating(String path, double value, String text) throws InvalidValueException {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new InvalidValueException(RejectReason.BAD_NUMBER, "column '" + path + "' is " + text
          + ", which DynamoDB cannot store as a number");
    }
    return number(path, value == 0 ? "0" : new BigDecimal(text).toPlainString());
  }

  /** Days since the epoch. */
  static AttributeValue date(int epochDay, TimeEncoding time) {
    return time == TimeEncoding.ISO ? AttributeValue.fromS(LocalDate.ofEpochDay(epochDay).toString())
        : AttributeValue.fromN(time.epoch(epochDay * 86_400L, 0));
  }

  /**
   * A timestamp counted in {@code 10^-digits} seconds since the epoch; {@code utc} tells an
   * instant (ISO with {@code Z}) from a local date-time (ISO without a zone).
   */
  static AttributeValue timestamp(long value, int digits, boolean utc, TimeEncoding time) {
    if (time != TimeEncoding.ISO) {
      return AttributeValue.fromN(time.epoch(value, digits));
    }
    long unit = BigInteger.TEN.pow(digits).longValueExact();
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(value, unit),
        Math.floorMod(value, unit) * (1_000_000_000L / unit));
    return AttributeValue.fromS(utc ? instant.toString() : LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString());
  }

  /** Legacy INT96 timestamps (Spark, Impala): nanoseconds of the day and a Julian day, little-endian. */
  static AttributeValue int96(byte[] bytes, TimeEncoding time) {
    long nanosOfDay = 0;
    for (int i = 7; i >= 0; i--) {
      nanosOfDay = (nanosOfDay << 8) | (bytes[i] & 0xff);
    }
    int julianDay = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8 | (bytes[10] & 0xff) << 16 | (bytes[11] & 0xff) << 24;
    long epochDay = julianDay - 2_440_588L;
    long nanos = Math.addExact(Math.multiplyExact(epochDay, NANOS_PER_DAY), nanosOfDay);
    return timestamp(nanos, 9, true, time);
  }

  /** A time of day in {@code 10^-digits} seconds since midnight, always ISO-8601 S. */
  static AttributeValue timeOfDay(long value, int digits) {
    long nanos = value * BigInteger.TEN.pow(9 - digits).longValueExact();
    return AttributeValue.fromS(LocalTime.ofNanoOfDay(nanos).toString());
  }
}
