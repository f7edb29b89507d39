package dev.cratetrust.diff;

import java.util.Optional;

/**
 * One file that differs between two crate versions.
 *
 * @param binary whether either side is binary by content (no text diff then)
 * @param linesAdded lines added in a text diff, 0 for binary files
 * @param linesRemoved lines removed in a text diff, 0 for binary files
 * @param unifiedDiff the unified diff ({@code --- a/path}, {@code +++ b/path}), absent for binary
 *     or oversized files
 * @param note why there is no text diff, when there is none
 */
public record FileChange(
    String path,
    Status status,
    boolean binary,
    long oldSize,
    long newSize,
    int linesAdded,
    int linesRemoved,
    Optional<String> unifiedDiff,
    Optional<String> note) {

  /** Whether the file was added, removed or changed. */
  public enum Status {
    ADDED,
    REMOVED,
    CHANGED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
