package dev.cratetrust.trust;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.trust.VetAudits.Audit;
import dev.cratetrust.trust.VetAudits.AuditKind;
import dev.cratetrust.trust.VetAudits.PublisherEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes which cargo-vet criteria hold for a crate version from one audit source, as vet's
 * resolver does: a criterion holds when a chain of audits certifying it (directly or through {@code
 * implies}) leads from a full audit, through deltas, to the version.
 *
 * <p>Wildcard and trusted entries need the version's publisher, which is not in audit files, so
 * they are reported as {@link AuditFact.Kind#DEPENDS_ON_PUBLISHER} and never certify on their own.
 * Sources are not combined: each source's chain stands alone (vet imports are not transitive).
 */
public final class VetResolver {
  private static final String ROOT = "";
  private final VetAudits audits;
  private final Map<String, Set<String>> closure = new HashMap<>();

  public VetResolver(VetAudits audits) {
    this.audits = audits;
  }

  /** The built-in criteria and what they imply. */
  private List<String> implies(String criterion) {
    VetAudits.Criterion c = audits.criteria().get(criterion);
    if (c != null) {
      return c.implies();
    }
    return criterion.equals("safe-to-deploy") ? List.of("safe-to-run") : List.of();
  }

  /** {@code criterion} and everything it implies, transitively. */
  public Set<String> impliedBy(String criterion) {
    Set<String> cached = closure.get(criterion);
    if (cached != null) {
      return cached;
    }
    Set<String> out = new LinkedHashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>();
    todo.add(criterion);
    while (!todo.isEmpty()) {
      String c = todo.poll();
      if (out.add(c)) {
        todo.addAll(implies(c));
      }
    }
    closure.put(criterion, Set.copyOf(out));
    return out;
  }

  private Set<String> certified(Audit a) {
    Set<String> out = new TreeSet<>();
    for (String c : a.criteria()) {
      out.addAll(impliedBy(c));
    }
    return out;
  }

  /**
   * What this source says about {@code crate@version}: certified criteria, violations, publisher
   * entries.
   */
  public List<AuditFact> facts(SourceRef source, CrateName crate, CrateVersion version) {
    List<AuditFact> out = new ArrayList<>();
    List<Audit> entries = audits.audits().getOrDefault(crate.value(), List.of());
    for (Audit a : entries) {
      if (a.kind() == AuditKind.VIOLATION && a.violation().isPresent()) {
        if (a.violation().get().matches(version)) {
          out.add(
              new AuditFact(source, AuditFact.Kind.VIOLATION, certified(a), List.of(a.describe())));
        }
      }
    }
    Set<String> all = new TreeSet<>();
    for (Audit a : entries) {
      if (a.kind() != AuditKind.VIOLATION) {
        all.addAll(certified(a));
      }
    }
    Map<String, List<Audit>> chains = new HashMap<>();
    for (String criterion : all) {
      Optional<List<Audit>> chain = chain(entries, criterion, version.value());
      chain.ifPresent(c -> chains.put(criterion, c));
    }
    if (!chains.isEmpty()) {
      List<String> explain = new ArrayList<>();
      for (String criterion : new TreeSet<>(chains.keySet())) {
        boolean impliedByOther =
            chains.keySet().stream()
                .anyMatch(o -> !o.equals(criterion) && impliedBy(o).contains(criterion));
        if (impliedByOther) {
          continue;
        }
        StringBuilder b = new StringBuilder(criterion).append(" via ");
        List<Audit> chain = chains.get(criterion);
        for (int i = 0; i < chain.size(); i++) {
          Audit a = chain.get(i);
          b.append(i == 0 ? "" : " + ").append(a.describe());
          Set<String> direct = new TreeSet<>(a.criteria());
          if (!direct.contains(criterion)) {
            b.append(" [implies ").append(criterion).append(']');
          }
        }
        explain.add(b.toString());
      }
      out.add(new AuditFact(source, AuditFact.Kind.CERTIFIED, chains.keySet(), explain));
    }
    for (String table : List.of("wildcard-audits", "trusted")) {
      Map<String, List<PublisherEntry>> m =
          table.equals("trusted") ? audits.trusted() : audits.wildcardAudits();
      for (PublisherEntry e : m.getOrDefault(crate.value(), List.of())) {
        Set<String> criteria = new TreeSet<>();
        e.criteria().forEach(c -> criteria.addAll(impliedBy(c)));
        out.add(
            new AuditFact(
                source,
                AuditFact.Kind.DEPENDS_ON_PUBLISHER,
                criteria,
                List.of(
                    table
                        + ": "
                        + e.describe()
                        + "; the publisher of this version is not known offline")));
      }
    }
    return out;
  }

  /** The shortest chain of audits certifying {@code criterion} from nothing to {@code target}. */
  public Optional<List<Audit>> chain(List<Audit> entries, String criterion, String target) {
    Map<String, Audit> via = new HashMap<>();
    Map<String, String> prev = new HashMap<>();
    ArrayDeque<String> queue = new ArrayDeque<>();
    queue.add(ROOT);
    prev.put(ROOT, ROOT);
    while (!queue.isEmpty()) {
      String node = queue.poll();
      if (node.equals(target)) {
        List<Audit> chain = new ArrayList<>();
        String n = node;
        while (!n.equals(ROOT)) {
          Audit a = via.get(n);
          chain.addFirst(a);
          n = prev.get(n);
        }
        return Optional.of(chain);
      }
      for (Audit a : entries) {
        if (a.kind() == AuditKind.VIOLATION
            || a.version().isEmpty()
            || !certified(a).contains(criterion)) {
          continue;
        }
        String from = a.kind() == AuditKind.FULL ? ROOT : a.deltaFrom().orElse(null);
        String to = a.version().get();
        if (node.equals(from) && !prev.containsKey(to)) {
          prev.put(to, node);
          via.put(to, a);
          queue.add(to);
        }
      }
    }
    return Optional.empty();
  }
}
