package dev.cratetrust.verify;

import dev.cratetrust.crates.BadInputException;

/**
 * A repository path the user gave ({@code --repo PATH}, or the local target of a {@code
 * --git-rewrite} rule) holds no git repository: the command is wrong, so no verdict is stored for
 * the crate. It says nothing about the crate's own repository.
 */
public final class LocalRepositoryMissingException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public LocalRepositoryMissingException(String detail) {
    super(
        detail
            + " (check the --repo path or the --git-rewrite target; nothing was concluded about"
            + " the crate)");
  }
}
