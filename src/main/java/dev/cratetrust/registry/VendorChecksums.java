package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.registry.BadCrateException.Problem;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What a {@code .cargo-checksum.json} (written by cargo vendor, cargo's registry cache or Debian)
 * says about a directory's files, compared with the files actually present.
 *
 * <p>A match proves only that the files equal what the writer of the checksum file hashed, not that
 * they equal the published crate: the checksum file sits in the same directory and can be edited
 * with the files. {@link #packageSha256()} is the claimed SHA-256 of the original {@code .crate},
 * to be compared with the registry's index.
 *
 * <p>Debian writes {@code "package": "Could not get crate checksum"} when it patched the crate, and
 * never lists files: then nothing ties the directory to a published {@code .crate}.
 *
 * @param packageSha256 the {@code package} field (SHA-256 of the {@code .crate}), when present
 * @param packageChecksum whether the {@code package} field is a SHA-256, absent, or says the writer
 *     could not get one
 * @param files one status per path listed or present, sorted by path
 */
public record VendorChecksums(
    Optional<String> packageSha256, PackageChecksum packageChecksum, List<FileCheck> files) {
  public static final String FILE_NAME = ".cargo-checksum.json";
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  /** The text Debian writes in {@code package} instead of a SHA-256. */
  public static final String DEBIAN_UNAVAILABLE = "Could not get crate checksum";

  public VendorChecksums {
    files = List.copyOf(files);
  }

  /** Checksums whose {@code package} state follows from {@code packageSha256}. */
  public VendorChecksums(Optional<String> packageSha256, List<FileCheck> files) {
    this(
        packageSha256,
        packageSha256.isPresent() ? PackageChecksum.RECORDED : PackageChecksum.NOT_RECORDED,
        files);
  }

  /** What the {@code package} field holds. */
  public enum PackageChecksum {
    /** A SHA-256 of the {@code .crate}. */
    RECORDED,
    /** No {@code package} field (or null). */
    NOT_RECORDED,
    /** The writer's note that it could not get one (Debian, for patched crates). */
    UNAVAILABLE;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** Whether the file lists no file at all (as Debian writes it). */
  public boolean listsNoFiles() {
    return files.stream().noneMatch(f -> f.listedSha256().isPresent());
  }

  /** How one file compares with its listed checksum. */
  public enum Status {
    /** Listed, present, same SHA-256. */
    MATCH,
    /** Listed and present with another SHA-256. */
    MODIFIED,
    /** Listed but not present. */
    MISSING,
    /** Present but not listed (Debian lists no files at all). */
    NOT_LISTED
  }

  /** One file's comparison; hashes are lower-case hex. */
  public record FileCheck(
      String path, Status status, Optional<String> listedSha256, Optional<String> actualSha256) {}

  /** Files whose status is not {@link Status#MATCH}. */
  public List<FileCheck> discrepancies() {
    return files.stream().filter(f -> f.status() != Status.MATCH).toList();
  }

  /**
   * Parses {@code json} and compares it with {@code contents}; {@code source} names the file in
   * errors. Listed paths are only looked up in {@code contents}, never opened.
   */
  public static VendorChecksums compare(byte[] json, String source, CrateContents contents)
      throws BadCrateException {
    if (json.length > MAX_BYTES) {
      throw bad(source, "is larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = Parsers.json().readTree(json);
    } catch (JacksonException e) {
      throw bad(source, "is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw bad(source, "is not a JSON object");
    }
    Optional<String> pkg = Optional.empty();
    PackageChecksum state = PackageChecksum.NOT_RECORDED;
    JsonNode p = root.get("package");
    if (p != null && p.isString() && p.asString().equals(DEBIAN_UNAVAILABLE)) {
      state = PackageChecksum.UNAVAILABLE;
    } else if (p != null && !p.isNull()) {
      if (!p.isString() || !isSha256(p.asString())) {
        throw bad(source, "has a 'package' that is not a SHA-256 hex string");
      }
      pkg = Optional.of(p.asString());
      state = PackageChecksum.RECORDED;
    }
    JsonNode filesNode = root.get("files");
    if (filesNode == null || !filesNode.isObject()) {
      throw bad(source, "has no 'files' object");
    }
    Map<String, String> listed = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : filesNode.properties()) {
      JsonNode v = e.getValue();
      if (!v.isString() || !isSha256(v.asString())) {
        throw bad(
            source,
            "lists '" + InputText.printable(e.getKey()) + "' with a value that is not SHA-256 hex");
      }
      listed.put(e.getKey(), v.asString());
    }
    Map<String, FileCheck> out = new TreeMap<>();
    Map<String, CrateFile> present = contents.byPath();
    for (Map.Entry<String, String> e : listed.entrySet()) {
      CrateFile f = present.get(e.getKey());
      if (f == null) {
        out.put(
            e.getKey(),
            new FileCheck(e.getKey(), Status.MISSING, Optional.of(e.getValue()), Optional.empty()));
      } else {
        String actual = sha256(f.content());
        out.put(
            e.getKey(),
            new FileCheck(
                e.getKey(),
                actual.equals(e.getValue()) ? Status.MATCH : Status.MODIFIED,
                Optional.of(e.getValue()),
                Optional.of(actual)));
      }
    }
    for (CrateFile f : contents.files()) {
      if (!listed.containsKey(f.path())) {
        out.put(
            f.path(),
            new FileCheck(
                f.path(), Status.NOT_LISTED, Optional.empty(), Optional.of(sha256(f.content()))));
      }
    }
    return new VendorChecksums(pkg, state, new ArrayList<>(out.values()));
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  static boolean isSha256(String s) {
    return s.length() == 64
        && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  private static BadCrateException bad(String source, String why) {
    return new BadCrateException(
        Problem.BAD_CHECKSUM_FILE,
        "read checksums " + InputText.printable(source) + ": " + why,
        FILE_NAME);
  }
}
