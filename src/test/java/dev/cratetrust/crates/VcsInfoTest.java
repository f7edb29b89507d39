package dev.cratetrust.crates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VcsInfoTest {
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  private static VcsInfo parse(String json) {
    return VcsInfo.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsWhatCargoWrites() {
    assertThat(
            parse(
                "{\n  \"git\": {\n    \"sha1\": \""
                    + SHA
                    + "\",\n    \"dirty\": true\n  },\n"
                    + "  \"path_in_vcs\": \"crates/foo\"\n}"))
        .isEqualTo(new VcsInfo.Git(CommitId.of(SHA), true, Optional.of("crates/foo")));
  }

  @Test
  void olderCargoWithoutPathOrDirtyAndUnknownFields() {
    assertThat(parse("{\"git\":{\"sha1\":\"" + SHA.toUpperCase() + "\"},\"future\":[1,2]}"))
        .isEqualTo(new VcsInfo.Git(CommitId.of(SHA), false, Optional.empty()));
  }

  @Test
  void noGitSectionKeepsThePath() {
    assertThat(parse("{\"path_in_vcs\":\"x\"}")).isEqualTo(new VcsInfo.NoGit("x"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''| is empty",
        "'   '| not a JSON object",
        "[1,2]| not a JSON object",
        "{\"git\":\"abc\"}| git is not an object",
        "{\"git\":{}}| git.sha1 is missing",
        "{\"git\":{\"sha1\":12}}| git.sha1 is missing or not a string",
        "{\"git\":{\"sha1\":\"xyz\"}}| is not 40 or 64 hex digits",
        "{\"git\":{\"sha1\":\"" + SHA + "\",\"dirty\":\"yes\"}}| git.dirty is not a boolean",
        "{\"path_in_vcs\":\"../x\"}| has an empty, '.' or '..' component",
        "{\"path_in_vcs\":\"/abs\"}| is absolute",
        "{\"path_in_vcs\":\"a\\\\b\"}| contains a backslash",
        "{\"path_in_vcs\":\"a//b\"}| has an empty",
        "{\"path_in_vcs\":7}| path_in_vcs is not a string",
        "{\"git\":{\"sha1\":\"" + SHA + "\"}| not valid JSON",
      })
  void malformedFilesAreOutcomesNotExceptions(String json, String why) {
    assertThat(parse(json))
        .isInstanceOfSatisfying(
            VcsInfo.Malformed.class, m -> assertThat(m.reason()).contains(why.strip()));
  }

  @Test
  void deeplyNestedAndOversizedFilesAreMalformed() {
    String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
    assertThat(parse(deep)).isInstanceOf(VcsInfo.Malformed.class);
    String big = "{\"pad\":\"" + "x".repeat(VcsInfo.MAX_BYTES) + "\"}";
    assertThat(parse(big))
        .isInstanceOfSatisfying(
            VcsInfo.Malformed.class, m -> assertThat(m.reason()).contains("larger than"));
  }
}
