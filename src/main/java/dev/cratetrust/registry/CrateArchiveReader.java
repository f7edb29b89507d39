package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.registry.BadCrateException.Problem;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads a {@code .crate} (one gzip member holding a tar archive) into memory entry by entry,
 * without extracting anything to disk, and rejects every archive cargo or crates.io would treat as
 * malformed or hostile.
 *
 * <p>Accepted entry types are regular files and directories, plus GNU long-name ({@code L}) and PAX
 * ({@code x}) headers that carry a path; links, devices, FIFOs, sparse files, global PAX headers
 * and unknown types are rejected. Paths must be plain {@code /}-separated UTF-8 paths inside the
 * single {@code name-version/} folder; names equal after Unicode NFC normalisation or case folding
 * are rejected, because they would overwrite each other on common file systems. Archive modes are
 * ignored except the executable bit. Windows reserved names ({@code con}, {@code aux}, ...) are
 * accepted (cargo accepts them on Unix) and reported by {@link #windowsReservedPaths}.
 *
 * <p>A successful read proves only that the archive is well formed; it says nothing about where the
 * files came from.
 */
public final class CrateArchiveReader {
  private static final int MAX_PAX_BYTES = 64 * 1024;
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
  private static final Pattern WINDOWS_RESERVED =
      Pattern.compile("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?");

  private CrateArchiveReader() {}

  /**
   * Reads a crate archive from {@code in}, which must hold exactly one {@code .crate}.
   *
   * @param sourceName names the archive in messages and becomes {@link CrateContents#origin()}
   * @param expected the package the archive must contain; when empty it is deduced from the first
   *     entry's folder
   * @throws BadCrateException the archive is malformed, hostile or over a limit
   * @throws IOException reading {@code in} itself failed
   */
  public static CrateContents read(
      InputStream in, String sourceName, Optional<PackageId> expected, ArchiveLimits limits)
      throws BadCrateException, IOException {
    return new Reader(sourceName, expected, limits).read(in);
  }

  /** Reads a crate archive held in memory. */
  public static CrateContents read(
      byte[] crate, String sourceName, Optional<PackageId> expected, ArchiveLimits limits)
      throws BadCrateException {
    try {
      return read(new ByteArrayInputStream(crate), sourceName, expected, limits);
    } catch (IOException e) {
      throw new UncheckedIOException("reading a byte array cannot fail", e);
    }
  }

  /**
   * Splits a {@code name-version} folder name at the dash that starts a valid version; names cannot
   * contain dots and versions must, so at most one split is valid.
   */
  public static Optional<PackageId> parseDirName(String dir) {
    for (int i = dir.indexOf('-'); i > 0; i = dir.indexOf('-', i + 1)) {
      String name = dir.substring(0, i);
      String version = dir.substring(i + 1);
      if (CrateName.problem(name) == null && CrateVersion.isValid(version)) {
        return Optional.of(new PackageId(CrateName.of(name), CrateVersion.of(version)));
      }
    }
    return Optional.empty();
  }

  /**
   * Paths with a component Windows reserves ({@code con}, {@code aux.rs}, {@code lpt1}): such a
   * crate cannot be unpacked on Windows. Reported, not rejected.
   */
  public static List<String> windowsReservedPaths(CrateContents contents) {
    List<String> out = new ArrayList<>();
    for (CrateFile f : contents.files()) {
      for (String c : f.path().split("/")) {
        if (WINDOWS_RESERVED.matcher(c).matches()) {
          out.add(f.path());
          break;
        }
      }
    }
    return out;
  }

  private static final class Reader {
    private final TarHeaders headers;
    private final String source;
    private final Optional<PackageId> expected;
    private final ArchiveLimits limits;
    private PackageId id;
    private final Map<String, CrateFile> files = new LinkedHashMap<>();
    private final Set<String> directories = new HashSet<>();

    Reader(String source, Optional<PackageId> expected, ArchiveLimits limits) {
      this.source = source;
      this.expected = expected;
      this.limits = limits;
      this.headers = new TarHeaders(source);
      this.id = expected.orElse(null);
    }

    CrateContents read(InputStream in) throws BadCrateException, IOException {
      ArchiveStreams.RawStream raw = new ArchiveStreams.RawStream(in, limits.maxCompressedBytes());
      BufferedInputStream buffered = new BufferedInputStream(raw);
      try {
        GzipCompressorInputStream gz;
        try {
          gz =
              GzipCompressorInputStream.builder()
                  .setInputStream(buffered)
                  .setDecompressConcatenated(false)
                  .get();
        } catch (ArchiveStreams.LimitException | ArchiveStreams.SourceException e) {
          throw e;
        } catch (IOException e) {
          throw bad(Problem.NOT_GZIP, null, "is not a gzip stream: " + e.getMessage());
        }
        ArchiveStreams.UnpackedStream tar =
            new ArchiveStreams.UnpackedStream(gz, limits.maxUnpackedBytes());
        readTar(tar);
        drainPadding(tar);
        if (buffered.read() != -1) {
          throw bad(Problem.TRAILING_DATA, null, "has bytes after the first gzip member");
        }
      } catch (ArchiveStreams.LimitException e) {
        throw bad(e.problem, null, e.getMessage());
      } catch (ArchiveStreams.SourceException e) {
        throw (IOException) e.getCause();
      } catch (EOFException e) {
        throw bad(Problem.TRUNCATED, null, "is truncated: " + e.getMessage());
      } catch (IOException e) {
        throw bad(Problem.CORRUPT_GZIP, null, "has corrupt gzip data: " + e.getMessage());
      }
      checkCollisions();
      return new CrateContents(
          id,
          List.copyOf(files.values()),
          source,
          Optional.of(HexFormat.of().formatHex(raw.sha256.digest())));
    }

    private BadCrateException bad(Problem p, String entry, String why) {
      return BadCrateException.of(p, source, entry, why);
    }

    private void drainPadding(InputStream tar) throws IOException, BadCrateException {
      byte[] buf = new byte[8192];
      for (int n; (n = tar.read(buf)) >= 0; ) {
        for (int i = 0; i < n; i++) {
          if (buf[i] != 0) {
            throw bad(Problem.TRAILING_DATA, null, "has data after the end of the tar archive");
          }
        }
      }
    }

    /** Reads one 512-byte block: true when full, false at a clean end of stream. */
    private boolean readBlock(InputStream in, byte[] block, String entry)
        throws IOException, BadCrateException {
      int got = in.readNBytes(block, 0, TarHeaders.BLOCK);
      if (got == 0) {
        return false;
      }
      if (got < TarHeaders.BLOCK) {
        throw bad(Problem.TRUNCATED, entry, "is truncated inside a tar header");
      }
      return true;
    }

    private byte[] readData(InputStream in, long size, String entry)
        throws IOException, BadCrateException {
      if (size > limits.maxUnpackedBytes() || size > Integer.MAX_VALUE - 16) {
        throw bad(
            Problem.UNPACKED_TOO_LARGE,
            entry,
            "declares " + size + " bytes, over the unpacked limit of " + limits.maxUnpackedBytes());
      }
      byte[] data = in.readNBytes((int) size);
      if (data.length < size) {
        throw bad(Problem.TRUNCATED, entry, "is truncated: archive ends inside its data");
      }
      long pad = (TarHeaders.BLOCK - size % TarHeaders.BLOCK) % TarHeaders.BLOCK;
      if (in.readNBytes((int) pad).length < pad) {
        throw bad(Problem.TRUNCATED, entry, "is truncated: archive ends inside its padding");
      }
      return data;
    }

    private void readTar(InputStream in) throws IOException, BadCrateException {
      byte[] header = new byte[TarHeaders.BLOCK];
      byte[] longName = null;
      byte[] paxPath = null;
      Long paxSize = null;
      boolean paxPending = false;
      int entries = 0;
      String last = null;
      while (readBlock(in, header, last)) {
        if (TarHeaders.allZero(header)) {
          if (longName != null || paxPending) {
            throw bad(Problem.BAD_HEADER, last, "is a long-name or PAX header with no entry");
          }
          return;
        }
        if (++entries > limits.maxEntries()) {
          throw bad(
              Problem.TOO_MANY_ENTRIES, null, "has more than " + limits.maxEntries() + " entries");
        }
        String headerName = TarHeaders.lossy(TarHeaders.field(header, 0, 100));
        headers.verifyChecksum(header, headerName);
        long size = headers.number(header, 124, 12, headerName, "size");
        char type = (char) (header[156] & 0xff);
        switch (type) {
          case 'L' -> {
            if (longName != null) {
              throw bad(
                  Problem.BAD_HEADER, headerName, "is a second GNU long-name header in a row");
            }
            if (size > limits.maxPathBytes() + 1L) {
              throw bad(
                  Problem.PATH_TOO_LONG,
                  headerName,
                  "carries a long name of "
                      + size
                      + " bytes, over the limit of "
                      + limits.maxPathBytes());
            }
            longName = TarHeaders.trimTrailingNuls(readData(in, size, headerName));
            last = TarHeaders.lossy(longName);
            continue;
          }
          case 'x' -> {
            if (paxPending) {
              throw bad(Problem.BAD_PAX_HEADER, headerName, "is a second PAX header in a row");
            }
            if (size > MAX_PAX_BYTES) {
              throw bad(
                  Problem.BAD_PAX_HEADER,
                  headerName,
                  "is a PAX header of " + size + " bytes, over " + MAX_PAX_BYTES);
            }
            Map<String, byte[]> pax = headers.parsePax(readData(in, size, headerName), headerName);
            paxPending = true;
            paxPath = pax.get("path");
            byte[] s = pax.get("size");
            paxSize = s == null ? null : headers.paxNumber(s, headerName);
            if (paxPath != null) {
              last = TarHeaders.lossy(paxPath);
            }
            continue;
          }
          case 'g' -> throw bad(Problem.PAX_GLOBAL_HEADER, headerName, "is a global PAX header");
          case 'K' -> throw bad(Problem.GNU_LONG_LINK, headerName, "is a GNU long link name");
          case '1' -> throw bad(Problem.HARDLINK, headerName, "is a hard link");
          case '2' -> throw bad(Problem.SYMLINK, headerName, "is a symbolic link");
          case '3', '4' -> throw bad(Problem.DEVICE, headerName, "is a device file");
          case '6' -> throw bad(Problem.FIFO, headerName, "is a FIFO");
          case 'S' -> throw bad(Problem.SPARSE, headerName, "is a sparse file");
          case '0', '\0', '5' -> {}
          default ->
              throw bad(
                  Problem.UNKNOWN_ENTRY_TYPE,
                  headerName,
                  "has unsupported tar entry type '"
                      + InputText.printable(String.valueOf(type))
                      + "'");
        }
        if (longName != null && paxPath != null) {
          throw bad(
              Problem.BAD_HEADER,
              TarHeaders.lossy(paxPath),
              "has both a GNU long name and a PAX path");
        }
        byte[] nameBytes =
            longName != null ? longName : paxPath != null ? paxPath : TarHeaders.ustarName(header);
        longName = null;
        paxPath = null;
        paxPending = false;
        if (paxSize != null && paxSize != size) {
          throw bad(
              Problem.PAX_SIZE_MISMATCH,
              TarHeaders.lossy(nameBytes),
              "has PAX size " + paxSize + " but header size " + size);
        }
        paxSize = null;
        String name = decodePath(nameBytes);
        last = name;
        long mode = headers.number(header, 100, 8, name, "mode");
        boolean dir = type == '5' || name.endsWith("/");
        if (dir && size != 0) {
          throw bad(Problem.BAD_HEADER, name, "is a directory with " + size + " bytes of data");
        }
        List<String> components = checkPath(name, dir);
        if (dir) {
          if (components.size() > 1) {
            directories.add(String.join("/", components.subList(1, components.size())));
          }
          continue;
        }
        if (components.size() < 2) {
          throw bad(
              Problem.OUTSIDE_PACKAGE,
              name,
              "is outside the package folder '" + InputText.printable(id.dirName()) + "/'");
        }
        String path = String.join("/", components.subList(1, components.size()));
        byte[] content = readData(in, size, name);
        CrateFile file = new CrateFile(path, content, (mode & 0111) != 0);
        if (files.putIfAbsent(path, file) != null) {
          throw bad(Problem.DUPLICATE_ENTRY, name, "appears twice in the archive");
        }
      }
      if (longName != null || paxPending) {
        throw bad(
            Problem.TRUNCATED, last, "is a long-name or PAX header at the end of the archive");
      }
    }

    private String decodePath(byte[] bytes) throws BadCrateException {
      if (bytes.length > limits.maxPathBytes()) {
        throw bad(
            Problem.PATH_TOO_LONG,
            TarHeaders.lossy(bytes),
            "has a path of " + bytes.length + " bytes, over the limit of " + limits.maxPathBytes());
      }
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      } catch (CharacterCodingException e) {
        throw bad(
            Problem.NON_UTF8_PATH, TarHeaders.lossy(bytes), "has a path that is not valid UTF-8");
      }
    }

    /** Checks a path and returns its components; the first is the package folder. */
    private List<String> checkPath(String name, boolean dir) throws BadCrateException {
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          throw bad(Problem.CONTROL_CHARACTER, name, "has a control character in its path");
        }
      }
      if (name.indexOf('\\') >= 0) {
        throw bad(Problem.BACKSLASH, name, "has a backslash in its path");
      }
      if (name.startsWith("/")) {
        throw bad(Problem.ABSOLUTE_PATH, name, "has an absolute path");
      }
      if (DRIVE.matcher(name).matches()) {
        throw bad(Problem.DRIVE_PREFIX, name, "starts with a drive prefix");
      }
      String body = dir && name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
      List<String> components = List.of(body.split("/", -1));
      for (String c : components) {
        if (c.isEmpty()) {
          throw bad(Problem.EMPTY_COMPONENT, name, "has an empty path component");
        }
        if (c.equals(".")) {
          throw bad(Problem.DOT_COMPONENT, name, "has a '.' path component");
        }
        if (c.equals("..")) {
          throw bad(
              Problem.PARENT_COMPONENT,
              name,
              "has a '..' component and escapes the package folder");
        }
        if (c.getBytes(StandardCharsets.UTF_8).length > limits.maxComponentBytes()) {
          throw bad(
              Problem.COMPONENT_TOO_LONG,
              name,
              "has a path component over " + limits.maxComponentBytes() + " bytes");
        }
      }
      String top = components.get(0);
      if (id == null) {
        id =
            parseDirName(top)
                .orElseThrow(
                    () ->
                        bad(
                            Problem.BAD_PACKAGE_FOLDER,
                            name,
                            "is not inside a 'name-version/' package folder"));
      }
      if (!top.equals(id.dirName())) {
        throw bad(
            Problem.OUTSIDE_PACKAGE,
            name,
            "is outside the package folder '" + InputText.printable(id.dirName()) + "/'");
      }
      return components;
    }

    private void checkCollisions() throws BadCrateException {
      if (files.isEmpty() && id == null) {
        throw bad(Problem.EMPTY_ARCHIVE, null, "has no entries");
      }
      List<String> manifests = new ArrayList<>();
      for (String p : files.keySet()) {
        if (p.toLowerCase(Locale.ROOT).equals("cargo.toml")) {
          manifests.add(p);
        }
      }
      if (manifests.isEmpty()) {
        throw bad(Problem.NO_MANIFEST, null, "has no Cargo.toml in the package folder");
      }
      if (manifests.size() > 1) {
        throw bad(
            Problem.MULTIPLE_MANIFESTS,
            manifests.get(1),
            "is a second Cargo.toml (also '" + InputText.printable(manifests.get(0)) + "')");
      }
      String manifest = manifests.get(0);
      if (!manifest.equals("Cargo.toml") && !manifest.equals("cargo.toml")) {
        throw bad(Problem.MISCASED_MANIFEST, manifest, "is an incorrectly cased Cargo.toml");
      }
      Map<String, String> nfc = new HashMap<>();
      Map<String, String> folded = new HashMap<>();
      Set<String> allDirs = new HashSet<>(directories);
      for (String p : files.keySet()) {
        String n = Normalizer.normalize(p, Normalizer.Form.NFC);
        String other = nfc.putIfAbsent(n, p);
        if (other != null) {
          throw bad(
              Problem.UNICODE_COLLISION,
              p,
              "has the same Unicode NFC form as '" + InputText.printable(other) + "'");
        }
        other = folded.putIfAbsent(n.toLowerCase(Locale.ROOT), p);
        if (other != null) {
          throw bad(
              Problem.CASE_COLLISION,
              p,
              "differs only in letter case from '" + InputText.printable(other) + "'");
        }
        for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
          allDirs.add(p.substring(0, i));
        }
      }
      for (String p : files.keySet()) {
        if (allDirs.contains(p)) {
          throw bad(Problem.FILE_AND_DIRECTORY, p, "is both a file and a directory");
        }
      }
    }
  }
}
