package dev.cratetrust.maintainer;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.provenance.ProvenanceReport;
import dev.cratetrust.provenance.ReleaseTagPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Packages a release exactly as git holds it: clones the repository at a tag into a fresh folder
 * (so no local change can leak in), runs {@code cargo package} there and verifies the {@code
 * .crate} against the same repository, ready for {@code cargo publish} from that folder.
 *
 * <p>A gold star here shows the package is the tagged commit's files; the registry will only hold
 * the same bytes if {@code cargo publish} is run in that folder with the same cargo.
 */
public final class PackageFromGit {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Tools tools;

  public PackageFromGit(Tools tools) {
    this.tools = tools;
  }

  /**
   * The packaged release.
   *
   * @param packageFolder the package's folder in the clean clone, where to run {@code cargo
   *     publish}
   * @param publishCommand the command to run, as a shell line
   */
  public record Packaged(
      String name,
      String version,
      String repository,
      Path cleanClone,
      Path packageFolder,
      Path crateFile,
      ProvenanceReport report,
      String publishCommand) {}

  /**
   * Clones {@code repository} (a URL git rewrites with its own {@code insteadOf} rules, or a path)
   * at {@code tag} into {@code out} (absent or empty) and packages it.
   *
   * @param packageName the package to publish, when the repository holds several
   * @param verifyBuild whether {@code cargo package} builds the package (cargo's default)
   */
  public Packaged run(
      String repository,
      String tag,
      Path out,
      Optional<String> packageName,
      boolean verifyBuild,
      Prepublish.PackageVerifier verifier)
      throws BadInputException, UnavailableException {
    String what =
        "package " + InputText.printable(repository) + " at tag " + InputText.printable(tag);
    if (tag.startsWith("-") || tag.isBlank()) {
      throw new BadInputException(what + ": not a tag name");
    }
    if (Files.exists(out)) {
      try (Stream<Path> s = Files.list(out)) {
        if (s.findAny().isPresent()) {
          throw new BadInputException(
              what + ": output folder " + out + " is not empty; nothing was changed");
        }
      } catch (IOException e) {
        throw new BadInputException(what + ": output folder " + out + ": " + e.getMessage(), e);
      }
    }
    Path clone = out.toAbsolutePath().normalize();
    Path parent = clone.getParent();
    String effective;
    try {
      Files.createDirectories(parent);
      effective = tools.gitOk(what, parent, "ls-remote", "--get-url", repository);
    } catch (IOException e) {
      throw new UnavailableException(what + ": create " + parent + ": " + e.getMessage(), e);
    }
    Tools.Result tags =
        tools.git(parent, "ls-remote", "--tags", "--", repository, "refs/tags/" + tag);
    if (!tags.ok()) {
      throw new UnavailableException(what + ": list tags: " + tags.err().strip());
    }
    if (tags.line().isEmpty()) {
      throw new BadInputException(what + ": the repository has no tag " + InputText.printable(tag));
    }
    tools.gitOk(
        what,
        parent,
        "-c",
        "advice.detachedHead=false",
        "clone",
        "--quiet",
        "--branch",
        tag,
        "--",
        repository,
        clone.toString());
    if (Files.exists(clone.resolve(".gitmodules"))) {
      tools.gitOk(what, clone, "submodule", "--quiet", "update", "--init", "--recursive");
    }
    JsonNode meta = metadata(what, clone);
    Path wsRoot = Path.of(meta.path("workspace_root").asString(clone.toString()));
    List<ReleaseTagPolicy.Package> all = new ArrayList<>();
    List<JsonNode> pkgs = new ArrayList<>();
    for (JsonNode p : meta.path("packages")) {
      Path dir = Path.of(p.path("manifest_path").asString()).getParent();
      all.add(new ReleaseTagPolicy.Package(p.path("name").asString(), rel(wsRoot, dir)));
      pkgs.add(p);
    }
    List<JsonNode> chosen = new ArrayList<>();
    for (JsonNode p : pkgs) {
      String name = p.path("name").asString();
      if (packageName.isPresent()) {
        if (name.equals(packageName.get())) {
          chosen.add(p);
        }
      } else {
        Path dir = Path.of(p.path("manifest_path").asString()).getParent();
        if (new ReleaseTagPolicy(
                CrateName.of(name), CrateVersion.of(p.path("version").asString()), rel(clone, dir))
            .judge(tag, all, true)
            .accepted()) {
          chosen.add(p);
        }
      }
    }
    if (chosen.size() != 1) {
      throw new BadInputException(
          what
              + ": "
              + (packageName.isPresent()
                  ? "no package " + InputText.printable(packageName.get()) + " at that tag"
                  : chosen.isEmpty()
                      ? "the tag names the version of none of its packages ("
                          + String.join(
                              ", ", all.stream().map(ReleaseTagPolicy.Package::name).toList())
                          + "); give --package NAME"
                      : "the tag fits several packages; give --package NAME")
              + " (the clone is in "
              + clone
              + ")");
    }
    JsonNode p = chosen.getFirst();
    String name = p.path("name").asString();
    String version = p.path("version").asString();
    Path pkgDir = Path.of(p.path("manifest_path").asString()).getParent();
    List<String> args = new ArrayList<>(List.of("package", "--quiet", "--package", name));
    if (!verifyBuild) {
      args.add("--no-verify");
    }
    Tools.Result r = tools.cargo(pkgDir, Map.of(), args.toArray(String[]::new));
    if (!r.ok()) {
      throw new BadInputException(
          what + ": cargo package fails in " + clone + ": " + InputText.printable(r.err().strip()));
    }
    Path target =
        Path.of(meta.path("target_directory").asString(clone.resolve("target").toString()));
    Path crate = target.resolve("package").resolve(name + "-" + version + ".crate");
    ProvenanceReport report = verifier.verify(crate, effective);
    String command = "cd '" + pkgDir + "' && cargo publish --package " + name;
    return new Packaged(name, version, effective, clone, pkgDir, crate, report, command);
  }

  private JsonNode metadata(String what, Path dir) throws BadInputException, UnavailableException {
    Tools.Result r = tools.cargo(dir, Map.of(), "metadata", "--no-deps", "--format-version", "1");
    if (!r.ok()) {
      throw new BadInputException(
          what + ": cargo metadata fails in " + dir + ": " + InputText.printable(r.err().strip()));
    }
    return JSON.readTree(r.out());
  }

  private static String rel(Path from, Path to) {
    try {
      return from.toRealPath().relativize(to.toRealPath()).toString().replace('\\', '/');
    } catch (IOException e) {
      return from.relativize(to).toString().replace('\\', '/');
    }
  }
}
