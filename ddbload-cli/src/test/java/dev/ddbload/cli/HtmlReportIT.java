package dev.ddbload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code --report FILE.html} after a real load (rejects, capacity raised and restored, a rate
 * limit), rendered by headless Chromium: the DOM Chromium built holds the charts and the numbers,
 * and its screenshot is a page of the window's size with the charts drawn on it. Chromium is
 * required ({@code .ci/run} installs Debian's {@code chromium}): without it the test fails, unless
 * {@code DDBLOAD_SKIP_BROWSER=1} says to skip it on a machine without a browser.
 */
class HtmlReportIT extends LocalDynamoCli {

  private static final int GOOD = 3_000;
  private static final int NO_KEY = 7;
  private static final int BROKEN = 3;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    startDynamo();
  }

  @AfterAll
  static void stop() {
    stopDynamo();
  }

  @Test
  void theReportRendersInChromiumWithItsChartsNumbersRejectsAndCapacityChanges() throws Exception {
    Optional<Path> chromium = chromium();
    assumeTrue(chromium.isPresent() || !"1".equals(System.getenv("DDBLOAD_SKIP_BROWSER")),
        "DDBLOAD_SKIP_BROWSER=1 and Chromium is not installed: the HTML report is not rendered");
    assertThat(chromium).as("Chromium renders the report: apt-get install chromium (or set DDBLOAD_SKIP_BROWSER=1"
        + " to skip this test)").isPresent();
    String table = newTable("report");
    client.createTable(b -> b.tableName(table).billingMode(BillingMode.PROVISIONED)
        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
        .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
        .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L)));
    Path input = dir.resolve("in.jsonl");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < GOOD; i++) {
      lines.append("{\"id\":\"k").append(i).append("\",\"n\":").append(i).append("}\n");
      if (i % 400 == 0 && i / 400 < NO_KEY) {
        lines.append("{\"other\":\"<script>alert(1)</script>\"}\n");
      }
      if (i % 1000 == 0 && i / 1000 < BROKEN) {
        lines.append("{not json\n");
      }
    }
    Files.writeString(input, lines);
    Path report = dir.resolve("report.html");

    CliRunner.Run run = CliRunner.run("load", "--endpoint-url", dynamo.endpoint().toString(), "--table", table,
        "-q", "--max-write-capacity", "400", "--rejects", dir.resolve("rejects.jsonl").toString(), "--report",
        report.toString(), input.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    String source = Files.readString(report);
    assertThat(source).doesNotContainPattern("(?i)<script|\\ssrc=|<link|@import|url\\(")
        .contains("&lt;script&gt;");
    assertThat(Files.getPosixFilePermissions(report)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

    String dom = chromium(chromium.get(), "--dump-dom", report);
    assertThat(dom).contains("ddbload: load completed with rejects")
        .containsPattern("<th>records read</th><td>3,010</td>")
        .containsPattern("<th>written</th><td>3,000</td>")
        .containsPattern("<th>rejected</th><td>10</td>");
    for (String chart : List.of("chart-records", "chart-wcu", "chart-throttled", "chart-inflight", "chart-retries")) {
      assertThat(dom).contains("<svg id=\"" + chart + "\"");
    }
    assertThat(dom).contains("<figcaption>Records written per second</figcaption>",
        "<figcaption>Write capacity units per second</figcaption>",
        "<figcaption>Throttled share of write units</figcaption>",
        "<figcaption>BatchWriteItem calls in flight</figcaption>",
        "<figcaption>Retried item sends per second</figcaption>");
    assertThat(points(dom, "in-flight limit")).isPositive();
    assertThat(points(dom, "calls in flight")).isPositive();
    assertThat(points(dom, "records written")).isPositive();
    assertThat(points(dom, "consumed")).isPositive();
    assertThat(points(dom, "rate limit")).as("the limit of a provisioned table").isPositive();
    assertThat(dom).containsPattern("<td>MISSING_KEY</td><td class=\"n\">7</td>")
        .containsPattern("<td>MALFORMED</td><td class=\"n\">3</td>")
        .containsPattern("<td>raised before the load</td><td>table " + table + "</td><td class=\"n\">5 WCU</td>"
            + "<td class=\"n\">400 WCU</td>")
        .containsPattern("<td>restored after the load</td><td>table " + table + "</td><td class=\"n\">400 WCU</td>"
            + "<td class=\"n\">5 WCU</td>");

    Path png = dir.resolve("report.png");
    chromium(chromium.get(), "--screenshot=" + png, report);
    int[] size = pngSize(png);
    assertThat(size).containsExactly(1000, 2600);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(share(image, rgb -> rgb != 0xffffff)).as("a drawn page, not a blank one").isGreaterThan(0.01);
    assertThat(share(image, rgb -> near(rgb, 0x0969da))).as("the charts' blue lines are drawn").isGreaterThan(0.0005);
    assertThat(share(image, rgb -> near(rgb, 0xcf222e))).as("the red ones (limits, rejected status)")
        .isGreaterThan(0.0001);
  }

  /** The share of the image's pixels whose RGB passes {@code test}. */
  private static double share(BufferedImage image, IntPredicate test) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if (test.test(image.getRGB(x, y) & 0xffffff)) {
          n++;
        }
      }
    }
    return (double) n / ((long) image.getWidth() * image.getHeight());
  }

  private static boolean near(int rgb, int colour) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((rgb >> shift) & 0xff) - ((colour >> shift) & 0xff)) > 24) {
        return false;
      }
    }
    return true;
  }

  private static int points(String dom, String series) {
    Matcher m = Pattern.compile("data-name=\"" + Pattern.quote(series) + "\" data-points=\"(\\d+)\"").matcher(dom);
    assertThat(m.find()).as("series %s", series).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** Runs headless Chromium on the page with a fresh profile and no network of its own; its stdout. */
  private String chromium(Path binary, String what, Path page) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1000,2600", "--user-data-dir=" + profile,
        what, page.toUri().toString()));
    Path out = dir.resolve("chromium-out.txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(dir.resolve("chromium-err.txt").toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("chromium did not finish: " + Files.readString(dir.resolve("chromium-err.txt")));
    }
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("chromium-err.txt"))).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static Optional<Path> chromium() {
    return Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of).filter(Files::isExecutable)
        .findFirst();
  }

  /** Width and height from a PNG's IHDR chunk. */
  private static int[] pngSize(Path png) throws IOException {
    try (InputStream in = Files.newInputStream(png); DataInputStream data = new DataInputStream(in)) {
      byte[] signature = data.readNBytes(8);
      assertThat(signature).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
      data.readInt();
      assertThat(new String(data.readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("IHDR");
      return new int[] {data.readInt(), data.readInt()};
    }
  }
}
