package dev.cratetrust.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The files two stored verification reports list, compared by the git blob id of each file in the
 * crate: added, removed, changed and unchanged paths.
 *
 * <p>Only paths and blob ids are stored, so this says which files changed between two versions, not
 * how: the line-level diff needs both archives ({@code cratetrust diff NAME OLD NEW}).
 */
public record StoredFiles(
    List<String> added, List<String> removed, List<String> changed, int unchanged) {

  public StoredFiles {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
  }

  /** The comparison, empty when either report lists no files. */
  public static Optional<StoredFiles> between(JsonNode before, JsonNode after) {
    Map<String, String> a = blobs(before);
    Map<String, String> b = blobs(after);
    if (a.isEmpty() || b.isEmpty()) {
      return Optional.empty();
    }
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    int unchanged = 0;
    for (Map.Entry<String, String> e : b.entrySet()) {
      String old = a.get(e.getKey());
      if (old == null) {
        added.add(e.getKey());
      } else if (!old.equals(e.getValue())) {
        changed.add(e.getKey());
      } else {
        unchanged++;
      }
    }
    for (String p : a.keySet()) {
      if (!b.containsKey(p)) {
        removed.add(p);
      }
    }
    return Optional.of(new StoredFiles(added, removed, changed, unchanged));
  }

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }

  private static Map<String, String> blobs(JsonNode report) {
    Map<String, String> out = new TreeMap<>();
    JsonNode files = report.path("files");
    if (files.isArray()) {
      for (JsonNode f : files) {
        Optional<String> path = CustodyChain.text(f, "path");
        Optional<String> blob = CustodyChain.text(f, "crate_blob");
        if (path.isPresent() && blob.isPresent()) {
          out.put(path.get(), blob.get());
        }
      }
    }
    return out;
  }
}
