package dev.cratetrust.crates;

/**
 * Infrastructure failed (network, remote server, disk, store), so an operation could not complete;
 * the message names the operation, the object and why. Never a verdict about a crate.
 */
public class UnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnavailableException(String message) {
    super(message);
  }

  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
