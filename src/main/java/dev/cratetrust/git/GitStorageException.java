package dev.cratetrust.git;

import dev.cratetrust.crates.UnavailableException;

/**
 * The local git cache failed (disk full, permissions, a cache directory that cannot be repaired),
 * so a repository could not be read or stored; never a verdict about the repository itself.
 */
public class GitStorageException extends UnavailableException {
  private static final long serialVersionUID = 1L;

  public GitStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
