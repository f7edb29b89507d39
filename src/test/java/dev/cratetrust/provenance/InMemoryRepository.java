package dev.cratetrust.provenance;

import dev.cratetrust.crates.BlobId;
import dev.cratetrust.crates.CommitId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A repository held in memory for provenance tests: commits of path-to-entry maps, tags, links. */
final class InMemoryRepository implements RepositorySnapshot {
  private final Map<CommitId, Map<String, TreeEntry>> commits = new LinkedHashMap<>();
  private final Map<String, byte[]> blobs = new HashMap<>();
  private final List<Tag> tags = new ArrayList<>();
  private final Set<CommitId> onDefaultBranch = new HashSet<>();
  private final Map<String, InMemoryRepository> submodules = new HashMap<>();
  private final Map<CommitId, Containment> containment = new HashMap<>();
  private final List<String> historySearches = new ArrayList<>();
  private int counter;
  private int blobSearches;

  @Override
  public String url() {
    return "https://example.invalid/repo";
  }

  /** Adds a commit with the given files (text content) and returns its id. */
  CommitId commit(Map<String, String> files, boolean onDefault) {
    Map<String, TreeEntry> tree = new LinkedHashMap<>();
    files.forEach(
        (p, c) -> tree.put(p, entry(p, EntryMode.FILE, c.getBytes(StandardCharsets.UTF_8))));
    CommitId id = CommitId.of(String.format("%040x", ++counter));
    commits.put(id, tree);
    if (onDefault) {
      onDefaultBranch.add(id);
    }
    return id;
  }

  TreeEntry entry(String path, EntryMode mode, byte[] content) {
    String id = BlobId.of(content).hex();
    blobs.put(id, content);
    return new TreeEntry(path, mode, id);
  }

  void put(CommitId commit, TreeEntry e) {
    commits.get(commit).put(e.path(), e);
  }

  void gitlink(CommitId commit, String path, CommitId target) {
    commits.get(commit).put(path, new TreeEntry(path, EntryMode.GITLINK, target.hex()));
  }

  void storeBlob(String content) {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    blobs.put(BlobId.of(b).hex(), b);
  }

  void tag(String name, CommitId commit) {
    tags.add(new Tag(name, commit));
  }

  void addSubmodule(String url, InMemoryRepository repo) {
    submodules.put(url, repo);
  }

  @Override
  public List<TreeEntry> tree(CommitId commit, String folder) {
    Map<String, TreeEntry> all = commits.get(commit);
    List<TreeEntry> out = new ArrayList<>();
    if (all == null) {
      return out;
    }
    String prefix = folder.isEmpty() ? "" : folder + "/";
    for (TreeEntry e : all.values()) {
      if (e.path().startsWith(prefix)) {
        out.add(new TreeEntry(e.path().substring(prefix.length()), e.mode(), e.objectId()));
      }
    }
    return out;
  }

  @Override
  public Optional<byte[]> blob(BlobId id, long maxBytes) {
    byte[] b = blobs.get(id.hex());
    return b == null || b.length > maxBytes ? Optional.empty() : Optional.of(b);
  }

  @Override
  public boolean searchHistoryForBlob(BlobId id) {
    historySearches.add(id.hex());
    blobSearches++;
    return blobs.containsKey(id.hex());
  }

  /** Blob ids asked of {@link #searchHistoryForBlob}, in order. */
  List<String> historySearches() {
    return List.copyOf(historySearches);
  }

  /** Makes {@code commit} reachable only from the pull-request ref {@code ref}. */
  void onlyOnPullRequest(CommitId commit, String ref) {
    containment.put(commit, new Containment(Containment.Kind.ONLY_ON_REVIEW_REFS, List.of(ref)));
  }

  /** Makes {@code commit} readable (a host serving it by id) but on no ref. */
  void onNoRef(CommitId commit) {
    containment.put(commit, new Containment(Containment.Kind.NOT_ON_ANY_REF, List.of()));
  }

  @Override
  public Containment containment(CommitId commit) {
    Containment known = containment.get(commit);
    if (known != null) {
      return known;
    }
    return commits.containsKey(commit)
        ? new Containment(Containment.Kind.ON_BRANCH_OR_TAG, List.of())
        : new Containment(Containment.Kind.NOT_ON_ANY_REF, List.of());
  }

  /** How many times {@link #searchHistoryForBlob} (the search of all history) was asked. */
  int blobSearches() {
    return blobSearches;
  }

  @Override
  public List<Tag> tags() {
    return List.copyOf(tags);
  }

  @Override
  public Reachability reachableFromDefaultBranch(CommitId commit) {
    return onDefaultBranch.contains(commit) ? Reachability.REACHABLE : Reachability.NOT_REACHABLE;
  }

  @Override
  public Optional<RepositorySnapshot> submodule(String url, CommitId commit) {
    return Optional.ofNullable(submodules.get(url));
  }
}
