package dev.cratetrust.trust;

import dev.cratetrust.crates.BadInputException;

/**
 * A trust input (advisory file, lockfile, policy, audits file, proof) is invalid; the message names
 * the input and what is wrong.
 */
public final class TrustInputException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public TrustInputException(String message) {
    super(message);
  }

  public TrustInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
