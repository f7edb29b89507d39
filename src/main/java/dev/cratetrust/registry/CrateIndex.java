package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.InputText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A cargo registry index (sparse over HTTP, or a local-registry directory). */
public interface CrateIndex {

  /** Looks up every published version of {@code name}. */
  IndexLookup lookup(CrateName name) throws RegistryUnavailableException;

  /** The registry's {@code config.json}. */
  IndexConfig config() throws RegistryUnavailableException;

  /**
   * The file path of a crate inside an index: {@code 1/a}, {@code 2/ab}, {@code 3/a/abc}, {@code
   * se/rd/serde}, all lower case.
   */
  static String indexPath(CrateName name) {
    String n = name.lowercase();
    return switch (n.length()) {
      case 1 -> "1/" + n;
      case 2 -> "2/" + n;
      case 3 -> "3/" + n.charAt(0) + "/" + n;
      default -> n.substring(0, 2) + "/" + n.substring(2, 4) + "/" + n;
    };
  }

  /**
   * Parses an index file: skips blank lines, records unreadable lines and lines for another crate,
   * and fails only when no line is readable.
   */
  static IndexLookup parseFile(CrateName name, byte[] file, String what)
      throws RegistryUnavailableException {
    List<IndexEntry> entries = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int lineNo = 0;
    for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      try {
        IndexEntry e = IndexEntry.parse(line);
        if (!e.name().lowercase().equals(name.lowercase())) {
          skipped.add(
              "line " + lineNo + ": names crate '" + InputText.printable(e.name().value()) + "'");
        } else {
          entries.add(e);
        }
      } catch (IllegalArgumentException e) {
        skipped.add("line " + lineNo + ": " + e.getMessage());
      }
    }
    if (entries.isEmpty() && !skipped.isEmpty()) {
      throw new RegistryUnavailableException(
          what + ": no readable line in the index file (first problem: " + skipped.get(0) + ")",
          -1);
    }
    if (entries.isEmpty()) {
      return new IndexLookup.NotInIndex(name, "index file is empty");
    }
    return new IndexLookup.Found(name, entries, skipped);
  }
}
