package dev.ddbload.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates benchmark datasets: one record per line, JSON Lines or CSV with a header, or Parquet
 * ({@link ParquetDatasets}), the same records in each. Every record has a unique string key {@code id}, a few strings, two numbers
 * and a boolean; the 1 KB shape adds a {@code bio} of words. Deterministic for a seed, so every
 * run and every loader reads the same bytes.
 *
 * <pre>
 * java -cp ddbload-bench.jar:lib/* dev.ddbload.bench.Datasets --shape 200 --format jsonl --records 1000000 --out d.jsonl
 * java -cp ... dev.ddbload.bench.Datasets --shape 200 --format jsonl --bytes 2147483648 --out big.jsonl
 * </pre>
 */
public final class Datasets {

  /** Record shapes, by their approximate JSON Lines length. */
  public enum Shape {
    /** About 200 bytes a line. */
    SMALL(0),
    /** About 1 KB a line. */
    KB(820);

    final int bioChars;

    Shape(int bioChars) {
      this.bioChars = bioChars;
    }

    static Shape parse(String text) {
      switch (text) {
        case "200":
          return SMALL;
        case "1k":
        case "1024":
        case "1000":
          return KB;
        default:
          throw new IllegalArgumentException("shape is 200 or 1k, not " + text);
      }
    }
  }

  private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
      "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
      "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu"};
  private static final String[] CITIES = {"Berlin", "Lisbon", "Osaka", "Toronto", "Nairobi", "Lima", "Oslo",
      "Hanoi", "Quito", "Perth"};

  private final Shape shape;
  private final SplittableRandom random;
  private final StringBuilder line = new StringBuilder(1200);

  /** A generator of records of this shape, deterministic for the seed. */
  public Datasets(Shape shape, long seed) {
    this.shape = shape;
    this.random = new SplittableRandom(seed);
  }

  /** The CSV header line (without the line end). */
  public String csvHeader() {
    return shape.bioChars > 0 ? "id,name,email,age,score,active,city,bio" : "id,name,email,age,score,active,city";
  }

  /** The {@code --schema} that types the CSV columns as the JSON Lines values are typed. */
  public static String csvSchema() {
    return "age:N,score:N,active:BOOL";
  }

  /** Record {@code index} as one JSON Lines line (without the line end). */
  public String jsonLine(long index) {
    Fields f = next(index);
    line.setLength(0);
    line.append("{\"id\":\"").append(f.id).append("\",\"name\":\"").append(f.name).append("\",\"email\":\"")
        .append(f.email).append("\",\"age\":").append(f.age).append(",\"score\":").append(f.score)
        .append(",\"active\":").append(f.active).append(",\"city\":\"").append(f.city)
        .append("\",\"note\":\"").append(f.note).append('"');
    if (f.bio != null) {
      line.append(",\"bio\":\"").append(f.bio).append('"');
    }
    return line.append('}').toString();
  }

  /** Record {@code index} as one CSV row (without the line end); the note is left out. */
  public String csvLine(long index) {
    Fields f = next(index);
    line.setLength(0);
    line.append(f.id).append(',').append(f.name).append(',').append(f.email).append(',').append(f.age).append(',')
        .append(f.score).append(',').append(f.active).append(',').append(f.city);
    if (f.bio != null) {
      line.append(',').append(f.bio);
    }
    return line.toString();
  }

  /** Record {@code index}'s fields (for writers of other formats). */
  Fields fields(long index) {
    return next(index);
  }

  /** Whether records have a {@code bio}. */
  boolean hasBio() {
    return shape.bioChars > 0;
  }

  private Fields next(long index) {
    Fields f = new Fields();
    f.id = String.format(Locale.ROOT, "user-%010d", index);
    f.name = capitalize(word()) + " " + capitalize(word());
    f.email = word() + "." + word() + index + "@example.com";
    f.age = 18 + random.nextInt(70);
    f.score = String.format(Locale.ROOT, "%d.%02d", random.nextInt(100_000), random.nextInt(100));
    f.active = random.nextBoolean();
    f.city = CITIES[random.nextInt(CITIES.length)];
    f.note = words(40);
    f.bio = shape.bioChars > 0 ? words(shape.bioChars) : null;
    return f;
  }

  private String words(int chars) {
    StringBuilder b = new StringBuilder(chars + 10);
    while (b.length() < chars) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(word());
    }
    b.setLength(chars);
    return b.toString().trim();
  }

  private String word() {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private static String capitalize(String w) {
    return Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }

  /** One record's values. */
  static final class Fields {
    String id;
    String name;
    String email;
    int age;
    String score;
    boolean active;
    String city;
    String note;
    String bio;
  }

  /**
   * Writes a dataset: {@code --shape 200|1k --format jsonl|csv|parquet --out FILE} and either
   * {@code --records N} or {@code --bytes N} (stop after the line that reaches N bytes), with
   * {@code --seed N} (default 1).
   */
  public static void main(String[] args) throws IOException {
    Shape shape = Shape.SMALL;
    String format = "jsonl";
    Path out = null;
    long records = -1;
    long bytes = -1;
    long seed = 1;
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--shape" -> shape = Shape.parse(value);
        case "--format" -> format = value;
        case "--out" -> out = Path.of(value);
        case "--records" -> records = Long.parseLong(value);
        case "--bytes" -> bytes = Long.parseLong(value);
        case "--seed" -> seed = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (out == null || (records < 0) == (bytes < 0)) {
      throw new IllegalArgumentException("need --out and one of --records, --bytes");
    }
    long written = write(new Datasets(shape, seed), format, out, records < 0 ? Long.MAX_VALUE : records,
        bytes < 0 ? Long.MAX_VALUE : bytes);
    System.out.println(out + ": " + written + " records, " + Files.size(out) + " bytes");
  }

  /** Writes records until either limit is reached; returns how many. */
  static long write(Datasets data, String format, Path out, long maxRecords, long maxBytes) throws IOException {
    boolean csv = switch (format) {
      case "csv" -> true;
      case "jsonl" -> false;
      case "parquet" -> {
        if (maxBytes != Long.MAX_VALUE) {
          throw new IllegalArgumentException("--bytes is for jsonl and csv; give parquet --records");
        }
        yield false;
      }
      default -> throw new IllegalArgumentException("format is jsonl, csv or parquet, not " + format);
    };
    if (format.equals("parquet")) {
      return ParquetDatasets.write(data, out, maxRecords);
    }
    long size = 0;
    long n = 0;
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
      if (csv) {
        size += writeLine(o, data.csvHeader());
      }
      while (n < maxRecords && size < maxBytes) {
        size += writeLine(o, csv ? data.csvLine(n) : data.jsonLine(n));
        n++;
      }
    }
    return n;
  }

  private static int writeLine(OutputStream o, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    o.write(b);
    o.write('\n');
    return b.length + 1;
  }
}
