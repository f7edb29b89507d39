package dev.cratetrust.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.testing.FakeRegistry;
import dev.cratetrust.testing.FakeRegistry.Fault;
import dev.cratetrust.testing.MaliciousArchiveBuilder;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistryHttpTest {
  @Test
  void hostPolicyAllowsHttpsAndLoopbackHttpOnly() {
    for (String ok :
        new String[] {
          "https://static.crates.io/crates/x",
          "http://127.0.0.1:8080/x",
          "http://127.5.6.7/x",
          "http://[::1]:99/x",
          "http://localhost/x"
        }) {
      assertThat(RegistryHttp.isAllowed(URI.create(ok))).as(ok).isTrue();
    }
    for (String bad :
        new String[] {
          "http://example.org/x",
          "http://127.0.0.1.nip.io/x",
          "http://10.0.0.1/x",
          "http://[::2]/x",
          "ftp://127.0.0.1/x",
          "file:///etc/passwd",
          "https://user:pw@example.org/x",
          "/relative"
        }) {
      assertThat(RegistryHttp.isAllowed(URI.create(bad))).as(bad).isFalse();
    }
  }

  @Test
  void unreadableRetryAfterFallsBackToBackoff() throws Exception {
    TestHttp t = new TestHttp();
    assertThat(t.http.parseRetryAfter("soon")).isEmpty();
    assertThat(t.http.parseRetryAfter(" 12 ")).contains(Duration.ofSeconds(12));
    assertThat(t.http.parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT")).contains(Duration.ZERO);
    try (FakeRegistry reg = FakeRegistry.start()) {
      PackageId id = PackageId.of("foo", "1.0.0");
      reg.publish(id, MaliciousArchiveBuilder.crate("foo", "1.0.0").build());
      reg.fault(FakeRegistry.cratePath(id), Fault.status(503).retryAfter("soon").times(2));
      RegistryHttp.Response r =
          t.http.get(URI.create(reg.baseUrl() + FakeRegistry.cratePath(id)), 1 << 20, "get");
      assertThat(r.status()).isEqualTo(200);
      assertThat(t.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }
  }

  @Test
  void declaredContentLengthOverTheCapFailsWithoutReading() throws Exception {
    TestHttp t = new TestHttp();
    try (FakeRegistry reg = FakeRegistry.start()) {
      PackageId id = PackageId.of("foo", "1.0.0");
      reg.publish(id, new byte[100_000]);
      assertThatThrownBy(
              () ->
                  t.http.get(
                      URI.create(reg.baseUrl() + FakeRegistry.cratePath(id)), 1000, "get foo"))
          .isInstanceOf(RegistryHttp.TooLargeException.class)
          .hasMessageContaining("get foo: response from")
          .hasMessageContaining("is larger than 1000 bytes");
      assertThat(t.sleeps).isEmpty();
    }
  }
}
