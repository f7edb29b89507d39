package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an unpacked crate directory into {@link CrateContents} for the signals and diff commands:
 * regular files only, symlinks neither followed nor read, bounded sizes.
 *
 * <p>Stand-in until the registry package's directory reader is wired; it does not check that the
 * directory matches any published archive.
 */
final class CrateDirLoader {
  static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
  static final long MAX_TOTAL_BYTES = 512L * 1024 * 1024;
  static final int MAX_FILES = 100_000;

  /** The crate directory cannot be used; the message names it and says why. */
  static final class CrateDirException extends BadInputException {
    private static final long serialVersionUID = 1L;

    CrateDirException(String message) {
      super(message);
    }
  }

  private CrateDirLoader() {}

  static CrateContents load(Path dir) throws CrateDirException {
    String shown = InputText.printable(dir.toString());
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new CrateDirException("read crate directory " + shown + ": not a directory");
    }
    List<CrateFile> files = new ArrayList<>();
    long[] total = {0};
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              if (!attrs.isRegularFile()) {
                return FileVisitResult.CONTINUE;
              }
              String rel =
                  dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
              if (rel.equals(".cargo-ok")) {
                return FileVisitResult.CONTINUE;
              }
              if (attrs.size() > MAX_FILE_BYTES) {
                throw new SizeException(
                    "file '"
                        + InputText.printable(rel)
                        + "' is larger than "
                        + MAX_FILE_BYTES
                        + " bytes");
              }
              total[0] += attrs.size();
              if (total[0] > MAX_TOTAL_BYTES || files.size() >= MAX_FILES) {
                throw new SizeException(
                    "more than " + MAX_TOTAL_BYTES + " bytes or " + MAX_FILES + " files");
              }
              byte[] bytes;
              try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
              }
              if (bytes.length > MAX_FILE_BYTES) {
                throw new SizeException("file '" + InputText.printable(rel) + "' grew while read");
              }
              files.add(new CrateFile(rel, bytes, Files.isExecutable(file)));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (SizeException e) {
      throw new CrateDirException("read crate directory " + shown + ": " + e.getMessage());
    } catch (IOException e) {
      throw new CrateDirException("read crate directory " + shown + ": " + e);
    }
    files.sort((a, b) -> a.path().compareTo(b.path()));
    return new CrateContents(packageId(dir, files), files, dir.toString(), Optional.empty());
  }

  /** Name and version from Cargo.toml, else from a {@code name-version} folder name. */
  private static PackageId packageId(Path dir, List<CrateFile> files) throws CrateDirException {
    for (CrateFile f : files) {
      if (f.path().equals("Cargo.toml")) {
        try {
          CargoManifest m = CargoManifest.parse(f.content());
          if (m.name().isPresent() && m.version().isPresent()) {
            return PackageId.of(m.name().get(), m.version().get());
          }
        } catch (CargoManifest.InvalidManifestException | IllegalArgumentException e) {
          break;
        }
      }
    }
    Path name = dir.toAbsolutePath().normalize().getFileName();
    String folder = name == null ? "" : name.toString();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(.+?)-(\\d+\\.\\d+\\.\\d+.*)").matcher(folder);
    if (m.matches()) {
      try {
        return PackageId.of(m.group(1), m.group(2));
      } catch (IllegalArgumentException e) {
        throw new CrateDirException(
            "read crate directory " + InputText.printable(dir.toString()) + ": " + e.getMessage());
      }
    }
    throw new CrateDirException(
        "read crate directory "
            + InputText.printable(dir.toString())
            + ": Cargo.toml gives no name and version, and the folder is not named NAME-VERSION");
  }

  private static final class SizeException extends IOException {
    private static final long serialVersionUID = 1L;

    SizeException(String message) {
      super(message);
    }
  }
}
