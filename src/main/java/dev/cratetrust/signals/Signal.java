package dev.cratetrust.signals;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One automatic, dated fact about a crate version with the evidence behind it.
 *
 * <p>A signal states what was found, never whether the crate is harmful: a build script that
 * downloads a file may be legitimate, and a crate with no signals may still be malicious.
 *
 * @param code stable kebab-case identifier ({@code build-script-spawns-shell}) for badges and
 *     filters
 * @param severity how much attention it deserves
 * @param message one neutral sentence for people
 * @param evidence files, lines or fields supporting it, possibly empty
 */
public record Signal(String code, Severity severity, String message, List<Evidence> evidence) {
  private static final Pattern CODE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  public Signal {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("signal code must be kebab-case, got '" + code + "'");
    }
    if (severity == null || message == null || message.isBlank()) {
      throw new IllegalArgumentException("signal " + code + " needs a severity and a message");
    }
    evidence = List.copyOf(evidence);
  }

  public static Signal of(String code, Severity severity, String message, Evidence... evidence) {
    return new Signal(code, severity, message, List.of(evidence));
  }
}
