package dev.cratetrust.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryChoiceTest {
  @TempDir Path tmp;

  @Test
  void defaultIsCratesIoWithItsApi() throws Exception {
    RegistryChoice c = RegistryChoice.of(null, null, false);
    Registry r = c.open();
    assertThat(r.index()).isInstanceOf(SparseIndex.class);
    assertThat(((SparseIndex) r.index()).base().toString()).isEqualTo("https://index.crates.io/");
    assertThat(r.api()).isPresent();
    assertThat(c.name()).isEqualTo(SparseIndex.CRATES_IO);
    assertThat(c.localDirectory()).isEmpty();
  }

  @Test
  void noApiBuildsNoApiClientEvenWhenOneIsNamed() throws Exception {
    assertThat(RegistryChoice.of(null, null, true).open().api()).isEmpty();
    assertThat(RegistryChoice.of(null, "https://api.example", true).open().api()).isEmpty();
    assertThat(
            RegistryChoice.of("sparse+https://index.example/", "https://api.example", true)
                .open()
                .api())
        .isEmpty();
  }

  @Test
  void anotherSparseIndexGetsAnApiOnlyWhenNamed() throws Exception {
    String index = "sparse+https://index.example/";
    RegistryChoice without = RegistryChoice.of(index, null, false);
    assertThat(without.open().api()).isEmpty();
    assertThat(without.name()).isEqualTo(index);
    assertThat(RegistryChoice.of(index, "https://api.example", false).open().api()).isPresent();
    assertThat(RegistryChoice.of(null, "https://api.example", false).open().api()).isPresent();
  }

  @Test
  void anExistingFolderIsALocalRegistryWithoutApi() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("reg/index")).getParent();
    RegistryChoice c = RegistryChoice.of(dir.toString(), "https://api.example", false);
    Registry r = c.open();
    assertThat(r.index()).isInstanceOf(LocalRegistry.class);
    assertThat(r.api()).isEmpty();
    assertThat(c.localDirectory()).contains(dir);
    assertThat(c.name()).isEqualTo(dir.toAbsolutePath().toString());
  }

  @Test
  void aMissingFolderIsTakenAsAnIndexUrlAndRejectedAsSuch() {
    String missing = tmp.resolve("nope").toString();
    assertThat(RegistryChoice.of(missing, null, false).localDirectory()).isEmpty();
    assertThatThrownBy(() -> RegistryChoice.of(missing, null, false).open())
        .isInstanceOf(RegistryConfigException.class);
  }

  @Test
  void aFolderWithoutIndexIsABadLocalRegistry() {
    assertThatThrownBy(() -> RegistryChoice.of(tmp.toString(), null, false).open())
        .isInstanceOf(RegistryConfigException.class)
        .hasMessageContaining("has no index/ directory");
    assertThat(new RegistryChoice(Optional.empty(), Optional.empty(), false).name())
        .isEqualTo(SparseIndex.CRATES_IO);
  }
}
