package dev.cratetrust.advisory;

import dev.cratetrust.trust.Advisory;
import dev.cratetrust.trust.SourceProblem;
import java.util.List;
import java.util.Optional;

/**
 * The advisories read from one advisory database copy, with the files that could not be read.
 *
 * @param location the directory or URL read
 * @param revision the git commit of the copy, when it was a git repository
 */
public record AdvisoryImport(
    String location,
    Optional<String> revision,
    List<Entry> advisories,
    List<SourceProblem> problems) {

  /**
   * One advisory with the file it came from, that file's exact text and the collection it belongs
   * to.
   */
  public record Entry(String path, String text, Advisory advisory, Collection collection) {
    /** An advisory of the crates collection. */
    public Entry(String path, String text, Advisory advisory) {
      this(path, text, advisory, Collection.CRATES);
    }
  }

  /**
   * The database folder an advisory comes from: {@code crates/} holds advisories against crates.io
   * crates, {@code rust/} advisories against the Rust toolchain ({@code cargo}, {@code rustdoc},
   * {@code std}), whose {@code package} is a toolchain component, not a crate. Only {@link #CRATES}
   * is matched against lockfile packages, as cargo-audit does.
   */
  public enum Collection {
    CRATES("crates"),
    TOOLCHAIN("rust");

    private final String folder;

    Collection(String folder) {
      this.folder = folder;
    }

    /** The database folder, also the value stored. */
    public String folder() {
      return folder;
    }

    public static Collection ofFolder(String folder) {
      for (Collection c : values()) {
        if (c.folder.equals(folder)) {
          return c;
        }
      }
      throw new IllegalArgumentException("no advisory collection '" + folder + "'");
    }
  }

  /** How many advisories belong to {@code collection}. */
  public long count(Collection collection) {
    return advisories.stream().filter(e -> e.collection() == collection).count();
  }

  public AdvisoryImport {
    advisories = List.copyOf(advisories);
    problems = List.copyOf(problems);
  }
}
