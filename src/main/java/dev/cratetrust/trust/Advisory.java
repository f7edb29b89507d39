package dev.cratetrust.trust;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One RustSec advisory against a crate, as its {@code RUSTSEC-*.md} file states it.
 *
 * <p>{@link #statusOf} decides whether a version is affected the way cargo-audit does; it does not
 * look at {@code [affected]} functions, OS or architecture, so an affected version may still not
 * expose the flaw in a given build.
 */
public record Advisory(
    String id,
    CrateName crate,
    LocalDate date,
    String title,
    Kind kind,
    Optional<String> informational,
    Optional<LocalDate> withdrawn,
    List<String> aliases,
    List<String> related,
    List<String> categories,
    List<String> keywords,
    Optional<String> cvss,
    Optional<String> url,
    List<String> references,
    boolean expectDeleted,
    List<VersionReq> patched,
    List<VersionReq> unaffected,
    Map<String, List<VersionReq>> affectedFunctions,
    List<String> affectedOs,
    List<String> affectedArch) {

  /** What an advisory reports: a vulnerability, or one of the informational kinds. */
  public enum Kind {
    VULNERABILITY("vulnerability"),
    UNMAINTAINED("unmaintained"),
    UNSOUND("unsound"),
    NOTICE("notice"),
    OTHER_INFORMATIONAL("informational");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    /** The kind for an {@code informational} value; absent means a vulnerability. */
    public static Kind ofInformational(Optional<String> informational) {
      if (informational.isEmpty()) {
        return VULNERABILITY;
      }
      return switch (informational.get()) {
        case "unmaintained" -> UNMAINTAINED;
        case "unsound" -> UNSOUND;
        case "notice" -> NOTICE;
        default -> OTHER_INFORMATIONAL;
      };
    }
  }

  /** Why an advisory does or does not apply to one version. */
  public enum Status {
    /** The version is in no patched and no unaffected range, and the advisory stands. */
    AFFECTED,
    /** The version is in a {@code patched} range. */
    PATCHED,
    /** The version is in an {@code unaffected} range. */
    UNAFFECTED,
    /** The advisory was withdrawn; it applies to no version. */
    WITHDRAWN
  }

  public Advisory {
    aliases = List.copyOf(aliases);
    related = List.copyOf(related);
    categories = List.copyOf(categories);
    keywords = List.copyOf(keywords);
    references = List.copyOf(references);
    patched = List.copyOf(patched);
    unaffected = List.copyOf(unaffected);
    affectedFunctions = Map.copyOf(affectedFunctions);
    affectedOs = List.copyOf(affectedOs);
    affectedArch = List.copyOf(affectedArch);
  }

  /** Whether this advisory applies to {@code version} of its crate, as cargo-audit decides. */
  public Status statusOf(CrateVersion version) {
    if (withdrawn.isPresent()) {
      return Status.WITHDRAWN;
    }
    for (VersionReq r : patched) {
      if (r.contains(version)) {
        return Status.PATCHED;
      }
    }
    for (VersionReq r : unaffected) {
      if (r.contains(version)) {
        return Status.UNAFFECTED;
      }
    }
    return Status.AFFECTED;
  }

  public boolean isMalicious() {
    return categories.contains("malicious");
  }

  /** True for advisories that are not informational (a vulnerability or malicious code). */
  public boolean isVulnerability() {
    return kind == Kind.VULNERABILITY;
  }

  /** The advisory's web page: its {@code url}, else its rustsec.org page. */
  public String link() {
    return url.orElse("https://rustsec.org/advisories/" + id + ".html");
  }
}
