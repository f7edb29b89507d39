package dev.cratetrust.verify;

import dev.cratetrust.crates.UnavailableException;

/**
 * The crate's repository could not be fetched for a reason on our side of the wire or a passing one
 * (network, server error, time or size limit): the crate could not be verified, and nothing is
 * concluded about it.
 */
public final class RepositoryUnavailableException extends UnavailableException {
  private static final long serialVersionUID = 1L;

  public RepositoryUnavailableException(String message) {
    super(message);
  }
}
