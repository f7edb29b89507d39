package dev.cratetrust.registry;

import dev.cratetrust.crates.BadInputException;

/** A crates.io database dump is unreadable or not in the expected format; names file and why. */
public final class DbDumpException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public DbDumpException(String message) {
    super(message);
  }

  public DbDumpException(String message, Throwable cause) {
    super(message, cause);
  }
}
