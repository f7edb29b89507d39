package dev.cratetrust.git;

/**
 * What happened when fetching from a repository: the objects arrived, or a reason why not. These
 * are facts about the remote repository, not errors of cratetrust; a local failure is a {@link
 * GitStorageException} instead.
 */
public sealed interface FetchOutcome {

  /** Why a fetch did not deliver what was asked for. */
  enum Reason {
    /** The repository answered, but does not contain the commit (even after a full fetch). */
    COMMIT_NOT_FOUND,
    /** The server says there is no repository at this URL (HTTP 404). */
    REPOSITORY_NOT_FOUND,
    /**
     * The server wants credentials (HTTP 401/403); cratetrust never supplies or prompts for any.
     */
    AUTH_REQUIRED,
    /** The server answered with a redirect; redirects are never followed. */
    REDIRECTED,
    /** Name resolution, connection or TLS failed, or the connection broke. */
    NETWORK,
    /** The server answered with an error status or a protocol error. */
    SERVER_ERROR,
    /** The time limit passed. */
    TIMEOUT,
    /** More data arrived than the size limit allows. */
    TOO_LARGE,
    /**
     * A local path the user gave ({@code --repo}, or a {@code --git-rewrite} target) holds no git
     * repository: a mistake in the command, not a fact about the crate's repository.
     */
    LOCAL_REPOSITORY_MISSING
  }

  /** The asked-for objects are in the cached repository. */
  record Fetched() implements FetchOutcome {}

  /** The fetch failed for {@code reason}; {@code detail} is printable and names the URL. */
  record Failed(Reason reason, String detail) implements FetchOutcome {}
}
