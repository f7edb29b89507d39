package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.Parsers;
import dev.cratetrust.testing.SiteFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The served OpenAPI document lists exactly the API routes the server implements. */
class OpenApiTest {
  @TempDir Path dir;

  @Test
  void documentMatchesTheImplementedApiRoutes() throws Exception {
    try (SiteFixture site = SiteFixture.start(dir, "mem")) {
      HttpResponse<String> r = site.get("/openapi.json");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode doc = Parsers.json().readTree(r.body());
      assertThat(doc.get("openapi").asString()).isEqualTo("3.1.0");
      Set<String> documented = new TreeSet<>();
      for (var path : doc.get("paths").properties()) {
        for (var op : path.getValue().properties()) {
          documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
          assertThat(op.getValue().get("responses")).as(path.getKey()).isNotNull();
        }
      }
      Set<String> implemented = new TreeSet<>();
      for (String route : site.server().routes()) {
        String path = route.substring(route.indexOf(' ') + 1);
        if (path.startsWith("/api/")
            || path.startsWith("/badge/")
            || path.startsWith("/data/")
            || path.equals("/openapi.json")
            || path.equals("/healthz")) {
          implemented.add(route);
        }
      }
      assertThat(implemented).contains("GET /api/v1/crates/{name}", "GET /healthz");
      assertThat(documented).isEqualTo(implemented);
      for (String ref : refs(doc)) {
        String[] parts = ref.substring(2).split("/");
        JsonNode target = doc;
        for (String p : parts) {
          target = target.path(p);
        }
        assertThat(target.isMissingNode()).as("$ref " + ref).isFalse();
      }
    }
  }

  private static Set<String> refs(JsonNode n) {
    Set<String> out = new TreeSet<>();
    if (n.isObject()) {
      for (var e : n.properties()) {
        if (e.getKey().equals("$ref")) {
          out.add(e.getValue().asString());
        } else {
          out.addAll(refs(e.getValue()));
        }
      }
    } else if (n.isArray()) {
      n.forEach(x -> out.addAll(refs(x)));
    }
    return out;
  }
}
