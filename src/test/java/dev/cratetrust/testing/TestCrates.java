package dev.cratetrust.testing;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.PackageId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds real crate fixtures: a git work repo with a small crate, committed with fixed dates,
 * tagged, pushed to a bare "remote" and packaged by the real {@code cargo package --offline
 * --no-verify}; named {@link TestCrateScenario}s then tamper with the repo or the tarball.
 *
 * <p>Layout inside the given temp dir: work repos in {@code work/<repo>}, bare remotes in {@code
 * remote/<repo>.git} (serve {@code remote/} to reach them over HTTP), the fixture's crate in {@code
 * crates/<repo>/<name>-<version>.crate}, cargo's home and target dirs in {@code cargo/}. Several
 * scenarios can share one temp dir. Commit ids are reproducible across runs (fixed identities and
 * dates), and so are the {@code .crate} bytes for a given cargo version.
 *
 * <p>A fixture shows what the installed cargo produces (1.95 when written); other cargo versions
 * normalize {@code Cargo.toml} and write {@code Cargo.lock} differently, and real publishers may
 * use options these builders do not.
 */
public final class TestCrates {

  private TestCrates() {}

  /**
   * What was built.
   *
   * @param id the packaged crate version
   * @param crateFile the {@code .crate} as a test should read it (tampered where the scenario says)
   * @param crateBytes its bytes
   * @param workRepo the work repo (its {@code origin} is {@code bareRepo})
   * @param bareRepo the bare "remote"
   * @param commit the commit the packaged files come from (the vcs info sha1 when there is one)
   * @param pathInVcs the package folder in the repo, "" at the root
   * @param tags the tags in the bare remote, sorted
   * @param scenario the scenario id, or "custom"
   * @param submodules submodules whose files are in the package
   */
  public record Fixture(
      PackageId id,
      Path crateFile,
      byte[] crateBytes,
      Path workRepo,
      Path bareRepo,
      CommitId commit,
      String pathInVcs,
      List<String> tags,
      String scenario,
      List<Submodule> submodules) {

    /** The tarball's regular files by path (including the {@code name-version/} prefix). */
    public Map<String, byte[]> entries() {
      return TestCrateTarball.entries(crateBytes);
    }

    /** One entry's text by path inside the package, e.g. {@code src/lib.rs}; null if absent. */
    public String entryText(String pathInPackage) {
      byte[] b = entries().get(id.dirName() + "/" + pathInPackage);
      return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
  }

  /**
   * A git submodule of a fixture.
   *
   * @param path its path in the superproject
   * @param bareRepo its own bare remote
   * @param commit the gitlink commit recorded by the superproject
   */
  public record Submodule(String path, Path bareRepo, CommitId commit) {}

  /** {@code https://example.invalid/owner/<repoName>}: a URL that never resolves. */
  public static String placeholderUrl(String repoName) {
    return "https://example.invalid/owner/" + repoName;
  }

  /**
   * {@code <tmp>/remote}, created if missing: the folder holding every bare remote, to serve over
   * HTTP before building (e.g. {@code new GitHttpServer(TestCrates.remoteRoot(tmp))} and {@code
   * build(s, tmp, server.url(s.bareRepoName()))}).
   */
  public static Path remoteRoot(Path tmp) {
    Path remote = tmp.resolve("remote");
    try {
      Files.createDirectories(remote);
    } catch (IOException e) {
      throw new UncheckedIOException("create " + remote, e);
    }
    return remote;
  }

  /**
   * Builds every scenario into one temp dir; {@code repositoryUrl} maps a bare repo name ({@code
   * <id>.git}) to the URL written into that crate's Cargo.toml.
   */
  public static Map<TestCrateScenario, Fixture> buildAll(
      Path tmp, java.util.function.Function<String, String> repositoryUrl) {
    Map<TestCrateScenario, Fixture> out = new java.util.EnumMap<>(TestCrateScenario.class);
    for (TestCrateScenario s : TestCrateScenario.values()) {
      out.put(s, build(s, tmp, repositoryUrl.apply(s.bareRepoName())));
    }
    return out;
  }

  /** Builds a scenario with the placeholder repository URL. */
  public static Fixture build(TestCrateScenario scenario, Path tmp) {
    return build(scenario, tmp, placeholderUrl(scenario.id()));
  }

  /**
   * Builds a scenario whose Cargo.toml names {@code repositoryUrl} (e.g. a loopback URL serving
   * {@code <tmp>/remote/<scenario id>.git}).
   */
  public static Fixture build(TestCrateScenario scenario, Path tmp, String repositoryUrl) {
    String id = scenario.id();
    TestCrateSpec base =
        TestCrateSpec.of(id, "1.0.0").withRepositoryUrl(repositoryUrl).withScenario(id);
    return switch (scenario) {
      case MATCHING -> build(base, tmp);
      case EXTRA_FILE_IN_CRATE ->
          tamper(
              build(base, tmp),
              m -> m.put(base.name() + "-1.0.0/src/backdoor.rs", bytes(BACKDOOR)));
      case MODIFIED_FILE_IN_CRATE ->
          tamper(
              build(base, tmp),
              m -> m.put(base.name() + "-1.0.0/src/lib.rs", bytes(LIB_RS + BACKDOOR)));
      case NO_VCS_INFO ->
          tamper(build(base, tmp), m -> m.remove(base.name() + "-1.0.0/.cargo_vcs_info.json"));
      case CARGO_TOML_ORIG_DIFFERS ->
          tamper(
              build(base, tmp),
              m ->
                  m.computeIfPresent(
                      base.name() + "-1.0.0/Cargo.toml.orig",
                      (k, v) -> bytes(text(v).replace("Test fixture", "Tampered fixture"))));
      case CARGO_TOML_INCONSISTENT ->
          tamper(
              build(base, tmp),
              m ->
                  m.computeIfPresent(
                      base.name() + "-1.0.0/Cargo.toml",
                      (k, v) ->
                          bytes(
                              text(v).replace("version = \"1.0.0\"", "version = \"1.0.1\"")
                                  + "\n[dependencies.evil]\nversion = \"1\"\n")));
      case NO_RELEASE_TAG -> build(base.withTags(List.of()), tmp);
      case OTHER_TAG_ONLY ->
          build(base.withTags(List.of(TestCrateSpec.Tag.lightweight("v0.9.0"))), tmp);
      case TAG_PLAIN -> build(withTag(base, "1.0.0", false), tmp);
      case TAG_V_ANNOTATED -> build(withTag(base, "v1.0.0", true), tmp);
      case TAG_NAME_DASH -> build(withTag(base, id + "-1.0.0", false), tmp);
      case TAG_NAME_DASH_V -> build(withTag(base, id + "-v1.0.0", false), tmp);
      case TAG_NAME_SLASH_V -> build(withTag(base, id + "/v1.0.0", false), tmp);
      case TAG_NAME_AT -> build(withTag(base, id + "@1.0.0", false), tmp);
      case TAG_V_SLASH -> build(withTag(base, "v/1.0.0", false), tmp);
      case TAG_BUILD_METADATA ->
          build(
              withTag(
                  TestCrateSpec.of(id, "1.0.0+extra")
                      .withRepositoryUrl(repositoryUrl)
                      .withScenario(id),
                  "1.0.0",
                  false),
              tmp);
      case TAG_PRERELEASE ->
          build(
              TestCrateSpec.of(id, "1.0.0-beta.1")
                  .withRepositoryUrl(repositoryUrl)
                  .withScenario(id),
              tmp);
      case MONOREPO_PATH_IN_VCS ->
          build(
              TestCrateSpec.of("foo", "1.0.0")
                  .withRepoName(id)
                  .withRepositoryUrl(repositoryUrl)
                  .withPathInVcs("crates/foo")
                  .withTags(List.of(TestCrateSpec.Tag.lightweight("foo-v1.0.0")))
                  .withScenario(id),
              tmp);
      case PUBLISHED_DIRTY -> publishedDirty(base, tmp);
      case COMMIT_NOT_PUSHED -> commitNotPushed(base, tmp);
      case NO_VCS_INFO_OUTSIDE_GIT -> outsideGit(base, tmp);
      case README_OUTSIDE_PACKAGE -> readmeOutsidePackage(id, repositoryUrl, tmp);
      case SYMLINK_IN_PACKAGE -> symlink(base, tmp);
      case SYMLINK_OUTSIDE_PACKAGE -> symlinkOutside(id, repositoryUrl, tmp);
      case SUBMODULE -> submodule(base, tmp);
      case CRLF -> crlf(base, tmp, false);
      case CRLF_AUTOCRLF -> crlf(base, tmp, true);
      case COMMIT_NOT_ON_DEFAULT_BRANCH -> notOnDefaultBranch(base, tmp);
    };
  }

  /** Builds a custom crate: files committed, tags made and everything pushed, then packaged. */
  public static Fixture build(TestCrateSpec spec, Path tmp) {
    Work w = new Work(tmp, spec);
    w.writeCrate();
    CommitId commit = w.commit("Release " + spec.version());
    w.tagAll();
    w.push("main");
    return w.fixture(w.cargoPackage(w.packageDir(), false), commit);
  }

  /**
   * Rewrites a {@code .crate} the way cargo writes one: {@code edit} gets the regular files by full
   * archive path ({@code name-version/...}) in a mutable map; added entries are written as files
   * cargo copied from disk (mode 0644), kept entries keep their mode and header style.
   */
  public static byte[] repackage(byte[] crate, Consumer<Map<String, byte[]>> edit) {
    List<TestCrateTarball.Entry> old = TestCrateTarball.read(crate);
    Map<String, byte[]> map = new LinkedHashMap<>();
    Map<String, TestCrateTarball.Entry> byPath = new LinkedHashMap<>();
    for (TestCrateTarball.Entry e : old) {
      map.put(e.path(), e.data());
      byPath.put(e.path(), e);
    }
    edit.accept(map);
    List<TestCrateTarball.Entry> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : map.entrySet()) {
      TestCrateTarball.Entry was = byPath.get(e.getKey());
      out.add(
          was == null
              ? TestCrateTarball.Entry.file(e.getKey(), e.getValue())
              : new TestCrateTarball.Entry(e.getKey(), e.getValue(), was.mode(), was.generated()));
    }
    String first = old.isEmpty() ? "crate" : old.getFirst().path();
    String dir = first.contains("/") ? first.substring(0, first.indexOf('/')) : first;
    return TestCrateTarball.write(out, dir + ".crate");
  }

  static final String LIB_RS =
      "/// Adds two numbers.\npub fn add(a: u64, b: u64) -> u64 {\n    a + b\n}\n";
  static final String BACKDOOR =
      "\npub fn backdoor() {\n    let _ = std::env::var(\"SECRET\");\n}\n";

  private static Fixture tamper(Fixture f, Consumer<Map<String, byte[]>> edit) {
    byte[] changed = repackage(f.crateBytes(), edit);
    write(f.crateFile(), changed);
    return new Fixture(
        f.id(),
        f.crateFile(),
        changed,
        f.workRepo(),
        f.bareRepo(),
        f.commit(),
        f.pathInVcs(),
        f.tags(),
        f.scenario(),
        f.submodules());
  }

  private static TestCrateSpec withTag(TestCrateSpec spec, String tag, boolean annotated) {
    return spec.withTags(List.of(new TestCrateSpec.Tag(tag, annotated)));
  }

  private static Fixture publishedDirty(TestCrateSpec spec, Path tmp) {
    Work w = new Work(tmp, spec);
    w.writeCrate();
    CommitId commit = w.commit("Release 1.0.0");
    w.tagAll();
    w.push("main");
    w.write("src/lib.rs", LIB_RS + "\npub fn uncommitted() {}\n");
    return w.fixture(w.cargoPackage(w.packageDir(), true), commit);
  }

  private static Fixture commitNotPushed(TestCrateSpec spec, Path tmp) {
    Work w = new Work(tmp, spec);
    w.writeCrate();
    w.write("src/lib.rs", "pub fn wip() {}\n");
    w.commit("Work in progress");
    w.push("main");
    w.write("src/lib.rs", LIB_RS);
    CommitId commit = w.commit("Release 1.0.0 (never pushed)");
    w.tagAll();
    return w.fixture(w.cargoPackage(w.packageDir(), false), commit);
  }

  private static Fixture outsideGit(TestCrateSpec spec, Path tmp) {
    Work w = new Work(tmp, spec);
    w.writeCrate();
    CommitId commit = w.commit("Release 1.0.0");
    w.tagAll();
    w.push("main");
    Path export = tmp.resolve("work").resolve(spec.repoName() + "-export");
    copyTree(w.repo, export);
    if (w.cmd.succeeds(export, "git", "rev-parse", "--is-inside-work-tree")) {
      throw new IllegalStateException(
          "build no-vcs-info-outside-git: " + export + " is inside a git work tree");
    }
    return w.fixture(w.cargoPackage(export, false), commit);
  }

  private static Fixture readmeOutsidePackage(String id, String url, Path tmp) {
    TestCrateSpec spec =
        TestCrateSpec.of("foo", "1.0.0")
            .withRepoName(id)
            .withRepositoryUrl(url)
            .withPathInVcs("crates/foo")
            .withTags(List.of(TestCrateSpec.Tag.lightweight("foo-v1.0.0")))
            .withScenario(id);
    Work w = new Work(tmp, spec);
    w.writeCrate();
    w.delete("README.md");
    w.writeRepo("README.md", "# The whole repository\n\nShared readme at the repo root.\n");
    w.edit("Cargo.toml", s -> s.replace("readme = \"README.md\"", "readme = \"../../README.md\""));
    CommitId commit = w.commit("Release foo 1.0.0");
    w.tagAll();
    w.push("main");
    return w.fixture(w.cargoPackage(w.packageDir(), false), commit);
  }

  private static Fixture symlink(TestCrateSpec spec, Path tmp) {
    Work w = new Work(tmp, spec);
    w.writeCrate();
    w.write("src/real.rs", "pub fn real() {}\n");
    w.write("src/lib.rs", LIB_RS + "pub mod alias;\n");
    try {
      Files.createSymbolicLink(w.packageDir().resolve("src/alias.rs"), Path.of("real.rs"));
    } catch (IOException e) {
      throw new UncheckedIOException("build symlink-in-package: create src/alias.rs", e);
    }
    CommitId commit = w.commit("Release 1.0.0");
    w.tagAll();
    w.push("main");
    return w.fixture(w.cargoPackage(w.packageDir(), false), commit);
  }

  private static Fixture symlinkOutside(String id, String url, Path tmp) {
    TestCrateSpec spec =
        TestCrateSpec.of("foo", "1.0.0")
            .withRepoName(id)
            .withRepositoryUrl(url)
            .withPathInVcs("crates/foo")
            .withTags(List.of(TestCrateSpec.Tag.lightweight("foo-v1.0.0")))
            .withScenario(id);
    Work w = new Work(tmp, spec);
    w.writeCrate();
    w.delete("LICENSE");
    w.writeRepo("LICENSE", "MIT License\n\nCopyright (c) 2024 The Whole Repository\n");
    try {
      Files.createSymbolicLink(w.packageDir().resolve("LICENSE"), Path.of("../../LICENSE"));
    } catch (IOException e) {
      throw new UncheckedIOException("build symlink-outside-package: create LICENSE", e);
    }
    CommitId commit = w.commit("Release foo 1.0.0");
    w.tagAll();
    w.push("main");
    return w.fixture(w.cargoPackage(w.packageDir(), false), commit);
  }

  private static Fixture submodule(TestCrateSpec spec, Path tmp) {
    TestCrateSpec subSpec = spec.withRepoName(spec.repoName() + "-sub");
    Work sub = new Work(tmp, subSpec);
    sub.writeRepo("generated.rs", "pub const TABLE: [u8; 4] = [1, 2, 3, 4];\n");
    CommitId subCommit = sub.commit("Generated table");
    sub.push("main");

    Work w = new Work(tmp, spec, sub.cmd);
    w.writeCrate();
    w.write("src/lib.rs", LIB_RS + "#[path = \"vendored/generated.rs\"]\npub mod generated;\n");
    w.cmd.git(
        w.repo,
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "--quiet",
        "add",
        "../" + subSpec.repoName() + ".git",
        "src/vendored");
    CommitId commit = w.commit("Release 1.0.0 with vendored submodule");
    w.tagAll();
    w.push("main");
    Fixture f = w.fixture(w.cargoPackage(w.packageDir(), false), commit);
    return new Fixture(
        f.id(),
        f.crateFile(),
        f.crateBytes(),
        f.workRepo(),
        f.bareRepo(),
        f.commit(),
        f.pathInVcs(),
        f.tags(),
        f.scenario(),
        List.of(new Submodule("src/vendored", sub.bare, subCommit)));
  }

  private static Fixture crlf(TestCrateSpec spec, Path tmp, boolean autocrlf) {
    Work w = new Work(tmp, spec);
    w.writeCrate();
    if (!autocrlf) {
      w.writeRepo(".gitattributes", "*.rs text eol=crlf\n");
    }
    CommitId commit = w.commit("Release 1.0.0");
    w.tagAll();
    w.push("main");
    if (autocrlf) {
      w.cmd.git(w.repo, "config", "core.autocrlf", "true");
    }
    // Check the files out again so the attributes apply: LF blobs, CRLF working tree.
    w.cmd.git(w.repo, "rm", "-q", "-r", "--cached", ".");
    w.cmd.git(w.repo, "reset", "-q", "--hard");
    return w.fixture(w.cargoPackage(w.packageDir(), false), commit);
  }

  private static Fixture notOnDefaultBranch(TestCrateSpec spec, Path tmp) {
    Work w = new Work(tmp, spec);
    w.writeCrate();
    w.write("src/lib.rs", "pub fn old() {}\n");
    w.commit("Start");
    w.push("main");
    w.cmd.git(w.repo, "checkout", "-q", "-b", "release-1.0");
    w.write("src/lib.rs", LIB_RS);
    CommitId commit = w.commit("Release 1.0.0 on a side branch");
    w.tagAll();
    w.push("release-1.0");
    return w.fixture(w.cargoPackage(w.packageDir(), false), commit);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void write(Path file, byte[] data) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, data);
    } catch (IOException e) {
      throw new UncheckedIOException("write " + file, e);
    }
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path rel = from.relativize(p);
        if (rel.getNameCount() > 0 && rel.getName(0).toString().equals(".git")) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("copy " + from + " to " + to, e);
    }
  }

  /** One work repo with its bare remote, being built. */
  private static final class Work {
    final TestCrateSpec spec;
    final Path tmp;
    final Path repo;
    final Path bare;
    final TestCrateCommands cmd;

    Work(Path tmp, TestCrateSpec spec) {
      this(tmp, spec, new TestCrateCommands(tmp.resolve("cargo").resolve("home-dir")));
    }

    Work(Path tmp, TestCrateSpec spec, TestCrateCommands cmd) {
      this.spec = spec;
      this.tmp = tmp;
      this.cmd = cmd;
      this.repo = tmp.resolve("work").resolve(spec.repoName());
      this.bare = tmp.resolve("remote").resolve(spec.repoName() + ".git");
      if (Files.exists(repo) || Files.exists(bare)) {
        throw new IllegalStateException(
            "build test crate: " + repo + " or " + bare + " already exists; use another repo name");
      }
      try {
        Files.createDirectories(repo);
        Files.createDirectories(bare);
      } catch (IOException e) {
        throw new UncheckedIOException("create " + repo, e);
      }
      cmd.git(repo, "init", "-q", "-b", "main");
      cmd.git(bare, "init", "-q", "--bare", "-b", "main");
      cmd.git(repo, "remote", "add", "origin", bare.toString());
    }

    Path packageDir() {
      return spec.pathInVcs().isEmpty() ? repo : repo.resolve(spec.pathInVcs());
    }

    void writeCrate() {
      boolean member = !spec.pathInVcs().isEmpty();
      StringBuilder toml = new StringBuilder();
      toml.append("[package]\n")
          .append("name = \"")
          .append(spec.name())
          .append("\"\n")
          .append("version = \"")
          .append(spec.version())
          .append("\"\n");
      if (member) {
        toml.append("edition.workspace = true\nlicense.workspace = true\n");
      } else {
        toml.append("edition = \"2021\"\nlicense = \"MIT\"\n");
      }
      toml.append("description = \"Test fixture crate for provenance checks\"\n")
          .append("readme = \"README.md\"\n")
          .append("repository = \"")
          .append(spec.repositoryUrl())
          .append("\"\n");
      if (!spec.dependencies().isEmpty()) {
        toml.append("\n[dependencies]\n");
        spec.dependencies().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .forEach(
                e -> toml.append(e.getKey()).append(" = \"").append(e.getValue()).append("\"\n"));
      }
      write("Cargo.toml", toml.toString());
      write("src/lib.rs", LIB_RS);
      write("README.md", "# " + spec.name() + "\n\nA crate built by the test fixtures.\n");
      write("LICENSE", "MIT License\n\nCopyright (c) 2024 Fixture Author\n");
      spec.files().forEach(this::write);
      if (member) {
        writeRepo(
            "Cargo.toml",
            "[workspace]\nmembers = [\""
                + spec.pathInVcs()
                + "\", \"crates/bar\"]\nresolver = \"2\"\n\n"
                + "[workspace.package]\nedition = \"2021\"\nlicense = \"MIT\"\n");
        writeRepo(
            "crates/bar/Cargo.toml",
            "[package]\nname = \"bar\"\nversion = \"0.1.0\"\nedition.workspace = true\n"
                + "license.workspace = true\ndescription = \"Sibling crate\"\n");
        writeRepo("crates/bar/src/lib.rs", "pub fn bar() {}\n");
      }
    }

    void write(String pathInPackage, String content) {
      TestCrates.write(packageDir().resolve(pathInPackage), bytes(content));
    }

    void writeRepo(String pathInRepo, String content) {
      TestCrates.write(repo.resolve(pathInRepo), bytes(content));
    }

    void delete(String pathInPackage) {
      try {
        Files.delete(packageDir().resolve(pathInPackage));
      } catch (IOException e) {
        throw new UncheckedIOException("delete " + pathInPackage, e);
      }
    }

    void edit(String pathInPackage, java.util.function.UnaryOperator<String> change) {
      Path p = packageDir().resolve(pathInPackage);
      try {
        write(pathInPackage, change.apply(Files.readString(p)));
      } catch (IOException e) {
        throw new UncheckedIOException("edit " + p, e);
      }
    }

    CommitId commit(String message) {
      cmd.git(repo, "add", "-A");
      cmd.gitDated(repo, "commit", "-q", "-m", message);
      return CommitId.of(cmd.git(repo, "rev-parse", "HEAD"));
    }

    void tagAll() {
      for (TestCrateSpec.Tag t : spec.tags()) {
        if (t.annotated()) {
          cmd.gitDated(repo, "tag", "-a", "-m", "Release " + t.name(), t.name());
        } else {
          cmd.git(repo, "tag", t.name());
        }
      }
    }

    void push(String branch) {
      cmd.git(repo, "push", "-q", "origin", branch);
      if (!spec.tags().isEmpty()) {
        cmd.git(repo, "push", "-q", "origin", "--tags");
      }
    }

    Path cargoPackage(Path dir, boolean allowDirty) {
      Path cargo = tmp.resolve("cargo");
      Path home = cargo.resolve("home").resolve(spec.repoName());
      Path target = cargo.resolve("target").resolve(spec.repoName());
      if (spec.dependencyRegistry() != null) {
        TestCrates.write(
            home.resolve("config.toml"),
            bytes(
                "[source.crates-io]\nreplace-with = \"fixture-registry\"\n\n"
                    + "[source.fixture-registry]\ndirectory = \""
                    + spec.dependencyRegistry().toAbsolutePath().toString().replace("\\", "\\\\")
                    + "\"\n"));
      }
      List<String> args = new ArrayList<>(List.of("package", "--offline", "--no-verify", "-q"));
      args.add("-p");
      args.add(spec.name());
      if (allowDirty) {
        args.add("--allow-dirty");
      }
      cmd.cargo(dir, home, target, args.toArray(String[]::new));
      Path crate = target.resolve("package").resolve(spec.name() + "-" + spec.version() + ".crate");
      Path out =
          tmp.resolve("crates")
              .resolve(spec.repoName())
              .resolve(spec.name() + "-" + spec.version() + ".crate");
      try {
        Files.createDirectories(out.getParent());
        Files.copy(crate, out);
      } catch (IOException e) {
        throw new UncheckedIOException("copy packaged crate " + crate, e);
      }
      return out;
    }

    Fixture fixture(Path crateFile, CommitId commit) {
      byte[] data;
      try {
        data = Files.readAllBytes(crateFile);
      } catch (IOException e) {
        throw new UncheckedIOException("read " + crateFile, e);
      }
      String refs = cmd.git(bare, "for-each-ref", "--format=%(refname:short)", "refs/tags");
      List<String> tags = refs.isEmpty() ? List.of() : refs.lines().sorted().toList();
      return new Fixture(
          PackageId.of(spec.name(), spec.version()),
          crateFile,
          data,
          repo,
          bare,
          commit,
          spec.pathInVcs(),
          tags,
          spec.scenario(),
          List.of());
    }
  }
}
