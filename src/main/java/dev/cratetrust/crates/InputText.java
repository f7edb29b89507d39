package dev.cratetrust.crates;

/** Renders untrusted text safely inside error messages and reports. */
public final class InputText {
  private static final int MAX_SHOWN = 200;

  private InputText() {}

  /**
   * Returns {@code s} with control characters escaped and cut to 200 characters, so a hostile name
   * cannot forge lines in a log or terminal.
   */
  public static String printable(String s) {
    if (s == null) {
      return "<null>";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_SHOWN) + 8);
    for (int i = 0; i < s.length() && b.length() < MAX_SHOWN; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > MAX_SHOWN) {
      b.append("...");
    }
    return b.toString();
  }
}
