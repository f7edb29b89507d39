package dev.cratetrust.web;

import dev.cratetrust.scan.ScanReport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * The study report's charts, drawn on the server as inline SVG: the share of each verdict class in
 * one scan (horizontal bars) and the shares over several scans (100 % stacked columns). Colours
 * come from CSS classes ({@code cat-gold-star}, ...) in {@code /static/report.css}, as the
 * Content-Security-Policy allows no inline style; every text is escaped. Each chart has a title and
 * an {@code aria-label}, and the page shows the same figures as a table. A chart restates counts of
 * stored verdicts; it does not weigh how many people use each crate.
 */
public final class ReportCharts {
  /** The verdict classes a chart shows, in the study's order. */
  public static final List<String> CLASSES =
      List.of(ScanReport.GOLD, ScanReport.NEEDS, ScanReport.SKETCHY, ScanReport.COULD_NOT_VERIFY);

  /** One scan's counts for the series chart. */
  public record Point(long scanId, Instant startedAt, ScanReport report) {}

  private static final int BAR_LEFT = 170;
  private static final int BAR_MAX = 380;
  private static final int ROW = 28;

  private ReportCharts() {}

  /** Horizontal bars: how many crates of the report fall in each class, and their share. */
  public static String share(ScanReport r, String caption) {
    long total = r.counts().getOrDefault(ScanReport.TOTAL, 0L);
    int height = ROW * CLASSES.size() + 10;
    StringBuilder alt = new StringBuilder(caption).append(": ").append(total).append(" crates");
    StringBuilder b = new StringBuilder(2048);
    StringBuilder body = new StringBuilder(1536);
    int y = 5;
    for (String c : CLASSES) {
      long n = r.counts().getOrDefault(c, 0L);
      String pct = r.percent(n);
      alt.append("; ").append(ScanReport.label(c).strip()).append(' ').append(n);
      alt.append(" (").append(pct).append(" %)");
      int w = total == 0 ? 0 : (int) Math.round((double) BAR_MAX * n / total);
      body.append("<text class=\"chart-label\" x=\"")
          .append(BAR_LEFT - 8)
          .append("\" y=\"")
          .append(y + 17)
          .append("\" text-anchor=\"end\">")
          .append(Html.escape(ScanReport.label(c).strip()))
          .append("</text>");
      body.append("<rect class=\"bar cat-")
          .append(c)
          .append("\" x=\"")
          .append(BAR_LEFT)
          .append("\" y=\"")
          .append(y + 3)
          .append("\" width=\"")
          .append(w)
          .append("\" height=\"")
          .append(ROW - 8)
          .append("\"><title>")
          .append(Html.escape(ScanReport.label(c).strip() + ": " + n + " (" + pct + " %)"))
          .append("</title></rect>");
      body.append("<text class=\"chart-value\" x=\"")
          .append(BAR_LEFT + w + 6)
          .append("\" y=\"")
          .append(y + 17)
          .append("\">")
          .append(n)
          .append(" (")
          .append(pct)
          .append(" %)</text>");
      y += ROW;
    }
    open(b, BAR_LEFT + BAR_MAX + 110, height, alt.toString());
    b.append(body).append("</svg>");
    return b.toString();
  }

  /**
   * One 100 % stacked column per scan, oldest on the left, with the scan's number and date below.
   */
  public static String series(List<Point> points, String caption) {
    int col = 44;
    int gap = 18;
    int top = 8;
    int plot = 200;
    int left = 40;
    int width = Math.max(left + points.size() * (col + gap) + gap, 320);
    int height = top + plot + 40;
    StringBuilder alt = new StringBuilder(caption).append(": ").append(points.size());
    alt.append(points.size() == 1 ? " scan" : " scans");
    StringBuilder body = new StringBuilder(4096);
    for (int pcent : new int[] {0, 50, 100}) {
      int y = top + plot - plot * pcent / 100;
      body.append("<line class=\"axis\" x1=\"")
          .append(left)
          .append("\" x2=\"")
          .append(width)
          .append("\" y1=\"")
          .append(y)
          .append("\" y2=\"")
          .append(y)
          .append("\"/><text class=\"chart-value\" x=\"")
          .append(left - 4)
          .append("\" y=\"")
          .append(y + 4)
          .append("\" text-anchor=\"end\">")
          .append(pcent)
          .append(" %</text>");
    }
    int x = left + gap;
    for (Point p : points) {
      ScanReport r = p.report();
      long total = r.counts().getOrDefault(ScanReport.TOTAL, 0L);
      String name = "scan " + p.scanId() + " (" + day(p.startedAt()) + ")";
      alt.append("; ").append(name).append(": ");
      double bottom = top + plot;
      for (int i = 0; i < CLASSES.size(); i++) {
        String c = CLASSES.get(i);
        long n = r.counts().getOrDefault(c, 0L);
        alt.append(i == 0 ? "" : ", ").append(ScanReport.label(c).strip()).append(' ');
        alt.append(r.percent(n)).append(" %");
        if (total == 0 || n == 0) {
          continue;
        }
        double h = (double) plot * n / total;
        body.append("<rect class=\"bar cat-")
            .append(c)
            .append("\" x=\"")
            .append(x)
            .append("\" y=\"")
            .append(fmt(bottom - h))
            .append("\" width=\"")
            .append(col)
            .append("\" height=\"")
            .append(fmt(h))
            .append("\"><title>")
            .append(
                Html.escape(
                    name
                        + ": "
                        + ScanReport.label(c).strip()
                        + " "
                        + n
                        + " of "
                        + total
                        + " ("
                        + r.percent(n)
                        + " %)"))
            .append("</title></rect>");
        bottom -= h;
      }
      body.append("<text class=\"chart-value\" x=\"")
          .append(x + col / 2)
          .append("\" y=\"")
          .append(top + plot + 16)
          .append("\" text-anchor=\"middle\">#")
          .append(p.scanId())
          .append("</text><text class=\"chart-value\" x=\"")
          .append(x + col / 2)
          .append("\" y=\"")
          .append(top + plot + 32)
          .append("\" text-anchor=\"middle\">")
          .append(Html.escape(day(p.startedAt()).substring(5)))
          .append("</text>");
      x += col + gap;
    }
    StringBuilder b = new StringBuilder(body.length() + 512);
    open(b, width, height, alt.toString());
    b.append(body).append("</svg>");
    return b.toString();
  }

  private static void open(StringBuilder b, int width, int height, String alt) {
    String a = Html.escape(alt);
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"")
        .append(a)
        .append("\"><title>")
        .append(a)
        .append("</title>");
  }

  static String day(Instant at) {
    return at.atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
