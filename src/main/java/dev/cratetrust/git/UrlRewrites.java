package dev.cratetrust.git;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.InputText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * User-given URL rewrite rules with git's {@code url.<base>.insteadOf} semantics: the rule whose
 * {@code from} is the longest prefix of a URL replaces that prefix with {@code to}, which may be a
 * local path. A rewritten URL counts as trusted (the user chose it), so {@link UrlPolicy} does not
 * apply to it; rewriting does not check that the target is the same repository.
 */
public final class UrlRewrites {

  /** One rule: URLs starting with {@code from} are fetched from {@code to} + the rest. */
  public record Rule(String from, String to) {}

  /** A rewrite spec given by the user is malformed. */
  public static final class InvalidRewriteException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public InvalidRewriteException(String message) {
      super(message);
    }
  }

  private final List<Rule> rules;

  private UrlRewrites(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** No rules. */
  public static UrlRewrites none() {
    return new UrlRewrites(List.of());
  }

  /** Parses specs of the form {@code FROM=TO} (split at the first {@code =}). */
  public static UrlRewrites parse(List<String> specs) throws InvalidRewriteException {
    List<Rule> rules = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (String spec : specs) {
      String shown = InputText.printable(spec);
      if (spec == null || spec.isBlank()) {
        throw new InvalidRewriteException("git rewrite '" + shown + "': empty; expected FROM=TO");
      }
      if (!spec.equals(InputText.printable(spec))) {
        throw new InvalidRewriteException(
            "git rewrite '" + shown + "': contains control characters");
      }
      int eq = spec.indexOf('=');
      if (eq < 0) {
        throw new InvalidRewriteException("git rewrite '" + shown + "': no '='; expected FROM=TO");
      }
      String from = spec.substring(0, eq).strip();
      String to = spec.substring(eq + 1).strip();
      if (from.isEmpty()) {
        throw new InvalidRewriteException("git rewrite '" + shown + "': FROM is empty");
      }
      if (to.isEmpty()) {
        throw new InvalidRewriteException("git rewrite '" + shown + "': TO is empty");
      }
      if (to.startsWith("-")) {
        throw new InvalidRewriteException("git rewrite '" + shown + "': TO starts with '-'");
      }
      String previous = seen.putIfAbsent(from, to);
      if (previous != null && !previous.equals(to)) {
        throw new InvalidRewriteException(
            "git rewrite '"
                + shown
                + "': FROM '"
                + from
                + "' is already rewritten to '"
                + InputText.printable(previous)
                + "'");
      }
      rules.add(new Rule(from, to));
    }
    return new UrlRewrites(rules);
  }

  public List<Rule> rules() {
    return rules;
  }

  /** The rewritten URL, or empty when no rule matches. */
  public Optional<String> rewrite(String url) {
    Rule best = null;
    for (Rule r : rules) {
      if (url.startsWith(r.from()) && (best == null || r.from().length() > best.from().length())) {
        best = r;
      }
    }
    return best == null
        ? Optional.empty()
        : Optional.of(best.to() + url.substring(best.from().length()));
  }
}
