package dev.cratetrust.trust;

import java.util.List;
import java.util.Set;

/**
 * What one cargo-vet audit source says about one crate version: the criteria that hold and the
 * chain of audits proving them, or a violation.
 *
 * <p>An audit records that someone at the source reviewed the code; it does not prove the code is
 * safe, and vet does not authenticate who the reviewer was.
 */
public record AuditFact(SourceRef source, Kind kind, Set<String> criteria, List<String> chain) {
  /** Whether the source certifies the version or records a violation for it. */
  public enum Kind {
    CERTIFIED("certified"),
    VIOLATION("violation"),
    /** A wildcard or trusted entry that holds only if the version's publisher matches. */
    DEPENDS_ON_PUBLISHER("depends-on-publisher");

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
  }
}
