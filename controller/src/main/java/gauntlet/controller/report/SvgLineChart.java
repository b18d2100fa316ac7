package gauntlet.controller.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small inline SVG line chart, so report.html needs no script or CDN. The x axis is linear
 * (seconds) or percentile-scaled like HdrHistogram's plots: x = log10(1 / (1 - p)), so 90%, 99%,
 * 99.9% ... are evenly spaced and the tail gets the room it deserves.
 */
final class SvgLineChart {
  /** A line: its legend name, colour and (x, y) points in axis units (percentile scale: in percent). */
  record Series(String name, String color, List<double[]> points) {
    Series {
      points = List.copyOf(points);
    }
  }

  enum XScale { LINEAR, PERCENTILE }

  static final double MAX_PERCENTILE_X = 6; // 99.9999%
  private static final int WIDTH = 760;
  private static final int HEIGHT = 340;
  private static final int LEFT = 78;
  private static final int RIGHT = 40;
  private static final int TOP = 36;
  private static final int BOTTOM = 74;

  private SvgLineChart() {}

  static String render(String title, String xLabel, String yLabel, XScale scale, List<Series> series) {
    double xMax = scale == XScale.PERCENTILE ? 3 : 1;
    double yMax = 0;
    for (Series s : series) {
      for (double[] p : s.points()) {
        // The 100% point (the maximum) sits at the right edge instead of stretching the axis to 99.9999%.
        if (scale == XScale.LINEAR || p[0] < 100) {
          xMax = Math.max(xMax, x(scale, p[0]));
        }
        yMax = Math.max(yMax, p[1]);
      }
    }
    if (scale == XScale.PERCENTILE) {
      xMax = Math.min(MAX_PERCENTILE_X, Math.ceil(xMax));
    }
    yMax = niceCeiling(yMax);
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\""
        + " height=\"%d\" role=\"img\" aria-label=\"%s\">\n", WIDTH, HEIGHT, WIDTH, HEIGHT, Html.escape(title)));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" class=\"title\">%s</text>\n", LEFT, Html.escape(title)));
    // Y grid and labels.
    for (int i = 0; i <= 4; i++) {
      double value = yMax * i / 4;
      double y = TOP + plotHeight - plotHeight * i / 4;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>"
          + "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>\n",
          LEFT, y, WIDTH - RIGHT, y, LEFT - 6, y + 4, Html.escape(tickLabel(value))));
    }
    // X ticks.
    for (double[] tick : xTicks(scale, xMax)) {
      double x = LEFT + plotWidth * tick[0] / xMax;
      String label = scale == XScale.PERCENTILE ? percentileLabel(tick[0]) : tickLabel(tick[1]);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
          + "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"middle\">%s</text>\n",
          x, TOP, x, TOP + plotHeight, x, TOP + plotHeight + 16, Html.escape(label)));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"middle\">%s</text>\n",
        LEFT + plotWidth / 2, TOP + plotHeight + 34, Html.escape(xLabel)));
    svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" class=\"axis\" text-anchor=\"middle\""
        + " transform=\"rotate(-90 16 %.1f)\">%s</text>\n", TOP + plotHeight / 2, TOP + plotHeight / 2,
        Html.escape(yLabel)));
    // Lines and legend.
    int legendX = LEFT;
    for (Series s : series) {
      List<String> points = new ArrayList<>();
      for (double[] p : s.points()) {
        double px = LEFT + plotWidth * Math.min(x(scale, p[0]), xMax) / xMax;
        double py = TOP + plotHeight - (yMax == 0 ? 0 : plotHeight * p[1] / yMax);
        points.add(String.format(Locale.ROOT, "%.1f,%.1f", px, py));
      }
      svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\">"
          + "<title>%s</title></polyline>\n", s.color(), String.join(" ", points), Html.escape(s.name())));
      double legendY = HEIGHT - 14;
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"14\" height=\"4\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%.1f\" class=\"legend\">%s</text>\n",
          legendX, legendY - 4, s.color(), legendX + 18, legendY, Html.escape(s.name())));
      legendX += 26 + 7 * s.name().length();
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  /** Axis position of a point's x: seconds as they are, percentiles on HdrHistogram's log scale. */
  static double x(XScale scale, double value) {
    if (scale == XScale.LINEAR) {
      return value;
    }
    if (value >= 100) {
      return MAX_PERCENTILE_X;
    }
    return Math.min(MAX_PERCENTILE_X, Math.log10(100 / (100 - value)));
  }

  private static List<double[]> xTicks(XScale scale, double xMax) {
    List<double[]> ticks = new ArrayList<>();
    if (scale == XScale.PERCENTILE) {
      for (int i = 0; i <= (int) xMax; i++) {
        ticks.add(new double[] {i, i});
      }
      return ticks;
    }
    double step = Math.max(1, niceCeiling(xMax / 6)); // whole seconds
    for (double v = 0; v <= xMax + 1e-9; v += step) {
      ticks.add(new double[] {v, v});
    }
    return ticks;
  }

  /** 0 → "0%", 1 → "90%", 2 → "99%", 3 → "99.9%". */
  static String percentileLabel(double x) {
    if (x == 0) {
      return "0%";
    }
    int nines = (int) Math.round(x);
    return nines == 1 ? "90%" : "99." + "9".repeat(nines - 2) + "%";
  }

  private static String tickLabel(double value) {
    if (value >= 1_000_000) {
      return String.format(Locale.ROOT, "%.1fM", value / 1e6);
    }
    if (value >= 10_000) {
      return String.format(Locale.ROOT, "%.0fk", value / 1e3);
    }
    return value == Math.rint(value) ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }

  /** 1, 2, 2.5 or 5 times a power of ten, at least {@code value}. */
  static double niceCeiling(double value) {
    if (value <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
      if (factor * power >= value * (1 - 1e-12)) {
        return factor * power;
      }
    }
    return 10 * power;
  }
}
