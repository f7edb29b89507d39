package dev.cratetrust.provenance;

import java.util.List;

/** One reason recorded for a crate, with what was seen (paths, tags, URLs, error text). */
public record Finding(Reason reason, String detail, List<String> evidence) {
  public Finding {
    evidence = List.copyOf(evidence);
  }

  public static Finding of(Reason reason, String detail, String... evidence) {
    return new Finding(reason, detail, List.of(evidence));
  }
}
