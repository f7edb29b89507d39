package dev.cratetrust.provenance;

import java.util.List;
import java.util.Optional;

/**
 * Release tags found for the crate's commit.
 *
 * @param onCommit every tag that points at the commit
 * @param matched the tag accepted as this version's release tag, if any
 * @param how how {@code matched} was recognised
 * @param elsewhere release-style tags for this version that point at other commits
 */
public record TagResult(
    List<String> onCommit, Optional<String> matched, MatchKind how, List<String> elsewhere) {

  public TagResult {
    onCommit = List.copyOf(onCommit);
    elsewhere = List.copyOf(elsewhere);
  }

  public static TagResult notChecked() {
    return new TagResult(List.of(), Optional.empty(), MatchKind.NOT_CHECKED, List.of());
  }

  /** How a release tag was recognised. */
  public enum MatchKind {
    /**
     * The tag name follows a known release style and its prefix names this crate (see {@link
     * ReleaseTagPolicy}).
     */
    NAME_STYLE,
    NONE,
    NOT_CHECKED;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
