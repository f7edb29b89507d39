package dev.cratetrust.review.vet;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.trust.SourceProblem;
import dev.cratetrust.trust.TomlFields;
import dev.cratetrust.trust.TrustInputException;
import dev.cratetrust.trust.VersionReq;
import dev.cratetrust.trust.VetAudits;
import dev.cratetrust.trust.VetAudits.Audit;
import dev.cratetrust.trust.VetAudits.AuditKind;
import dev.cratetrust.trust.VetAudits.Criterion;
import dev.cratetrust.trust.VetAudits.PublisherEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Parses a cargo-vet {@code audits.toml} into {@link VetAudits}; unknown fields are ignored as vet
 * ignores them, malformed entries fail the whole file with the crate and entry named.
 *
 * <p>Parsing does not check that referenced criteria exist or that reviewers are who they say.
 */
public final class VetAuditsParser {
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  private VetAuditsParser() {}

  public static VetAudits parse(String input, String text) throws TrustInputException {
    JsonNode root = TomlFields.parse(input, text, MAX_BYTES);
    Map<String, Criterion> criteria = new LinkedHashMap<>();
    Optional<JsonNode> crit = TomlFields.table(input, root, "criteria");
    if (crit.isPresent()) {
      for (Map.Entry<String, JsonNode> e : crit.get().properties()) {
        String where = input + " [criteria." + e.getKey() + "]";
        if (!e.getValue().isObject()) {
          throw new TrustInputException("read " + InputText.printable(where) + ": not a table");
        }
        criteria.put(
            e.getKey(),
            new Criterion(
                e.getKey(),
                TomlFields.optionalString(where, e.getValue(), "description"),
                TomlFields.strings(where, e.getValue(), "implies")));
      }
    }
    List<SourceProblem> problems = new ArrayList<>();
    Map<String, List<Audit>> audits = new HashMap<>();
    for (Map.Entry<String, List<JsonNode>> e :
        entries(input, root, "audits", problems).entrySet()) {
      List<Audit> list = new ArrayList<>();
      int i = 0;
      for (JsonNode n : e.getValue()) {
        i++;
        String where = "[[audits." + e.getKey() + "]] #" + i;
        try {
          list.add(audit(input + " " + where, e.getKey(), n));
        } catch (TrustInputException err) {
          problems.add(new SourceProblem(where, err.getMessage()));
        }
      }
      audits.put(e.getKey(), list);
    }
    return new VetAudits(
        criteria,
        audits,
        publishers(input, root, "wildcard-audits", problems),
        publishers(input, root, "trusted", problems),
        problems);
  }

  private static Map<String, List<JsonNode>> entries(
      String input, JsonNode root, String table, List<SourceProblem> problems)
      throws TrustInputException {
    Map<String, List<JsonNode>> out = new LinkedHashMap<>();
    Optional<JsonNode> t = TomlFields.table(input, root, table);
    if (t.isEmpty()) {
      return out;
    }
    for (Map.Entry<String, JsonNode> e : t.get().properties()) {
      String crate = e.getKey();
      String problem = CrateName.problem(crate);
      if (problem != null) {
        problems.add(
            new SourceProblem(
                "[" + table + "." + InputText.printable(crate) + "]",
                "crate name '" + InputText.printable(crate) + "' " + problem + ", skipped"));
        continue;
      }
      List<JsonNode> list = new ArrayList<>();
      JsonNode v = e.getValue();
      if (v.isArray()) {
        for (JsonNode n : v.values()) {
          if (!n.isObject()) {
            throw new TrustInputException(
                "read "
                    + InputText.printable(input)
                    + ": [["
                    + table
                    + "."
                    + crate
                    + "]] entry is not a table");
          }
          list.add(n);
        }
      } else if (v.isObject()) {
        list.add(v);
      } else {
        throw new TrustInputException(
            "read "
                + InputText.printable(input)
                + ": "
                + table
                + "."
                + crate
                + " is not a list of tables");
      }
      out.put(crate, list);
    }
    return out;
  }

  private static Audit audit(String where, String crate, JsonNode n) throws TrustInputException {
    List<String> criteria = TomlFields.strings(where, n, "criteria");
    if (criteria.isEmpty()) {
      throw new TrustInputException("read " + InputText.printable(where) + ": missing criteria");
    }
    List<String> who = TomlFields.strings(where, n, "who");
    Optional<String> notes = TomlFields.optionalString(where, n, "notes");
    Optional<String> version = TomlFields.optionalString(where, n, "version");
    Optional<String> delta = TomlFields.optionalString(where, n, "delta");
    Optional<String> violation = TomlFields.optionalString(where, n, "violation");
    int kinds =
        (version.isPresent() ? 1 : 0)
            + (delta.isPresent() ? 1 : 0)
            + (violation.isPresent() ? 1 : 0);
    if (kinds != 1) {
      throw new TrustInputException(
          "read "
              + InputText.printable(where)
              + ": needs exactly one of version, delta, violation");
    }
    if (version.isPresent()) {
      return new Audit(
          crate,
          AuditKind.FULL,
          who,
          criteria,
          Optional.of(version.get().strip()),
          Optional.empty(),
          Optional.empty(),
          notes);
    }
    if (delta.isPresent()) {
      String[] parts = delta.get().split("->", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new TrustInputException(
            "read "
                + InputText.printable(where)
                + ": delta '"
                + InputText.printable(delta.get())
                + "' is not 'FROM -> TO'");
      }
      return new Audit(
          crate,
          AuditKind.DELTA,
          who,
          criteria,
          Optional.of(parts[1].strip()),
          Optional.of(parts[0].strip()),
          Optional.empty(),
          notes);
    }
    VersionReq req;
    try {
      req = VersionReq.parse(violation.get());
    } catch (IllegalArgumentException e) {
      throw new TrustInputException(
          "read " + InputText.printable(where) + ": violation: " + e.getMessage());
    }
    return new Audit(
        crate,
        AuditKind.VIOLATION,
        who,
        criteria,
        Optional.empty(),
        Optional.empty(),
        Optional.of(req),
        notes);
  }

  private static Map<String, List<PublisherEntry>> publishers(
      String input, JsonNode root, String table, List<SourceProblem> problems)
      throws TrustInputException {
    Map<String, List<PublisherEntry>> out = new HashMap<>();
    for (Map.Entry<String, List<JsonNode>> e : entries(input, root, table, problems).entrySet()) {
      List<PublisherEntry> list = new ArrayList<>();
      int i = 0;
      for (JsonNode n : e.getValue()) {
        i++;
        String item = "[[" + table + "." + e.getKey() + "]] #" + i;
        try {
          list.add(publisher(input + " " + item, e.getKey(), n));
        } catch (TrustInputException err) {
          problems.add(new SourceProblem(item, err.getMessage()));
        }
      }
      out.put(e.getKey(), list);
    }
    return out;
  }

  private static PublisherEntry publisher(String where, String crate, JsonNode n)
      throws TrustInputException {
    JsonNode uid = n.get("user-id");
    Optional<Long> userId = Optional.empty();
    if (uid != null) {
      if (!uid.isIntegralNumber()) {
        throw new TrustInputException(
            "read " + InputText.printable(where) + ": user-id is not an integer");
      }
      userId = Optional.of(uid.longValue());
    }
    Optional<String> tp = TomlFields.optionalString(where, n, "trusted-publisher");
    if (userId.isEmpty() == tp.isEmpty()) {
      throw new TrustInputException(
          "read "
              + InputText.printable(where)
              + ": needs exactly one of user-id, trusted-publisher");
    }
    List<String> criteria = TomlFields.strings(where, n, "criteria");
    if (criteria.isEmpty()) {
      throw new TrustInputException("read " + InputText.printable(where) + ": missing criteria");
    }
    return new PublisherEntry(
        crate,
        TomlFields.strings(where, n, "who"),
        criteria,
        userId,
        tp,
        dateText(where, n, "start"),
        dateText(where, n, "end"),
        TomlFields.optionalString(where, n, "notes"));
  }

  /** A TOML date may arrive as a string or a local date; both are kept as text. */
  private static Optional<String> dateText(String where, JsonNode n, String field)
      throws TrustInputException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (v.isString() || v.isPojo() || v.isValueNode()) {
      return Optional.of(v.asString());
    }
    throw new TrustInputException(
        "read " + InputText.printable(where) + ": " + field + " is not a date");
  }

  /** Parses a vet {@code registry.toml}: source name to {@code audits.toml} URL, in file order. */
  public static Map<String, String> parseRegistry(String input, String text)
      throws TrustInputException {
    JsonNode root = TomlFields.parse(input, text, 1024 * 1024);
    Map<String, String> out = new LinkedHashMap<>();
    Optional<JsonNode> reg = TomlFields.table(input, root, "registry");
    if (reg.isEmpty()) {
      throw new TrustInputException("read " + InputText.printable(input) + ": no [registry] table");
    }
    for (Map.Entry<String, JsonNode> e : reg.get().properties()) {
      String where = input + " [registry." + e.getKey() + "]";
      if (!e.getValue().isObject()) {
        throw new TrustInputException("read " + InputText.printable(where) + ": not a table");
      }
      List<String> urls = TomlFields.strings(where, e.getValue(), "url");
      if (urls.isEmpty()) {
        throw new TrustInputException("read " + InputText.printable(where) + ": missing url");
      }
      out.put(e.getKey(), urls.getFirst());
    }
    return out;
  }
}
