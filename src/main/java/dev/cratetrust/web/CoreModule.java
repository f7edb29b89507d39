package dev.cratetrust.web;

import dev.cratetrust.crates.Parsers;
import io.javalin.config.RoutesConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** The home page and {@code /healthz} (which also asks the store one query). */
final class CoreModule implements SiteModule {
  @Override
  public void register(RoutesConfig routes, SiteContext context) {
    routes.get(
        "/healthz",
        ctx -> {
          ObjectNode o = Parsers.json().createObjectNode();
          boolean storeOk;
          try (Connection c = context.database().connection()) {
            storeOk = c.isValid(2);
          } catch (SQLException e) {
            storeOk = false;
          }
          o.put("status", storeOk ? "ok" : "store-unavailable");
          o.put("store", context.database().kind().name().toLowerCase(java.util.Locale.ROOT));
          o.put("readOnly", context.readOnly());
          o.put("time", context.clock().instant().toString());
          ctx.status(storeOk ? 200 : 503);
          Replies.json(ctx, o);
        });
    routes.get(
        "/",
        ctx -> {
          Html main = new Html();
          main.element("h1", "cratetrust");
          main.element(
              "p",
              "What is known about Rust crates published on crates.io: whether each version's"
                  + " files match its repository, advisories, audits, reviews and signals.");
          main.open("p")
              .text("Search a crate by name above, or open ")
              .link("/report", "the study report")
              .text(".")
              .close("p");
          Replies.html(ctx, context.layout().page("Home", Optional.empty(), main));
        });
  }
}
