package dev.cratetrust.maintainer;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.git.RepositoryUrl;
import dev.cratetrust.provenance.Category;
import dev.cratetrust.provenance.Finding;
import dev.cratetrust.provenance.ProvenanceReport;
import dev.cratetrust.provenance.ReleaseTagPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Predicts the verdict {@code cargo publish} from a work tree would get: runs the real {@code cargo
 * package --list}, reads the repository with the user's {@code git} (so {@code
 * url.<base>.insteadOf} applies), asks the remote which branches and tags it has, and, with {@code
 * full}, builds the package and checks it with the verifier against the local repository.
 *
 * <p>It reads only: cargo's output goes to a temporary target folder, git runs with optional locks
 * off, and nothing in the repository or its refs changes. A prediction of gold star does not show
 * that the remote will still hold the commit and tag when someone verifies the release.
 */
public final class Prepublish {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> CARGO_WRITES =
      Set.of("Cargo.toml", "Cargo.toml.orig", ".cargo_vcs_info.json", "Cargo.lock");
  private static final Pattern VERSION_AT_END =
      Pattern.compile("^(.*?)(\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?)$");

  /** Verifies a built {@code .crate} against a repository (a trusted URL or local path). */
  @FunctionalInterface
  public interface PackageVerifier {
    ProvenanceReport verify(Path crateFile, String repository)
        throws BadInputException, UnavailableException;
  }

  private final Tools tools;

  public Prepublish(Tools tools) {
    this.tools = tools;
  }

  /**
   * Checks the package in {@code dir}.
   *
   * @param verifier with {@code --full}: verifies the {@code .crate} cargo builds against the local
   *     repository; empty otherwise
   */
  public PrepublishReport check(Path dir, Optional<PackageVerifier> verifier)
      throws BadInputException, UnavailableException {
    String what = "prepublish " + InputText.printable(dir.toString());
    if (!Files.isDirectory(dir)) {
      throw new BadInputException(what + ": not a folder");
    }
    Path pkg = dir.toAbsolutePath().normalize();
    Tools.Result bare = tools.git(pkg, "rev-parse", "--is-bare-repository");
    if (bare.ok() && bare.line().equals("true")) {
      throw new BadInputException(
          what + ": is a bare git repository (no work tree); run it in a clone's work tree");
    }
    Tools.Result top = tools.git(pkg, "rev-parse", "--show-toplevel");
    if (!top.ok()) {
      throw new BadInputException(
          what + ": not inside a git work tree (" + firstLine(top.err()) + ")");
    }
    Path root = Path.of(top.line());
    if (!Files.isRegularFile(pkg.resolve("Cargo.toml"))) {
      throw new BadInputException(what + ": no Cargo.toml in this folder");
    }
    Tools.Result headId = tools.git(pkg, "rev-parse", "--verify", "--quiet", "HEAD^{commit}");
    if (!headId.ok()) {
      throw new BadInputException(what + ": the repository has no commit yet");
    }
    String head = headId.line();
    Optional<String> branch =
        optional(tools.git(pkg, "symbolic-ref", "--quiet", "--short", "HEAD"));
    String remote = remote(what, pkg, branch);
    String remoteUrl =
        tools.gitOk("read remote " + remote, pkg, "config", "--get", "remote." + remote + ".url");
    String effectiveUrl =
        tools.gitOk("read remote " + remote, pkg, "ls-remote", "--get-url", remote);

    Metadata meta = metadata(what, pkg);
    String pathInVcs = relative(real(root), real(pkg));
    List<PrepublishProblem> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Path scratch;
    try {
      scratch = Files.createTempDirectory("cratetrust-prepublish");
    } catch (IOException e) {
      throw new UnavailableException(what + ": create a temporary folder: " + e.getMessage(), e);
    }
    try {
      List<String> packaged = packageList(what, pkg, scratch);
      checkFiles(root, pathInVcs, packaged, problems);
      Map<String, String> remoteRefs = remoteRefs(pkg, remote, effectiveUrl);
      checkPushed(pkg, head, branch, remote, remoteRefs, problems);
      Optional<String> tag = checkTag(pkg, meta, pathInVcs, head, remote, remoteRefs, problems);
      checkRepository(pkg, meta, remote, remoteUrl, effectiveUrl, problems);
      if (!tools.git(pkg, "cat-file", "-e", head + ":" + join(pathInVcs, "Cargo.toml")).ok()) {
        problems.add(
            new PrepublishProblem(
                "path-in-vcs-mismatch",
                Optional.of(Category.LOOKS_SKETCHY),
                "cargo will record path_in_vcs '"
                    + pathInVcs
                    + "', but HEAD has no "
                    + join(pathInVcs, "Cargo.toml"),
                "commit the package's Cargo.toml at that path (or run prepublish in the folder"
                    + " that is committed)",
                Optional.of(join(pathInVcs, "Cargo.toml"))));
      }
      checkNewSinceLastRelease(pkg, meta, pathInVcs, head, packaged, problems, notes);
      if (verifier.isPresent()) {
        verifyBuilt(what, pkg, root, scratch, meta, pathInVcs, verifier.get(), problems);
      }
      return new PrepublishReport(
          meta.name(),
          meta.version(),
          root.toString(),
          pathInVcs,
          remote,
          remoteUrl,
          effectiveUrl,
          head,
          branch,
          tag,
          packaged,
          problems,
          notes,
          verifier.isPresent());
    } finally {
      deleteTree(scratch);
    }
  }

  /** What cargo says about the package. */
  record Metadata(
      String name,
      String version,
      Optional<String> repository,
      Optional<String> buildScript,
      List<ReleaseTagPolicy.Package> workspace) {}

  private Metadata metadata(String what, Path pkg) throws BadInputException, UnavailableException {
    Tools.Result r =
        tools.cargo(
            pkg,
            Map.of(),
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
            pkg.resolve("Cargo.toml").toString());
    if (!r.ok()) {
      throw new BadInputException(
          what + ": cargo metadata fails: " + InputText.printable(r.err().strip()));
    }
    JsonNode root;
    try {
      root = JSON.readTree(r.out());
    } catch (JacksonException e) {
      throw new UnavailableException(what + ": cargo metadata printed no JSON", e);
    }
    Path manifest = real(pkg.resolve("Cargo.toml"));
    Path wsRoot = Path.of(root.path("workspace_root").asString(pkg.toString()));
    JsonNode mine = null;
    List<ReleaseTagPolicy.Package> all = new ArrayList<>();
    for (JsonNode p : root.path("packages")) {
      Path m = Path.of(p.path("manifest_path").asString());
      all.add(
          new ReleaseTagPolicy.Package(
              p.path("name").asString(), relative(real(wsRoot), real(m.getParent()))));
      if (real(m).equals(manifest)) {
        mine = p;
      }
    }
    if (mine == null) {
      throw new BadInputException(
          what
              + ": Cargo.toml has no [package] (a virtual workspace manifest); run prepublish in"
              + " the folder of the member to publish");
    }
    Optional<String> build = Optional.empty();
    for (JsonNode t : mine.path("targets")) {
      for (JsonNode k : t.path("kind")) {
        if (k.asString().equals("custom-build")) {
          build = Optional.of(relative(real(pkg), real(Path.of(t.path("src_path").asString()))));
        }
      }
    }
    JsonNode repo = mine.get("repository");
    return new Metadata(
        mine.path("name").asString(),
        mine.path("version").asString(),
        repo == null || repo.isNull() ? Optional.empty() : Optional.of(repo.asString()),
        build,
        all);
  }

  private String remote(String what, Path pkg, Optional<String> branch)
      throws BadInputException, UnavailableException {
    if (branch.isPresent()) {
      Tools.Result r = tools.git(pkg, "config", "--get", "branch." + branch.get() + ".remote");
      if (r.ok() && !r.line().isEmpty() && !r.line().equals(".")) {
        return r.line();
      }
    }
    List<String> remotes = tools.gitOk("list remotes", pkg, "remote").lines().toList();
    if (remotes.contains("origin")) {
      return "origin";
    }
    if (remotes.size() == 1) {
      return remotes.getFirst();
    }
    throw new BadInputException(
        what
            + (remotes.isEmpty()
                ? ": the repository has no remote, so nothing can show what a verifier would"
                    + " fetch; add one (git remote add origin URL) and push"
                : ": several remotes and none is origin or the branch's upstream; set one with"
                    + " git branch --set-upstream-to"));
  }

  private List<String> packageList(String what, Path pkg, Path scratch)
      throws BadInputException, UnavailableException {
    Tools.Result r =
        tools.cargo(
            pkg,
            Map.of("CARGO_TARGET_DIR", scratch.resolve("target").toString()),
            "package",
            "--list",
            "--allow-dirty");
    if (!r.ok()) {
      throw new BadInputException(
          what + ": cargo package --list fails: " + InputText.printable(r.err().strip()));
    }
    return r.out().lines().filter(l -> !l.isBlank()).toList();
  }

  private void checkFiles(
      Path root, String pathInVcs, List<String> packaged, List<PrepublishProblem> problems)
      throws UnavailableException {
    Tools.Result status =
        tools.git(
            root,
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--ignored=matching",
            "--",
            pathInVcs.isEmpty() ? "." : pathInVcs);
    if (!status.ok()) {
      throw new UnavailableException("read git status in " + root + ": " + status.err().strip());
    }
    Map<String, String> codes = new HashMap<>();
    String[] parts = status.out().split("\0");
    for (int i = 0; i < parts.length; i++) {
      String e = parts[i];
      if (e.length() < 4) {
        continue;
      }
      String xy = e.substring(0, 2);
      codes.put(e.substring(3), xy);
      if (xy.charAt(0) == 'R' || xy.charAt(0) == 'C') {
        i++;
      }
    }
    for (String file : packaged) {
      String repoPath = join(pathInVcs, file);
      String code = codeOf(codes, repoPath);
      if (code == null) {
        continue;
      }
      if (CARGO_WRITES.contains(file) && !code.equals(" M") && !code.startsWith("M")) {
        continue;
      }
      Optional<String> at = Optional.of(repoPath);
      switch (code) {
        case "!!" ->
            problems.add(
                new PrepublishProblem(
                    "ignored-or-generated-packaged",
                    Optional.of(Category.LOOKS_SKETCHY),
                    repoPath
                        + " is ignored by git (generated?) but cargo would package it: its"
                        + " content is in no commit",
                    "commit it (git add -f), or keep it out of the package (package.exclude, or"
                        + " narrow package.include)",
                    at));
        case "??" ->
            problems.add(
                new PrepublishProblem(
                    "untracked-packaged",
                    Optional.of(Category.LOOKS_SKETCHY),
                    repoPath + " is not tracked by git but cargo would package it",
                    "commit it (git add " + repoPath + "), or delete it or exclude it",
                    at));
        default ->
            problems.add(
                new PrepublishProblem(
                    "dirty",
                    Optional.of(Category.NEEDS_IMPROVEMENT),
                    repoPath
                        + " has uncommitted changes ("
                        + code.strip()
                        + ") that cargo would package",
                    "commit or stash the change (git stash) before publishing",
                    at));
      }
    }
  }

  private static String codeOf(Map<String, String> codes, String repoPath) {
    String c = codes.get(repoPath);
    if (c != null) {
      return c;
    }
    for (Map.Entry<String, String> e : codes.entrySet()) {
      if (e.getKey().endsWith("/") && repoPath.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The remote's refs by name ({@code refs/tags/x^{}} peeled), listed through git's rewriting. */
  private Map<String, String> remoteRefs(Path pkg, String remote, String effectiveUrl)
      throws UnavailableException {
    Tools.Result r = tools.git(pkg, "ls-remote", remote);
    if (!r.ok()) {
      throw new UnavailableException(
          "list the refs of remote "
              + remote
              + " ("
              + InputText.printable(effectiveUrl)
              + "): "
              + firstLine(r.err()));
    }
    Map<String, String> refs = new HashMap<>();
    for (String line : r.out().lines().toList()) {
      int tab = line.indexOf('\t');
      if (tab == 40) {
        refs.put(line.substring(tab + 1), line.substring(0, tab));
      }
    }
    return refs;
  }

  private void checkPushed(
      Path pkg,
      String head,
      Optional<String> branch,
      String remote,
      Map<String, String> remoteRefs,
      List<PrepublishProblem> problems)
      throws UnavailableException {
    for (Map.Entry<String, String> e : remoteRefs.entrySet()) {
      String ref = e.getKey();
      if (!ref.startsWith("refs/heads/") && !ref.startsWith("refs/tags/")) {
        continue;
      }
      if (e.getValue().equals(head)
          || (tools.git(pkg, "cat-file", "-e", e.getValue() + "^{commit}").ok()
              && tools.git(pkg, "merge-base", "--is-ancestor", head, e.getValue()).ok())) {
        return;
      }
    }
    if (branch.isEmpty()) {
      problems.add(
          new PrepublishProblem(
              "detached-head",
              Optional.of(Category.LOOKS_SKETCHY),
              "HEAD is detached at "
                  + head
                  + ", which no branch or tag of remote "
                  + remote
                  + " contains",
              "check out the release branch (git switch BRANCH), commit there and push it (git"
                  + " push "
                  + remote
                  + " BRANCH)",
              Optional.empty()));
    } else {
      problems.add(
          new PrepublishProblem(
              "not-pushed",
              Optional.of(Category.LOOKS_SKETCHY),
              "HEAD "
                  + head
                  + " is on no branch or tag of remote "
                  + remote
                  + ": a verifier would find the commit missing",
              "git push " + remote + " " + branch.get(),
              Optional.empty()));
    }
  }

  private Optional<String> checkTag(
      Path pkg,
      Metadata meta,
      String pathInVcs,
      String head,
      String remote,
      Map<String, String> remoteRefs,
      List<PrepublishProblem> problems)
      throws UnavailableException {
    CrateName name = CrateName.of(meta.name());
    CrateVersion version = CrateVersion.of(meta.version());
    ReleaseTagPolicy policy = new ReleaseTagPolicy(name, version, pathInVcs);
    List<String> atHead =
        tools.gitOk("list tags", pkg, "tag", "--points-at", head).lines().toList();
    for (String t : atHead) {
      if (policy.judge(t, meta.workspace(), true).accepted()) {
        String onRemote =
            remoteRefs.getOrDefault(
                "refs/tags/" + t + "^{}", remoteRefs.getOrDefault("refs/tags/" + t, ""));
        if (!onRemote.equals(head)) {
          problems.add(
              new PrepublishProblem(
                  "tag-not-pushed",
                  Optional.of(Category.NEEDS_IMPROVEMENT),
                  "release tag "
                      + t
                      + " is at HEAD here but "
                      + (onRemote.isEmpty() ? "not on" : "points elsewhere on")
                      + " remote "
                      + remote,
                  "git push " + remote + " " + t,
                  Optional.empty()));
        }
        return Optional.of(t);
      }
    }
    String suggested = suggestTag(pkg, meta, pathInVcs);
    problems.add(
        new PrepublishProblem(
            "tag-missing",
            Optional.of(Category.NEEDS_IMPROVEMENT),
            "no release tag for "
                + meta.name()
                + " "
                + meta.version()
                + " at HEAD"
                + (atHead.isEmpty() ? "" : " (tags there: " + String.join(", ", atHead) + ")"),
            "git tag -a "
                + suggested
                + " -m \"Release "
                + suggested
                + "\" && git push "
                + remote
                + " "
                + suggested,
            Optional.empty()));
    return Optional.empty();
  }

  /** A tag name in the style of this crate's earlier release tags, else {@code vX.Y.Z}. */
  private String suggestTag(Path pkg, Metadata meta, String pathInVcs) throws UnavailableException {
    Optional<Release> last = releases(pkg, meta, pathInVcs).stream().findFirst();
    if (last.isPresent()) {
      return last.get().prefix() + meta.version();
    }
    return (pathInVcs.isEmpty() ? "v" : meta.name() + "-v") + meta.version();
  }

  /** An earlier release tag of this crate: its name, the prefix before the version, the version. */
  record Release(String tag, String prefix, CrateVersion version) {}

  /** This crate's release tags in the local repository, newest first. */
  private List<Release> releases(Path pkg, Metadata meta, String pathInVcs)
      throws UnavailableException {
    List<Release> out = new ArrayList<>();
    CrateName name = CrateName.of(meta.name());
    for (String t :
        tools.gitOk("list tags", pkg, "tag", "-l", "--sort=-creatordate").lines().toList()) {
      Matcher m = VERSION_AT_END.matcher(t);
      if (!m.matches()) {
        continue;
      }
      CrateVersion v;
      try {
        v = CrateVersion.of(m.group(2));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (new ReleaseTagPolicy(name, v, pathInVcs).judge(t, meta.workspace(), true).accepted()) {
        out.add(new Release(t, m.group(1), v));
      }
    }
    return out;
  }

  private void checkRepository(
      Path pkg,
      Metadata meta,
      String remote,
      String remoteUrl,
      String effectiveUrl,
      List<PrepublishProblem> problems)
      throws UnavailableException {
    if (meta.repository().isEmpty() || meta.repository().get().isBlank()) {
      problems.add(
          new PrepublishProblem(
              "repository-missing",
              Optional.of(Category.LOOKS_SKETCHY),
              "Cargo.toml names no repository, so nothing links the crate to this one",
              "add repository = \""
                  + remoteUrl
                  + "\" to [package] (the URL of remote "
                  + remote
                  + ")",
              Optional.of("Cargo.toml")));
      return;
    }
    String declared = meta.repository().get();
    String declaredEffective =
        tools.gitOk("rewrite " + declared, pkg, "ls-remote", "--get-url", declared);
    if (sameRepository(declared, remoteUrl) || sameRepository(declaredEffective, effectiveUrl)) {
      return;
    }
    problems.add(
        new PrepublishProblem(
            "repository-mismatch",
            Optional.of(Category.LOOKS_SKETCHY),
            "Cargo.toml's repository "
                + InputText.printable(declared)
                + " is not remote "
                + remote
                + " ("
                + InputText.printable(remoteUrl)
                + (effectiveUrl.equals(remoteUrl)
                    ? ""
                    : ", fetched from " + InputText.printable(effectiveUrl))
                + "): a verifier would look for this commit in the other repository",
            "set repository = \""
                + remoteUrl
                + "\" in Cargo.toml, or push to the repository it names",
            Optional.of("Cargo.toml")));
  }

  /** Whether two URLs (or local paths) name the same repository, after normalization. */
  static boolean sameRepository(String a, String b) {
    return key(a).equals(key(b));
  }

  static String key(String url) {
    String s = url.strip();
    if (s.startsWith("/") || s.startsWith("file://")) {
      Path p = Path.of(s.startsWith("file://") ? s.substring(7) : s);
      String k = real(p).toString();
      return k.endsWith(".git") ? k.substring(0, k.length() - 4) : k;
    }
    if (RepositoryUrl.parse(s) instanceof RepositoryUrl.Usable u) {
      s = u.cloneUri().toString();
    }
    s = s.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "");
    s = s.replaceFirst("^[^@/]*@", "");
    s = s.replaceFirst("^([^/:]+):(?!\\d)", "$1/");
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.endsWith(".git")) {
      s = s.substring(0, s.length() - 4);
    }
    int slash = s.indexOf('/');
    return slash < 0
        ? s.toLowerCase(Locale.ROOT)
        : s.substring(0, slash).toLowerCase(Locale.ROOT) + s.substring(slash);
  }

  private void checkNewSinceLastRelease(
      Path pkg,
      Metadata meta,
      String pathInVcs,
      String head,
      List<String> packaged,
      List<PrepublishProblem> problems,
      List<String> notes)
      throws UnavailableException {
    CrateVersion current = CrateVersion.of(meta.version());
    Optional<Release> previous =
        releases(pkg, meta, pathInVcs).stream()
            .filter(r -> r.version().compareTo(current) < 0)
            .max((x, y) -> x.version().compareTo(y.version()));
    if (previous.isEmpty()) {
      notes.add(
          "no earlier release tag of "
              + meta.name()
              + ": build script and binary files were not compared with a previous release");
      return;
    }
    String prev = previous.get().tag();
    if (meta.buildScript().isPresent()) {
      String path = join(pathInVcs, meta.buildScript().get());
      if (!tools.git(pkg, "cat-file", "-e", prev + "^{commit}:" + path).ok()) {
        problems.add(
            new PrepublishProblem(
                "new-build-script",
                Optional.empty(),
                "build script "
                    + path
                    + " is new since release "
                    + prev
                    + ": it runs on every machine that builds the crate",
                "review it; reviewers of this release will (cratetrust diff shows it)",
                Optional.of(path)));
      }
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String file : packaged) {
      String path = join(pathInVcs, file);
      Path onDisk = pkg.resolve(file);
      if (CARGO_WRITES.contains(file) || !Files.isRegularFile(onDisk) || !seen.add(path)) {
        continue;
      }
      if (binary(onDisk) && !tools.git(pkg, "cat-file", "-e", prev + "^{commit}:" + path).ok()) {
        problems.add(
            new PrepublishProblem(
                "new-binary-file",
                Optional.empty(),
                "binary file " + path + " is new since release " + prev,
                "check it is needed in the package (reviewers cannot read it); exclude it"
                    + " otherwise",
                Optional.of(path)));
      }
    }
  }

  private static boolean binary(Path file) throws UnavailableException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(8000);
      for (byte b : head) {
        if (b == 0) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UnavailableException("read " + file + ": " + e.getMessage(), e);
    }
  }

  private void verifyBuilt(
      String what,
      Path pkg,
      Path root,
      Path scratch,
      Metadata meta,
      String pathInVcs,
      PackageVerifier verifier,
      List<PrepublishProblem> problems)
      throws BadInputException, UnavailableException {
    Path target = scratch.resolve("target");
    Tools.Result r =
        tools.cargo(
            pkg,
            Map.of("CARGO_TARGET_DIR", target.toString()),
            "package",
            "--no-verify",
            "--allow-dirty",
            "--quiet");
    if (!r.ok()) {
      throw new BadInputException(
          what + ": cargo package fails: " + InputText.printable(r.err().strip()));
    }
    Path crate = target.resolve("package").resolve(meta.name() + "-" + meta.version() + ".crate");
    ProvenanceReport report = verifier.verify(crate, root.toString());
    Set<String> have = new LinkedHashSet<>();
    problems.forEach(p -> have.add(p.code()));
    boolean tagProblem = have.contains("tag-missing") || have.contains("tag-not-pushed");
    for (Finding f : report.reasons()) {
      String code = f.reason().code();
      if (f.reason().implies().isEmpty()
          || have.contains(code)
          || (tagProblem && (code.equals("no-release-tag") || code.equals("no-tag-at-all")))) {
        continue;
      }
      have.add(code);
      problems.add(
          new PrepublishProblem(
              code,
              f.reason().implies(),
              "the built package, verified against this repository: "
                  + f.reason().summary()
                  + (f.detail().isEmpty() ? "" : " (" + InputText.printable(f.detail()) + ")"),
              "cratetrust verify --crate-file FILE --repo "
                  + root
                  + " shows the evidence; fix the files it names",
              Optional.empty()));
    }
    if (report.pathInVcs().isPresent() && !report.pathInVcs().get().equals(pathInVcs)) {
      problems.add(
          new PrepublishProblem(
              "path-in-vcs-mismatch",
              Optional.of(Category.LOOKS_SKETCHY),
              "cargo recorded path_in_vcs '"
                  + report.pathInVcs().get()
                  + "', but the package is at '"
                  + pathInVcs
                  + "'",
              "run cargo publish from the package's own folder in this repository",
              Optional.of(join(pathInVcs, "Cargo.toml"))));
    }
  }

  private static Optional<String> optional(Tools.Result r) {
    return r.ok() && !r.line().isEmpty() ? Optional.of(r.line()) : Optional.empty();
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return InputText.printable(nl < 0 ? t : t.substring(0, nl));
  }

  static String join(String folder, String file) {
    return folder.isEmpty() ? file : folder + "/" + file;
  }

  private static String relative(Path from, Path to) {
    return from.relativize(to).toString().replace('\\', '/');
  }

  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary folder left behind holds only cargo's scratch output
    }
  }
}
