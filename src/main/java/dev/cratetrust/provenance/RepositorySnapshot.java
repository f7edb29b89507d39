package dev.cratetrust.provenance;

import dev.cratetrust.crates.BlobId;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.UnavailableException;
import java.util.List;
import java.util.Optional;

/**
 * Read-only facts about a fetched repository that the provenance check asks for, implemented over
 * JGit by the {@code git} package and in memory by tests.
 *
 * <p>Implementations may fetch more history lazily (for example on the first {@link
 * #containsBlob}); a failure to do so is an {@link UnavailableException}, never a verdict.
 */
public interface RepositorySnapshot {

  /** The repository URL as fetched (after normalization and rewrites), for reports. */
  String url();

  /**
   * Every entry below {@code folder} in the tree of {@code commit}, recursively, with paths
   * relative to {@code folder} ("" is the repository root). Submodules appear as {@link
   * EntryMode#GITLINK} entries and are not entered. Empty when the folder does not exist in that
   * commit.
   */
  List<TreeEntry> tree(CommitId commit, String folder) throws UnavailableException;

  /** The bytes of a blob, or empty when absent or larger than {@code maxBytes}. */
  Optional<byte[]> blob(BlobId id, long maxBytes) throws UnavailableException;

  /** Whether a blob with this id exists anywhere in the repository's history (the study's test). */
  boolean containsBlob(BlobId id) throws UnavailableException;

  /** Every tag, with the commit it points at after peeling annotated tags. */
  List<Tag> tags() throws UnavailableException;

  /** Whether {@code commit} is an ancestor of (or equal to) the tip of the default branch. */
  Reachability reachableFromDefaultBranch(CommitId commit) throws UnavailableException;

  /**
   * The repository of a submodule of this repository, fetched at {@code commit}, or empty when it
   * cannot be fetched (unsupported URL, unreachable, commit missing). {@code url} is as written in
   * {@code .gitmodules}, possibly relative to this repository's URL.
   */
  Optional<RepositorySnapshot> submodule(String url, CommitId commit) throws UnavailableException;

  /** One tree entry: path relative to the asked folder, its mode and object id. */
  record TreeEntry(String path, EntryMode mode, String objectId) {
    /**
     * The blob id; only for {@link EntryMode#FILE}, {@link EntryMode#EXECUTABLE}, {@link
     * EntryMode#SYMLINK}.
     */
    public BlobId blobId() {
      return new BlobId(objectId);
    }
  }

  /** The kind of a tree entry. */
  enum EntryMode {
    FILE,
    EXECUTABLE,
    SYMLINK,
    GITLINK
  }

  /** A tag name and the commit it points at (peeled). */
  record Tag(String name, CommitId commit) {}

  /** Whether a commit is on the default branch's history. */
  enum Reachability {
    REACHABLE,
    NOT_REACHABLE,
    /** No default branch could be determined (empty repository, detached HEAD). */
    UNKNOWN
  }
}
