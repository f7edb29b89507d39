package dev.cratetrust.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.git.UrlPolicy.Allowed;
import dev.cratetrust.git.UrlPolicy.Rejected;
import dev.cratetrust.git.UrlPolicy.Unresolved;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlPolicyTest {
  private final List<String> lookups = new ArrayList<>();
  private final Map<String, List<String>> dns =
      Map.of(
          "github.com", List.of("140.82.121.3"),
          "dual.example.org", List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
          "internal.example.org", List.of("10.1.2.3"),
          "metadata.example.org", List.of("169.254.169.254"),
          "mixed.example.org", List.of("93.184.215.14", "127.0.0.1"),
          "ula.example.org", List.of("fd12:3456::1"),
          "mapped.example.org", List.of("::ffff:7f00:1"));
  private final UrlPolicy policy =
      new UrlPolicy(
          host -> {
            lookups.add(host);
            List<String> answers = dns.get(host);
            if (answers == null) {
              throw new UnknownHostException(host + ": Name or service not known");
            }
            List<InetAddress> out = new ArrayList<>();
            for (String a : answers) {
              out.add(InetAddress.getByName(a));
            }
            return out;
          });

  @Test
  void allowsHttpsToPublicHost() {
    var a = (Allowed) policy.check("https://github.com/rust-lang/cargo");
    assertThat(a.uri().getHost()).isEqualTo("github.com");
    assertThat(a.addresses())
        .extracting(InetAddress::getHostAddress)
        .containsExactly("140.82.121.3");
    assertThat(policy.check("https://dual.example.org:443/repo.git")).isInstanceOf(Allowed.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "file:///etc/passwd|scheme 'file' is not allowed",
        "/srv/git/repo.git|not an absolute URL",
        "./repo|not an absolute URL",
        "ext::sh -c touch%20/tmp/pwned|whitespace",
        "ext::sh|remote-helper transport",
        "ssh://git@github.com/a/b|scheme 'ssh' is not allowed",
        "ssh://-oProxyCommand=touch%20x/a|scheme 'ssh' is not allowed",
        "git@github.com:a/b.git|scp-like",
        "git://github.com/a/b|scheme 'git' is not allowed",
        "http://github.com/a/b|scheme 'http' is not allowed",
        "-uhttps://github.com/a/b|starts with '-'",
        "--upload-pack=touch|starts with '-'",
        "https://user@github.com/a/b|user information",
        "https://user:pw@github.com/a/b|user information",
        "https://github.com:8443/a/b|port 8443 is not allowed",
        "https://github.com:22/a/b|port 22 is not allowed",
        "https://localhost/a|'localhost' is loopback",
        "https://foo.localhost/a|is loopback",
        "https://intranet/a|single-label",
        "https://127.0.0.1/a|'127.0.0.1' is loopback",
        "https://127.1.2.3/a|is loopback",
        "https://0.0.0.0/a|the unspecified address",
        "https://10.0.0.1/a|private (RFC 1918)",
        "https://172.16.5.4/a|private (RFC 1918)",
        "https://192.168.1.1/a|private (RFC 1918)",
        "https://169.254.169.254/latest/meta-data|link-local",
        "https://100.64.0.1/a|carrier-grade NAT",
        "https://224.0.0.1/a|multicast",
        "https://255.255.255.255/a|broadcast",
        "https://240.0.0.1/a|reserved",
        "https://0177.1/a|non-canonical form (= 127.0.0.1)",
        "https://0x7f.1/a|non-canonical form (= 127.0.0.1)",
        "https://2130706433/a|non-canonical form (= 127.0.0.1)",
        "https://0x7f000001/a|non-canonical form (= 127.0.0.1)",
        "https://127.000.000.001/a|non-canonical form (= 127.0.0.1)",
        "https://999.1.1.1/a|malformed numeric address",
        "https://[::1]/a|loopback",
        "https://[::]/a|the unspecified address",
        "https://[::ffff:127.0.0.1]/a|IPv4-mapped",
        "https://[::ffff:8.8.8.8]/a|IPv4-mapped",
        "https://[::127.0.0.1]/a|IPv4-compatible",
        "https://[fd00::1]/a|unique-local",
        "https://[fe80::1]/a|link-local",
        "https://[ff02::1]/a|multicast",
        "https://[2002:7f00:1::]/a|6to4 address embedding loopback",
        "https://[64:ff9b::a9fe:a9fe]/a|NAT64 address embedding link-local",
        "https://internal.example.org/a|resolves to 10.1.2.3, a private",
        "https://metadata.example.org/a|resolves to 169.254.169.254, link-local",
        "https://mixed.example.org/a|resolves to 127.0.0.1, loopback",
        "https://ula.example.org/a|unique-local",
        "https://mapped.example.org/a|resolves to 127.0.0.1, loopback",
        "https://exa_mple..org/a|malformed",
      })
  void rejectsWithUrlAndReason(String url, String reason) {
    var r = (Rejected) policy.check(url);
    assertThat(r.url()).isEqualTo(url);
    assertThat(r.reason()).contains(reason);
    assertThat(r.message()).contains(url).contains(reason);
  }

  @Test
  void rejectsControlCharactersWithoutEchoingThem() {
    var r = (Rejected) policy.check("https://github.com/a/b\r\nX-Injected: 1");
    assertThat(r.reason()).contains("control characters");
    assertThat(r.message()).doesNotContain("\r").doesNotContain("\n");
  }

  @Test
  void numericHostsAreNeverLookedUp() {
    policy.check("https://0x7f.1/a");
    policy.check("https://[::1]/a");
    policy.check("https://10.0.0.1/a");
    assertThat(lookups).isEmpty();
  }

  @Test
  void resolverFailureOrEmptyAnswerFailsClosed() {
    var nx = (Unresolved) policy.check("https://nxdomain.example.org/a");
    assertThat(nx.message())
        .contains("https://nxdomain.example.org/a")
        .contains("could not be resolved");
    var failing =
        new UrlPolicy(
            host -> {
              throw new IllegalStateException("resolver crashed");
            });
    assertThat(((Unresolved) failing.check("https://github.com/a/b")).reason())
        .contains("could not be resolved")
        .contains("resolver crashed");
    var empty = new UrlPolicy(host -> List.of());
    assertThat(((Unresolved) empty.check("https://github.com/a/b")).reason())
        .contains("resolved to no address");
  }

  @Test
  void inetAtonFormsDecodeLikeC() {
    assertThat(UrlPolicy.parseInetAton("0177.1")).containsExactly(127, 0, 0, 1);
    assertThat(UrlPolicy.parseInetAton("0x7f.0.1")).containsExactly(127, 0, 0, 1);
    assertThat(UrlPolicy.parseInetAton("2130706433")).containsExactly(127, 0, 0, 1);
    assertThat(UrlPolicy.parseInetAton("1.2.3.4.5")).isNull();
    assertThat(UrlPolicy.parseInetAton("1.2.65536")).isNull();
  }
}
