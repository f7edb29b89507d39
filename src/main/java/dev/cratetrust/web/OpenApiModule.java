package dev.cratetrust.web;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Serves the OpenAPI 3.1 document of the JSON API from {@code web/openapi.json}; a test checks it
 * against the routes the server implements.
 */
final class OpenApiModule implements SiteModule {
  static final String RESOURCE = "/web/openapi.json";

  @Override
  public void register(RoutesConfig routes, SiteContext context) {
    String document = document();
    routes.get("/openapi.json", ctx -> ctx.contentType(Replies.JSON).result(document));
  }

  static String document() {
    try (InputStream in = OpenApiModule.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the OpenAPI document " + RESOURCE + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("read the OpenAPI document " + RESOURCE + ": " + e, e);
    }
  }
}
