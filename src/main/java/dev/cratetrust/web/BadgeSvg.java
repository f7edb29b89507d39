package dev.cratetrust.web;

import java.util.Locale;

/**
 * Draws a badge in shields.io's "flat" style: a grey label and a coloured message, 20 px high with
 * rounded corners (rx 3), a light gradient overlay and white Verdana 11 px text over a 30 % dark
 * shadow. Widths come from a table of Verdana's advance widths, as shields measures them, so a
 * badge here and the shields.io rendering of its JSON twin have the same geometry. Every text is
 * XML-escaped. A badge shows a stored fact; its colour is a category, not a judgement of the code.
 */
public final class BadgeSvg {
  /** Padding either side of each text, in pixels (shields' {@code horizPadding}). */
  static final int PADDING = 5;

  /** The label's background. */
  static final String LABEL_COLOR = "#555";

  /**
   * Verdana's advance widths in font units (2048 per em) for the printable ASCII characters {@code
   * ' '} to {@code '~'}; at 11 px a width is {@code units * 11 / 2048} pixels.
   */
  private static final int[] VERDANA_UNITS = {
    720,
    807,
    938,
    1716,
    1302,
    2213,
    1486,
    550,
    911,
    911,
    1302,
    1716,
    745,
    882,
    745,
    1302, // ' '../
    1302,
    1302,
    1302,
    1302,
    1302,
    1302,
    1302,
    1302,
    1302,
    1302, // 0-9
    911,
    911,
    1716,
    1716,
    1716,
    1116,
    2048, // :;<=>?@
    1401,
    1405,
    1430,
    1579,
    1282,
    1178,
    1587,
    1540,
    866,
    925,
    1429,
    1145,
    1726,
    1532,
    1623,
    1225,
    1623,
    1444,
    1400,
    1263,
    1510,
    1401,
    2025,
    1402,
    1356,
    1380, // A-Z
    911,
    1302,
    911,
    1716,
    1302,
    1302, // [\]^_`
    1229,
    1276,
    1090,
    1276,
    1208,
    720,
    1276,
    1300,
    562,
    676,
    1212,
    562,
    1997,
    1300,
    1233,
    1276,
    1276,
    874,
    1051,
    807,
    1300,
    1212,
    1675,
    1212,
    1212,
    1075, // a-z
    1302,
    911,
    1302,
    1716 // {|}~
  };

  /** Width of a character outside the table (as wide as a digit). */
  private static final int FALLBACK_UNITS = 1302;

  private BadgeSvg() {}

  /** The text's width in pixels at Verdana 11 px (unrounded). */
  static double textWidth(String s) {
    double units = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < ' ' || cp == 0x7f) {
        continue;
      }
      units += cp >= ' ' && cp <= '~' ? VERDANA_UNITS[cp - ' '] : FALLBACK_UNITS;
    }
    return units * 11 / 2048;
  }

  /** The width shields gives a text: whole pixels, rounded up to an odd number. */
  static int preferredWidth(String s) {
    int w = (int) Math.floor(textWidth(s));
    return w % 2 == 0 ? w + 1 : w;
  }

  /**
   * The badge as SVG.
   *
   * @param color the message's background as {@code #rgb} or {@code #rrggbb}
   * @param title the accessible name ({@code aria-label} and {@code <title>}): what the badge
   *     states and about which version, from which evidence and date
   */
  public static String render(String label, String message, String color, String title) {
    if (!color.matches("#[0-9a-f]{3}([0-9a-f]{3})?")) {
      throw new IllegalArgumentException("badge colour '" + color + "' is not #rgb or #rrggbb");
    }
    int labelText = preferredWidth(label);
    int messageText = preferredWidth(message);
    int left = labelText + 2 * PADDING;
    int right = messageText + 2 * PADDING;
    int width = left + right;
    // text centres in tenths of a pixel, as shields places them (a 1 px margin, then padding)
    int labelX = 10 * (1 + PADDING) + 5 * labelText;
    int messageX = 10 * (left - 1 + PADDING) + 5 * messageText;
    String t = Html.escape(title);
    StringBuilder b = new StringBuilder(1200);
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"20\" role=\"img\" aria-label=\"")
        .append(t)
        .append("\"><title>")
        .append(t)
        .append("</title>")
        .append("<linearGradient id=\"s\" x2=\"0\" y2=\"100%\">")
        .append("<stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/>")
        .append("<stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>")
        .append("<clipPath id=\"r\"><rect width=\"")
        .append(width)
        .append("\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>")
        .append("<g clip-path=\"url(#r)\"><rect width=\"")
        .append(left)
        .append("\" height=\"20\" fill=\"")
        .append(LABEL_COLOR)
        .append("\"/><rect x=\"")
        .append(left)
        .append("\" width=\"")
        .append(right)
        .append("\" height=\"20\" fill=\"")
        .append(color)
        .append("\"/><rect width=\"")
        .append(width)
        .append("\" height=\"20\" fill=\"url(#s)\"/></g>")
        .append("<g fill=\"#fff\" text-anchor=\"middle\"")
        .append(" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\"")
        .append(" text-rendering=\"geometricPrecision\" font-size=\"110\">");
    text(b, label, labelX, labelText);
    text(b, message, messageX, messageText);
    b.append("</g></svg>");
    return b.toString();
  }

  private static void text(StringBuilder b, String s, int x, int width) {
    String e = Html.escape(s);
    String common =
        String.format(
            Locale.ROOT, " x=\"%d\" transform=\"scale(.1)\" textLength=\"%d\"", x, 10 * width);
    b.append("<text aria-hidden=\"true\"")
        .append(common)
        .append(" y=\"150\" fill=\"#010101\" fill-opacity=\".3\">")
        .append(e)
        .append("</text><text")
        .append(common)
        .append(" y=\"140\">")
        .append(e)
        .append("</text>");
  }
}
