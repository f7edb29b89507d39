package dev.cratetrust.cli;

/** The command line combines options wrongly; the message says how to fix it. */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
