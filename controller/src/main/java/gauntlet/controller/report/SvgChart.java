package gauntlet.controller.report;

import java.util.List;
import java.util.Locale;

/**
 * A small line chart drawn as inline SVG, so report.html needs no script or network: series of
 * (x, y) points, linear or log10 axes, with ticks and a legend.
 */
final class SvgChart {
  static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
      "#7f7f7f", "#17becf", "#bcbd22"};
  private static final int WIDTH = 760;
  private static final int HEIGHT = 340;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 20;
  private static final int BOTTOM = 50;

  record Series(String name, double[] x, double[] y) {}

  /** How an axis maps values and labels its ticks. */
  interface Axis {
    double position(double value);

    List<Double> ticks(double min, double max);

    String label(double value);

    /** True when the axis should start at zero whatever the data. */
    default boolean fromZero() {
      return false;
    }
  }

  static String render(String title, String xTitle, String yTitle, List<Series> series, Axis xAxis, Axis yAxis) {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        xMin = Math.min(xMin, xAxis.position(s.x()[i]));
        xMax = Math.max(xMax, xAxis.position(s.x()[i]));
        yMin = Math.min(yMin, yAxis.position(s.y()[i]));
        yMax = Math.max(yMax, yAxis.position(s.y()[i]));
      }
    }
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\">",
        WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("<title>").append(Html.escape(title)).append("</title>");
    if (!Double.isFinite(xMin) || !Double.isFinite(yMin)) {
      return svg.append("<text x=\"20\" y=\"40\">no data</text></svg>").toString();
    }
    if (xMax == xMin) {
      xMax = xMin + 1;
    }
    if (yAxis.fromZero()) {
      yMin = Math.min(yMin, 0);
    }
    if (yMax == yMin) {
      yMax = yMin + 1;
    }
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    final double fxMin = xMin;
    final double fxMax = xMax;
    final double fyMin = yMin;
    final double fyMax = yMax;
    java.util.function.DoubleUnaryOperator px = v -> LEFT + (xAxis.position(v) - fxMin) / (fxMax - fxMin) * plotW;
    java.util.function.DoubleUnaryOperator py = v -> TOP + plotH - (yAxis.position(v) - fyMin) / (fyMax - fyMin) * plotH;

    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"#fafafa\" stroke=\"#ccc\"/>",
        LEFT, TOP, plotW, plotH));
    for (double t : yAxis.ticks(fyMin, fyMax)) {
      double y = py.applyAsDouble(t);
      if (y < TOP - 0.5 || y > TOP + plotH + 0.5) {
        continue;
      }
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>",
          LEFT, LEFT + plotW, y, y));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>",
          LEFT - 6, y + 4, Html.escape(yAxis.label(t))));
    }
    for (double t : xAxis.ticks(fxMin, fxMax)) {
      double x = px.applyAsDouble(t);
      if (x < LEFT - 0.5 || x > LEFT + plotW + 0.5) {
        continue;
      }
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
          x, x, TOP, TOP + plotH));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
          x, TOP + plotH + 16, Html.escape(xAxis.label(t))));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>",
        LEFT + plotW / 2, HEIGHT - 8, Html.escape(xTitle)));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"14\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>",
        TOP + plotH / 2, TOP + plotH / 2, Html.escape(yTitle)));
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      String color = COLORS[i % COLORS.length];
      StringBuilder points = new StringBuilder();
      for (int j = 0; j < s.x().length; j++) {
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(s.x()[j]), py.applyAsDouble(s.y()[j])));
      }
      svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" points=\"")
          .append(points.toString().trim()).append("\"/>");
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
          LEFT + 10, TOP + 8 + i * 16, color));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>", LEFT + 26,
          TOP + 17 + i * 16, Html.escape(s.name())));
    }
    return svg.append("</svg>").toString();
  }

  /** A linear axis from zero with round ticks. */
  static Axis linear(java.util.function.DoubleFunction<String> label) {
    return new Axis() {
      @Override
      public double position(double value) {
        return value;
      }

      @Override
      public boolean fromZero() {
        return true;
      }

      @Override
      public List<Double> ticks(double min, double max) {
        double span = Math.max(max - Math.min(0, min), 1e-9);
        double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
        for (double m : new double[] {1, 2, 5, 10}) {
          if (span / (step * m) <= 6) {
            step *= m;
            break;
          }
        }
        List<Double> ticks = new java.util.ArrayList<>();
        for (double t = Math.floor(min / step) * step; t <= max + step / 2; t += step) {
          ticks.add(t);
        }
        return ticks;
      }

      @Override
      public String label(double value) {
        return label.apply(value);
      }
    };
  }

  /** A log10 axis with a tick per decade. */
  static Axis log(java.util.function.DoubleFunction<String> label) {
    return new Axis() {
      @Override
      public double position(double value) {
        return Math.log10(Math.max(value, 1e-9));
      }

      @Override
      public List<Double> ticks(double min, double max) {
        List<Double> ticks = new java.util.ArrayList<>();
        for (double e = Math.floor(min); e <= Math.ceil(max); e++) {
          ticks.add(Math.pow(10, e));
        }
        return ticks;
      }

      @Override
      public String label(double value) {
        return label.apply(value);
      }
    };
  }
}
