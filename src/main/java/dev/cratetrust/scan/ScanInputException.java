package dev.cratetrust.scan;

import dev.cratetrust.crates.BadInputException;

/** A scan input (crate list, lockfile, vendor folder) is invalid; names the file and why. */
public final class ScanInputException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public ScanInputException(String message) {
    super(message);
  }

  public ScanInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
