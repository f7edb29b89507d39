package dev.cratetrust.scan;

/** The output formats of {@code cratetrust report}. */
public enum ReportFormat {
  TEXT,
  MARKDOWN,
  CSV,
  JSON,
  HTML
}
