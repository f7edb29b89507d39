package dev.cratetrust.web;

import dev.cratetrust.crates.Parsers;
import io.javalin.http.Context;
import tools.jackson.databind.node.ObjectNode;

/** Writes page and JSON responses the same way for every module. */
public final class Replies {
  public static final String HTML = "text/html; charset=utf-8";
  public static final String JSON = "application/json";

  private Replies() {}

  public static void html(Context ctx, String page) {
    ctx.contentType(HTML).result(page);
  }

  /** Writes {@code value} (a Jackson node, record or map) as JSON. */
  public static void json(Context ctx, Object value) {
    ctx.contentType(JSON).result(Parsers.json().writeValueAsString(value));
  }

  /** The JSON body of an error: {@code {"error":{"status":..,"code":..,"message":..}}}. */
  public static ObjectNode errorBody(int status, String code, String message) {
    ObjectNode root = Parsers.json().createObjectNode();
    ObjectNode e = root.putObject("error");
    e.put("status", status);
    e.put("code", code);
    e.put("message", message);
    return root;
  }
}
