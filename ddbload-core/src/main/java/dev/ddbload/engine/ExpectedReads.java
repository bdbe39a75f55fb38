package dev.ddbload.engine;

import dev.ddbload.decode.BadRecord;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Decoded;
import dev.ddbload.decode.Format;
import dev.ddbload.decode.Origin;
import dev.ddbload.decode.RecordDecoder;
import dev.ddbload.decode.SourceRecord;
import dev.ddbload.item.InvalidValueException;
import dev.ddbload.item.KeySchema;
import dev.ddbload.item.RejectReason;
import dev.ddbload.report.SourceDamage;
import dev.ddbload.source.Source;
import dev.ddbload.verify.ExpectedRecord;
import dev.ddbload.verify.Verification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A verification's reading: each source read as a load reads it ({@link SourceInput}: a
 * compressed file checked first, a pipe pumped), each record a load would send handed to the
 * {@link Verification} as an {@link ExpectedRecord}, what a load would reject counted not
 * checkable, and a source not read to its end counted as damage, as it is to a load.
 */
public final class ExpectedReads {

  private static final Logger log = LoggerFactory.getLogger(ExpectedReads.class);

  /**
   * @param keys the table's key schema
   * @param deletes whether every record is a delete (expects the key absent); a record that
   *     deletes its key ({@code SourceRecord.deletesKey}, a change) expects it absent either way
   * @param parallelFiles sources read at once
   */
  public record Settings(KeySchema keys, boolean deletes, int parallelFiles) {}

  private ExpectedReads() {}

  /**
   * Reads the sources, up to {@code parallelFiles} at once, until all are read or
   * {@code cancelled} says so; {@code cancel} is called when a reader thread fails or is interrupted.
   *
   * @throws InterruptedException if the calling thread is interrupted while waiting for the readers
   */
  public static void readAll(List<Source> sources, List<Format> formats, DecodeOptions decodeOptions,
      Settings settings, BooleanSupplier cancelled, Runnable cancel, Verification v) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    ReaderPool.Reader reader = () -> {
      int i;
      while (!cancelled.getAsBoolean() && (i = next.getAndIncrement()) < sources.size()) {
        read(sources.get(i), i, formats.get(i), decodeOptions, settings, cancelled, v);
      }
    };
    int readers = Math.min(settings.parallelFiles(), sources.size());
    if (readers <= 1) {
      reader.run();
    } else {
      ReaderPool.run(readers, reader, cancel, failure -> cancel.run());
    }
  }

  private static void read(Source source, int input, Format format, DecodeOptions decodeOptions, Settings settings,
      BooleanSupplier cancelled, Verification v) {
    SourceInput in = new SourceInput(source, null);
    try {
      in.open(format, decodeOptions, v::bytesRead, 0, cancelled, () -> { });
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      if (!cancelled.getAsBoolean()) {
        Origin start = new Origin(source.name(), 1, 0, 0);
        damaged(v, start, in.openFailure(e, start));
      }
      return;
    }
    RecordDecoder decoder = in.decoder();
    try {
      Decoded d;
      while (!cancelled.getAsBoolean() && (d = decoder.next()) != null) {
        if (d instanceof BadRecord bad) {
          if (bad.reason() == RejectReason.DAMAGED) {
            damaged(v, bad.origin(), bad.message());
          } else {
            v.notCheckable();
          }
          continue;
        }
        SourceRecord r = (SourceRecord) d;
        Map<String, AttributeValue> key;
        boolean deletes = settings.deletes() || r.deletesKey();
        try {
          key = ItemLoader.validKey(r.item(), settings.keys());
          if (!deletes) {
            ItemLoader.checkedSize(r.item());
          }
        } catch (InvalidValueException e) {
          v.notCheckable();
          continue;
        }
        v.expect(new ExpectedRecord(input, r.origin(), key, deletes ? null : r.item()));
      }
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      if (!cancelled.getAsBoolean()) {
        Origin at = decoder.position();
        damaged(v, at, in.failure(e, at).reason());
      }
    } finally {
      in.close();
    }
  }

  /** The rest of an input from {@code at} is unread: the keys of its records are not known, as a load's DAMAGED reject. */
  private static void damaged(Verification v, Origin at, String reason) {
    log.warn("Stopped reading {} at line {} (record {}): {}", at.source(), at.line(), at.index(), reason);
    v.damaged(new SourceDamage(at.source(), at.line(), at.index(), reason, -1, Optional.empty()));
  }
}
