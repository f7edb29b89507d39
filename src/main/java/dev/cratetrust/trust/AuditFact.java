package dev.cratetrust.trust;

import java.util.List;
import java.util.Set;

/**
 * What cargo-vet audit sources say about one crate version: the criteria that hold and the chain of
 * audits proving them, a violation, a conflict between a violation and an audit, or a publisher
 * entry.
 *
 * <p>An audit records that someone at the source reviewed the code; it does not prove the code is
 * safe, and vet does not authenticate who the reviewer was.
 *
 * @param source the source the fact comes from; for a chain across files, a source named after all
 *     of them (e.g. {@code google + mozilla})
 * @param sources every source the fact rests on (one, or each file of a chain across files)
 */
public record AuditFact(
    SourceRef source,
    Kind kind,
    Set<String> criteria,
    List<String> chain,
    List<SourceRef> sources) {
  /** What the fact says. */
  public enum Kind {
    CERTIFIED("certified"),
    /** The version matches a violation entry: the criteria listed are violated. */
    VIOLATION("violation"),
    /**
     * A violation covers an audit's version (either end of a delta) for a criterion the audit
     * certifies: the claims contradict each other, and cargo-vet stops with a violation conflict.
     */
    CONFLICT("conflict"),
    /** A wildcard entry that holds only if the version's publisher matches. */
    DEPENDS_ON_PUBLISHER("depends-on-publisher"),
    /**
     * A {@code [[trusted]]} entry of an imported file: cargo-vet uses only the importer's own
     * trusted entries, so it certifies nothing for the importer.
     */
    IMPORTED_TRUSTED("imported-trusted");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  public AuditFact {
    criteria = Set.copyOf(criteria);
    chain = List.copyOf(chain);
    sources = List.copyOf(sources);
  }

  /** A fact resting on {@code source} alone. */
  public AuditFact(SourceRef source, Kind kind, Set<String> criteria, List<String> chain) {
    this(source, kind, criteria, chain, List.of(source));
  }

  /** True when every source this fact rests on is named in {@code names}. */
  public boolean restsOnlyOn(java.util.Collection<String> names) {
    return sources.stream().allMatch(s -> names.contains(s.name()));
  }
}
