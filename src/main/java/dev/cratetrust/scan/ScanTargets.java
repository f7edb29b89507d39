package dev.cratetrust.scan;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.registry.CrateDirectoryReader;
import dev.cratetrust.registry.DbDumpException;
import dev.cratetrust.registry.DbDumpReader;
import dev.cratetrust.registry.DbDumpSelection;
import dev.cratetrust.registry.DbDumpSummary;
import dev.cratetrust.registry.DirectoryLimits;
import dev.cratetrust.registry.UnpackedCrate;
import dev.cratetrust.verify.ResultChecksums;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns scan inputs (a crates.io dump, a list of crate names, a {@code Cargo.lock}, a {@code cargo
 * vendor} folder) into scan targets. Nothing here checks that a crate exists in the registry.
 */
public final class ScanTargets {
  /** Largest crate list or lockfile read. */
  public static final int MAX_LIST_BYTES = 16 * 1024 * 1024;

  private ScanTargets() {}

  /** The versions {@code selection} picks from {@code dump}, ranked by downloads. */
  public static DbDumpSummary fromDump(
      Path dump, DbDumpSelection selection, Consumer<ScanTarget> sink) throws DbDumpException {
    return DbDumpReader.select(
        dump,
        selection,
        v ->
            sink.accept(
                new ScanTarget(
                    v.id(), new ScanSource.Registry(), v.repository().orElse(""), v.rank())));
  }

  /** One line of a crate list: a name, with a version when one was given. */
  public record ListedCrate(CrateName name, java.util.Optional<CrateVersion> version) {}

  /**
   * Reads a crate list: one {@code NAME}, {@code NAME@VERSION} or {@code NAME VERSION} per line;
   * blank lines and {@code #} comments are ignored.
   */
  public static List<ListedCrate> readCrateList(Path file) throws ScanInputException {
    String text = readSmall(file, "crate list");
    List<ListedCrate> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    int lineNo = 0;
    try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        int hash = line.indexOf('#');
        String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (s.isEmpty()) {
          continue;
        }
        String[] parts = s.split("[@\\s]+");
        if (parts.length > 2) {
          throw new ScanInputException(
              "read crate list "
                  + InputText.printable(file.toString())
                  + ": line "
                  + lineNo
                  + " '"
                  + InputText.printable(s)
                  + "': expected NAME or NAME@VERSION");
        }
        try {
          ListedCrate c =
              new ListedCrate(
                  CrateName.of(parts[0]),
                  parts.length == 2
                      ? java.util.Optional.of(CrateVersion.of(parts[1]))
                      : java.util.Optional.empty());
          if (seen.add(c.toString())) {
            out.add(c);
          }
        } catch (IllegalArgumentException e) {
          throw new ScanInputException(
              "read crate list "
                  + InputText.printable(file.toString())
                  + ": line "
                  + lineNo
                  + ": "
                  + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new ScanInputException("read crate list " + file + ": " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Every package of a {@code Cargo.lock} that comes from a registry ({@code registry+} or {@code
   * sparse+} source); path and git dependencies are skipped.
   */
  public static List<ScanTarget> fromLockfile(Path lockfile) throws ScanInputException {
    String where = "read lockfile " + InputText.printable(lockfile.toString());
    String text = readSmall(lockfile, "lockfile");
    JsonNode root;
    try {
      root = Parsers.toml().readTree(text);
    } catch (JacksonException e) {
      throw new ScanInputException(where + ": not valid TOML: " + e.getOriginalMessage(), e);
    } catch (StackOverflowError e) {
      throw new ScanInputException(where + ": nested too deeply");
    }
    JsonNode packages = root.get("package");
    if (packages == null || !packages.isArray()) {
      throw new ScanInputException(where + ": no [[package]] entries");
    }
    List<ScanTarget> out = new ArrayList<>();
    int i = 0;
    for (JsonNode p : packages) {
      i++;
      JsonNode source = p.get("source");
      if (source == null
          || !source.isString()
          || !(source.asString().startsWith("registry+")
              || source.asString().startsWith("sparse+"))) {
        continue;
      }
      JsonNode name = p.get("name");
      JsonNode version = p.get("version");
      if (name == null || !name.isString() || version == null || !version.isString()) {
        throw new ScanInputException(where + ": package #" + i + " lacks a name or version");
      }
      try {
        out.add(ScanTarget.registry(PackageId.of(name.asString(), version.asString())));
      } catch (IllegalArgumentException e) {
        throw new ScanInputException(where + ": package #" + i + ": " + e.getMessage());
      }
    }
    return out;
  }

  /**
   * Every crate folder of a {@code cargo vendor} tree: {@code name/} or {@code name-version/} (the
   * version's build metadata may be left out, as Debian does), each with its own {@code
   * Cargo.toml}; the repository is the one the manifest declares.
   */
  public static List<ScanTarget> fromVendorDir(Path dir) throws ScanInputException {
    String where = "read vendor folder " + InputText.printable(dir.toString());
    if (!Files.isDirectory(dir)) {
      throw new ScanInputException(where + ": not a folder");
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
            && !p.getFileName().toString().startsWith(".")) {
          children.add(p);
        }
      }
    } catch (IOException e) {
      throw new ScanInputException(where + ": " + e.getMessage(), e);
    }
    children.sort(null);
    List<ScanTarget> out = new ArrayList<>();
    for (Path child : children) {
      String folder = InputText.printable(child.getFileName().toString());
      Path manifest = child.resolve("Cargo.toml");
      if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
        throw new ScanInputException(where + ": folder '" + folder + "' has no Cargo.toml");
      }
      CargoManifest m;
      try {
        m = CargoManifest.parse(readBounded(manifest, CargoManifest.MAX_BYTES));
      } catch (CargoManifest.InvalidManifestException e) {
        throw new ScanInputException(where + ": " + folder + "/Cargo.toml: " + e.getMessage());
      } catch (IOException e) {
        throw new ScanInputException(where + ": " + folder + "/Cargo.toml: " + e.getMessage(), e);
      }
      if (m.name().isEmpty() || m.version().isEmpty()) {
        throw new ScanInputException(
            where + ": " + folder + "/Cargo.toml has no package name or version");
      }
      PackageId id;
      try {
        id = PackageId.of(m.name().get(), m.version().get());
      } catch (IllegalArgumentException e) {
        throw new ScanInputException(where + ": " + folder + "/Cargo.toml: " + e.getMessage());
      }
      String name = child.getFileName().toString();
      if (!name.equals(id.name().value())
          && !name.equals(id.dirName())
          && !name.equals(withoutBuildMetadata(id.dirName()))) {
        throw new ScanInputException(
            where
                + ": folder '"
                + folder
                + "' holds "
                + id
                + "; expected folder '"
                + id.name()
                + "' or '"
                + id.dirName()
                + "'");
      }
      out.add(
          new ScanTarget(
              id,
              new ScanSource.Vendored(child),
              m.repository().orElse(""),
              out.size(),
              folderChecksum(child)));
    }
    return out;
  }

  /**
   * {@code dirName} without the version's build metadata: Debian names the folder of {@code
   * 0.12.1+zstd.1.5.2} {@code zstd-0.12.1}.
   */
  private static String withoutBuildMetadata(String dirName) {
    int plus = dirName.indexOf('+');
    return plus < 0 ? dirName : dirName.substring(0, plus);
  }

  /**
   * The checksum a vendored folder's result is stored under ({@link ResultChecksums}), or empty
   * when the folder cannot be read (its verification then fails with the reason, and the scan's
   * report shows it).
   */
  static String folderChecksum(Path folder) {
    try {
      UnpackedCrate u = CrateDirectoryReader.read(folder, DirectoryLimits.defaults());
      return ResultChecksums.of(u.contents(), u.checksums());
    } catch (IOException | BadInputException | RuntimeException e) {
      return "";
    }
  }

  private static String readSmall(Path file, String what) throws ScanInputException {
    try {
      return new String(readBounded(file, MAX_LIST_BYTES), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ScanInputException(
          "read " + what + " " + InputText.printable(file.toString()) + ": no such file", e);
    } catch (IOException e) {
      throw new ScanInputException(
          "read " + what + " " + InputText.printable(file.toString()) + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readBounded(Path file, int max) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(max + 1);
      if (b.length > max) {
        throw new IOException("larger than " + max + " bytes");
      }
      return b;
    }
  }
}
