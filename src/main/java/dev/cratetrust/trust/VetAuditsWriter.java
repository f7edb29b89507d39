package dev.cratetrust.trust;

import java.util.Comparator;
import java.util.List;

/**
 * Writes reviews as a cargo-vet {@code audits.toml}: one {@code [[audits.CRATE]]} entry per review,
 * full or delta, sorted by crate then version so a re-export only appends.
 *
 * <p>The file states what reviewers certified; vet users importing it decide whether to trust it.
 */
public final class VetAuditsWriter {
  private VetAuditsWriter() {}

  public static String write(List<OwnReview> reviews) {
    StringBuilder b = new StringBuilder("# cargo-vet audits exported by cratetrust\n");
    List<OwnReview> sorted =
        reviews.stream()
            .sorted(
                Comparator.comparing((OwnReview r) -> r.crate().value())
                    .thenComparing(OwnReview::version)
                    .thenComparing(OwnReview::date))
            .toList();
    for (OwnReview r : sorted) {
      if (r.criteria().isEmpty()) {
        throw new IllegalArgumentException(
            "export review of " + r.crate() + " " + r.version() + ": no criteria");
      }
      b.append("\n[[audits.").append(r.crate().value()).append("]]\n");
      b.append("who = ").append(quote(r.who())).append('\n');
      b.append("criteria = ");
      if (r.criteria().size() == 1) {
        b.append(quote(r.criteria().getFirst()));
      } else {
        b.append('[');
        for (int i = 0; i < r.criteria().size(); i++) {
          b.append(i == 0 ? "" : ", ").append(quote(r.criteria().get(i)));
        }
        b.append(']');
      }
      b.append('\n');
      if (r.deltaFrom().isPresent()) {
        b.append("delta = ").append(quote(r.deltaFrom().get() + " -> " + r.version())).append('\n');
      } else {
        b.append("version = ").append(quote(r.version().value())).append('\n');
      }
      if (!r.notes().isBlank()) {
        b.append("notes = ").append(quote(r.notes())).append('\n');
      }
    }
    return b.toString();
  }

  /** A TOML basic string with every control character escaped. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
