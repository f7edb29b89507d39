package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.TrustSourceRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** sync --vet-registry against a loopback server: good, missing, redirected and broken sources. */
class SyncVetRegistryTest {
  HttpServer server;
  String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          byte[] body;
          int status = 200;
          switch (path) {
            case "/registry.toml" ->
                body =
                    ("[registry.good]\nurl = \""
                            + base
                            + "/good.toml\"\n"
                            + "[registry.missing]\nurl = \""
                            + base
                            + "/missing.toml\"\n"
                            + "[registry.moved]\nurl = \""
                            + base
                            + "/moved.toml\"\n"
                            + "[registry.broken]\nurl = \""
                            + base
                            + "/broken.toml\"\n")
                        .getBytes(StandardCharsets.UTF_8);
            case "/good.toml" ->
                body =
                    "[[audits.foo]]\nwho = \"a\"\ncriteria = \"safe-to-deploy\"\nversion = \"1.0.0\"\n"
                        .getBytes(StandardCharsets.UTF_8);
            case "/broken.toml" -> body = "[[audits.foo]\n".getBytes(StandardCharsets.UTF_8);
            case "/moved.toml" -> {
              ex.getResponseHeaders().add("Location", "http://169.254.169.254/latest");
              status = 302;
              body = new byte[0];
            }
            default -> {
              status = 404;
              body = new byte[0];
            }
          }
          ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void everyRegistrySourceIsRecordedAndBadOnesAreSkipped(@TempDir Path tmp) throws Exception {
    String db = tmp.resolve("store").toString();
    StringWriter out = new StringWriter();
    CommandLine cl =
        new CommandLine(
            new SyncCommand(
                Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC),
                HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()));
    cl.setOut(new PrintWriter(out, true));
    int code =
        cl.execute(
            "--vet-registry",
            base + "/registry.toml",
            "--db",
            db,
            "--cache-dir",
            tmp.resolve("c").toString());
    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("vet-audits good (" + base + "/good.toml): 1 audits")
        .contains(
            "vet-audits missing ("
                + base
                + "/missing.toml): skipped: fetch "
                + base
                + "/missing.toml: HTTP status 404")
        .contains(
            "vet-audits moved ("
                + base
                + "/moved.toml): skipped: fetch "
                + base
                + "/moved.toml: HTTP status 302")
        .contains(
            "vet-audits broken ("
                + base
                + "/broken.toml): skipped: read "
                + base
                + "/broken.toml: not valid TOML");
    try (Database store = Database.open(db)) {
      List<TrustSourceRepository.StoredSource> sources = new TrustSourceRepository(store).list();
      assertThat(sources)
          .extracting(s -> s.ref().name() + ":" + s.items() + ":" + s.problems())
          .containsExactly("broken:0:1", "good:1:0", "missing:0:1", "moved:0:1");
      assertThat(sources)
          .allMatch(s -> s.ref().readAt().equals(Instant.parse("2026-11-01T00:00:00Z")));
    }
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsOnly("store.mv.db");
    }
  }
}
