package dev.cratetrust.advisory;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.trust.Advisory;
import dev.cratetrust.trust.TomlFields;
import dev.cratetrust.trust.TrustInputException;
import dev.cratetrust.trust.VersionReq;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Parses one RustSec advisory file: a {@code ```toml} front matter block, then {@code # Title} and
 * a Markdown description.
 *
 * <p>Parsing checks the structure and value syntax only; it does not prove the advisory is genuine
 * (that rests on where the database was fetched from).
 */
public final class AdvisoryParser {
  /** Largest advisory file accepted; real ones are under 20 KiB. */
  public static final int MAX_BYTES = 256 * 1024;

  private AdvisoryParser() {}

  /** Parses the advisory in {@code text}; {@code input} names the file in errors. */
  public static Advisory parse(String input, String text) throws TrustInputException {
    if (text.length() > MAX_BYTES) {
      throw bad(input, "larger than " + MAX_BYTES + " bytes");
    }
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    body = body.replace("\r\n", "\n");
    String start = body.stripLeading();
    if (!start.startsWith("```toml\n")) {
      throw bad(input, "does not start with a ```toml block");
    }
    int open = "```toml\n".length();
    int close = start.indexOf("\n```", open - 1);
    if (close < 0) {
      throw bad(input, "the ```toml block is not closed");
    }
    String toml = start.substring(open, close + 1);
    String markdown = start.substring(Math.min(start.length(), close + 4));
    JsonNode root = TomlFields.parse(input, toml, MAX_BYTES);
    JsonNode adv =
        TomlFields.table(input, root, "advisory")
            .orElseThrow(() -> bad(input, "missing [advisory] table"));
    String id = TomlFields.requiredString(input, adv, "id");
    if (!id.matches("[A-Z]+-\\d{4}-\\d{4,}")) {
      throw bad(
          input, "advisory id '" + InputText.printable(id) + "' is not like RUSTSEC-YYYY-NNNN");
    }
    String pkg = TomlFields.requiredString(input, adv, "package");
    String crateProblem = CrateName.problem(pkg);
    if (crateProblem != null) {
      throw bad(input, "package '" + InputText.printable(pkg) + "' " + crateProblem);
    }
    LocalDate date = date(input, "date", TomlFields.requiredString(input, adv, "date"));
    Optional<LocalDate> withdrawn = Optional.empty();
    Optional<String> w = TomlFields.optionalString(input, adv, "withdrawn");
    if (w.isPresent()) {
      withdrawn = Optional.of(date(input, "withdrawn", w.get()));
    }
    Optional<String> informational = TomlFields.optionalString(input, adv, "informational");
    JsonNode versions = TomlFields.table(input, root, "versions").orElse(null);
    List<VersionReq> patched = new ArrayList<>();
    List<VersionReq> unaffected = new ArrayList<>();
    if (versions != null) {
      patched = reqs(input, "versions.patched", TomlFields.strings(input, versions, "patched"));
      unaffected =
          reqs(input, "versions.unaffected", TomlFields.strings(input, versions, "unaffected"));
    } else if (withdrawn.isEmpty() && informational.isEmpty()) {
      throw bad(input, "missing [versions] table");
    }
    Map<String, List<VersionReq>> functions = new LinkedHashMap<>();
    List<String> os = List.of();
    List<String> arch = List.of();
    Optional<JsonNode> affected = TomlFields.table(input, root, "affected");
    if (affected.isPresent()) {
      os = TomlFields.strings(input, affected.get(), "os");
      arch = TomlFields.strings(input, affected.get(), "arch");
      Optional<JsonNode> fns = TomlFields.table(input, affected.get(), "functions");
      if (fns.isPresent()) {
        for (Map.Entry<String, JsonNode> e : fns.get().properties()) {
          functions.put(
              e.getKey(),
              reqs(input, "affected.functions", TomlFields.strings(input, fns.get(), e.getKey())));
        }
      }
    }
    return new Advisory(
        id,
        CrateName.of(pkg),
        date,
        title(markdown),
        Advisory.Kind.ofInformational(informational),
        informational,
        withdrawn,
        TomlFields.strings(input, adv, "aliases"),
        TomlFields.strings(input, adv, "related"),
        TomlFields.strings(input, adv, "categories"),
        TomlFields.strings(input, adv, "keywords"),
        TomlFields.optionalString(input, adv, "cvss"),
        TomlFields.optionalString(input, adv, "url"),
        TomlFields.strings(input, adv, "references"),
        TomlFields.optionalBoolean(input, adv, "expect-deleted").orElse(false),
        patched,
        unaffected,
        functions,
        os,
        arch);
  }

  private static String title(String markdown) {
    for (String line : markdown.split("\n")) {
      String l = line.strip();
      if (l.startsWith("# ")) {
        return l.substring(2).strip();
      }
      if (!l.isEmpty()) {
        break;
      }
    }
    return "";
  }

  private static LocalDate date(String input, String field, String value)
      throws TrustInputException {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw bad(input, field + " '" + InputText.printable(value) + "' is not a YYYY-MM-DD date");
    }
  }

  private static List<VersionReq> reqs(String input, String field, List<String> texts)
      throws TrustInputException {
    List<VersionReq> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      try {
        out.add(VersionReq.parse(t));
      } catch (IllegalArgumentException e) {
        throw bad(input, field + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static TrustInputException bad(String input, String why) {
    return new TrustInputException("read advisory " + InputText.printable(input) + ": " + why);
  }
}
