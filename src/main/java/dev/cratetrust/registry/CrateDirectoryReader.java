package dev.cratetrust.registry;

import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.registry.BadCrateException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an unpacked crate directory (cargo's registry cache, a {@code cargo vendor} entry, or
 * Debian's {@code /usr/share/cargo/registry/name-version}) into memory, without writing anything.
 *
 * <p>The package id comes from the directory's {@code Cargo.toml}, not from the folder name. {@code
 * .cargo-checksum.json} and {@code .cargo-ok} at the top are bookkeeping, not contents. A symlink
 * to a regular file inside the directory is read as that file's content (as {@code cargo package}
 * flattens symlinks) and listed in {@link UnpackedCrate#symlinks()}; a symlink leaving the
 * directory, a symlink to a directory and special files are rejected. Reading does not prove that
 * the files equal any published archive; see {@link VendorChecksums}.
 *
 * <p>Debian's layout is recognised when a top-level {@code debian/} folder sits next to a {@code
 * .cargo-checksum.json} that lists no files (as Debian writes it), or next to no checksum file but
 * with {@code debian/patches/series}: that folder is the packager's addition and is returned apart
 * ({@link UnpackedCrate#distribution()}), not as crate files. When the checksum file lists files, a
 * {@code debian/} folder is an ordinary part of the crate.
 */
public final class CrateDirectoryReader {
  private static final Set<String> BOOKKEEPING = Set.of(VendorChecksums.FILE_NAME, ".cargo-ok");

  private CrateDirectoryReader() {}

  /**
   * Reads {@code dir}.
   *
   * @throws BadCrateException the directory is not a readable crate or breaks a limit or link rule
   * @throws IOException the file system failed while reading
   */
  public static UnpackedCrate read(Path dir, DirectoryLimits limits)
      throws BadCrateException, IOException {
    String source = dir.toString();
    if (!Files.isDirectory(dir)) {
      throw BadCrateException.of(Problem.NOT_A_DIRECTORY, source, null, "is not a directory");
    }
    Path root = dir.toRealPath();
    List<CrateFile> files = new ArrayList<>();
    List<String> symlinks = new ArrayList<>();
    byte[][] checksumFile = new byte[1][];
    long[] total = {0};
    BadCrateException[] failure = new BadCrateException[1];
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            try {
              visit(file, attrs);
              return FileVisitResult.CONTINUE;
            } catch (BadCrateException e) {
              failure[0] = e;
              return FileVisitResult.TERMINATE;
            }
          }

          private void visit(Path file, BasicFileAttributes attrs)
              throws IOException, BadCrateException {
            String rel = relative(root, file);
            if (rel.getBytes(StandardCharsets.UTF_8).length > limits.maxPathBytes()) {
              throw BadCrateException.of(
                  Problem.PATH_TOO_LONG,
                  source,
                  rel,
                  "has a path over " + limits.maxPathBytes() + " bytes");
            }
            if (BOOKKEEPING.contains(rel)) {
              if (rel.equals(VendorChecksums.FILE_NAME) && attrs.isRegularFile()) {
                checksumFile[0] = readCapped(file, VendorChecksums.MAX_BYTES + 1L, source, rel);
              }
              return;
            }
            Path target = file;
            if (attrs.isSymbolicLink()) {
              Path real;
              try {
                real = file.toRealPath();
              } catch (IOException e) {
                throw BadCrateException.of(
                    Problem.SYMLINK_OUTSIDE, source, rel, "is a dangling symbolic link");
              }
              if (!real.startsWith(root)) {
                throw BadCrateException.of(
                    Problem.SYMLINK_OUTSIDE,
                    source,
                    rel,
                    "is a symbolic link leaving the crate directory (to '"
                        + InputText.printable(real.toString())
                        + "')");
              }
              if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw BadCrateException.of(
                    Problem.SYMLINK, source, rel, "is a symbolic link to something not a file");
              }
              symlinks.add(rel);
              target = real;
            } else if (!attrs.isRegularFile()) {
              throw BadCrateException.of(
                  Problem.SPECIAL_FILE, source, rel, "is not a regular file or directory");
            }
            if (files.size() >= limits.maxFiles()) {
              throw BadCrateException.of(
                  Problem.TOO_MANY_ENTRIES,
                  source,
                  null,
                  "has more than " + limits.maxFiles() + " files");
            }
            byte[] content = readCapped(target, limits.maxTotalBytes() - total[0], source, rel);
            total[0] += content.length;
            files.add(new CrateFile(rel, content, executable(target)));
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            throw e;
          }
        });
    if (failure[0] != null) {
      throw failure[0];
    }
    files.sort(Comparator.comparing(CrateFile::path));
    String checksumSource = dir.resolve(VendorChecksums.FILE_NAME).toString();
    Optional<DistributionFiles> distribution =
        debianLayout(files, checksumFile[0], checksumSource, source);
    if (distribution.isPresent()) {
      files.removeIf(f -> f.path().startsWith(DistributionFiles.DEBIAN + "/"));
    }
    PackageId id = packageId(files, source);
    CrateContents contents = new CrateContents(id, files, source, Optional.empty());
    Optional<VendorChecksums> checksums =
        checksumFile[0] == null
            ? Optional.empty()
            : Optional.of(VendorChecksums.compare(checksumFile[0], checksumSource, contents));
    return new UnpackedCrate(contents, checksums, symlinks, distribution);
  }

  private static Optional<DistributionFiles> debianLayout(
      List<CrateFile> files, byte[] checksumFile, String checksumSource, String source)
      throws BadCrateException {
    String prefix = DistributionFiles.DEBIAN + "/";
    Map<String, byte[]> debian = new LinkedHashMap<>();
    for (CrateFile f : files) {
      if (f.path().startsWith(prefix)) {
        debian.put(f.path(), f.content());
      }
    }
    if (debian.isEmpty()) {
      return Optional.empty();
    }
    boolean recognised;
    if (checksumFile == null) {
      recognised = debian.containsKey(DistributionFiles.DEBIAN_SERIES);
    } else {
      // Compared with no files: every listed path comes out MISSING, so "lists nothing" is exact.
      recognised =
          VendorChecksums.compare(
                  checksumFile,
                  checksumSource,
                  new CrateContents(
                      PackageId.of("placeholder", "0.0.0"), List.of(), source, Optional.empty()))
              .listsNoFiles();
    }
    return recognised
        ? Optional.of(
            new DistributionFiles(DistributionFiles.DEBIAN, DistributionFiles.DEBIAN, debian))
        : Optional.empty();
  }

  private static PackageId packageId(List<CrateFile> files, String source)
      throws BadCrateException {
    CrateFile manifest =
        files.stream()
            .filter(f -> f.path().equals("Cargo.toml"))
            .findFirst()
            .or(() -> files.stream().filter(f -> f.path().equals("cargo.toml")).findFirst())
            .orElseThrow(
                () ->
                    BadCrateException.of(
                        Problem.NO_MANIFEST, source, null, "has no Cargo.toml at the top"));
    CargoManifest m;
    try {
      m = CargoManifest.parse(manifest.content());
    } catch (CargoManifest.InvalidManifestException e) {
      throw BadCrateException.of(Problem.BAD_MANIFEST, source, manifest.path(), e.getMessage());
    }
    String name = m.name().orElse("");
    String version = m.version().orElse("");
    if (CrateName.problem(name) != null || !CrateVersion.isValid(version)) {
      throw BadCrateException.of(
          Problem.BAD_MANIFEST,
          source,
          manifest.path(),
          "has no valid package name and version (name '"
              + InputText.printable(name)
              + "', version '"
              + InputText.printable(version)
              + "')");
    }
    return PackageId.of(name, version);
  }

  private static String relative(Path root, Path file) {
    List<String> parts = new ArrayList<>();
    for (Path p : root.relativize(file)) {
      parts.add(p.toString());
    }
    return String.join("/", parts);
  }

  private static byte[] readCapped(Path file, long budget, String source, String rel)
      throws IOException, BadCrateException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, budget + 1));
      if (data.length > budget) {
        throw BadCrateException.of(
            Problem.UNPACKED_TOO_LARGE, source, rel, "takes the crate over its byte limit");
      }
      return data;
    }
  }

  private static boolean executable(Path file) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return false;
    }
    Set<PosixFilePermission> perms = view.readAttributes().permissions();
    return perms.contains(PosixFilePermission.OWNER_EXECUTE)
        || perms.contains(PosixFilePermission.GROUP_EXECUTE)
        || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
  }
}
