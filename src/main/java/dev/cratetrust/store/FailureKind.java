package dev.cratetrust.store;

/** Why a job's attempt failed, as error rates in {@code cratetrust status} group failures. */
public enum FailureKind {
  /** The crate itself can never be verified (invalid archive, vendored folder missing). */
  INVALID_INPUT("invalid-input"),
  /** Network, registry, repository host or disk failed; retried later. */
  UNAVAILABLE("unavailable"),
  /** A bug in cratetrust (an unexpected exception or a wrong result). */
  INTERNAL("internal"),
  /** The store refused or failed to save the result. */
  STORE("store"),
  /** The job's holder stopped without finishing it, too often. */
  VANISHED("vanished");

  private final String code;

  FailureKind(String code) {
    this.code = code;
  }

  /** The name stored in {@code scan_job.last_error_kind} and shown by status and metrics. */
  public String code() {
    return code;
  }
}
