package dev.cratetrust.advisory;

import dev.cratetrust.crates.BadInputException;

/** An advisory database location is not a readable advisory database. */
public final class AdvisorySourceException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public AdvisorySourceException(String message) {
    super(message);
  }

  public AdvisorySourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
