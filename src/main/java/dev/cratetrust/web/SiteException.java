package dev.cratetrust.web;

/**
 * A request the site answers with an error: an HTTP status, a stable machine-readable code (such as
 * {@code crate-not-found}) and a message naming the input and what is wrong. The server renders it
 * as JSON under {@code /api/} and as a page elsewhere.
 */
public final class SiteException extends RuntimeException {
  private final int status;
  private final String code;

  public SiteException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public static SiteException badRequest(String code, String message) {
    return new SiteException(400, code, message);
  }

  public static SiteException notFound(String code, String message) {
    return new SiteException(404, code, message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
