package dev.cratetrust.signals;

/** How much attention a signal deserves; none of the levels says a crate is harmful or harmless. */
public enum Severity {
  /** An ordinary fact worth knowing (the crate has a build script, it probes the compiler). */
  INFO,
  /** Unusual enough that a reviewer should look (a new owner, a binary file in tests/). */
  NOTICE,
  /** Behaviour that attacks rely on (build-time downloads, shells, secrets, decoded payloads). */
  WARNING;

  /** The lower-case name used in JSON and on the web page. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
