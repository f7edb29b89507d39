package dev.cratetrust.registry;

import dev.cratetrust.crates.UnavailableException;
import java.util.OptionalInt;

/**
 * A registry (index, download host or API) could not be reached or answered with a server error, a
 * refused redirect or an unreadable response after the allowed retries.
 */
public final class RegistryUnavailableException extends UnavailableException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public RegistryUnavailableException(String message, int status) {
    super(message);
    this.status = status;
  }

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
    this.status = -1;
  }

  /** The last HTTP status received, when the failure was an HTTP answer. */
  public OptionalInt status() {
    return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }
}
