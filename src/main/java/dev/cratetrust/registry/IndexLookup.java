package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The result of looking a crate up in a registry index: its versions, or that it is not there. */
public sealed interface IndexLookup {

  /**
   * The index file was read.
   *
   * @param entries readable lines for this crate, in file order
   * @param skipped one message per line that was unreadable or named another crate
   */
  record Found(CrateName name, List<IndexEntry> entries, List<String> skipped)
      implements IndexLookup {
    public Found {
      entries = List.copyOf(entries);
      skipped = List.copyOf(skipped);
    }

    public Optional<IndexEntry> entry(CrateVersion version) {
      return entries.stream().filter(e -> e.vers().equals(version)).findFirst();
    }

    /**
     * The highest version that is neither yanked nor a pre-release; else the highest non-yanked;
     * else the highest of all.
     */
    public Optional<IndexEntry> latest() {
      Comparator<IndexEntry> byVersion = Comparator.comparing(IndexEntry::vers);
      Optional<IndexEntry> stable =
          entries.stream().filter(e -> !e.yanked() && !e.vers().isPreRelease()).max(byVersion);
      if (stable.isPresent()) {
        return stable;
      }
      Optional<IndexEntry> unyanked = entries.stream().filter(e -> !e.yanked()).max(byVersion);
      return unyanked.isPresent() ? unyanked : entries.stream().max(byVersion);
    }
  }

  /**
   * The registry has no such crate.
   *
   * @param reason what the index answered ("HTTP 404", "no index file")
   */
  record NotInIndex(CrateName name, String reason) implements IndexLookup {}
}
