package dev.cratetrust.signals;

/**
 * Where a signal comes from: a place in a crate file or a metadata field, with a short excerpt.
 *
 * @param file path relative to the crate root, or null for metadata evidence
 * @param line 1-based line number, or 0 when the evidence is not a line
 * @param excerpt the text found (already made printable and cut short), or null
 * @param field the metadata or manifest field ({@code build-dependencies.reqwest}), or null
 */
public record Evidence(String file, int line, String excerpt, String field) {
  static final int MAX_EXCERPT = 160;

  public Evidence {
    if (line < 0) {
      throw new IllegalArgumentException("evidence line must be >= 0, got " + line);
    }
    excerpt = excerpt == null ? null : shorten(excerpt);
  }

  /** A whole file. */
  public static Evidence ofFile(String file) {
    return new Evidence(file, 0, null, null);
  }

  /** A whole file with a note such as its detected format. */
  public static Evidence ofFile(String file, String excerpt) {
    return new Evidence(file, 0, excerpt, null);
  }

  /** One line of a file. */
  public static Evidence at(String file, int line, String excerpt) {
    return new Evidence(file, line, excerpt, null);
  }

  /** A metadata or manifest field and its value. */
  public static Evidence ofField(String field, String value) {
    return new Evidence(null, 0, value, field);
  }

  static String shorten(String s) {
    String p = dev.cratetrust.crates.InputText.printable(s.strip());
    return p.length() > MAX_EXCERPT ? p.substring(0, MAX_EXCERPT) + "..." : p;
  }
}
