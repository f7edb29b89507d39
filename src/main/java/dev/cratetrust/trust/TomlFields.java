package dev.cratetrust.trust;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.Parsers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads untrusted TOML into a tree with a size cap and typed field access whose errors name the
 * input and the field.
 */
public final class TomlFields {
  private TomlFields() {}

  /** Parses {@code text} (at most {@code maxBytes} UTF-8 bytes) into a table. */
  public static JsonNode parse(String input, String text, int maxBytes) throws TrustInputException {
    if (text.length() > maxBytes || text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw new TrustInputException(
          "read " + InputText.printable(input) + ": larger than " + maxBytes + " bytes");
    }
    JsonNode root;
    try {
      root = Parsers.toml().readTree(text);
    } catch (JacksonException | StackOverflowError e) {
      throw new TrustInputException(
          "read "
              + InputText.printable(input)
              + ": not valid TOML: "
              + InputText.printable(firstLine(e.getMessage())),
          e);
    }
    if (root == null || !root.isObject()) {
      throw new TrustInputException("read " + InputText.printable(input) + ": not a TOML table");
    }
    if (depth(root) > Parsers.MAX_DEPTH) {
      throw new TrustInputException(
          "read "
              + InputText.printable(input)
              + ": nested deeper than "
              + Parsers.MAX_DEPTH
              + " levels (dotted keys count)");
    }
    return root;
  }

  /** Nesting depth of a tree, computed without recursion (dotted keys bypass the parser limit). */
  static int depth(JsonNode root) {
    int max = 0;
    ArrayDeque<JsonNode> nodes = new ArrayDeque<>();
    ArrayDeque<Integer> depths = new ArrayDeque<>();
    nodes.push(root);
    depths.push(1);
    while (!nodes.isEmpty()) {
      JsonNode n = nodes.pop();
      int d = depths.pop();
      max = Math.max(max, d);
      if (d > Parsers.MAX_DEPTH) {
        return d;
      }
      if (n.isContainer()) {
        for (JsonNode c : n.values()) {
          nodes.push(c);
          depths.push(d + 1);
        }
      }
    }
    return max;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "nesting too deep";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The table {@code field} of {@code node}, or an empty table's absence as empty. */
  public static Optional<JsonNode> table(String input, JsonNode node, String field)
      throws TrustInputException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isObject()) {
      throw wrong(input, field, "a table");
    }
    return Optional.of(v);
  }

  public static String requiredString(String input, JsonNode node, String field)
      throws TrustInputException {
    return optionalString(input, node, field)
        .orElseThrow(
            () ->
                new TrustInputException(
                    "read " + InputText.printable(input) + ": missing field '" + field + "'"));
  }

  public static Optional<String> optionalString(String input, JsonNode node, String field)
      throws TrustInputException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isString()) {
      throw wrong(input, field, "a string");
    }
    return Optional.of(v.stringValue());
  }

  public static Optional<Boolean> optionalBoolean(String input, JsonNode node, String field)
      throws TrustInputException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isBoolean()) {
      throw wrong(input, field, "a boolean");
    }
    return Optional.of(v.booleanValue());
  }

  /** A list of strings; a single string counts as a one-element list, absence as empty. */
  public static List<String> strings(String input, JsonNode node, String field)
      throws TrustInputException {
    JsonNode v = node.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isString()) {
      out.add(v.stringValue());
      return out;
    }
    if (!v.isArray()) {
      throw wrong(input, field, "a string or a list of strings");
    }
    for (JsonNode e : v.values()) {
      if (!e.isString()) {
        throw wrong(input, field, "a list of strings");
      }
      out.add(e.stringValue());
    }
    return out;
  }

  private static TrustInputException wrong(String input, String field, String expected) {
    return new TrustInputException(
        "read " + InputText.printable(input) + ": field '" + field + "' is not " + expected);
  }
}
