package dev.cratetrust.store;

import dev.cratetrust.crates.UnavailableException;

/** The store could not be opened, read or written; the message names the operation and store. */
public final class StoreException extends UnavailableException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
