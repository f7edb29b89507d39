package dev.cratetrust.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.registry.BadCrateException.Problem;
import dev.cratetrust.testing.FakeRegistry;
import dev.cratetrust.testing.FakeRegistry.Options;
import dev.cratetrust.testing.MaliciousArchiveBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {
  private final FakeRegistry reg = FakeRegistry.start();
  private final TestHttp t = new TestHttp();
  private static final CrateName FOO = CrateName.of("foo");

  @AfterEach
  void stop() {
    reg.close();
  }

  private Registry registry() throws Exception {
    return Registry.sparse(
        reg.indexUrl(), Optional.of(reg.apiUrl()), t.http, ArchiveLimits.defaults());
  }

  private void publish(String version, boolean yanked) {
    reg.publish(
        PackageId.of("foo", version),
        MaliciousArchiveBuilder.crate("foo", version).build(),
        Options.defaults().yanked(yanked));
  }

  @Test
  void latestPrefersStableUnyanked() throws Exception {
    publish("1.0.0", false);
    publish("1.2.0", true);
    publish("2.0.0-alpha.1", false);
    publish("1.1.0", false);
    assertThat(registry().latestVersion(FOO)).contains(CrateVersion.of("1.1.0"));
  }

  @Test
  void latestFallsBackToPrereleaseThenYanked() throws Exception {
    publish("1.0.0", true);
    publish("2.0.0-alpha.1", false);
    assertThat(registry().latestVersion(FOO)).contains(CrateVersion.of("2.0.0-alpha.1"));
    reg.yank(PackageId.of("foo", "2.0.0-alpha.1"));
    assertThat(registry().latestVersion(FOO)).contains(CrateVersion.of("2.0.0-alpha.1"));
    publish("0.9.0", true);
    assertThat(registry().latestVersion(FOO)).contains(CrateVersion.of("2.0.0-alpha.1"));
    assertThat(registry().latestVersion(CrateName.of("nope"))).isEmpty();
  }

  @Test
  void downloadsAVerifiedCrate() throws Exception {
    publish("1.0.0", false);
    PackageId id = PackageId.of("foo", "1.0.0");
    Registry r = registry();
    FetchedCrate f = r.download(id);
    assertThat(f.contents().id()).isEqualTo(id);
    assertThat(f.entry()).isEqualTo(r.entry(id).orElseThrow());
    assertThat(f.source().toString()).isEqualTo(reg.baseUrl() + FakeRegistry.cratePath(id));
    assertThat(f.contents().file("Cargo.toml")).isPresent();
    assertThat(r.metadata(id).orElseThrow().checksum()).contains(f.entry().cksum());
  }

  @Test
  void downloadOfUnknownVersionIsBadInput() throws Exception {
    publish("1.0.0", false);
    assertThatThrownBy(() -> registry().download(PackageId.of("foo", "9.9.9")))
        .isInstanceOf(NotInRegistryException.class)
        .hasMessage("download foo@9.9.9: not in the registry index");
    assertThat(registry().entry(PackageId.of("bar", "1.0.0"))).isEmpty();
  }

  @Test
  void localRegistryDownloadsAndVerifies(@TempDir Path dir) throws Exception {
    publish("1.0.0", false);
    PackageId id = PackageId.of("foo", "1.0.0");
    reg.writeLocalRegistry(dir);
    Registry local = Registry.local(dir, ArchiveLimits.defaults());
    FetchedCrate f = local.download(id);
    assertThat(f.contents().id()).isEqualTo(id);
    assertThat(f.source()).isEqualTo(dir.resolve("foo-1.0.0.crate").toUri());
    assertThat(local.metadata(id)).isEmpty();

    Files.write(
        dir.resolve("foo-1.0.0.crate"),
        MaliciousArchiveBuilder.crate("foo", "1.0.0").file("foo-1.0.0/x", "x").build());
    assertThatThrownBy(() -> local.download(id))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.CHECKSUM_MISMATCH))
        .hasMessageContaining(dir.resolve("foo-1.0.0.crate").toString());

    Files.delete(dir.resolve("foo-1.0.0.crate"));
    assertThatThrownBy(() -> local.download(id))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("missing from the local registry");
  }
}
