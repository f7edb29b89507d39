package dev.cratetrust.trust;

import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A version as cargo-vet writes it in audits: a SemVer version, optionally followed by {@code
 * @git:<40 hex digits>} for an unpublished git revision ({@code 1.0.0@git:H} and {@code 1.0.0 @
 * git:H} are the same version). Versions are compared parsed, never as text.
 */
public record VetVersion(CrateVersion semver, Optional<String> gitRevision) {
  private static final Pattern GIT_HASH = Pattern.compile("[0-9a-fA-F]{40}");

  /** Parses {@code text} as cargo-vet's {@code VetVersion::parse} does. */
  public static VetVersion parse(String text) {
    int at = text.indexOf('@');
    if (at >= 0) {
      String ver = text.substring(0, at).stripTrailing();
      String rev = text.substring(at + 1).stripLeading();
      if (!rev.startsWith("git:")) {
        throw new IllegalArgumentException(
            "version '" + InputText.printable(text) + "': only '@git:<hash>' may follow a version");
      }
      String hash = rev.substring(4);
      if (!GIT_HASH.matcher(hash).matches()) {
        throw new IllegalArgumentException(
            "version '" + InputText.printable(text) + "': the git revision is not 40 hex digits");
      }
      return new VetVersion(semver(text, ver), Optional.of(hash));
    }
    return new VetVersion(semver(text, text), Optional.empty());
  }

  private static CrateVersion semver(String text, String v) {
    if (!CrateVersion.isValid(v)) {
      throw new IllegalArgumentException(
          "version '" + InputText.printable(text) + "' is not a SemVer version");
    }
    return CrateVersion.of(v);
  }

  /** A published version (no git revision). */
  public static VetVersion of(CrateVersion v) {
    return new VetVersion(v, Optional.empty());
  }

  @Override
  public String toString() {
    return semver.value() + gitRevision.map(h -> "@git:" + h).orElse("");
  }
}
