package dev.ddbload.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart over the seconds of a load as inline SVG: one solid line, optionally a dashed
 * second one (a limit), axes with four labelled steps. No script, no external resource. Not
 * thread-safe; build one per chart.
 */
final class SvgChart {

  private static final int WIDTH = 760;
  private static final int HEIGHT = 220;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 14;
  private static final int BOTTOM = 34;

  /** One line: its name in the legend, a value per second ({@code NaN}: no point), dashed or not. */
  record Line(String name, double[] values, boolean dashed) {}

  private final String id;
  private final String unit;
  private final long[] seconds;
  private final List<Line> lines = new ArrayList<>();

  /**
   * @param id the element id ({@code chart-...})
   * @param unit what the values are, for the y axis ({@code records/s})
   * @param seconds the x value of each point, seconds since the load started
   */
  SvgChart(String id, String unit, long[] seconds) {
    this.id = id;
    this.unit = unit;
    this.seconds = seconds.clone();
  }

  SvgChart line(String name, double[] values, boolean dashed) {
    lines.add(new Line(name, values.clone(), dashed));
    return this;
  }

  /** The {@code <svg>} element. */
  String svg() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg id=\"%s\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\""
        + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s over time\">",
        id, WIDTH, HEIGHT, WIDTH, HEIGHT, HtmlReport.escape(unit)));
    double xMax = Math.max(1, seconds.length == 0 ? 1 : seconds[seconds.length - 1]);
    double yMax = niceCeiling(maxValue());
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    for (int i = 0; i <= 4; i++) {
      double v = yMax * i / 4;
      double y = TOP + plotH - plotH * i / 4.0;
      sb.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
          LEFT, y, WIDTH - RIGHT, y));
      sb.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
          LEFT - 6, y + 4, label(v)));
    }
    for (int i = 0; i <= 4; i++) {
      double s = xMax * i / 4;
      double x = LEFT + plotW * i / 4.0;
      sb.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s s</text>",
          x, HEIGHT - BOTTOM + 16, label(s)));
    }
    sb.append(String.format(Locale.ROOT, "<text class=\"unit\" x=\"%d\" y=\"%d\">%s</text>", LEFT, HEIGHT - 4,
        HtmlReport.escape(unit + " by second of the load")));
    if (seconds.length == 0) {
      sb.append(String.format(Locale.ROOT, "<text class=\"empty\" x=\"%d\" y=\"%d\">no data</text>", WIDTH / 2,
          HEIGHT / 2));
    }
    int n = 0;
    for (Line line : lines) {
      sb.append(String.format(Locale.ROOT, "<polyline class=\"series s%d%s\" data-name=\"%s\" data-points=\"%d\""
          + " points=\"", n++, line.dashed() ? " limit" : "", HtmlReport.escape(line.name()), points(line)));
      for (int i = 0; i < seconds.length && i < line.values().length; i++) {
        double v = line.values()[i];
        if (Double.isFinite(v)) {
          sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + plotW * seconds[i] / xMax,
              TOP + plotH - plotH * Math.min(v, yMax) / yMax));
        }
      }
      sb.append("\"/>");
    }
    sb.append("</svg>");
    return sb.toString();
  }

  private static int points(Line line) {
    int n = 0;
    for (double v : line.values()) {
      if (Double.isFinite(v)) {
        n++;
      }
    }
    return n;
  }

  private double maxValue() {
    double max = 0;
    for (Line line : lines) {
      for (double v : line.values()) {
        if (Double.isFinite(v)) {
          max = Math.max(max, v);
        }
      }
    }
    return max;
  }

  /** The smallest 1, 2 or 5 × 10^n at or above {@code v} (1 for nothing to show). */
  static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * magnitude >= v) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String label(double v) {
    if (v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
