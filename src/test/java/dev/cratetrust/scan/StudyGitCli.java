package dev.cratetrust.scan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The 2021 study's per-crate procedure ({@code crate_inspector.py}, {@code do_verify}) re-run step
 * by step with the git command line, as the benchmark's baseline: download the {@code .crate} into
 * memory; read {@code sha1} from the first member ending in {@code .cargo_vcs_info.json}; in a
 * fresh temporary directory {@code git init -q .}, {@code git remote add origin URL}, {@code git
 * fetch -q -t --depth=1 origin SHA1} (with {@code GIT_TERMINAL_PROMPT=0}, stdin closed); {@code git
 * tag --points-at SHA1} matched against {@code V}, {@code vV}, {@code name-V}, {@code name-vV};
 * then for every member matching {@code .*\.rs$} the git blob id (and the id of the CRLF-to-LF form
 * when the data holds CRLF) and {@code git cat-file -e ID}. On any failure (no vcs info, fetch
 * error, a blob not found) it clones the repository in full ({@code git clone -q --bare URL .}) and
 * searches the blobs again.
 *
 * <p>Left out on purpose: the study's 2 s sleep between crates (crates.io crawler policy) and its
 * Python interpreter; both would only make the baseline slower. The URL fix-up ({@code /tree/...}
 * stripped from GitHub URLs) is applied as in the study.
 */
final class StudyGitCli {
  private static final Pattern TREE =
      Pattern.compile("(https://github.com/[\\w\\-_]+/[\\w\\-_]+)/tree/");

  /** The study's result for one crate. */
  record Result(
      boolean vcsInfo,
      boolean shallowFetched,
      List<String> matchedTags,
      int files,
      int unmatched,
      boolean fullClone) {
    /** The study's "gold star": a matching tag and every {@code .rs} blob found shallowly. */
    boolean goldStar() {
      return vcsInfo && shallowFetched && !matchedTags.isEmpty() && unmatched == 0 && !fullClone;
    }
  }

  private final HttpClient http;
  private final Path work;

  StudyGitCli(HttpClient http, Path work) {
    this.http = http;
    this.work = work;
  }

  /**
   * Runs the procedure for {@code name} {@code version} from {@code crateUrl} and {@code repoUrl}.
   */
  Result inspect(String name, String version, String crateUrl, String repoUrl)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> resp =
        http.send(
            HttpRequest.newBuilder(URI.create(crateUrl)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (resp.statusCode() != 200) {
      throw new IOException("download " + crateUrl + ": HTTP " + resp.statusCode());
    }
    String sha = null;
    List<byte[]> rs = new ArrayList<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new GzipCompressorInputStream(new ByteArrayInputStream(resp.body())))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        byte[] data = tar.readAllBytes();
        if (sha == null && e.getName().endsWith(".cargo_vcs_info.json")) {
          sha = sha1Of(new String(data, StandardCharsets.UTF_8));
        }
        if (e.getName().matches(".*\\.rs")) {
          rs.add(data);
        }
      }
    }
    String url = fixupUrl(repoUrl);
    List<String> matched = List.of();
    boolean shallow = false;
    int unmatched = -1;
    Path shallowDir = Files.createTempDirectory(work, "shallow");
    try {
      if (sha != null
          && git(shallowDir, "init", "-q", ".") == 0
          && git(shallowDir, "remote", "add", "origin", url) == 0
          && git(shallowDir, "fetch", "-q", "-t", "--depth=1", "origin", sha) == 0) {
        shallow = true;
        List<String> tags = tagsPointingAt(shallowDir, sha);
        matched =
            Stream.of(version, "v" + version, name + "-" + version, name + "-v" + version)
                .filter(tags::contains)
                .limit(1)
                .toList();
        unmatched = unmatchedBlobs(shallowDir, rs);
      }
    } finally {
      deleteTree(shallowDir);
    }
    if (shallow && unmatched == 0) {
      return new Result(true, true, matched, rs.size(), 0, false);
    }
    Path fullDir = Files.createTempDirectory(work, "full");
    try {
      int fullUnmatched =
          git(fullDir, "clone", "-q", "--bare", url, ".") == 0 ? unmatchedBlobs(fullDir, rs) : -1;
      return new Result(sha != null, shallow, matched, rs.size(), fullUnmatched, true);
    } finally {
      deleteTree(fullDir);
    }
  }

  private static String sha1Of(String vcsInfoJson) {
    Matcher m = Pattern.compile("\"sha1\"\\s*:\\s*\"([0-9a-f]{40})\"").matcher(vcsInfoJson);
    return m.find() ? m.group(1) : null;
  }

  static String fixupUrl(String url) {
    Matcher m = TREE.matcher(url);
    return m.lookingAt() ? m.group(1) : url;
  }

  private int unmatchedBlobs(Path dir, List<byte[]> files)
      throws IOException, InterruptedException {
    int unmatched = 0;
    for (byte[] data : files) {
      boolean found = false;
      for (String id : blobIds(data)) {
        if (git(dir, "cat-file", "-e", id) == 0) {
          found = true;
          break;
        }
      }
      if (!found) {
        unmatched++;
      }
    }
    return unmatched;
  }

  /** The git blob id of {@code data}, then that of its CRLF-to-LF form when it holds CRLF. */
  static List<String> blobIds(byte[] data) {
    List<String> ids = new ArrayList<>();
    ids.add(blobId(data));
    String s = new String(data, StandardCharsets.ISO_8859_1);
    if (s.contains("\r\n")) {
      ids.add(blobId(s.replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1)));
    }
    return ids;
  }

  private static String blobId(byte[] data) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(("blob " + data.length + "\0").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(sha1.digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> tagsPointingAt(Path dir, String sha)
      throws IOException, InterruptedException {
    Process p = start(dir, List.of("git", "tag", "--points-at", sha));
    p.getOutputStream().close();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    p.waitFor();
    return Arrays.stream(out.split("\\s+")).filter(t -> !t.isEmpty()).toList();
  }

  private int git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    Process p = start(dir, cmd);
    p.getOutputStream().close();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(OutputStreamSink.INSTANCE);
    }
    return p.waitFor();
  }

  private static Process start(Path dir, List<String> cmd) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("HOME", dir.toString());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  /** Discards output. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> w = Files.walk(dir)) {
      w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // a best-effort clean-up of a temporary directory
    }
  }
}
