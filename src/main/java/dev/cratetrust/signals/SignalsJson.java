package dev.cratetrust.signals;

import dev.cratetrust.crates.Parsers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of signals shared by {@code signals --format json}, {@code verify --format json}
 * and the store: {@code [{"code","severity","message","evidence":[{"file","line","excerpt",
 * "field"}]}]}.
 */
public final class SignalsJson {
  private SignalsJson() {}

  public static ArrayNode toJson(List<Signal> signals) {
    ArrayNode arr = Parsers.json().createArrayNode();
    for (Signal s : signals) {
      arr.add(toJson(s));
    }
    return arr;
  }

  public static ObjectNode toJson(Signal s) {
    ObjectNode o = Parsers.json().createObjectNode();
    o.put("code", s.code());
    o.put("severity", s.severity().label());
    o.put("message", s.message());
    ArrayNode ev = o.putArray("evidence");
    for (Evidence e : s.evidence()) {
      ObjectNode j = ev.addObject();
      if (e.file() != null) {
        j.put("file", e.file());
      }
      if (e.line() > 0) {
        j.put("line", e.line());
      }
      if (e.excerpt() != null) {
        j.put("excerpt", e.excerpt());
      }
      if (e.field() != null) {
        j.put("field", e.field());
      }
    }
    return o;
  }

  /**
   * Reads back what {@link #toJson(List)} wrote (e.g. from the store).
   *
   * @throws IllegalArgumentException naming the entry when the JSON is not of that shape
   */
  public static List<Signal> fromJson(JsonNode arr) {
    if (arr == null || !arr.isArray()) {
      throw new IllegalArgumentException("signals JSON must be an array");
    }
    List<Signal> out = new ArrayList<>();
    int i = 0;
    for (JsonNode o : arr) {
      String where = "signals JSON entry " + i++;
      if (!o.isObject()) {
        throw new IllegalArgumentException(where + " is not an object");
      }
      String severity = text(o, "severity", where);
      Severity sev;
      try {
        sev = Severity.valueOf(severity.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": unknown severity '" + severity + "'", e);
      }
      List<Evidence> evidence = new ArrayList<>();
      JsonNode ev = o.get("evidence");
      if (ev != null && ev.isArray()) {
        for (JsonNode e : ev) {
          evidence.add(
              new Evidence(
                  optional(e, "file"),
                  e.has("line") ? e.get("line").asInt() : 0,
                  optional(e, "excerpt"),
                  optional(e, "field")));
        }
      }
      out.add(new Signal(text(o, "code", where), sev, text(o, "message", where), evidence));
    }
    return out;
  }

  private static String text(JsonNode o, String field, String where) {
    JsonNode n = o.get(field);
    if (n == null || !n.isString()) {
      throw new IllegalArgumentException(where + ": missing text field '" + field + "'");
    }
    return n.asString();
  }

  private static String optional(JsonNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull() ? null : n.asString();
  }
}
