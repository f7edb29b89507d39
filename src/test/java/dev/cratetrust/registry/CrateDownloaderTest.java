package dev.cratetrust.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.registry.BadCrateException.Problem;
import dev.cratetrust.testing.FakeRegistry;
import dev.cratetrust.testing.FakeRegistry.Fault;
import dev.cratetrust.testing.MaliciousArchiveBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CrateDownloaderTest {
  private final FakeRegistry reg = FakeRegistry.start();
  private final TestHttp t = new TestHttp();
  private final CrateDownloader downloader = new CrateDownloader(t.http, ArchiveLimits.defaults());

  @AfterEach
  void stop() {
    reg.close();
  }

  private IndexEntry publish(String name, String version) throws Exception {
    PackageId id = PackageId.of(name, version);
    reg.publish(id, MaliciousArchiveBuilder.crate(name, version).build());
    return IndexEntry.parse(reg.indexLine(id));
  }

  private IndexConfig config() throws Exception {
    return SparseIndex.of(reg.indexUrl(), t.http).config();
  }

  @Test
  void substitutesEveryMarkerAndEncodesPlus() throws Exception {
    IndexEntry e = publish("Serde_json", "1.0.0+build.5");
    assertThat(
            CrateDownloader.downloadUrl(
                    "https://x.org/{prefix}/{lowerprefix}/{crate}/{version}/{sha256-checksum}", e)
                .toString())
        .isEqualTo("https://x.org/Se/rd/se/rd/Serde_json/1.0.0%2Bbuild.5/" + e.cksum());
    assertThat(CrateDownloader.downloadUrl("https://static.crates.io/crates", e).toString())
        .isEqualTo("https://static.crates.io/crates/Serde_json/1.0.0%2Bbuild.5/download");
    assertThat(CrateDownloader.prefix("a")).isEqualTo("1");
    assertThat(CrateDownloader.prefix("ab")).isEqualTo("2");
    assertThat(CrateDownloader.prefix("Abc")).isEqualTo("3/A");
  }

  @Test
  void downloadsVerifiesAndReads() throws Exception {
    IndexEntry e = publish("foo", "1.0.0");
    CrateContents c = downloader.fetch(config(), e);
    assertThat(c.id()).isEqualTo(e.id());
    assertThat(c.archiveSha256()).contains(e.cksum());
    assertThat(c.origin()).isEqualTo(reg.baseUrl() + "/crates/foo/foo-1.0.0.crate");
    assertThat(reg.requests().getLast().userAgent()).startsWith("cratetrust/");
  }

  @Test
  void plusInVersionIsSentEncoded() throws Exception {
    IndexEntry e = publish("foo", "0.4.45+curl-7.78.0");
    assertThat(downloader.fetch(config(), e).id()).isEqualTo(e.id());
    assertThat(reg.requests().getLast().rawPath()).contains("%2B");
  }

  @Test
  void markerlessDlFollowsTheRedirect() throws Exception {
    reg.dlWithoutMarkers();
    IndexEntry e = publish("foo", "1.0.0+meta");
    CrateDownloader.Download d = downloader.download(config(), e);
    assertThat(d.source().toString())
        .isEqualTo(reg.baseUrl() + "/crates/foo/foo-1.0.0%2Bmeta.crate");
    assertThat(reg.count("/api/v1/crates/foo/1.0.0+meta/download")).isEqualTo(1);
  }

  @Test
  void redirectToAPlainHttpHostIsRefused() throws Exception {
    IndexEntry e = publish("foo", "1.0.0");
    reg.fault(FakeRegistry.cratePath(e.id()), Fault.redirect("http://example.org/evil.crate"));
    assertThatThrownBy(() -> downloader.download(config(), e))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("refused URL 'http://example.org/evil.crate'");
  }

  @Test
  void redirectLoopsStop() throws Exception {
    IndexEntry e = publish("foo", "1.0.0");
    String path = FakeRegistry.cratePath(e.id());
    reg.fault(path, Fault.redirect(path));
    assertThatThrownBy(() -> downloader.download(config(), e))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("more than 3 redirects");
    assertThat(reg.count(path)).isEqualTo(4);
  }

  @Test
  void checksumMismatchNamesBothHashesAndSkipsParsing() throws Exception {
    IndexEntry e = publish("foo", "1.0.0");
    reg.fault(FakeRegistry.cratePath(e.id()), Fault.wrongBytes());
    assertThatThrownBy(() -> downloader.fetch(config(), e))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            x -> assertThat(x.problem()).isEqualTo(Problem.CHECKSUM_MISMATCH))
        .hasMessageContaining("read crate " + reg.baseUrl() + "/crates/foo/foo-1.0.0.crate")
        .hasMessageContaining("but the index lists " + e.cksum())
        .hasMessageMatching(".*has SHA-256 [0-9a-f]{64} but.*");
  }

  @Test
  void oversizedDownloadIsTooLarge() throws Exception {
    IndexEntry e = publish("foo", "1.0.0");
    CrateDownloader small =
        new CrateDownloader(t.http, ArchiveLimits.defaults().withMaxCompressedBytes(100));
    assertThatThrownBy(() -> small.download(config(), e))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            x -> assertThat(x.problem()).isEqualTo(Problem.COMPRESSED_TOO_LARGE))
        .hasMessageContaining("is larger than 100 bytes compressed");
  }

  @Test
  void truncatedDownloadIsRetriedAndThenReported() throws Exception {
    IndexEntry e = publish("foo", "1.0.0");
    String path = FakeRegistry.cratePath(e.id());
    reg.fault(path, Fault.truncate().times(1));
    assertThat(downloader.download(config(), e).bytes()).hasSize((int) downloadSize(e));
    assertThat(reg.count(path)).isEqualTo(2);
    reg.fault(path, Fault.truncate());
    assertThatThrownBy(() -> downloader.download(config(), e))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("download foo@1.0.0")
        .hasMessageContaining("after 3 attempts");
  }

  private long downloadSize(IndexEntry e) {
    return MaliciousArchiveBuilder.crate(e.name().value(), e.vers().value()).build().length;
  }

  @Test
  void rateLimitedDownloadWaitsAsAsked() throws Exception {
    IndexEntry e = publish("foo", "1.0.0");
    reg.fault(FakeRegistry.cratePath(e.id()), Fault.status(429).retryAfter("2").times(2));
    assertThat(downloader.fetch(config(), e).id()).isEqualTo(e.id());
    assertThat(t.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  @Test
  void missingArchiveIsUnavailableNotRetried() throws Exception {
    IndexEntry e = publish("foo", "1.0.0");
    reg.fault(FakeRegistry.cratePath(e.id()), Fault.status(404));
    assertThatThrownBy(() -> downloader.download(config(), e))
        .isInstanceOfSatisfying(
            RegistryUnavailableException.class, x -> assertThat(x.status()).hasValue(404))
        .hasMessageContaining("HTTP 404");
    assertThat(t.sleeps).isEmpty();
  }

  @Test
  void hostileArchiveFromRegistryIsRejectedAfterChecksum() throws Exception {
    PackageId id = PackageId.of("foo", "1.0.0");
    reg.publish(
        id, MaliciousArchiveBuilder.crate("foo", "1.0.0").file("foo-1.0.0/../x", "x").build());
    IndexEntry e = IndexEntry.parse(reg.indexLine(id));
    assertThatThrownBy(() -> downloader.fetch(config(), e))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            x -> assertThat(x.problem()).isEqualTo(Problem.PARENT_COMPONENT));
  }
}
