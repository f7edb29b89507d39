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
 * <p>Implementations may fetch lazily what a question needs (commit history for {@link
 * #containment}, a tag's commit for {@link #tree}); only {@link #searchHistoryForBlob} may fetch
 * the full history with its files. A failure to fetch is an {@link UnavailableException}, never a
 * verdict.
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

  /**
   * Whether a blob with this id exists in the history of the repository's branches and tags (the
   * study's test). The one expensive question: it may fetch the full history with every file, so
   * ask it only for a file that nothing else explains. A blob found proves only that some commit
   * contains that content, not at which path.
   */
  boolean searchHistoryForBlob(BlobId id) throws UnavailableException;

  /**
   * Which of the repository's own refs contain {@code commit}, decided from its branches, tags and
   * pull-request heads, never from whether the server hands out the commit by id (hosts that share
   * objects between forks serve commits that exist only in a fork).
   */
  Containment containment(CommitId commit) throws UnavailableException;

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

  /**
   * Where a commit is in the repository's refs; {@code refs} names some pull-request refs that
   * contain it when {@code kind} is {@link Containment.Kind#ONLY_ON_REVIEW_REFS}.
   */
  record Containment(Kind kind, List<String> refs) {
    public Containment {
      refs = List.copyOf(refs);
    }

    /** The kinds of refs that contain a commit. */
    public enum Kind {
      /** Reachable from a branch or a tag. */
      ON_BRANCH_OR_TAG,
      /** Reachable only from pull-request or merge-request heads. */
      ONLY_ON_REVIEW_REFS,
      /** Reachable from no ref (a fork's commit served through a shared object store, or none). */
      NOT_ON_ANY_REF
    }
  }

  /** Whether a commit is on the default branch's history. */
  enum Reachability {
    REACHABLE,
    NOT_REACHABLE,
    /** No default branch could be determined (empty repository, detached HEAD). */
    UNKNOWN
  }
}
