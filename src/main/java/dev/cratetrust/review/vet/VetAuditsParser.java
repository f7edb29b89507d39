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
import dev.cratetrust.trust.VetVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Parses a cargo-vet {@code audits.toml} as cargo-vet's importer reads an imported file: each
 * criterion and entry is read on its own, and one that the importer drops is skipped with a {@link
 * SourceProblem} naming it and why: an unknown field, {@code importable = false}, no criterion the
 * file defines (criteria it never defines are removed from an entry first), a version that does not
 * parse. Broken TOML fails the whole file.
 *
 * <p>Parsing does not check that reviewers are who they say.
 */
public final class VetAuditsParser {
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  private VetAuditsParser() {}

  public static VetAudits parse(String input, String text) throws TrustInputException {
    JsonNode root = TomlFields.parse(input, text, MAX_BYTES);
    List<SourceProblem> problems = new ArrayList<>();
    Map<String, Criterion> criteria = new LinkedHashMap<>();
    Optional<JsonNode> crit = TomlFields.table(input, root, "criteria");
    if (crit.isPresent()) {
      for (Map.Entry<String, JsonNode> e : crit.get().properties()) {
        String item = "[criteria." + InputText.printable(e.getKey()) + "]";
        String where = input + " " + item;
        try {
          if (!e.getValue().isObject()) {
            throw new TrustInputException("read " + InputText.printable(where) + ": not a table");
          }
          unknownFields(where, e.getValue(), CRITERION_FIELDS);
          criteria.put(
              e.getKey(),
              new Criterion(
                  e.getKey(),
                  TomlFields.optionalString(where, e.getValue(), "description"),
                  TomlFields.strings(where, e.getValue(), "implies")));
        } catch (TrustInputException err) {
          problems.add(new SourceProblem(item, err.getMessage() + "; criterion dropped"));
        }
      }
    }
    for (Criterion c : List.copyOf(criteria.values())) {
      List<String> known = c.implies().stream().filter(i -> isKnown(criteria, i)).toList();
      if (known.size() != c.implies().size()) {
        List<String> unknown = c.implies().stream().filter(i -> !isKnown(criteria, i)).toList();
        problems.add(
            new SourceProblem(
                "[criteria." + InputText.printable(c.name()) + "]",
                "implies criteria this file does not define ("
                    + InputText.printable(String.join(", ", unknown))
                    + "), removed"));
        criteria.put(c.name(), new Criterion(c.name(), c.description(), known));
      }
    }
    Map<String, List<Audit>> audits = new HashMap<>();
    for (Map.Entry<String, List<JsonNode>> e :
        entries(input, root, "audits", problems).entrySet()) {
      List<Audit> list = new ArrayList<>();
      int i = 0;
      for (JsonNode n : e.getValue()) {
        i++;
        String where = "[[audits." + e.getKey() + "]] #" + i;
        try {
          Optional<Audit> a = audit(input + " " + where, e.getKey(), n, criteria, where, problems);
          a.ifPresent(list::add);
        } catch (TrustInputException err) {
          problems.add(new SourceProblem(where, err.getMessage() + "; entry dropped"));
        }
      }
      audits.put(e.getKey(), list);
    }
    return new VetAudits(
        criteria,
        audits,
        publishers(input, root, "wildcard-audits", criteria, problems),
        publishers(input, root, "trusted", criteria, problems),
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

  static final Set<String> BUILT_IN = Set.of("safe-to-run", "safe-to-deploy");
  private static final Set<String> CRITERION_FIELDS =
      Set.of("description", "description-url", "implies", "aggregated-from");
  private static final Set<String> AUDIT_FIELDS =
      Set.of(
          "who",
          "criteria",
          "version",
          "delta",
          "violation",
          "importable",
          "notes",
          "aggregated-from");

  private static boolean isKnown(Map<String, Criterion> criteria, String name) {
    return BUILT_IN.contains(name) || criteria.containsKey(name);
  }

  private static void unknownFields(String where, JsonNode n, Set<String> known)
      throws TrustInputException {
    for (String field : n.propertyNames()) {
      if (!known.contains(field)) {
        throw new TrustInputException(
            "read "
                + InputText.printable(where)
                + ": unknown field '"
                + InputText.printable(field)
                + "' (written by a newer cargo-vet?)");
      }
    }
  }

  /**
   * The criteria of an entry that the file defines (or built-in ones); others are removed with a
   * problem, and none left drops the entry.
   */
  private static List<String> knownCriteria(
      String where,
      String item,
      List<String> named,
      Map<String, Criterion> criteria,
      List<SourceProblem> problems)
      throws TrustInputException {
    if (named.isEmpty()) {
      throw new TrustInputException("read " + InputText.printable(where) + ": missing criteria");
    }
    List<String> known = named.stream().filter(c -> isKnown(criteria, c)).toList();
    List<String> unknown = named.stream().filter(c -> !isKnown(criteria, c)).toList();
    if (known.isEmpty()) {
      throw new TrustInputException(
          "read "
              + InputText.printable(where)
              + ": criteria "
              + InputText.printable(String.join(", ", unknown))
              + " not defined in this file");
    }
    if (!unknown.isEmpty()) {
      problems.add(
          new SourceProblem(
              item,
              "criteria "
                  + InputText.printable(String.join(", ", unknown))
                  + " not defined in this file, removed from the entry"));
    }
    return known;
  }

  private static VetVersion version(String where, String field, String text)
      throws TrustInputException {
    try {
      return VetVersion.parse(text);
    } catch (IllegalArgumentException e) {
      throw new TrustInputException(
          "read " + InputText.printable(where) + ": " + field + ": " + e.getMessage());
    }
  }

  private static Optional<Audit> audit(
      String where,
      String crate,
      JsonNode n,
      Map<String, Criterion> defined,
      String item,
      List<SourceProblem> problems)
      throws TrustInputException {
    unknownFields(where, n, AUDIT_FIELDS);
    Optional<Boolean> importable = TomlFields.optionalBoolean(where, n, "importable");
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
    if (TomlFields.strings(where, n, "criteria").isEmpty()) {
      throw new TrustInputException("read " + InputText.printable(where) + ": missing criteria");
    }
    Audit audit;
    if (version.isPresent()) {
      audit =
          new Audit(
              crate,
              AuditKind.FULL,
              who,
              List.of(),
              Optional.of(version(where, "version", version.get())),
              Optional.empty(),
              Optional.empty(),
              notes);
    } else if (delta.isPresent()) {
      String[] parts = delta.get().split("->", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new TrustInputException(
            "read "
                + InputText.printable(where)
                + ": delta '"
                + InputText.printable(delta.get())
                + "' is not 'FROM -> TO'");
      }
      audit =
          new Audit(
              crate,
              AuditKind.DELTA,
              who,
              List.of(),
              Optional.of(version(where, "delta", parts[1].strip())),
              Optional.of(version(where, "delta", parts[0].strip())),
              Optional.empty(),
              notes);
    } else {
      VersionReq req;
      try {
        req = VersionReq.parse(violation.get());
      } catch (IllegalArgumentException e) {
        throw new TrustInputException(
            "read " + InputText.printable(where) + ": violation: " + e.getMessage());
      }
      audit =
          new Audit(
              crate,
              AuditKind.VIOLATION,
              who,
              List.of(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(req),
              notes);
    }
    if (importable.isPresent() && !importable.get()) {
      problems.add(
          new SourceProblem(
              item,
              "importable = false: "
                  + audit.describe().replace(" ()", "")
                  + " is not for importers; entry dropped"));
      return Optional.empty();
    }
    List<String> criteria =
        knownCriteria(where, item, TomlFields.strings(where, n, "criteria"), defined, problems);
    return Optional.of(
        new Audit(
            audit.crate(),
            audit.kind(),
            audit.who(),
            criteria,
            audit.version(),
            audit.deltaFrom(),
            audit.violation(),
            audit.notes()));
  }

  private static Map<String, List<PublisherEntry>> publishers(
      String input,
      JsonNode root,
      String table,
      Map<String, Criterion> defined,
      List<SourceProblem> problems)
      throws TrustInputException {
    Map<String, List<PublisherEntry>> out = new HashMap<>();
    for (Map.Entry<String, List<JsonNode>> e : entries(input, root, table, problems).entrySet()) {
      List<PublisherEntry> list = new ArrayList<>();
      int i = 0;
      for (JsonNode n : e.getValue()) {
        i++;
        String item = "[[" + table + "." + e.getKey() + "]] #" + i;
        try {
          list.add(publisher(input + " " + item, e.getKey(), n, defined, item, problems));
        } catch (TrustInputException err) {
          problems.add(new SourceProblem(item, err.getMessage() + "; entry dropped"));
        }
      }
      out.put(e.getKey(), list);
    }
    return out;
  }

  private static PublisherEntry publisher(
      String where,
      String crate,
      JsonNode n,
      Map<String, Criterion> defined,
      String item,
      List<SourceProblem> problems)
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
    List<String> criteria =
        knownCriteria(where, item, TomlFields.strings(where, n, "criteria"), defined, problems);
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
