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

/**
 * Every way a test can skip names why, so that a skip in the CI log says which tool or network is
 * missing (and {@code .ci/run} fails on any skip not in {@code .ci/may-skip}).
 */
class SkipMessagesTest {
  static final Pattern ASSUME =
      Pattern.compile("\\b(assumeTrue|assumeFalse|assumingThat|abort)\\(");
  static final Pattern CONDITION =
      Pattern.compile("@(Disabled|EnabledIf\\w*|DisabledIf\\w*|EnabledOn\\w*|DisabledOn\\w*)\\b");

  static List<String> violations(String name, String source) {
    List<String> out = new ArrayList<>();
    Matcher a = ASSUME.matcher(source);
    while (a.find()) {
      String call = source.substring(a.start(), Math.min(source.length(), a.end() + 400));
      if (!call.contains("\"needs ") && !call.contains("\"opt-in")) {
        out.add(name + ": " + a.group(1) + " without a \"needs <tool or network>\" message");
      }
    }
    Matcher c = CONDITION.matcher(source);
    while (c.find()) {
      String ann = source.substring(c.start(), Math.min(source.length(), c.end() + 300));
      if (!ann.contains("disabledReason = \"") && !ann.startsWith("@Disabled(\"")) {
        out.add(name + ": @" + c.group(1) + " without a reason");
      }
    }
    return out;
  }

  @Test
  void everySkipSaysWhatIsMissing() throws IOException {
    List<String> bad = new ArrayList<>();
    int skippable = 0;
    try (Stream<Path> s = Files.walk(Path.of("src/test/java"))) {
      for (Path p : s.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        if (p.endsWith("SkipMessagesTest.java")) {
          continue;
        }
        String src = Files.readString(p).replaceAll("(?m)^import .*$", "");
        skippable +=
            (int)
                (ASSUME.matcher(src).results().count() + CONDITION.matcher(src).results().count());
        bad.addAll(violations(p.getFileName().toString(), src));
      }
    }
    assertThat(skippable).as("skippable tests found").isPositive();
    assertThat(bad).isEmpty();
  }

  @Test
  void theCheckCatchesABareAssumption() {
    assertThat(violations("X.java", "assumeTrue(Files.exists(p), \"tool installed\");"))
        .containsExactly("X.java: assumeTrue without a \"needs <tool or network>\" message");
    assertThat(violations("X.java", "@EnabledIfSystemProperty(named = \"a\", matches = \"b\")\n"))
        .containsExactly("X.java: @EnabledIfSystemProperty without a reason");
    assertThat(violations("X.java", "assumeTrue(ok, \"needs tool openssl\");")).isEmpty();
  }
}
