package dev.cratetrust.signals;

/**
 * Something build-time code (a build script or a proc-macro) reaches for, found by the static scan.
 *
 * <p>The severity is earned: probing the compiler and native builds are routine, while downloads,
 * shells, other programs, secrets and decoded payloads are what build-time attacks use.
 */
public enum Capability {
  PROBES_COMPILER(
      "probes-compiler",
      Severity.INFO,
      "runs the Rust compiler or cargo to detect versions and features"),
  NATIVE_BUILD(
      "native-build", Severity.INFO, "builds or locates native code (cc, cmake, pkg-config style)"),
  PROBES_SYSTEM(
      "probes-system",
      Severity.INFO,
      "runs a system query tool (uname, freebsd-version, *-config scripts)"),
  READS_ENV("reads-env", Severity.INFO, "reads environment variables that cargo does not set"),
  SPAWNS_GIT("spawns-git", Severity.NOTICE, "runs git"),
  SPAWNS_COMPUTED_PROGRAM(
      "spawns-computed-program", Severity.NOTICE, "spawns a program whose name is computed"),
  INCLUDES_NON_SOURCE_FILE(
      "includes-non-source-file", Severity.NOTICE, "embeds a non-source file with include_bytes!"),
  DECODES_DATA("decodes-data", Severity.NOTICE, "decodes base64 or hex data"),
  SPAWNS_PROCESS("spawns-process", Severity.WARNING, "spawns another program"),
  SPAWNS_SHELL("spawns-shell", Severity.WARNING, "spawns a shell"),
  NETWORK("network", Severity.WARNING, "uses the network"),
  WRITES_OUTSIDE_OUT_DIR(
      "writes-outside-out-dir", Severity.WARNING, "writes files outside OUT_DIR"),
  READS_HOME_DIR("reads-home-dir", Severity.WARNING, "looks up the user's home directory"),
  SENSITIVE_PATH(
      "sensitive-path", Severity.WARNING, "refers to credential or system paths (~/.ssh, /etc)"),
  READS_SECRET_ENV(
      "reads-secret-env", Severity.WARNING, "reads environment variables that hold secrets"),
  DECODES_PAYLOAD(
      "decodes-payload",
      Severity.WARNING,
      "decodes data embedded in the crate and writes or runs something");

  private final String suffix;
  private final Severity severity;
  private final String phrase;

  Capability(String suffix, Severity severity, String phrase) {
    this.suffix = suffix;
    this.severity = severity;
    this.phrase = phrase;
  }

  /** The code suffix, appended to {@code build-script-} or {@code proc-macro-}. */
  public String suffix() {
    return suffix;
  }

  public Severity severity() {
    return severity;
  }

  /** A verb phrase completing "the build script ...". */
  public String phrase() {
    return phrase;
  }
}
