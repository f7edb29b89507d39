package dev.cratetrust.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.registry.VersionMetadata.TrustedPublishing;
import dev.cratetrust.testing.FakeRegistry;
import dev.cratetrust.testing.FakeRegistry.Fault;
import dev.cratetrust.testing.FakeRegistry.Options;
import dev.cratetrust.testing.MaliciousArchiveBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CratesIoApiTest {
  private final FakeRegistry reg = FakeRegistry.start();
  private final TestHttp t = new TestHttp();
  private static final PackageId FOO = PackageId.of("foo", "1.0.0");

  @AfterEach
  void stop() {
    reg.close();
  }

  @Test
  void readsVersionMetadataWithGithubTrustedPublishing() throws Exception {
    byte[] bytes = MaliciousArchiveBuilder.crate("foo", "1.0.0").build();
    TrustedPublishing tp =
        new TrustedPublishing(
            "github",
            Optional.of("owner/repo"),
            Optional.empty(),
            Optional.of("a".repeat(40)),
            Optional.of("123456"),
            Optional.empty());
    reg.publish(
        FOO,
        bytes,
        Options.defaults()
            .trustpub(tp)
            .publishedBy("bob")
            .pubtime(Instant.parse("2025-05-05T05:05:05.123456Z")));
    VersionMetadata m = CratesIoApi.of(reg.apiUrl(), t.http).version(FOO).orElseThrow();
    assertThat(m.checksum()).contains(VendorChecksums.sha256(bytes));
    assertThat(m.publishedBy()).contains("bob");
    assertThat(m.createdAt()).contains(Instant.parse("2025-05-05T05:05:05.123456Z"));
    assertThat(m.yanked()).isFalse();
    assertThat(m.trustpub()).contains(tp);
    assertThat(m.license()).contains("MIT");
    assertThat(m.crateSize()).contains((long) bytes.length);
    assertThat(reg.requests().getLast().userAgent()).startsWith("cratetrust/");
  }

  @Test
  void toleratesMissingUnknownAndNumericFields() throws Exception {
    VersionMetadata m =
        CratesIoApi.parse(
            ("{\"version\":{\"yanked\":true,\"new_field\":[1,2],\"created_at\":\"garbage\","
                    + "\"published_by\":null,\"trustpub_data\":{\"provider\":\"gitlab\","
                    + "\"project_path\":\"g/p\",\"job_id\":987,\"sha\":\"abc\"}}}")
                .getBytes(UTF_8),
            "test");
    assertThat(m.yanked()).isTrue();
    assertThat(m.checksum()).isEmpty();
    assertThat(m.publishedBy()).isEmpty();
    assertThat(m.createdAt()).isEmpty();
    assertThat(m.crateSize()).isEmpty();
    assertThat(m.trustpub())
        .contains(
            new TrustedPublishing(
                "gitlab",
                Optional.empty(),
                Optional.of("g/p"),
                Optional.of("abc"),
                Optional.empty(),
                Optional.of("987")));
    assertThatThrownBy(() -> CratesIoApi.parse("{\"crate\":{}}".getBytes(UTF_8), "fetch x"))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessage("fetch x: answer has no 'version' object");
  }

  @Test
  void unknownVersionIsEmptyAndErrorsAreUnavailable() throws Exception {
    CratesIoApi api = CratesIoApi.of(reg.apiUrl(), t.http);
    assertThat(api.version(FOO)).isEmpty();
    reg.publish(FOO, MaliciousArchiveBuilder.crate("foo", "1.0.0").build());
    reg.fault(FakeRegistry.apiPath(FOO), Fault.status(403));
    assertThatThrownBy(() -> api.version(FOO))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("fetch crates.io metadata of foo@1.0.0")
        .hasMessageContaining("HTTP 403");
  }

  @Test
  void keepsToOneRequestPerSecond() throws Exception {
    reg.publish(FOO, MaliciousArchiveBuilder.crate("foo", "1.0.0").build());
    CratesIoApi api = CratesIoApi.of(reg.apiUrl(), t.http);
    api.version(FOO);
    assertThat(t.sleeps).isEmpty();
    api.version(FOO);
    assertThat(t.sleeps).containsExactly(Duration.ofSeconds(1));
    t.clock.advance(Duration.ofMillis(300));
    api.version(FOO);
    assertThat(t.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(700));
    t.clock.advance(Duration.ofSeconds(5));
    api.version(FOO);
    assertThat(t.sleeps).hasSize(2);
    assertThat(reg.count(FakeRegistry.apiPath(FOO))).isEqualTo(4);
  }

  @Test
  void badApiUrlIsRejected() {
    assertThatThrownBy(() -> CratesIoApi.of("http://crates.io", t.http))
        .isInstanceOf(RegistryConfigException.class)
        .hasMessageContaining("API URL 'http://crates.io' must be https");
  }
}
