package dev.cratetrust.registry;

import dev.cratetrust.crates.BadInputException;

/** A registry location given to cratetrust (index URL, local registry path) is unusable. */
public final class RegistryConfigException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public RegistryConfigException(String message) {
    super(message);
  }
}
