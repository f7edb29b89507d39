package dev.cratetrust.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.registry.IndexEntry.Dependency;
import dev.cratetrust.registry.IndexEntry.Kind;
import dev.cratetrust.testing.FakeRegistry;
import dev.cratetrust.testing.FakeRegistry.Fault;
import dev.cratetrust.testing.FakeRegistry.Options;
import dev.cratetrust.testing.MaliciousArchiveBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseIndexTest {
  private final FakeRegistry reg = FakeRegistry.start();
  private final TestHttp t = new TestHttp();
  private static final CrateName FOO = CrateName.of("Foo_bar");

  @AfterEach
  void stop() {
    reg.close();
  }

  private SparseIndex index() throws Exception {
    return SparseIndex.of(reg.indexUrl(), t.http);
  }

  private void publishFoo() {
    Dependency serde =
        new Dependency(
            "serde1",
            "^1.0",
            List.of("derive"),
            true,
            false,
            Optional.of("cfg(unix)"),
            Kind.NORMAL,
            Optional.empty(),
            Optional.of("serde"));
    Dependency cc =
        new Dependency(
            "cc",
            "^1",
            List.of(),
            false,
            true,
            Optional.empty(),
            Kind.BUILD,
            Optional.of("https://github.com/rust-lang/crates.io-index"),
            Optional.empty());
    reg.publish(
        PackageId.of("Foo_bar", "1.0.0"),
        MaliciousArchiveBuilder.crate("Foo_bar", "1.0.0").build(),
        Options.defaults()
            .deps(List.of(serde, cc))
            .features(Map.of("default", List.of("std")), Map.of("serde", List.of("dep:serde1")))
            .rustVersion("1.70")
            .links("foo")
            .pubtime(Instant.parse("2025-07-01T10:11:12Z")));
    reg.publish(
        PackageId.of("Foo_bar", "1.1.0-rc.1"),
        MaliciousArchiveBuilder.crate("Foo_bar", "1.1.0-rc.1").build(),
        Options.defaults().yanked(true));
  }

  @Test
  void indexPathsFollowCargoLayout() {
    assertThat(CrateIndex.indexPath(CrateName.of("a"))).isEqualTo("1/a");
    assertThat(CrateIndex.indexPath(CrateName.of("Ab"))).isEqualTo("2/ab");
    assertThat(CrateIndex.indexPath(CrateName.of("aBc"))).isEqualTo("3/a/abc");
    assertThat(CrateIndex.indexPath(CrateName.of("Serde_Json"))).isEqualTo("se/rd/serde_json");
    assertThat(CrateIndex.indexPath(CrateName.of("abcd"))).isEqualTo("ab/cd/abcd");
  }

  @Test
  void looksUpAndParsesEveryField() throws Exception {
    publishFoo();
    IndexLookup l = index().lookup(FOO);
    assertThat(l).isInstanceOf(IndexLookup.Found.class);
    IndexLookup.Found f = (IndexLookup.Found) l;
    assertThat(f.skipped()).isEmpty();
    assertThat(f.entries()).hasSize(2);
    IndexEntry e = f.entry(PackageId.of("Foo_bar", "1.0.0").version()).orElseThrow();
    assertThat(e.deps()).hasSize(2);
    Dependency d = e.deps().get(0);
    assertThat(d.name()).isEqualTo("serde1");
    assertThat(d.crateName()).isEqualTo("serde");
    assertThat(d.req()).isEqualTo("^1.0");
    assertThat(d.features()).containsExactly("derive");
    assertThat(d.optional()).isTrue();
    assertThat(d.defaultFeatures()).isFalse();
    assertThat(d.target()).contains("cfg(unix)");
    assertThat(d.kind()).isEqualTo(Kind.NORMAL);
    assertThat(e.deps().get(1).kind()).isEqualTo(Kind.BUILD);
    assertThat(e.deps().get(1).registry()).contains("https://github.com/rust-lang/crates.io-index");
    assertThat(e.features()).containsEntry("default", List.of("std"));
    assertThat(e.features2()).containsEntry("serde", List.of("dep:serde1"));
    assertThat(e.v()).isEqualTo(2);
    assertThat(e.rustVersion()).contains("1.70");
    assertThat(e.links()).contains("foo");
    assertThat(e.pubtime()).contains(Instant.parse("2025-07-01T10:11:12Z"));
    assertThat(e.yanked()).isFalse();
    assertThat(e.cksum())
        .isEqualTo(
            VendorChecksums.sha256(MaliciousArchiveBuilder.crate("Foo_bar", "1.0.0").build()));
    assertThat(f.entries().get(1).yanked()).isTrue();
    assertThat(f.latest().orElseThrow().vers().value()).isEqualTo("1.0.0");
    assertThat(reg.requests())
        .allSatisfy(
            r -> assertThat(r.userAgent()).startsWith("cratetrust/").contains("(+https://"));
    assertThat(reg.count("/index/fo/o_/foo_bar")).isEqualTo(1);
  }

  @Test
  void readsConfigJson() throws Exception {
    IndexConfig c = index().config();
    assertThat(c.dl()).isEqualTo(reg.baseUrl() + "/crates/{crate}/{crate}-{version}.crate");
    assertThat(c.api()).contains(reg.apiUrl());
  }

  @Test
  void missingCrateIsAnOutcomeForEachNotFoundStatus() throws Exception {
    assertThat(index().lookup(CrateName.of("nope")))
        .isEqualTo(new IndexLookup.NotInIndex(CrateName.of("nope"), "HTTP 404"));
    for (int status : new int[] {410, 451}) {
      reg.fault(FakeRegistry.indexPath(CrateName.of("gone")), Fault.status(status));
      assertThat(index().lookup(CrateName.of("gone")))
          .isEqualTo(new IndexLookup.NotInIndex(CrateName.of("gone"), "HTTP " + status));
    }
    assertThat(t.sleeps).isEmpty();
  }

  @Test
  void serverErrorsAreRetriedThenReported() throws Exception {
    publishFoo();
    String path = FakeRegistry.indexPath(FOO);
    reg.fault(path, Fault.status(500));
    assertThatThrownBy(() -> index().lookup(FOO))
        .isInstanceOfSatisfying(
            RegistryUnavailableException.class, e -> assertThat(e.status()).hasValue(500))
        .hasMessageContaining("fetch index file for Foo_bar")
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("after 3 attempts");
    assertThat(reg.count(path)).isEqualTo(3);
    assertThat(t.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void retryAfterSecondsAndDatesAreHonoured() throws Exception {
    publishFoo();
    String path = FakeRegistry.indexPath(FOO);
    reg.fault(path, Fault.status(503).retryAfter("7").times(1));
    assertThat(index().lookup(FOO)).isInstanceOf(IndexLookup.Found.class);
    assertThat(t.sleeps).containsExactly(Duration.ofSeconds(7));

    reg.fault(path, Fault.status(429).retryAfter("Thu, 01 Jan 2026 00:01:00 GMT").times(1));
    assertThat(index().lookup(FOO)).isInstanceOf(IndexLookup.Found.class);
    assertThat(t.sleeps).hasSize(2);
    assertThat(t.sleeps.get(1)).isEqualTo(Duration.ofSeconds(53));
  }

  @Test
  void retryAfterBeyondTheCapFailsAtOnce() throws Exception {
    publishFoo();
    String path = FakeRegistry.indexPath(FOO);
    reg.fault(path, Fault.status(429).retryAfter("3600"));
    assertThatThrownBy(() -> index().lookup(FOO))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("asks to retry after 3600 s, more than the 120 s allowed");
    assertThat(reg.count(path)).isEqualTo(1);
    assertThat(t.sleeps).isEmpty();
  }

  @Test
  void truncatedBodyIsRetried() throws Exception {
    publishFoo();
    String path = FakeRegistry.indexPath(FOO);
    reg.fault(path, Fault.truncate().times(2));
    assertThat(index().lookup(FOO)).isInstanceOf(IndexLookup.Found.class);
    assertThat(reg.count(path)).isEqualTo(3);
  }

  @Test
  void slowAnswerTimesOut() throws Exception {
    TestHttp quick = new TestHttp(Duration.ofMillis(300), 2);
    publishFoo();
    String path = FakeRegistry.indexPath(FOO);
    reg.fault(path, Fault.delay(Duration.ofSeconds(3)).times(1));
    SparseIndex idx = SparseIndex.of(reg.indexUrl(), quick.http);
    assertThat(idx.lookup(FOO)).isInstanceOf(IndexLookup.Found.class);
    reg.fault(path, Fault.delay(Duration.ofSeconds(3)));
    assertThatThrownBy(() -> idx.lookup(FOO))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageMatching(".*(timed out|no complete answer within).*after 2 attempts.*");
  }

  @Test
  void slowDripBodyHitsTheTotalDeadline() throws Exception {
    TestHttp quick = new TestHttp(Duration.ofMillis(400), 1);
    publishFoo();
    String path = FakeRegistry.indexPath(FOO);
    reg.fault(path, Fault.drip(Duration.ofMillis(50)));
    long start = System.nanoTime();
    assertThatThrownBy(() -> SparseIndex.of(reg.indexUrl(), quick.http).lookup(FOO))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageMatching(".*(timed out|no complete answer within).*");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void malformedLinesAreSkippedAndRecorded() throws Exception {
    publishFoo();
    String good = reg.indexLine(PackageId.of("Foo_bar", "1.0.0"));
    reg.rawIndexFile(
        FOO,
        "{not json\n"
            + good
            + "\n\n"
            + good.replace("Foo_bar", "other")
            + "\n"
            + good.replace("\"cksum\":\"", "\"cksum\":\"zz")
            + "\n");
    IndexLookup.Found f = (IndexLookup.Found) index().lookup(FOO);
    assertThat(f.entries()).hasSize(1);
    assertThat(f.skipped()).hasSize(3);
    assertThat(f.skipped().get(0)).startsWith("line 1: not valid JSON");
    assertThat(f.skipped().get(1)).isEqualTo("line 4: names crate 'other'");
    assertThat(f.skipped().get(2)).startsWith("line 5: cksum 'zz");
  }

  @Test
  void allLinesMalformedIsAnError() throws Exception {
    reg.rawIndexFile(FOO, "{\"name\":\"Foo_bar\"}\n[]\n");
    assertThatThrownBy(() -> index().lookup(FOO))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("no readable line in the index file (first problem: line 1: vers");
  }

  @Test
  void emptyIndexFileMeansNotInIndex() throws Exception {
    reg.rawIndexFile(FOO, "\n");
    assertThat(index().lookup(FOO)).isInstanceOf(IndexLookup.NotInIndex.class);
  }

  @Test
  void badIndexUrlsAreRejected() {
    for (String url :
        List.of(
            "https://index.crates.io/",
            "sparse+http://example.org/index/",
            "sparse+ftp://127.0.0.1/x/",
            "sparse+https://user:pw@example.org/",
            "sparse+https://example.org/?q=1",
            "sparse+https://exa mple.org/")) {
      assertThatThrownBy(() -> SparseIndex.of(url, t.http))
          .as(url)
          .isInstanceOf(RegistryConfigException.class)
          .hasMessageContaining("index URL '" + url + "'");
    }
  }

  @Test
  void unreachableRegistryIsUnavailable() throws Exception {
    String url = reg.indexUrl();
    reg.close();
    assertThatThrownBy(() -> SparseIndex.of(url, t.http).lookup(FOO))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("fetch index file for Foo_bar");
  }

  @Test
  void localRegistryServesTheSameIndex(@TempDir Path dir) throws Exception {
    publishFoo();
    reg.writeLocalRegistry(dir);
    LocalRegistry local = LocalRegistry.of(dir);
    IndexLookup.Found f = (IndexLookup.Found) local.lookup(FOO);
    assertThat(f).isEqualTo(index().lookup(FOO));
    assertThat(local.lookup(CrateName.of("nope")))
        .isEqualTo(new IndexLookup.NotInIndex(CrateName.of("nope"), "no index file"));
    assertThatThrownBy(() -> LocalRegistry.of(dir.resolve("index")))
        .isInstanceOf(RegistryConfigException.class)
        .hasMessageContaining("has no index/ directory");
  }
}
