package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsignedLibrariesTest {
  @TempDir Path tmp;

  private static void jar(Path file, String... names) throws Exception {
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String n : names) {
        zip.putNextEntry(new ZipEntry(n));
        zip.write(("content of " + n).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
  }

  private static List<String> entries(Path jar) throws Exception {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
    }
  }

  @Test
  void signedJarsLoseOnlyTheirSignatureFilesAndOthersAreCopiedAsTheyAre() throws Exception {
    Path lib = tmp.resolve("lib");
    Files.createDirectories(lib);
    jar(
        lib.resolve("signed.jar"),
        "META-INF/MANIFEST.MF",
        "META-INF/ECLIPSE_.SF",
        "META-INF/ECLIPSE_.RSA",
        "META-INF/maven/x/pom.xml",
        "org/example/A.class");
    jar(lib.resolve("plain.jar"), "META-INF/MANIFEST.MF", "p/B.class");
    Files.writeString(lib.resolve("notes.txt"), "not a jar");

    UnsignedLibraries.main(new String[] {lib.toString(), tmp.resolve("out").toString()});

    Path out = tmp.resolve("out");
    assertThat(entries(out.resolve("signed.jar")))
        .containsExactly("META-INF/MANIFEST.MF", "META-INF/maven/x/pom.xml", "org/example/A.class");
    try (ZipFile zip = new ZipFile(out.resolve("signed.jar").toFile())) {
      assertThat(new String(zip.getInputStream(zip.getEntry("org/example/A.class")).readAllBytes()))
          .isEqualTo("content of org/example/A.class");
    }
    assertThat(UnsignedLibraries.isSigned(lib.resolve("signed.jar"))).isTrue();
    assertThat(UnsignedLibraries.isSigned(out.resolve("signed.jar"))).isFalse();
    assertThat(Files.readAllBytes(out.resolve("plain.jar")))
        .isEqualTo(Files.readAllBytes(lib.resolve("plain.jar")));
    assertThat(out.resolve("notes.txt")).doesNotExist();
  }

  @Test
  void onlyTopLevelMetaInfSignatureNamesCount() {
    assertThat(UnsignedLibraries.isSignatureFile("META-INF/X.SF")).isTrue();
    assertThat(UnsignedLibraries.isSignatureFile("meta-inf/x.rsa")).isTrue();
    assertThat(UnsignedLibraries.isSignatureFile("META-INF/SIG-FOO")).isTrue();
    assertThat(UnsignedLibraries.isSignatureFile("META-INF/versions/9/X.SF")).isFalse();
    assertThat(UnsignedLibraries.isSignatureFile("org/X.SF")).isFalse();
    assertThat(UnsignedLibraries.isSignatureFile("META-INF/MANIFEST.MF")).isFalse();
  }
}
