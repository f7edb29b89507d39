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
 * What a remote advertised when last listed: its default branch ({@code HEAD}) and tip, and every
 * tag with the commit it points at after peeling; kept next to the cached repository so later runs
 * need no network. It is a snapshot: tags may have moved since {@code listedAt}.
 */
public record RemoteInfo(
    Optional<String> defaultBranch,
    Optional<CommitId> defaultTip,
    List<Tag> tags,
    Instant listedAt) {
  static final String FILE = "cratetrust-remote";

  public RemoteInfo {
    tags = List.copyOf(tags);
  }

  static Optional<RemoteInfo> read(Path repoDir) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(repoDir.resolve(FILE), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Instant listed = null;
    String branch = null;
    CommitId tip = null;
    List<Tag> tags = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(" ", 3);
      if (f.length == 2 && f[0].equals("listed") && f[1].matches("[0-9]{1,18}")) {
        listed = Instant.ofEpochMilli(Long.parseLong(f[1]));
      } else if (f.length == 3 && f[0].equals("head") && CommitId.isValid(f[2])) {
        branch = f[1];
        tip = new CommitId(f[2]);
      } else if (f.length == 3 && f[0].equals("tag") && CommitId.isValid(f[1])) {
        tags.add(new Tag(f[2], new CommitId(f[1])));
      }
    }
    if (listed == null) {
      return Optional.empty();
    }
    return Optional.of(
        new RemoteInfo(Optional.ofNullable(branch), Optional.ofNullable(tip), tags, listed));
  }

  void write(Path repoDir) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("listed ").append(listedAt.toEpochMilli()).append('\n');
    if (defaultBranch.isPresent() && defaultTip.isPresent()) {
      b.append("head ")
          .append(defaultBranch.get())
          .append(' ')
          .append(defaultTip.get())
          .append('\n');
    }
    for (Tag t : tags) {
      b.append("tag ").append(t.commit()).append(' ').append(t.name()).append('\n');
    }
    Path tmp = repoDir.resolve(FILE + "." + UUID.randomUUID() + ".tmp");
    Files.writeString(tmp, b, StandardCharsets.UTF_8);
    Files.move(tmp, repoDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
  }
}
