package dev.cratetrust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the package map in CONTRIBUTING.md and the code's package dependencies the same. */
class PackageMapTest {
  private static final Path MAIN = Path.of("src/main/java/dev/cratetrust");
  private static final Path MAP = Path.of("CONTRIBUTING.md");
  private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.cratetrust\\.([a-z]+)\\.");
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z]+)` \\| (.*) \\|$");
  private static final Pattern NAME = Pattern.compile("`([a-z]+)`");

  @Test
  void codeUsesOnlyWhatTheMapAllowsAndTheMapListsNothingUnused() throws IOException {
    Map<String, Set<String>> allowed = readMap(Files.readString(MAP));
    Map<String, Set<String>> actual = actualDependencies();

    assertThat(allowed.keySet())
        .as("packages in the map vs. in the code")
        .isEqualTo(actual.keySet());
    List<String> problems = new ArrayList<>();
    for (var e : actual.entrySet()) {
      Set<String> extra = new TreeSet<>(e.getValue());
      extra.removeAll(allowed.get(e.getKey()));
      extra.forEach(
          d -> problems.add(e.getKey() + " uses " + d + " but the map does not allow it"));
      Set<String> unused = new TreeSet<>(allowed.get(e.getKey()));
      unused.removeAll(e.getValue());
      unused.forEach(d -> problems.add(e.getKey() + " is mapped to use " + d + " but does not"));
    }
    assertThat(problems).as("CONTRIBUTING.md package map vs. code").isEmpty();
  }

  @Test
  void mapParserReadsRowsAndRejectsAMissingTable() {
    String doc =
        "x\n<!-- package-map:start -->\n| package | may use |\n|---|---|\n"
            + "| `crates` | (nothing) |\n| `git` | `crates`, `provenance` |\n"
            + "<!-- package-map:end -->\n";
    assertThat(readMap(doc))
        .containsEntry("crates", Set.of())
        .containsEntry("git", Set.of("crates", "provenance"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> readMap("no table here"))
        .hasMessageContaining("package-map:start");
  }

  static Map<String, Set<String>> readMap(String doc) {
    int start = doc.indexOf("<!-- package-map:start -->");
    int end = doc.indexOf("<!-- package-map:end -->");
    if (start < 0 || end < start) {
      throw new IllegalStateException(
          "CONTRIBUTING.md: no <!-- package-map:start --> ... end table");
    }
    Map<String, Set<String>> map = new TreeMap<>();
    for (String line : doc.substring(start, end).split("\n")) {
      Matcher row = ROW.matcher(line.strip());
      if (!row.matches()) {
        continue;
      }
      Set<String> deps = new TreeSet<>();
      Matcher n = NAME.matcher(row.group(2));
      while (n.find()) {
        deps.add(n.group(1));
      }
      map.put(row.group(1), deps);
    }
    return map;
  }

  private static Map<String, Set<String>> actualDependencies() throws IOException {
    Map<String, Set<String>> deps = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(MAIN)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        String pkg = dir.getFileName().toString();
        Set<String> uses = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
            Matcher m = REFERENCE.matcher(Files.readString(f));
            while (m.find()) {
              uses.add(m.group(1));
            }
          }
        }
        uses.remove(pkg);
        deps.put(pkg, uses);
      }
    }
    return deps;
  }
}
