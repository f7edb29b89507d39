package dev.cratetrust.trust;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.trust.VetAudits.Audit;
import dev.cratetrust.trust.VetAudits.AuditKind;
import dev.cratetrust.trust.VetAudits.PublisherEntry;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Computes which cargo-vet criteria hold for a crate version, following cargo-vet's resolver
 * ({@code book/src/algorithm.md}): a criterion holds when a chain of audits certifying it (directly
 * or through {@code implies}) leads from a full audit, through deltas, to the version.
 *
 * <p>Violations follow cargo-vet too: violating a criterion also violates every criterion that
 * implies it (violating {@code safe-to-run} violates {@code safe-to-deploy}, not the reverse); an
 * audit with either end in a violation's range that certifies a violated criterion is a conflict,
 * reported as such and never used in a chain. {@link #facts} answers for one file alone; {@link
 * #combined} merges several files into one graph, as cargo-vet merges every imported file, for the
 * built-in criteria (a file's own criteria mean nothing to another file).
 *
 * <p>Wildcard entries need the version's publisher, which is not in audit files, so they are
 * reported as {@link AuditFact.Kind#DEPENDS_ON_PUBLISHER} and never certify on their own; the
 * {@code trusted} entries of an imported file certify nothing for the importer.
 */
public final class VetResolver {
  /** cargo-vet's built-in criteria, the only ones shared between files. */
  public static final Set<String> BUILT_IN = Set.of("safe-to-run", "safe-to-deploy");

  private static final String TRUSTED_NOTE =
      "; an imported file's trusted entries certify nothing for the importer (cargo-vet uses only"
          + " the importer's own trusted entries)";

  private final VetAudits audits;
  private final Map<String, Set<String>> closure = new HashMap<>();

  public VetResolver(VetAudits audits) {
    this.audits = audits;
  }

  /** One audit file with the source it was read from, for resolving across files. */
  public record Named(SourceRef source, VetAudits audits) {}

  /** One usable audit: an edge of the audit graph, from its file. */
  private record Edge(SourceRef source, VetResolver file, Audit audit) {}

  /** A node of the audit graph: a version, or the root (null) that full audits start from. */
  private record Node(VetVersion version) {}

  private static final Node ROOT = new Node(null);

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

  /**
   * The criteria a violation of {@code violated} violates: each of them and every criterion of this
   * file that implies one of them.
   */
  public Set<String> violatedBy(Collection<String> violated) {
    Set<String> known = new TreeSet<>(BUILT_IN);
    known.addAll(audits.criteria().keySet());
    known.addAll(violated);
    Set<String> out = new TreeSet<>();
    for (String k : known) {
      for (String v : violated) {
        if (impliedBy(k).contains(v)) {
          out.add(k);
        }
      }
    }
    return out;
  }

  private Set<String> certified(Audit a) {
    Set<String> out = new TreeSet<>();
    for (String c : a.criteria()) {
      out.addAll(impliedBy(c));
    }
    return out;
  }

  private static List<VetVersion> ends(Audit a) {
    List<VetVersion> out = new ArrayList<>(2);
    a.deltaFrom().ifPresent(out::add);
    a.version().ifPresent(out::add);
    return out;
  }

  /**
   * Whether {@code audit} conflicts with {@code violation} of the same file, by cargo-vet's rule:
   * either end of the audit matches the violation's requirement and any violated criterion is among
   * the criteria the audit certifies (with what they imply).
   */
  private boolean conflicts(Audit violation, Audit audit) {
    if (violation.violation().isEmpty() || audit.kind() == AuditKind.VIOLATION) {
      return false;
    }
    VersionReq req = violation.violation().get();
    if (ends(audit).stream().noneMatch(v -> req.matches(v.semver()))) {
      return false;
    }
    Set<String> claimed = certified(audit);
    return violation.criteria().stream().anyMatch(claimed::contains);
  }

  private List<Audit> entries(CrateName crate) {
    return audits.audits().getOrDefault(crate.value(), List.of());
  }

  /**
   * What this file alone says about {@code crate@version}: certified criteria with their chains,
   * violations, conflicts, publisher entries.
   */
  public List<AuditFact> facts(SourceRef source, CrateName crate, CrateVersion version) {
    List<AuditFact> out = new ArrayList<>();
    List<Audit> entries = entries(crate);
    List<Audit> violations = entries.stream().filter(a -> a.kind() == AuditKind.VIOLATION).toList();
    Set<String> violatedHere = new TreeSet<>();
    for (Audit v : violations) {
      if (v.violation().isPresent() && v.violation().get().matches(version)) {
        Set<String> violated = violatedBy(v.criteria());
        violatedHere.addAll(violated);
        out.add(new AuditFact(source, AuditFact.Kind.VIOLATION, violated, List.of(v.describe())));
        List<String> conflicting = new ArrayList<>();
        Set<String> conflictCriteria = new TreeSet<>();
        for (Audit a : entries) {
          if (conflicts(v, a)) {
            conflicting.add(conflictLine(v, source, a, source));
            Set<String> both = new TreeSet<>(certified(a));
            both.retainAll(violated);
            conflictCriteria.addAll(both);
          }
        }
        if (!conflicting.isEmpty()) {
          out.add(new AuditFact(source, AuditFact.Kind.CONFLICT, conflictCriteria, conflicting));
        }
      }
    }
    List<Edge> edges = new ArrayList<>();
    for (Audit a : entries) {
      if (a.kind() != AuditKind.VIOLATION) {
        edges.add(new Edge(source, this, a));
      }
    }
    Set<String> all = new TreeSet<>();
    edges.forEach(e -> all.addAll(certified(e.audit())));
    all.removeAll(violatedHere);
    VetVersion target = VetVersion.of(version);
    Map<String, List<Edge>> chains = new HashMap<>();
    for (String criterion : all) {
      chain(edges, criterion, target, usable(criterion, List.of(new Named(source, audits))))
          .ifPresent(c -> chains.put(criterion, c));
    }
    if (!chains.isEmpty()) {
      out.add(
          new AuditFact(source, AuditFact.Kind.CERTIFIED, chains.keySet(), explain(chains, false)));
    }
    for (PublisherEntry e : audits.wildcardAudits().getOrDefault(crate.value(), List.of())) {
      Set<String> criteria = new TreeSet<>();
      e.criteria().forEach(c -> criteria.addAll(impliedBy(c)));
      out.add(
          new AuditFact(
              source,
              AuditFact.Kind.DEPENDS_ON_PUBLISHER,
              criteria,
              List.of(
                  "wildcard-audits: "
                      + e.describe()
                      + "; the publisher of this version is not known offline")));
    }
    for (PublisherEntry e : audits.trusted().getOrDefault(crate.value(), List.of())) {
      Set<String> criteria = new TreeSet<>();
      e.criteria().forEach(c -> criteria.addAll(impliedBy(c)));
      out.add(
          new AuditFact(
              source,
              AuditFact.Kind.IMPORTED_TRUSTED,
              criteria,
              List.of("trusted: " + e.describe() + TRUSTED_NOTE)));
    }
    return out;
  }

  private static String conflictLine(Audit v, SourceRef vs, Audit a, SourceRef as) {
    return v.describe()
        + " ["
        + vs.name()
        + "] conflicts with "
        + a.describe()
        + " ["
        + as.name()
        + "]: cargo-vet stops with a violation conflict";
  }

  /**
   * An edge may carry {@code criterion} when its audit certifies it and no violation of {@code
   * files} covers either end of it for that criterion.
   */
  private static Predicate<Edge> usable(String criterion, List<Named> files) {
    return e -> {
      if (!e.file().certified(e.audit()).contains(criterion)) {
        return false;
      }
      for (Named f : files) {
        VetResolver r = f.audits() == e.file().audits ? e.file() : new VetResolver(f.audits());
        for (Audit v : f.audits().audits().getOrDefault(e.audit().crate(), List.of())) {
          if (v.kind() != AuditKind.VIOLATION || v.violation().isEmpty()) {
            continue;
          }
          VersionReq req = v.violation().get();
          if (ends(e.audit()).stream().anyMatch(x -> req.matches(x.semver()))
              && r.violatedBy(v.criteria()).contains(criterion)) {
            return false;
          }
        }
      }
      return true;
    };
  }

  private static List<String> explain(Map<String, List<Edge>> chains, boolean nameFiles) {
    List<String> explain = new ArrayList<>();
    for (String criterion : new TreeSet<>(chains.keySet())) {
      List<Edge> chain = chains.get(criterion);
      boolean impliedByOther =
          chains.keySet().stream()
              .anyMatch(
                  o ->
                      !o.equals(criterion)
                          && chain.getFirst().file().impliedBy(o).contains(criterion)
                          && chains.get(o).size() <= chain.size());
      if (impliedByOther) {
        continue;
      }
      StringBuilder b = new StringBuilder(criterion).append(" via ");
      for (int i = 0; i < chain.size(); i++) {
        Edge e = chain.get(i);
        b.append(i == 0 ? "" : " + ").append(e.audit().describe());
        if (nameFiles) {
          b.append(" [").append(e.source().name()).append(']');
        }
        if (!e.audit().criteria().contains(criterion)) {
          b.append(" [implies ").append(criterion).append(']');
        }
      }
      explain.add(b.toString());
    }
    return explain;
  }

  /** The shortest chain of edges carrying {@code criterion} from the root to {@code target}. */
  private static Optional<List<Edge>> chain(
      List<Edge> edges, String criterion, VetVersion target, Predicate<Edge> usable) {
    List<Edge> carrying = edges.stream().filter(usable).toList();
    Map<Node, Edge> via = new HashMap<>();
    Map<Node, Node> prev = new HashMap<>();
    ArrayDeque<Node> queue = new ArrayDeque<>();
    queue.add(ROOT);
    prev.put(ROOT, ROOT);
    Node goal = new Node(target);
    while (!queue.isEmpty()) {
      Node node = queue.poll();
      if (node.equals(goal)) {
        List<Edge> chain = new ArrayList<>();
        Node n = node;
        while (!n.equals(ROOT)) {
          chain.addFirst(via.get(n));
          n = prev.get(n);
        }
        return Optional.of(chain);
      }
      for (Edge e : carrying) {
        Audit a = e.audit();
        Node from = a.kind() == AuditKind.FULL ? ROOT : new Node(a.deltaFrom().orElse(null));
        Node to = new Node(a.version().orElseThrow());
        if (node.equals(from) && !prev.containsKey(to)) {
          prev.put(to, node);
          via.put(to, e);
          queue.add(to);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * What the files together say about {@code crate@version} beyond what each says alone: built-in
   * criteria that only a chain through audits of several files certifies (each link names its
   * file), and conflicts between a violation of one file and an audit of another. Violations of
   * every file apply to every chain.
   */
  public static List<AuditFact> combined(List<Named> files, CrateName crate, CrateVersion version) {
    List<AuditFact> out = new ArrayList<>();
    if (files.size() < 2) {
      return out;
    }
    List<VetResolver> resolvers = files.stream().map(f -> new VetResolver(f.audits())).toList();
    List<Edge> edges = new ArrayList<>();
    Set<String> violatedHere = new TreeSet<>();
    for (int i = 0; i < files.size(); i++) {
      for (Audit a : resolvers.get(i).entries(crate)) {
        if (a.kind() != AuditKind.VIOLATION) {
          edges.add(new Edge(files.get(i).source(), resolvers.get(i), a));
        } else if (a.violation().isPresent() && a.violation().get().matches(version)) {
          violatedHere.addAll(resolvers.get(i).violatedBy(a.criteria()));
        }
      }
    }
    for (int i = 0; i < files.size(); i++) {
      for (Audit v : resolvers.get(i).entries(crate)) {
        if (v.kind() != AuditKind.VIOLATION
            || v.violation().isEmpty()
            || !v.violation().get().matches(version)) {
          continue;
        }
        Set<String> violated = new TreeSet<>(resolvers.get(i).violatedBy(v.criteria()));
        violated.retainAll(BUILT_IN);
        List<String> lines = new ArrayList<>();
        Set<String> criteria = new TreeSet<>();
        Set<SourceRef> involved = new LinkedHashSet<>();
        for (Edge e : edges) {
          if (e.file() == resolvers.get(i)) {
            continue;
          }
          Set<String> claimed = new TreeSet<>(e.file().certified(e.audit()));
          claimed.retainAll(violated);
          boolean inRange =
              ends(e.audit()).stream().anyMatch(x -> v.violation().get().matches(x.semver()));
          if (inRange && !claimed.isEmpty()) {
            lines.add(conflictLine(v, files.get(i).source(), e.audit(), e.source()));
            criteria.addAll(claimed);
            involved.add(files.get(i).source());
            involved.add(e.source());
          }
        }
        if (!lines.isEmpty()) {
          out.add(
              new AuditFact(
                  combinedRef(List.copyOf(involved)),
                  AuditFact.Kind.CONFLICT,
                  criteria,
                  lines,
                  List.copyOf(involved)));
        }
      }
    }
    VetVersion target = VetVersion.of(version);
    Map<String, List<Edge>> chains = new HashMap<>();
    for (String criterion : new TreeSet<>(BUILT_IN)) {
      if (violatedHere.contains(criterion)) {
        continue;
      }
      Predicate<Edge> usable = usable(criterion, files);
      boolean alone = false;
      for (VetResolver r : resolvers) {
        List<Edge> own = edges.stream().filter(e -> e.file() == r).toList();
        if (chain(own, criterion, target, usable).isPresent()) {
          alone = true;
          break;
        }
      }
      if (!alone) {
        chain(edges, criterion, target, usable).ifPresent(c -> chains.put(criterion, c));
      }
    }
    if (!chains.isEmpty()) {
      Set<SourceRef> involved = new LinkedHashSet<>();
      chains.values().forEach(c -> c.forEach(e -> involved.add(e.source())));
      List<SourceRef> refs =
          involved.stream().sorted(java.util.Comparator.comparing(SourceRef::name)).toList();
      out.add(
          new AuditFact(
              combinedRef(refs),
              AuditFact.Kind.CERTIFIED,
              chains.keySet(),
              explain(chains, true),
              refs));
    }
    return out;
  }

  /** A source named after every source of a fact that rests on several. */
  private static SourceRef combinedRef(List<SourceRef> refs) {
    if (refs.size() == 1) {
      return refs.getFirst();
    }
    List<SourceRef> sorted =
        refs.stream().sorted(java.util.Comparator.comparing(SourceRef::name)).toList();
    Instant newest =
        sorted.stream().map(SourceRef::readAt).max(java.util.Comparator.naturalOrder()).get();
    return new SourceRef(
        SourceRef.VET_AUDITS,
        String.join(" + ", sorted.stream().map(SourceRef::name).toList()),
        String.join(" + ", sorted.stream().map(SourceRef::location).toList()),
        Optional.empty(),
        newest);
  }
}
