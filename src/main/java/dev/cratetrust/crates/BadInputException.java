package dev.cratetrust.crates;

/**
 * An input given to cratetrust (a crate archive, directory, manifest, lockfile, policy, data file)
 * is invalid; the message names the input and what is wrong with it.
 *
 * <p>Subsystems subclass this so the CLI and web layers can map every bad input to one exit code or
 * status.
 */
public class BadInputException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
