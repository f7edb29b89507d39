package dev.cratetrust.git;

import dev.cratetrust.crates.UnavailableException;

/**
 * A lazy fetch needed to answer a question about an already opened repository (deepening for a blob
 * search, the default branch's history, a tag's commit) failed, so the question has no answer.
 */
public class GitFetchUnavailableException extends UnavailableException {
  private static final long serialVersionUID = 1L;

  private final FetchOutcome.Reason reason;

  public GitFetchUnavailableException(String message, FetchOutcome.Reason reason) {
    super(message);
    this.reason = reason;
  }

  /** Why the fetch failed. */
  public FetchOutcome.Reason reason() {
    return reason;
  }
}
