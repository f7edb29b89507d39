package dev.cratetrust.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.store.VerificationRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultVerifierFactoryTest {
  @TempDir Path tmp;

  @Test
  void aVendoredFolderThatIsNotOnThisHostIsRefusedWithTheReason() throws Exception {
    VerifierSettings settings =
        new VerifierSettings(Optional.empty(), List.of(), tmp.resolve("cache"), 1);
    try (JobVerifier v = new DefaultVerifierFactory().open(settings)) {
      Path elsewhere = tmp.resolve("on-another-machine/vendor/demo");
      assertThatThrownBy(
              () ->
                  v.verify(
                      new ScanTarget(
                          PackageId.of("demo", "1.0.0"),
                          new ScanSource.Vendored(elsewhere),
                          "",
                          0)))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining(elsewhere.toString())
          .hasMessageContaining("no such folder on this host");
    }
  }

  @Test
  void registryOriginFollowsTheIndex() {
    assertThat(VerifierSettings.originOf(Optional.empty())).isEqualTo(VerificationRecord.CRATES_IO);
    assertThat(VerifierSettings.originOf(Optional.of("sparse+http://mirror/index/")))
        .isEqualTo("index:sparse+http://mirror/index/");
    assertThat(VerifierSettings.originOf(Optional.of(tmp.toString())))
        .isEqualTo("index:" + tmp.toAbsolutePath().normalize());
  }
}
