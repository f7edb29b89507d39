package dev.cratetrust.signals;

import java.util.List;

/**
 * What the provenance verifier found, reduced to reason codes and file lists so signals can report
 * it without depending on the verifier's types.
 *
 * @param facts one entry per reason the verifier gave
 */
public record ProvenanceFacts(List<Fact> facts) {
  private static final java.util.Set<String> FILE_REASONS =
      java.util.Set.of(
          "files-not-in-repository",
          "files-differ",
          "vendored-files-modified",
          "submodule-unverified");

  public ProvenanceFacts {
    facts = List.copyOf(facts);
  }

  /** The reasons of a provenance report; paths become file evidence, other evidence detail. */
  public static ProvenanceFacts of(dev.cratetrust.provenance.ProvenanceReport report) {
    List<Fact> out = new java.util.ArrayList<>();
    for (dev.cratetrust.provenance.Finding f : report.reasons()) {
      String code = f.reason().code();
      boolean files = FILE_REASONS.contains(code);
      String detail = f.detail();
      if (!files && !f.evidence().isEmpty()) {
        detail = (detail.isBlank() ? "" : detail + "; ") + String.join(", ", f.evidence());
      }
      out.add(new Fact(code, files ? f.evidence() : List.of(), detail));
    }
    return new ProvenanceFacts(out);
  }

  /**
   * One reason, e.g. {@code files-not-in-repository} (kebab or snake case) with the files involved.
   *
   * @param detail extra text for the message (a commit id, a tag list), may be empty
   */
  public record Fact(String reason, List<String> files, String detail) {
    public Fact {
      files = List.copyOf(files);
      detail = detail == null ? "" : detail;
    }
  }
}
