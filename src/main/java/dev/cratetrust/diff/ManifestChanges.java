package dev.cratetrust.diff;

import java.util.List;

/**
 * What changed in {@code Cargo.toml} between two versions: dependencies, features, and the fields
 * that change what runs at build time (build script, proc-macro, links, edition).
 *
 * <p>Values are compared as written; a requirement that now resolves to another version is not a
 * change here.
 */
public record ManifestChanges(
    List<DependencyChange> dependencies,
    List<String> featuresAdded,
    List<String> featuresRemoved,
    List<FieldChange> fields) {

  public ManifestChanges {
    dependencies = List.copyOf(dependencies);
    featuresAdded = List.copyOf(featuresAdded);
    featuresRemoved = List.copyOf(featuresRemoved);
    fields = List.copyOf(fields);
  }

  public boolean isEmpty() {
    return dependencies.isEmpty()
        && featuresAdded.isEmpty()
        && featuresRemoved.isEmpty()
        && fields.isEmpty();
  }

  /** Added, removed or changed dependency entry. */
  public enum Change {
    ADDED,
    REMOVED,
    CHANGED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One dependency entry that differs.
   *
   * @param kind {@code normal}, {@code dev} or {@code build}
   * @param target the {@code cfg(...)} or triple, "" when unconditional
   * @param oldSpec the entry before ({@code "1.0"}, {@code "path"}, {@code "git"}), "" when added
   * @param newSpec the entry after, "" when removed
   */
  public record DependencyChange(
      String name, String kind, String target, Change change, String oldSpec, String newSpec) {}

  /**
   * A manifest field that differs, e.g. {@code package.build}, {@code lib.proc-macro}.
   *
   * @param before the old value, "" when absent
   * @param after the new value, "" when absent
   */
  public record FieldChange(String field, String before, String after) {}
}
