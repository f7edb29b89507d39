package dev.cratetrust.signals;

import java.util.List;

/**
 * What the provenance verifier found, reduced to reason codes and file lists so signals can report
 * it without depending on the verifier's types.
 *
 * @param facts one entry per reason the verifier gave
 */
public record ProvenanceFacts(List<Fact> facts) {
  public ProvenanceFacts {
    facts = List.copyOf(facts);
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
