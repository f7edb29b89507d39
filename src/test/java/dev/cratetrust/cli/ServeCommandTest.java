package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.testing.JavaProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cratetrust serve} as a separate process: URL on stdout, access log, SIGTERM. */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void servePrintsTheUrlFirstLogsEachRequestAndStopsOnSigterm() throws Exception {
    Path log = dir.resolve("stderr.log");
    Process p =
        new ProcessBuilder(
                JavaProcess.command(
                    "256m",
                    Main.class,
                    Map.of(),
                    List.of("serve", "--port", "0", "--db", dir.resolve("store").toString())))
            .redirectError(log.toFile())
            .start();
    try (BufferedReader out =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient()) {
      String first = out.readLine();
      assertThat(first).matches("http://127\\.0\\.0\\.1:[0-9]+/");
      URI base = URI.create(first);
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve("healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"status\":\"ok\"", "\"store\":\"h2\"");
      HttpResponse<String> missing =
          http.send(
              HttpRequest.newBuilder(base.resolve("api/v1/crates/nothing")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
      String err = Files.readString(log);
      assertThat(err)
          .contains(
              "{\"log\":\"access\",\"method\":\"GET\",\"path\":\"/healthz\",\"status\":200,\"ms\":")
          .contains("\"path\":\"/api/v1/crates/nothing\",\"status\":404")
          .contains("cratetrust: serve: stopped");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void badPortIsAUsageError() {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"serve", "--port", "70000", "--db", dir.resolve("s").toString()},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    assertThat(code).isEqualTo(ExitCode.USAGE.code());
    assertThat(err.toString()).contains("--port 70000 is not a TCP port");
  }
}
