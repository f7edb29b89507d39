package dev.cratetrust.registry;

import dev.cratetrust.crates.BadInputException;

/** A crate or version asked for by the user is not in the registry's index. */
public final class NotInRegistryException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public NotInRegistryException(String message) {
    super(message);
  }
}
