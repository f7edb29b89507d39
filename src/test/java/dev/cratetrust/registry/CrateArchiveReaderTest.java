package dev.cratetrust.registry;

import static dev.cratetrust.testing.MaliciousArchiveBuilder.concat;
import static dev.cratetrust.testing.MaliciousArchiveBuilder.crate;
import static dev.cratetrust.testing.MaliciousArchiveBuilder.gzip;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.registry.BadCrateException.Problem;
import dev.cratetrust.testing.MaliciousArchiveBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CrateArchiveReaderTest {
  private static final String D = "foo-1.0.0/";
  private static final ArchiveLimits LIMITS = ArchiveLimits.defaults();

  @TempDir Path temp;

  private static CrateContents read(byte[] bytes) throws BadCrateException {
    return CrateArchiveReader.read(bytes, "foo-1.0.0.crate", Optional.empty(), LIMITS);
  }

  @Test
  void readsValidCrateWithHashesAndExecutableBit() throws Exception {
    byte[] bytes =
        crate("foo", "1.0.0").file(D + "run.sh", "#!/bin/sh\n".getBytes(UTF_8), 04777).build();
    CrateContents c = read(bytes);
    assertThat(c.id()).isEqualTo(PackageId.of("foo", "1.0.0"));
    assertThat(c.files())
        .extracting(CrateFile::path)
        .containsExactly("Cargo.toml", "src/lib.rs", "run.sh");
    assertThat(c.file("run.sh").orElseThrow().executable()).isTrue();
    assertThat(c.file("src/lib.rs").orElseThrow().executable()).isFalse();
    assertThat(new String(c.file("src/lib.rs").orElseThrow().content(), UTF_8))
        .isEqualTo("pub fn f() {}\n");
    assertThat(c.archiveSha256())
        .contains(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    assertThat(c.origin()).isEqualTo("foo-1.0.0.crate");
  }

  @Test
  void deducesNameWithDashesAndPrereleaseVersion() throws Exception {
    byte[] bytes = crate("foo-bar", "1.0.0-beta.1+build-5").build();
    assertThat(read(bytes).id()).isEqualTo(PackageId.of("foo-bar", "1.0.0-beta.1+build-5"));
    assertThat(CrateArchiveReader.parseDirName("a-b-c")).isEmpty();
  }

  @Test
  void expectedPackageMustMatchFolder() {
    byte[] bytes = crate("foo", "1.0.0").build();
    assertThatThrownBy(
            () ->
                CrateArchiveReader.read(
                    bytes, "x.crate", Optional.of(PackageId.of("foo", "1.0.1")), LIMITS))
        .isInstanceOf(BadCrateException.class)
        .hasMessageContaining("read crate x.crate: entry 'foo-1.0.0/'")
        .hasMessageContaining("outside the package folder 'foo-1.0.1/'");
  }

  @Test
  void readsLongNamesWrittenByCommonsCompressInGnuAndPaxModes() throws Exception {
    String longPath = D + "src/" + "a".repeat(120) + "/" + "b".repeat(130) + ".rs";
    for (int mode :
        new int[] {TarArchiveOutputStream.LONGFILE_GNU, TarArchiveOutputStream.LONGFILE_POSIX}) {
      ByteArrayOutputStream tar = new ByteArrayOutputStream();
      try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
        out.setLongFileMode(mode);
        for (String[] f :
            new String[][] {{D + "Cargo.toml", "[package]\n"}, {longPath, "fn x() {}\n"}}) {
          byte[] data = f[1].getBytes(UTF_8);
          TarArchiveEntry e = new TarArchiveEntry(f[0]);
          e.setSize(data.length);
          out.putArchiveEntry(e);
          out.write(data);
          out.closeArchiveEntry();
        }
      }
      CrateContents c = read(gzip(tar.toByteArray()));
      assertThat(c.file(longPath.substring(D.length()))).isPresent();
    }
  }

  @Test
  void readsUnicodeNamesAndReportsWindowsReservedNames() throws Exception {
    CrateContents c =
        read(
            crate("foo", "1.0.0")
                .file(D + "src/naïve.rs", "")
                .file(D + "src/aux.rs", "")
                .file(D + "con", "")
                .build());
    assertThat(c.file("src/naïve.rs")).isPresent();
    assertThat(CrateArchiveReader.windowsReservedPaths(c)).containsExactly("src/aux.rs", "con");
  }

  @Test
  void gzipBombIsStoppedByCountingDecompressedBytes() {
    MaliciousArchiveBuilder b = crate("foo", "1.0.0");
    for (int i = 0; i < 100; i++) {
      b.file(D + "zeros" + i, new byte[16 * 1024], 0644);
    }
    byte[] bomb = b.build();
    assertThat(bomb.length).isLessThan(20_000);
    ArchiveLimits tiny = LIMITS.withMaxUnpackedBytes(256 * 1024);
    assertThatThrownBy(() -> CrateArchiveReader.read(bomb, "bomb.crate", Optional.empty(), tiny))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.UNPACKED_TOO_LARGE))
        .hasMessageContaining("read crate bomb.crate")
        .hasMessageContaining("larger than 262144 bytes when decompressed");
  }

  @Test
  void entryDeclaringMoreThanTheLimitIsRejectedBeforeReading() {
    byte[] big = crate("foo", "1.0.0").file(D + "zeros", new byte[4 << 20], 0644).build();
    ArchiveLimits tiny = LIMITS.withMaxUnpackedBytes(64 * 1024);
    assertThatThrownBy(() -> CrateArchiveReader.read(big, "big.crate", Optional.empty(), tiny))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.UNPACKED_TOO_LARGE))
        .hasMessage(
            "read crate big.crate: entry 'foo-1.0.0/zeros' declares 4194304 bytes, over the"
                + " unpacked limit of 65536");
  }

  @Test
  void zeroPaddingAfterEndIsCountedNotTrusted() {
    byte[] tar = concat(crate("foo", "1.0.0").tar(), new byte[1 << 20]);
    ArchiveLimits tiny = LIMITS.withMaxUnpackedBytes(256 * 1024);
    assertThatThrownBy(
            () -> CrateArchiveReader.read(gzip(tar), "pad.crate", Optional.empty(), tiny))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.UNPACKED_TOO_LARGE));
  }

  @Test
  void exactLimitsAreAccepted() throws Exception {
    byte[] tar = crate("foo", "1.0.0").tar();
    byte[] gz = gzip(tar);
    ArchiveLimits exact =
        LIMITS.withMaxUnpackedBytes(tar.length).withMaxCompressedBytes(gz.length).withMaxEntries(3);
    assertThat(CrateArchiveReader.read(gz, "x", Optional.empty(), exact).files()).hasSize(2);
    assertThatThrownBy(
            () ->
                CrateArchiveReader.read(
                    gz, "x", Optional.empty(), exact.withMaxCompressedBytes(gz.length - 1)))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.COMPRESSED_TOO_LARGE));
    assertThatThrownBy(
            () ->
                CrateArchiveReader.read(
                    gz, "x", Optional.empty(), exact.withMaxUnpackedBytes(tar.length - 1)))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.UNPACKED_TOO_LARGE));
    assertThatThrownBy(
            () -> CrateArchiveReader.read(gz, "x", Optional.empty(), exact.withMaxEntries(2)))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.TOO_MANY_ENTRIES));
  }

  @Test
  void sourceStreamFailureIsAnIoErrorNotABadCrate() {
    byte[] ok = crate("foo", "1.0.0").build();
    InputStream failing =
        new InputStream() {
          int pos;

          @Override
          public int read() throws IOException {
            if (pos >= ok.length / 2) {
              throw new IOException("connection reset");
            }
            return ok[pos++] & 0xff;
          }
        };
    assertThatThrownBy(() -> CrateArchiveReader.read(failing, "x", Optional.empty(), LIMITS))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(BadCrateException.class)
        .hasMessage("connection reset");
  }

  record Case(String scenario, Supplier<byte[]> archive, Problem problem, String entry) {
    @Override
    public String toString() {
      return scenario;
    }
  }

  static Stream<Arguments> hostile() {
    byte[] b = "x".getBytes(UTF_8);
    List<Case> cases =
        List.of(
            new Case(
                "entry-in-sibling-folder",
                () -> crate("foo", "1.0.0").file("bar-1.0.0/x", "x").build(),
                Problem.OUTSIDE_PACKAGE,
                "bar-1.0.0/x"),
            new Case(
                "entry-with-folder-as-string-prefix",
                () -> crate("foo", "1.0.0").file("foo-1.0.0x/y", "x").build(),
                Problem.OUTSIDE_PACKAGE,
                "foo-1.0.0x/y"),
            new Case(
                "file-at-top-level",
                () -> crate("foo", "1.0.0").file("foo-1.0.0", "x").build(),
                Problem.OUTSIDE_PACKAGE,
                "foo-1.0.0"),
            new Case(
                "dot-dot-escape",
                () -> crate("foo", "1.0.0").file(D + "../bar/x", "x").build(),
                Problem.PARENT_COMPONENT,
                D + "../bar/x"),
            new Case(
                "dot-component",
                () -> crate("foo", "1.0.0").file(D + "./x", "x").build(),
                Problem.DOT_COMPONENT,
                D + "./x"),
            new Case(
                "empty-component",
                () -> crate("foo", "1.0.0").file(D + "src//x", "x").build(),
                Problem.EMPTY_COMPONENT,
                D + "src//x"),
            new Case(
                "absolute-path",
                () -> crate("foo", "1.0.0").file("/etc/passwd", "x").build(),
                Problem.ABSOLUTE_PATH,
                "/etc/passwd"),
            new Case(
                "backslash",
                () -> crate("foo", "1.0.0").file(D + "..\\..\\x", "x").build(),
                Problem.BACKSLASH,
                D + "..\\..\\x"),
            new Case(
                "control-character",
                () -> crate("foo", "1.0.0").file(D + "a\nb", "x").build(),
                Problem.CONTROL_CHARACTER,
                D + "a\nb"),
            new Case(
                "nul-in-long-name",
                () -> crate("foo", "1.0.0").gnuLongName((D + "a\0b").getBytes(UTF_8), b).build(),
                Problem.CONTROL_CHARACTER,
                D + "a\0b"),
            new Case(
                "drive-prefix",
                () -> crate("foo", "1.0.0").file("C:/x", "x").build(),
                Problem.DRIVE_PREFIX,
                "C:/x"),
            new Case(
                "non-utf8-name",
                () ->
                    crate("foo", "1.0.0")
                        .entry('0', concat(D.getBytes(UTF_8), new byte[] {(byte) 0xff}), b, 0644)
                        .build(),
                Problem.NON_UTF8_PATH,
                null),
            new Case(
                "symlink",
                () -> crate("foo", "1.0.0").link('2', D + "link", "/etc/passwd").build(),
                Problem.SYMLINK,
                D + "link"),
            new Case(
                "hardlink",
                () -> crate("foo", "1.0.0").link('1', D + "link", D + "Cargo.toml").build(),
                Problem.HARDLINK,
                D + "link"),
            new Case(
                "char-device",
                () ->
                    crate("foo", "1.0.0")
                        .entry('3', (D + "tty").getBytes(UTF_8), new byte[0], 0644)
                        .build(),
                Problem.DEVICE,
                D + "tty"),
            new Case(
                "block-device",
                () ->
                    crate("foo", "1.0.0")
                        .entry('4', (D + "sda").getBytes(UTF_8), new byte[0], 0644)
                        .build(),
                Problem.DEVICE,
                D + "sda"),
            new Case(
                "fifo",
                () ->
                    crate("foo", "1.0.0")
                        .entry('6', (D + "p").getBytes(UTF_8), new byte[0], 0644)
                        .build(),
                Problem.FIFO,
                D + "p"),
            new Case(
                "gnu-sparse",
                () -> crate("foo", "1.0.0").entry('S', (D + "s").getBytes(UTF_8), b, 0644).build(),
                Problem.SPARSE,
                D + "s"),
            new Case(
                "pax-sparse",
                () ->
                    crate("foo", "1.0.0").pax(Map.of("GNU.sparse.major", "1"), D + "s", b).build(),
                Problem.SPARSE,
                "PaxHeaders/x"),
            new Case(
                "gnu-long-link",
                () ->
                    crate("foo", "1.0.0")
                        .entry('K', "././@LongLink".getBytes(UTF_8), b, 0644)
                        .build(),
                Problem.GNU_LONG_LINK,
                "././@LongLink"),
            new Case(
                "pax-global-header",
                () ->
                    crate("foo", "1.0.0")
                        .entry('g', "pax_global_header".getBytes(UTF_8), b, 0644)
                        .build(),
                Problem.PAX_GLOBAL_HEADER,
                "pax_global_header"),
            new Case(
                "contiguous-file-type",
                () -> crate("foo", "1.0.0").entry('7', (D + "c").getBytes(UTF_8), b, 0644).build(),
                Problem.UNKNOWN_ENTRY_TYPE,
                D + "c"),
            new Case(
                "duplicate-entry",
                () -> crate("foo", "1.0.0").file(D + "src/lib.rs", "evil").build(),
                Problem.DUPLICATE_ENTRY,
                D + "src/lib.rs"),
            new Case(
                "case-only-twins",
                () -> crate("foo", "1.0.0").file(D + "src/LIB.rs", "evil").build(),
                Problem.CASE_COLLISION,
                "src/LIB.rs"),
            new Case(
                "unicode-nfc-nfd-twins",
                () ->
                    crate("foo", "1.0.0")
                        .file(D + "caf\u00e9.rs", "a")
                        .file(D + "cafe\u0301.rs", "b")
                        .build(),
                Problem.UNICODE_COLLISION,
                "cafe\u0301.rs"),
            new Case(
                "file-and-directory",
                () -> crate("foo", "1.0.0").file(D + "src", "x").build(),
                Problem.FILE_AND_DIRECTORY,
                "src"),
            new Case(
                "second-gzip-member",
                () ->
                    concat(
                        crate("foo", "1.0.0").build(),
                        MaliciousArchiveBuilder.empty().file(D + "src/evil.rs", "evil").build()),
                Problem.TRAILING_DATA,
                null),
            new Case(
                "trailing-bytes-after-gzip",
                () -> concat(crate("foo", "1.0.0").build(), "junk".getBytes(UTF_8)),
                Problem.TRAILING_DATA,
                null),
            new Case(
                "data-after-tar-end",
                () ->
                    gzip(
                        concat(
                            crate("foo", "1.0.0").tar(),
                            MaliciousArchiveBuilder.empty().file(D + "evil.rs", "e").tar())),
                Problem.TRAILING_DATA,
                null),
            new Case(
                "truncated-gzip",
                () -> {
                  byte[] ok = crate("foo", "1.0.0").build();
                  return Arrays.copyOf(ok, ok.length - 20);
                },
                Problem.TRUNCATED,
                null),
            new Case(
                "truncated-inside-entry-data",
                () -> {
                  byte[] t = crate("foo", "1.0.0").withoutEndMarker().tar();
                  return gzip(Arrays.copyOf(t, t.length - 100));
                },
                Problem.TRUNCATED,
                D + "src/lib.rs"),
            new Case(
                "truncated-inside-header",
                () -> gzip(concat(crate("foo", "1.0.0").withoutEndMarker().tar(), new byte[] {1})),
                Problem.TRUNCATED,
                null),
            new Case(
                "header-says-more-than-data",
                () ->
                    gzip(
                        crate("foo", "1.0.0")
                            .entry('0', (D + "big").getBytes(UTF_8), b, 5000, 0644)
                            .withoutEndMarker()
                            .tar()),
                Problem.TRUNCATED,
                D + "big"),
            new Case(
                "bad-header-checksum",
                () -> crate("foo", "1.0.0").file(D + "x", "x").corruptLastChecksum().build(),
                Problem.BAD_HEADER_CHECKSUM,
                D + "x"),
            new Case("not-gzip", () -> crate("foo", "1.0.0").tar(), Problem.NOT_GZIP, null),
            new Case("empty-input", () -> new byte[0], Problem.NOT_GZIP, null),
            new Case(
                "empty-archive",
                () -> MaliciousArchiveBuilder.empty().build(),
                Problem.EMPTY_ARCHIVE,
                null),
            new Case(
                "corrupt-deflate-data",
                () -> {
                  byte[] ok = crate("foo", "1.0.0").build();
                  for (int i = 12; i < ok.length - 8; i++) {
                    ok[i] ^= 0x5a;
                  }
                  return ok;
                },
                Problem.CORRUPT_GZIP,
                null),
            new Case(
                "pax-size-differs-from-header",
                () -> crate("foo", "1.0.0").pax(Map.of("size", "700"), D + "x", b).build(),
                Problem.PAX_SIZE_MISMATCH,
                D + "x"),
            new Case(
                "malformed-pax-record",
                () ->
                    crate("foo", "1.0.0")
                        .entry(
                            'x',
                            "PaxHeaders/x".getBytes(UTF_8),
                            "99 path=x\n".getBytes(UTF_8),
                            0644)
                        .file(D + "x", "x")
                        .build(),
                Problem.BAD_PAX_HEADER,
                "PaxHeaders/x"),
            new Case(
                "pax-path-escapes",
                () -> crate("foo", "1.0.0").pax(Map.of("path", D + "../../x"), D + "ok", b).build(),
                Problem.PARENT_COMPONENT,
                D + "../../x"),
            new Case(
                "long-name-and-pax-path",
                () ->
                    crate("foo", "1.0.0")
                        .entry(
                            'L', "././@LongLink".getBytes(UTF_8), (D + "a\0").getBytes(UTF_8), 0644)
                        .pax(Map.of("path", D + "b"), D + "c", b)
                        .build(),
                Problem.BAD_HEADER,
                D + "b"),
            new Case(
                "too-long-path",
                () ->
                    crate("foo", "1.0.0")
                        .gnuLongName((D + "a/".repeat(2100) + "x").getBytes(UTF_8), b)
                        .build(),
                Problem.PATH_TOO_LONG,
                null),
            new Case(
                "too-long-component",
                () ->
                    crate("foo", "1.0.0")
                        .gnuLongName((D + "a".repeat(300)).getBytes(UTF_8), b)
                        .build(),
                Problem.COMPONENT_TOO_LONG,
                D + "a".repeat(300)),
            new Case(
                "no-manifest",
                () -> MaliciousArchiveBuilder.empty().file(D + "src/lib.rs", "x").build(),
                Problem.NO_MANIFEST,
                null),
            new Case(
                "two-manifests",
                () -> crate("foo", "1.0.0").file(D + "cargo.toml", "x").build(),
                Problem.MULTIPLE_MANIFESTS,
                "cargo.toml"),
            new Case(
                "miscased-manifest",
                () -> MaliciousArchiveBuilder.empty().file(D + "CARGO.TOML", "x").build(),
                Problem.MISCASED_MANIFEST,
                "CARGO.TOML"),
            new Case(
                "unparsable-package-folder",
                () -> MaliciousArchiveBuilder.empty().file("package/Cargo.toml", "x").build(),
                Problem.BAD_PACKAGE_FOLDER,
                "package/Cargo.toml"));
    return cases.stream().map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void rejectsHostileArchive(Case c) throws IOException {
    byte[] bytes = c.archive().get();
    Map<Path, Long> before = snapshot();
    assertThatThrownBy(() -> read(bytes))
        .as(c.scenario())
        .isInstanceOfSatisfying(
            BadCrateException.class,
            e -> {
              assertThat(e.problem())
                  .as(c.scenario() + ": " + e.getMessage())
                  .isEqualTo(c.problem());
              if (c.entry() != null) {
                assertThat(e.entry()).as(e.getMessage()).contains(c.entry());
              }
            })
        .hasMessageStartingWith("read crate foo-1.0.0.crate: ");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void messageEscapesControlCharacters() {
    byte[] bytes = crate("foo", "1.0.0").file(D + "a\nb", "x").build();
    assertThatThrownBy(() -> read(bytes))
        .hasMessage(
            "read crate foo-1.0.0.crate: entry 'foo-1.0.0/a\\u000ab' has a control character in"
                + " its path");
  }

  @Test
  void dotDotMessageSaysItEscapes() {
    byte[] bytes = crate("foo", "1.0.0").file(D + "../bar/x", "x").build();
    assertThatThrownBy(() -> read(bytes))
        .hasMessage(
            "read crate foo-1.0.0.crate: entry 'foo-1.0.0/../bar/x' has a '..' component and"
                + " escapes the package folder");
  }

  /** Files under the temp dir, which holds sentinels where an extraction would write. */
  private Map<Path, Long> snapshot() throws IOException {
    Files.createDirectories(temp.resolve("foo-1.0.0"));
    Files.createDirectories(temp.resolve("bar"));
    if (!Files.exists(temp.resolve("bar/x"))) {
      Files.writeString(temp.resolve("bar/x"), "sentinel");
    }
    Map<Path, Long> out = new LinkedHashMap<>();
    try (Stream<Path> s = Files.walk(temp)) {
      for (Path p : (Iterable<Path>) s.sorted()::iterator) {
        out.put(p, Files.isRegularFile(p) ? Files.size(p) : -1L);
      }
    }
    return out;
  }
}
