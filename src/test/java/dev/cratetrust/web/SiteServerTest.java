package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.Parsers;
import dev.cratetrust.testing.SiteFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class SiteServerTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void servesHealthzOnAFreePortWithSecurityHeadersAndAnAccessLogLine(String kind) throws Exception {
    try (SiteFixture site = SiteFixture.start(dir, kind)) {
      assertThat(site.base().getPort()).isPositive();
      HttpResponse<String> r = site.get("/healthz");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      JsonNode body = Parsers.json().readTree(r.body());
      assertThat(body.get("status").asString()).isEqualTo("ok");
      assertThat(body.get("store").asString()).isEqualTo(kind.equals("file") ? "h2" : kind);
      assertThat(r.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(
              c ->
                  assertThat(c).contains("frame-ancestors 'none'").doesNotContain("unsafe-inline"));
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(site.accessLog())
          .anySatisfy(
              l ->
                  assertThat(l)
                      .contains("\"method\":\"GET\"", "\"path\":\"/healthz\"", "\"status\":200"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem"})
  void unknownPathsAreJsonErrorsUnderTheApiAndPagesElsewhere(String kind) throws Exception {
    try (SiteFixture site = SiteFixture.start(dir, kind)) {
      HttpResponse<String> api = site.get("/api/v1/nothing-here");
      assertThat(api.statusCode()).isEqualTo(404);
      JsonNode e = Parsers.json().readTree(api.body()).get("error");
      assertThat(e.get("code").asString()).isEqualTo("not-found");
      HttpResponse<String> page = site.get("/nothing-here");
      assertThat(page.statusCode()).isEqualTo(404);
      assertThat(page.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(page.body()).contains("not-found", "/static/site.css");
      HttpResponse<String> css = site.get("/static/site.css");
      assertThat(css.statusCode()).isEqualTo(200);
      assertThat(css.headers().firstValue("Content-Security-Policy")).isPresent();
    }
  }

  @org.junit.jupiter.api.Test
  void stoppingLetsARequestInFlightFinishAndThenRefusesConnections() throws Exception {
    SiteModule slow =
        (routes, context) ->
            routes.get(
                "/slow",
                ctx -> {
                  Thread.sleep(1500);
                  ctx.result("done");
                });
    java.util.List<SiteModule> modules = new java.util.ArrayList<>(SiteModules.all());
    modules.add(0, slow);
    SiteFixture site =
        SiteFixture.start(dir, "mem", false, modules, java.util.function.UnaryOperator.identity());
    try {
      var inFlight =
          site.http()
              .sendAsync(
                  java.net.http.HttpRequest.newBuilder(site.uri("/slow")).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      Thread.sleep(400);
      long start = System.nanoTime();
      site.server().stop();
      HttpResponse<String> r = inFlight.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("done");
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(java.time.Duration.ofSeconds(9));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> site.get("/healthz"))
          .isInstanceOf(java.io.IOException.class);
    } finally {
      site.close();
    }
  }

  @org.junit.jupiter.api.Test
  void crateModuleIsRegisteredLastSoFixedPathsUnderACrateAreNotShadowed() {
    assertThat(SiteModules.all().getLast()).isInstanceOf(CrateModule.class);
  }
}
