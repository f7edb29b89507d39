package dev.cratetrust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keeps the pure packages pure: no network, database, disk or edge-package imports. */
class PackageBoundariesTest {
  private static final Path MAIN = Path.of("src/main/java/dev/cratetrust");
  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
  private static final List<String> FORBIDDEN =
      List.of(
          "java.net.",
          "java.nio.file.",
          "java.nio.channels.",
          "java.io.File",
          "java.io.RandomAccessFile",
          "java.sql.",
          "javax.sql.",
          "java.lang.ProcessBuilder",
          "java.net.http.",
          "org.eclipse.jgit.api.",
          "org.eclipse.jgit.transport.",
          "org.eclipse.jgit.lib.Repository",
          "org.eclipse.jgit.storage.",
          "org.h2.",
          "org.postgresql.",
          "com.zaxxer.",
          "org.flywaydb.",
          "dev.cratetrust.registry.",
          "dev.cratetrust.git.",
          "dev.cratetrust.store.",
          "dev.cratetrust.scan.",
          "dev.cratetrust.advisory.",
          "dev.cratetrust.review.",
          "dev.cratetrust.cli.",
          "dev.cratetrust.web.");
  private static final Pattern FORBIDDEN_CALLS =
      Pattern.compile(
          "\\b(new\\s+FileInputStream|new\\s+FileOutputStream|Runtime\\.getRuntime\\(\\)\\.exec|System\\.getenv|Files\\.|Paths\\.)");

  @ParameterizedTest
  @ValueSource(strings = {"crates", "provenance", "signals", "trust", "diff", "distro"})
  void purePackagesDoNoIo(String pkg) throws IOException {
    Path dir = MAIN.resolve(pkg);
    assertThat(dir).isDirectory();
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String src = Files.readString(f);
        Matcher m = IMPORT.matcher(src);
        while (m.find()) {
          String imported = m.group(2);
          for (String bad : FORBIDDEN) {
            if (imported.startsWith(bad) || (imported + ".").equals(bad)) {
              violations.add(f + " imports " + imported);
            }
          }
        }
        Matcher c = FORBIDDEN_CALLS.matcher(src);
        while (c.find()) {
          violations.add(f + " calls " + c.group(1));
        }
      }
    }
    assertThat(violations).as("I/O or edge imports in pure package " + pkg).isEmpty();
  }

  @Test
  void noGrabBagPackages() throws IOException {
    try (Stream<Path> dirs = Files.list(MAIN)) {
      assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
          .doesNotContain("util", "utils", "model", "service", "common", "helpers");
    }
  }
}
