package dev.cratetrust.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.testing.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbDumpDownloadTest {
  @TempDir Path tmp;
  private HttpServer server;
  private final AtomicInteger hits = new AtomicInteger();
  private volatile int status = 200;
  private volatile String body = "dump-v1";
  private volatile boolean truncate;
  private final MutableClock clock = new MutableClock(Instant.now());

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/dump",
        ex -> {
          hits.incrementAndGet();
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, truncate ? b.length + 100 : b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dump");
  }

  private DbDumpDownload download() {
    return new DbDumpDownload(HttpClient.newHttpClient(), clock, Duration.ofHours(24));
  }

  @Test
  void downloadsOnceADay() throws Exception {
    Path got = download().fetch(url(), tmp);
    assertThat(got).hasContent("dump-v1");
    body = "dump-v2";
    assertThat(download().fetch(url(), tmp)).hasContent("dump-v1");
    assertThat(hits).hasValue(1);
    clock.advance(Duration.ofHours(25));
    assertThat(download().fetch(url(), tmp)).hasContent("dump-v2");
    assertThat(hits).hasValue(2);
  }

  @Test
  void refusedConnectionSaysSoAndPointsAtALocalDump() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + closedPort + "/db-dump.tar.gz");
    assertThatThrownBy(() -> download().fetch(url, tmp))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("cannot connect to 127.0.0.1")
        .hasMessageContaining("--db-dump FILE");
  }

  @Test
  void serverErrorsAndTruncationLeaveNoFile() throws Exception {
    status = 503;
    assertThatThrownBy(() -> download().fetch(url(), tmp))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("download db-dump " + url())
        .hasMessageContaining("HTTP 503");
    status = 200;
    truncate = true;
    assertThatThrownBy(() -> download().fetch(url(), tmp))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("download db-dump");
    try (Stream<Path> s = Files.list(tmp.resolve("db-dump"))) {
      // a dump without ETag or Last-Modified cannot be resumed, so nothing partial is kept
      assertThat(s.map(p -> p.getFileName().toString())).containsOnly("db-dump.lock");
    }
  }
}
