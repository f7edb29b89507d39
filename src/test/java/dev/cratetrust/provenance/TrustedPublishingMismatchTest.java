package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.VcsInfo;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustedPublishingMismatchTest {
  private static final CommitId C = CommitId.of("a".repeat(40));
  private static final VcsInfo GIT = new VcsInfo.Git(C, false, Optional.empty());

  @Test
  void agreeingRecordHasNoMismatch() {
    TrustedPublishing tp =
        new TrustedPublishing("github", "owner/demo", Optional.of("A".repeat(40)));
    assertThat(tp.mismatches(GIT, Optional.of("https://github.com/owner/demo"))).isEmpty();
    assertThat(tp.mismatches(new VcsInfo.Absent(), Optional.empty())).isEmpty();
  }

  @Test
  void otherCommitAndOtherRepositoryAreBothNamed() {
    TrustedPublishing tp =
        new TrustedPublishing("github", "owner/demo", Optional.of("b".repeat(40)));
    assertThat(tp.mismatches(GIT, Optional.of("https://github.com/other/demo")))
        .containsExactly(
            "trusted publishing commit " + "b".repeat(40) + " but .cargo_vcs_info.json commit " + C,
            "trusted publishing repository owner/demo but repository link"
                + " https://github.com/other/demo");
  }
}
