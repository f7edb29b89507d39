package dev.cratetrust.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The 2021 study's per-crate check ({@code crate_inspector.py} in ericseppanen/crates_io_analyzer),
 * driving the git CLI as the study did, as the benchmark's baseline.
 *
 * <p>Per crate: read the tarball in memory, take {@code git.sha1} from the first member ending in
 * {@code .cargo_vcs_info.json}; {@code git init} a fresh directory, {@code git remote add origin},
 * {@code git fetch -q -t --depth=1 origin <sha1>}, {@code git tag --points-at <sha1>} matched
 * against {@code V}, {@code vV}, {@code name-V}, {@code name-vV}; then for every member matching
 * {@code .*\.rs$}: {@code git hash-object --stdin} and {@code git cat-file -e <hash>} (again with
 * LF line endings when the file has CRLF). On any failure, {@code git clone -q --bare} and search
 * the blobs again. The study hashed in Python; here {@code git hash-object} does it, as the issue
 * asks. The 2 s pause between crates (a crawler courtesy) is left out. Like the study, this proves
 * only that each {@code *.rs} blob exists somewhere in the repository, not at that commit or path.
 */
public final class StudyMethod {
  /** The study's verdict for one crate. */
  public enum Outcome {
    GOLD_STAR,
    NO_VCS_INFO,
    FETCH_FAILED,
    TAG_MISMATCH,
    FILES_NOT_IN_REPO
  }

  /** What the study's method found for one crate. */
  public record Result(
      String crate,
      Outcome outcome,
      List<String> tags,
      Optional<String> matchedTag,
      int rsFiles,
      int unmatched,
      boolean fullClone) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private StudyMethod() {}

  /**
   * Checks {@code crateFile} against {@code repositoryUrl}, using scratch space under {@code tmp}.
   */
  public static Result check(String name, String version, Path crateFile, String url, Path tmp)
      throws IOException, InterruptedException {
    String crate = name + " " + version;
    Map<String, byte[]> members = readMembers(crateFile);
    Optional<String> sha1 = Optional.empty();
    for (Map.Entry<String, byte[]> m : members.entrySet()) {
      if (m.getKey().endsWith(".cargo_vcs_info.json")) {
        JsonNode git = JSON.readTree(m.getValue()).path("git").path("sha1");
        sha1 = git.isString() ? Optional.of(git.asString()) : Optional.empty();
        break;
      }
    }
    if (sha1.isEmpty()) {
      return new Result(crate, Outcome.NO_VCS_INFO, List.of(), Optional.empty(), 0, 0, false);
    }
    Path dir = Files.createTempDirectory(tmp, "study-");
    try {
      git(dir, null, "init", "-q");
      git(dir, null, "remote", "add", "origin", url);
      boolean fetched = git(dir, null, "fetch", "-q", "-t", "--depth=1", "origin", sha1.get()).ok();
      List<String> tags = List.of();
      Optional<String> matched = Optional.empty();
      int[] counts = {0, 0};
      if (fetched) {
        tags = git(dir, null, "tag", "--points-at", sha1.get()).stdout().lines().toList();
        for (String candidate :
            List.of(version, "v" + version, name + "-" + version, name + "-v" + version)) {
          if (tags.contains(candidate)) {
            matched = Optional.of(candidate);
            break;
          }
        }
        counts = searchBlobs(dir, members);
      }
      boolean fullClone = false;
      if (!fetched || counts[1] > 0) {
        fullClone = true;
        Path full = Files.createTempDirectory(tmp, "study-full-");
        try {
          if (git(full, null, "clone", "-q", "--bare", url, full.resolve("r").toString()).ok()) {
            counts = searchBlobs(full.resolve("r"), members);
          }
        } finally {
          BenchCorpus.deleteTree(full);
        }
      }
      Outcome outcome;
      if (counts[1] > 0) {
        outcome = Outcome.FILES_NOT_IN_REPO;
      } else if (!fetched) {
        outcome = Outcome.FETCH_FAILED;
      } else if (matched.isEmpty()) {
        outcome = Outcome.TAG_MISMATCH;
      } else {
        outcome = Outcome.GOLD_STAR;
      }
      return new Result(crate, outcome, tags, matched, counts[0], counts[1], fullClone);
    } finally {
      BenchCorpus.deleteTree(dir);
    }
  }

  /** {checked, unmatched} over every {@code *.rs} member. */
  private static int[] searchBlobs(Path gitDir, Map<String, byte[]> members)
      throws IOException, InterruptedException {
    int checked = 0;
    int unmatched = 0;
    for (Map.Entry<String, byte[]> m : members.entrySet()) {
      if (!m.getKey().endsWith(".rs")) {
        continue;
      }
      checked++;
      if (!blobExists(gitDir, m.getValue())) {
        byte[] lf = withoutCr(m.getValue());
        if (lf == null || !blobExists(gitDir, lf)) {
          unmatched++;
        }
      }
    }
    return new int[] {checked, unmatched};
  }

  private static boolean blobExists(Path gitDir, byte[] data)
      throws IOException, InterruptedException {
    String hash = git(gitDir, data, "hash-object", "--stdin").stdout().strip();
    return git(gitDir, null, "cat-file", "-e", hash).ok();
  }

  /** The bytes with CRLF turned into LF, or null when there is no CRLF. */
  private static byte[] withoutCr(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
    boolean changed = false;
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
        changed = true;
        continue;
      }
      out.write(data[i]);
    }
    return changed ? out.toByteArray() : null;
  }

  private static Map<String, byte[]> readMembers(Path crateFile) throws IOException {
    Map<String, byte[]> members = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(crateFile);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isFile()) {
          members.put(e.getName(), tar.readAllBytes());
        }
      }
    }
    return members;
  }

  private record Run(int exit, String stdout) {
    boolean ok() {
      return exit == 0;
    }
  }

  private static Run git(Path dir, byte[] stdin, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(args.length + 1);
    cmd.add("git");
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process p = pb.start();
    if (stdin != null) {
      try (OutputStream o = p.getOutputStream()) {
        o.write(stdin);
      }
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }
}
