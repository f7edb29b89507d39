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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
  private static final int BLOCK = 512;
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

  /** A limit was hit inside a stream; carries the problem out through I/O signatures. */
  private static final class LimitException extends IOException {
    private static final long serialVersionUID = 1L;
    final Problem problem;

    LimitException(Problem problem, String message) {
      super(message);
      this.problem = problem;
    }
  }

  /** Reading the caller's stream failed; not the archive's fault. */
  private static final class SourceException extends IOException {
    private static final long serialVersionUID = 1L;

    SourceException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** Counts, hashes and caps the raw bytes read from the source. */
  private static final class RawStream extends FilterInputStream {
    private final MessageDigest sha256;
    private final long max;
    private long count;

    RawStream(InputStream in, long max) {
      super(in);
      this.max = max;
      try {
        this.sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every JDK", e);
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = in.read(b, off, (int) Math.min(len, max - count + 1));
      } catch (IOException e) {
        throw new SourceException(e);
      }
      if (n > 0) {
        count += n;
        sha256.update(b, off, n);
        if (count > max) {
          throw new LimitException(
              Problem.COMPRESSED_TOO_LARGE, "is larger than " + max + " bytes compressed");
        }
      }
      return n;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  /** Counts and caps the decompressed bytes, whatever the headers claim. */
  private static final class UnpackedStream extends FilterInputStream {
    private final long max;
    private long count;

    UnpackedStream(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, (int) Math.min(len, max - count + 1));
      if (n > 0) {
        count += n;
        if (count > max) {
          throw new LimitException(
              Problem.UNPACKED_TOO_LARGE,
              "is malformed or larger than " + max + " bytes when decompressed");
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  private static final class Reader {
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
      this.id = expected.orElse(null);
    }

    CrateContents read(InputStream in) throws BadCrateException, IOException {
      RawStream raw = new RawStream(in, limits.maxCompressedBytes());
      BufferedInputStream buffered = new BufferedInputStream(raw);
      try {
        GzipCompressorInputStream gz;
        try {
          gz =
              GzipCompressorInputStream.builder()
                  .setInputStream(buffered)
                  .setDecompressConcatenated(false)
                  .get();
        } catch (LimitException | SourceException e) {
          throw e;
        } catch (IOException e) {
          throw bad(Problem.NOT_GZIP, null, "is not a gzip stream: " + e.getMessage());
        }
        UnpackedStream tar = new UnpackedStream(gz, limits.maxUnpackedBytes());
        readTar(tar);
        drainPadding(tar);
        if (buffered.read() != -1) {
          throw bad(Problem.TRAILING_DATA, null, "has bytes after the first gzip member");
        }
      } catch (LimitException e) {
        throw bad(e.problem, null, e.getMessage());
      } catch (SourceException e) {
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
      int got = in.readNBytes(block, 0, BLOCK);
      if (got == 0) {
        return false;
      }
      if (got < BLOCK) {
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
      long pad = (BLOCK - size % BLOCK) % BLOCK;
      if (in.readNBytes((int) pad).length < pad) {
        throw bad(Problem.TRUNCATED, entry, "is truncated: archive ends inside its padding");
      }
      return data;
    }

    private void readTar(InputStream in) throws IOException, BadCrateException {
      byte[] header = new byte[BLOCK];
      byte[] longName = null;
      byte[] paxPath = null;
      Long paxSize = null;
      boolean paxPending = false;
      int entries = 0;
      String last = null;
      while (readBlock(in, header, last)) {
        if (allZero(header)) {
          if (longName != null || paxPending) {
            throw bad(Problem.BAD_HEADER, last, "is a long-name or PAX header with no entry");
          }
          return;
        }
        if (++entries > limits.maxEntries()) {
          throw bad(
              Problem.TOO_MANY_ENTRIES, null, "has more than " + limits.maxEntries() + " entries");
        }
        String headerName = lossy(field(header, 0, 100));
        verifyChecksum(header, headerName);
        long size = number(header, 124, 12, headerName, "size");
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
            longName = trimTrailingNuls(readData(in, size, headerName));
            last = lossy(longName);
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
            Map<String, byte[]> pax = parsePax(readData(in, size, headerName), headerName);
            paxPending = true;
            paxPath = pax.get("path");
            byte[] s = pax.get("size");
            paxSize = s == null ? null : paxNumber(s, headerName);
            if (paxPath != null) {
              last = lossy(paxPath);
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
          throw bad(Problem.BAD_HEADER, lossy(paxPath), "has both a GNU long name and a PAX path");
        }
        byte[] nameBytes =
            longName != null ? longName : paxPath != null ? paxPath : ustarName(header);
        longName = null;
        paxPath = null;
        paxPending = false;
        if (paxSize != null && paxSize != size) {
          throw bad(
              Problem.PAX_SIZE_MISMATCH,
              lossy(nameBytes),
              "has PAX size " + paxSize + " but header size " + size);
        }
        paxSize = null;
        String name = decodePath(nameBytes);
        last = name;
        long mode = number(header, 100, 8, name, "mode");
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
            lossy(bytes),
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
        throw bad(Problem.NON_UTF8_PATH, lossy(bytes), "has a path that is not valid UTF-8");
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

    private void verifyChecksum(byte[] h, String name) throws BadCrateException {
      long stored;
      try {
        stored = octal(h, 148, 8);
      } catch (NumberFormatException e) {
        throw bad(Problem.BAD_HEADER_CHECKSUM, name, "has an unreadable tar header checksum");
      }
      long unsigned = 0;
      long signed = 0;
      for (int i = 0; i < BLOCK; i++) {
        byte b = (i >= 148 && i < 156) ? (byte) ' ' : h[i];
        unsigned += b & 0xff;
        signed += b;
      }
      if (stored != unsigned && stored != signed) {
        throw bad(Problem.BAD_HEADER_CHECKSUM, name, "has a bad tar header checksum");
      }
    }

    private long number(byte[] h, int off, int len, String name, String what)
        throws BadCrateException {
      if ((h[off] & 0x80) != 0) {
        if ((h[off] & 0x40) != 0) {
          throw bad(Problem.BAD_HEADER, name, "has a negative " + what);
        }
        long v = h[off] & 0x3f;
        for (int i = off + 1; i < off + len; i++) {
          if ((v >>> 55) != 0) {
            throw bad(Problem.BAD_HEADER, name, "has a " + what + " that does not fit 63 bits");
          }
          v = (v << 8) | (h[i] & 0xff);
        }
        return v;
      }
      try {
        return octal(h, off, len);
      } catch (NumberFormatException e) {
        throw bad(Problem.BAD_HEADER, name, "has an unreadable " + what + " field");
      }
    }

    private Map<String, byte[]> parsePax(byte[] data, String name) throws BadCrateException {
      Map<String, byte[]> out = new HashMap<>();
      int pos = 0;
      while (pos < data.length) {
        int space = pos;
        while (space < data.length && data[space] >= '0' && data[space] <= '9') {
          space++;
        }
        if (space == pos || space >= data.length || data[space] != ' ' || space - pos > 6) {
          throw bad(Problem.BAD_PAX_HEADER, name, "has a malformed PAX record length");
        }
        int len = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
        int end = pos + len;
        if (len <= space - pos + 1 || end > data.length || data[end - 1] != '\n') {
          throw bad(Problem.BAD_PAX_HEADER, name, "has a malformed PAX record");
        }
        int eq = space + 1;
        while (eq < end - 1 && data[eq] != '=') {
          eq++;
        }
        if (eq >= end - 1 || eq == space + 1) {
          throw bad(Problem.BAD_PAX_HEADER, name, "has a PAX record without 'key=value'");
        }
        String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
        byte[] value = java.util.Arrays.copyOfRange(data, eq + 1, end - 1);
        if (key.startsWith("GNU.sparse.")) {
          throw bad(Problem.SPARSE, name, "is a PAX-encoded sparse file");
        }
        if (out.put(key, value) != null) {
          throw bad(
              Problem.BAD_PAX_HEADER,
              name,
              "repeats the PAX key '" + InputText.printable(key) + "'");
        }
        pos = end;
      }
      return out;
    }

    private long paxNumber(byte[] value, String name) throws BadCrateException {
      String s = new String(value, StandardCharsets.US_ASCII);
      if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw bad(Problem.BAD_PAX_HEADER, name, "has an unreadable PAX size");
      }
      return Long.parseLong(s);
    }
  }

  private static byte[] ustarName(byte[] h) {
    byte[] name = field(h, 0, 100);
    boolean posix =
        h[257] == 'u'
            && h[258] == 's'
            && h[259] == 't'
            && h[260] == 'a'
            && h[261] == 'r'
            && h[262] == 0;
    byte[] prefix = posix ? field(h, 345, 155) : new byte[0];
    if (prefix.length == 0) {
      return name;
    }
    byte[] out = new byte[prefix.length + 1 + name.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    out[prefix.length] = '/';
    System.arraycopy(name, 0, out, prefix.length + 1, name.length);
    return out;
  }

  private static byte[] field(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return java.util.Arrays.copyOfRange(h, off, end);
  }

  private static byte[] trimTrailingNuls(byte[] b) {
    int end = b.length;
    while (end > 0 && b[end - 1] == 0) {
      end--;
    }
    return java.util.Arrays.copyOf(b, end);
  }

  /** Parses an octal field padded with spaces or NULs; throws NumberFormatException if bad. */
  private static long octal(byte[] h, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end && h[i] == ' ') {
      i++;
    }
    long v = 0;
    int digits = 0;
    for (; i < end && h[i] >= '0' && h[i] <= '7'; i++) {
      v = (v << 3) + (h[i] - '0');
      digits++;
    }
    for (; i < end; i++) {
      if (h[i] != ' ' && h[i] != 0) {
        throw new NumberFormatException("not octal");
      }
    }
    if (digits == 0) {
      throw new NumberFormatException("empty");
    }
    return v;
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String lossy(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
