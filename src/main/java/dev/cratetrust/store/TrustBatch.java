package dev.cratetrust.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Splits the keys of a batched store read into {@code IN (...)} lists of bounded size. */
final class TrustBatch {
  /** Keys per statement; well under PostgreSQL's limit of 32767 parameters. */
  static final int SIZE = 500;

  private TrustBatch() {}

  static <T> List<List<T>> chunks(List<T> keys) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i += SIZE) {
      out.add(keys.subList(i, Math.min(keys.size(), i + SIZE)));
    }
    return out;
  }

  /** {@code ?, ?, ?} for {@code n} parameters. */
  static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
