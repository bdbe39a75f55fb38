package dev.ddbload.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.item.RejectReason;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties of the JSON Lines and JSON array decoders on generated input ({@link JsonModel}:
 * random objects with unicode, escapes, nesting, and records broken in every way the decoders
 * know), checked on every input: every good record comes out exactly with its line and offset,
 * every broken one is rejected alone with its reason and raw bytes, nothing else comes out, and
 * all the input is read. A truncated array keeps every element before the cut and is one damage
 * where the cut element starts; a bit flip never costs a record before it, and never makes a
 * decoder fail with anything but the damage it names.
 */
class JsonPropertiesTest {

  private static final long SEED = Trials.seed(20261208L);

  @Test
  void everyRecordComesOutExactlyOrIsRejectedAlone() {
    Trials.check(1500, SEED, JsonModel::generate, JsonModel::shrink, JsonPropertiesTest::decodesAsModelled);
  }

  @Test
  void aTruncatedArrayKeepsEveryElementBeforeTheCut() {
    Trials.check(1000, SEED + 1_000_000, r -> new Cut(JsonModel.generate(r), r.nextLong()),
        c -> c.model().shrink().stream().map(m -> new Cut(m, c.seed())).toList(), JsonPropertiesTest::survivesCut);
  }

  @Test
  void aBitFlipNeverCostsARecordBeforeIt() {
    Trials.check(1500, SEED + 2_000_000, r -> new Cut(JsonModel.generate(r), r.nextLong()),
        c -> c.model().shrink().stream().map(m -> new Cut(m, c.seed())).toList(), JsonPropertiesTest::survivesFlip);
  }

  /** A model and the seed of where it is cut or flipped. */
  record Cut(JsonModel model, long seed) {}

  private DecodeOptions options(JsonModel m) {
    return DecodeOptions.builder().maxRecordBytes(m.maxRecordBytes()).build();
  }

  private static Format format(JsonModel m) {
    return m.array() ? Format.JSON : Format.JSONL;
  }

  private static void decodesAsModelled(JsonModel m) {
    JsonModel.Rendered file = m.render();
    Decoding.Result r = decode(m, file.bytes());
    assertThat(r.failure()).isNull();
    assertThat(r.endedAt().offset()).as("bytes read").isEqualTo(file.bytes().length);
    assertThat(r.records()).hasSize(file.placed().size());
    for (JsonModel.Placed p : file.placed()) {
      assertMatches(r.records().get(p.index()), p, m);
    }
  }

  private static void assertMatches(Decoded d, JsonModel.Placed p, JsonModel m) {
    assertThat(d.origin()).as("record %d", p.index()).isEqualTo(new Origin("in", p.line(), p.index(), p.offset()));
    JsonModel.Element e = p.element();
    if (e.kind() == JsonModel.Kind.GOOD) {
      assertThat(d).as("record %d: %s", p.index(), d).isInstanceOf(SourceRecord.class);
      assertThat(((SourceRecord) d).item()).isEqualTo(e.item());
      assertThat(RawText.bytes(d.rawText())).isEqualTo(e.bytes());
      return;
    }
    assertThat(d).as("record %d", p.index()).isInstanceOf(BadRecord.class);
    BadRecord bad = (BadRecord) d;
    assertThat(bad.reason()).as("record %d: %s", p.index(), bad.message()).isEqualTo(JsonModel.reason(e.kind()));
    assertThat(bad.message()).doesNotContain("\n");
    int kept = (int) Math.min(e.bytes().length, 2L * m.maxRecordBytes());
    assertThat(RawText.bytes(bad.raw())).isEqualTo(Arrays.copyOf(e.bytes(), kept));
  }

  private static void survivesCut(Cut c) {
    JsonModel m = c.model();
    JsonModel.Rendered file = m.render();
    int at = new SplittableRandom(c.seed()).nextInt(file.bytes().length + 1);
    Decoding.Result r = decode(m, Arrays.copyOf(file.bytes(), at));
    int whole = 0;
    for (JsonModel.Placed p : file.placed()) {
      if (p.offset() + p.element().bytes().length + 1 <= at) {
        assertMatches(r.records().get(p.index()), p, m);
        whole++;
      }
    }
    if (m.array() && at > 0 && at <= file.closingBracket()) {
      assertThat(r.failure()).as("a cut array is damage").isNotNull();
      assertThat(r.failedAt().index()).isEqualTo(r.records().size());
      assertThat(r.records().size()).isBetween(whole, whole + 1);
    } else if (!m.array()) {
      assertThat(r.failure()).isNull();
    }
  }

  private static void survivesFlip(Cut c) {
    JsonModel m = c.model();
    JsonModel.Rendered file = m.render();
    if (file.bytes().length == 0) {
      return;
    }
    SplittableRandom random = new SplittableRandom(c.seed());
    int at = random.nextInt(file.bytes().length);
    byte[] flipped = file.bytes().clone();
    flipped[at] ^= (byte) (1 << random.nextInt(8));
    Decoding.Result r = decode(m, flipped);
    for (JsonModel.Placed p : file.placed()) {
      if (p.offset() + p.element().bytes().length + 2 < at) {
        assertMatches(r.records().get(p.index()), p, m);
      }
    }
    if (!m.array()) {
      assertThat(r.failure()).as("JSON Lines never stop early").isNull();
    }
    for (Decoded d : r.records()) {
      if (d instanceof BadRecord bad) {
        assertThat(bad.reason()).isNotEqualTo(RejectReason.DAMAGED);
      }
    }
  }

  private static Decoding.Result decode(JsonModel m, byte[] bytes) {
    try {
      return Decoding.decode(format(m), bytes, new JsonPropertiesTest().options(m));
    } catch (IOException e) {
      throw new AssertionError("opening failed: " + e.getMessage(), e);
    }
  }
}
