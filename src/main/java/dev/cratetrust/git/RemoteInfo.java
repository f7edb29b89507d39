package dev.cratetrust.git;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.provenance.RepositorySnapshot.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a remote advertised when last listed: its default branch ({@code HEAD}) and tip, every
 * branch, every tag with the commit it points at after peeling, and its pull-request or
 * merge-request heads; kept next to the cached repository so later runs need no network. It is a
 * snapshot: refs may have moved since {@code listedAt}.
 */
public record RemoteInfo(
    Optional<String> defaultBranch,
    Optional<CommitId> defaultTip,
    List<Branch> branches,
    List<Tag> tags,
    List<Branch> reviewRefs,
    Instant listedAt) {
  static final String FILE = "cratetrust-remote";

  /** Written first in the file; a file without it predates branch listing and is listed again. */
  private static final String FORMAT = "format 2";

  /** A ref by full name ({@code refs/heads/main}, {@code refs/pull/1/head}) and its commit. */
  public record Branch(String name, CommitId commit) {}

  public RemoteInfo {
    branches = List.copyOf(branches);
    tags = List.copyOf(tags);
    reviewRefs = List.copyOf(reviewRefs);
  }

  /** Whether {@code ref} is a pull-request or merge-request head (GitHub, GitLab, Gitea). */
  static boolean isReviewRef(String ref) {
    return (ref.startsWith("refs/pull/") || ref.startsWith("refs/merge-requests/"))
        && ref.endsWith("/head");
  }

  static Optional<RemoteInfo> read(Path repoDir) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(repoDir.resolve(FILE), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (lines.isEmpty() || !lines.getFirst().equals(FORMAT)) {
      return Optional.empty();
    }
    Instant listed = null;
    String branch = null;
    CommitId tip = null;
    List<Branch> branches = new ArrayList<>();
    List<Tag> tags = new ArrayList<>();
    List<Branch> reviews = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(" ", 3);
      if (f.length == 2 && f[0].equals("listed") && f[1].matches("[0-9]{1,18}")) {
        listed = Instant.ofEpochMilli(Long.parseLong(f[1]));
      } else if (f.length == 3 && f[0].equals("head") && CommitId.isValid(f[2])) {
        branch = f[1];
        tip = new CommitId(f[2]);
      } else if (f.length == 3 && f[0].equals("tag") && CommitId.isValid(f[1])) {
        tags.add(new Tag(f[2], new CommitId(f[1])));
      } else if (f.length == 3 && f[0].equals("branch") && CommitId.isValid(f[1])) {
        branches.add(new Branch(f[2], new CommitId(f[1])));
      } else if (f.length == 3 && f[0].equals("review") && CommitId.isValid(f[1])) {
        reviews.add(new Branch(f[2], new CommitId(f[1])));
      }
    }
    if (listed == null) {
      return Optional.empty();
    }
    return Optional.of(
        new RemoteInfo(
            Optional.ofNullable(branch),
            Optional.ofNullable(tip),
            branches,
            tags,
            reviews,
            listed));
  }

  void write(Path repoDir) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append(FORMAT).append('\n');
    b.append("listed ").append(listedAt.toEpochMilli()).append('\n');
    if (defaultBranch.isPresent() && defaultTip.isPresent()) {
      b.append("head ")
          .append(defaultBranch.get())
          .append(' ')
          .append(defaultTip.get())
          .append('\n');
    }
    for (Branch r : branches) {
      b.append("branch ").append(r.commit()).append(' ').append(r.name()).append('\n');
    }
    for (Tag t : tags) {
      b.append("tag ").append(t.commit()).append(' ').append(t.name()).append('\n');
    }
    for (Branch r : reviewRefs) {
      b.append("review ").append(r.commit()).append(' ').append(r.name()).append('\n');
    }
    Path tmp = repoDir.resolve(FILE + "." + UUID.randomUUID() + ".tmp");
    Files.writeString(tmp, b, StandardCharsets.UTF_8);
    Files.move(tmp, repoDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
  }
}
