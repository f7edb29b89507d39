package dev.cratetrust.cli;

/** The process exit codes of every cratetrust command, documented in the README. */
public enum ExitCode {
  /** The command completed; for {@code verify}, the crate is gold star; for {@code check}, pass. */
  OK(0),
  /** A bug in cratetrust: an unexpected exception. */
  INTERNAL_ERROR(1),
  /** The command line is wrong (unknown option, missing argument, bad value). */
  USAGE(2),
  /** Network, remote server, disk or store failed: nothing is known about the crate. */
  COULD_NOT_COMPLETE(3),
  /** An input (archive, directory, manifest, lockfile, policy, data file) is invalid. */
  BAD_INPUT(4),
  /** {@code verify}: the crate needs improvement (no vcs info, no release tag, ...). */
  NEEDS_IMPROVEMENT(10),
  /** {@code verify}: the crate looks sketchy (files or commit not in the repository, ...). */
  LOOKS_SKETCHY(11),
  /** {@code check}: the policy failed for at least one dependency. */
  POLICY_FAILED(20);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
