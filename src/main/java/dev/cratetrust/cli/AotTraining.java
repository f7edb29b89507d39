package dev.cratetrust.cli;

import dev.cratetrust.store.Database;
import dev.cratetrust.web.SiteContext;
import dev.cratetrust.web.SiteServer;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The training run the launcher records JDK 25's ahead-of-time cache from: builds a tiny crate, git
 * repository, vendor folder and lockfile in a scratch folder, then runs the common commands on them
 * in this one process (no network), so the cache holds the classes a short command and a scan load.
 *
 * <p>It checks nothing and its results are thrown away; the commands' exit codes are ignored.
 */
public final class AotTraining {
  private AotTraining() {}

  /** {@code args[0]}: an empty scratch folder that this run may fill. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]).toAbsolutePath();
    Files.createDirectories(dir);
    String crate = writeFixtures(dir);
    String repo = dir.resolve("repo").toString();
    String store = dir.resolve("store").toString();
    String cache = dir.resolve("cache").toString();
    String lock = dir.resolve("Cargo.lock").toString();
    List<List<String>> commands =
        List.of(
            List.of("--version"),
            List.of("--help"),
            List.of(
                "verify",
                "--crate-file",
                crate,
                "--repo",
                repo,
                "--cache-dir",
                cache,
                "--no-store"),
            List.of(
                "verify",
                "--crate-file",
                crate,
                "--repo",
                repo,
                "--cache-dir",
                cache,
                "--db",
                store,
                "--format",
                "json"),
            List.of(
                "verify",
                "--crate-file",
                crate,
                "--repo",
                repo,
                "--cache-dir",
                cache,
                "--db",
                store),
            List.of("verify", "--no-such-option"),
            List.of(
                "scan",
                "--vendor-dir",
                dir.resolve("vendor").toString(),
                "--git-rewrite",
                "https://example.invalid/training=" + repo,
                "--db",
                dir.resolve("scan-store").toString(),
                "--cache-dir",
                cache,
                "--jobs",
                "2"),
            List.of("report", "--db", dir.resolve("scan-store").toString(), "--format", "json"),
            List.of("check", lock, "--db", store, "--offline", "--format", "json"),
            List.of("check", lock, "--db", store),
            List.of("report", "--db", store));
    PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream(), true);
    for (List<String> command : commands) {
      Main.run(command.toArray(String[]::new), discard, discard);
    }
    trainWebSite(store);
  }

  /** Serves the training store on a free loopback port and asks for each kind of page once. */
  static void trainWebSite(String store) throws Exception {
    try (Database db = Database.open(store)) {
      SiteServer site =
          SiteServer.start(
              new SiteContext(db, Clock.systemUTC(), false),
              SiteServer.Options.defaults(0, line -> {}));
      try (HttpClient http = HttpClient.newHttpClient()) {
        for (String path :
            List.of(
                "healthz",
                "",
                "crates/training",
                "crates/training/0.1.0",
                "api/v1/crates/training",
                "api/v1/crates/training/0.1.0",
                "search?q=tr",
                "api/v1/search?q=tr",
                "openapi.json",
                "static/site.css",
                "crates/no-such-crate",
                "api/v1/crates/-bad")) {
          http.send(
              HttpRequest.newBuilder(site.uri().resolve(path)).build(),
              HttpResponse.BodyHandlers.discarding());
        }
      } finally {
        site.stop();
      }
    }
  }

  /** Writes the repository, a matching {@code .crate} and a lockfile; returns the crate's path. */
  static String writeFixtures(Path dir) throws Exception {
    Path work = dir.resolve("work");
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "Cargo.toml",
        """
        [package]
        name = "training"
        version = "0.1.0"
        edition = "2021"
        repository = "https://example.invalid/training"
        license = "MIT"
        """);
    files.put("src/lib.rs", "pub fn answer() -> u32 {\n    42\n}\n");
    PersonIdent who = new PersonIdent("cratetrust", "training@example.invalid");
    RevCommit commit;
    try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path p = work.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        git.add().addFilepattern(f.getKey()).call();
      }
      commit = git.commit().setMessage("training").setAuthor(who).setCommitter(who).call();
      git.tag().setName("v0.1.0").setObjectId(commit).setAnnotated(false).call();
    }
    Git.cloneRepository()
        .setURI(work.toUri().toString())
        .setDirectory(dir.resolve("repo").toFile())
        .setBare(true)
        .call()
        .close();
    files.put("Cargo.toml.orig", files.get("Cargo.toml"));
    files.put(
        ".cargo_vcs_info.json",
        "{\n  \"git\": {\n    \"sha1\": \""
            + commit.name()
            + "\"\n  },\n  \"path_in_vcs\": \"\"\n}");
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = dir.resolve("vendor/training-0.1.0").resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
    }
    Path crate = dir.resolve("training-0.1.0.crate");
    try (OutputStream out = Files.newOutputStream(crate);
        GZIPOutputStream gz = new GZIPOutputStream(out);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry("training-0.1.0/" + f.getKey());
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
      }
    }
    StringBuilder lock = new StringBuilder("version = 4\n");
    for (String name : List.of("serde", "libc", "smallvec", "time", "training")) {
      lock.append("\n[[package]]\nname = \"")
          .append(name)
          .append("\"\nversion = \"0.1.0\"\n")
          .append("source = \"registry+https://github.com/rust-lang/crates.io-index\"\n")
          .append("checksum = \"")
          .append(HexFormat.of().formatHex(new byte[32]).replace('0', 'a'))
          .append("\"\n");
    }
    Files.writeString(dir.resolve("Cargo.lock"), lock, StandardCharsets.UTF_8);
    return crate.toString();
  }
}
