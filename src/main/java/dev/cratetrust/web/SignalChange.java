package dev.cratetrust.web;

import dev.cratetrust.signals.Signal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The signals that appeared in or went away from one version compared with another, grouped by what
 * a reviewer looks at first (build script, proc-macro, opaque files, dependencies, network,
 * owners).
 *
 * <p>It compares stored signal codes; a change the signals do not detect (for instance new code in
 * an ordinary source file) is not listed.
 */
public record SignalChange(List<Signal> appeared, List<Signal> wentAway) {

  public SignalChange {
    appeared = List.copyOf(appeared);
    wentAway = List.copyOf(wentAway);
  }

  /** What kind of change a signal code stands for. */
  public enum Group {
    NETWORK("network", "New network-capable code"),
    BUILD_SCRIPT("build-script", "Build script"),
    PROC_MACRO("proc-macro", "Proc-macro"),
    OPAQUE_FILES("opaque-files", "Binary or opaque files"),
    DEPENDENCIES("dependencies", "New dependencies"),
    OWNERS("owners", "Owners and publisher"),
    PROVENANCE("provenance", "Provenance"),
    OTHER("other", "Other signals");

    private final String code;
    private final String title;

    Group(String code, String title) {
      this.code = code;
      this.title = title;
    }

    public String code() {
      return code;
    }

    public String title() {
      return title;
    }

    /** The group of a signal code. */
    public static Group of(String signalCode) {
      String c = signalCode.toLowerCase(Locale.ROOT);
      if (c.endsWith("-network")) {
        return NETWORK;
      }
      if (c.startsWith("build-script")) {
        return BUILD_SCRIPT;
      }
      if (c.startsWith("proc-macro")) {
        return PROC_MACRO;
      }
      if (c.startsWith("binary-")
          || c.equals("encoded-blob")
          || c.equals("minified-code")
          || c.equals("high-entropy-literal")
          || c.equals("base64-like")) {
        return OPAQUE_FILES;
      }
      if (c.startsWith("dependency-")) {
        return DEPENDENCIES;
      }
      if (c.equals("owners-added")
          || c.equals("new-publisher")
          || c.equals("trusted-publishing-dropped")) {
        return OWNERS;
      }
      if (c.startsWith("provenance-")) {
        return PROVENANCE;
      }
      return OTHER;
    }
  }

  /** The signals of {@code after} whose code {@code before} lacks, and the reverse. */
  public static SignalChange between(List<Signal> before, List<Signal> after) {
    List<Signal> appeared = new ArrayList<>();
    List<Signal> gone = new ArrayList<>();
    for (Signal s : after) {
      if (before.stream().noneMatch(b -> b.code().equals(s.code()))) {
        appeared.add(s);
      }
    }
    for (Signal s : before) {
      if (after.stream().noneMatch(a -> a.code().equals(s.code()))) {
        gone.add(s);
      }
    }
    return new SignalChange(appeared, gone);
  }

  public boolean isEmpty() {
    return appeared.isEmpty() && wentAway.isEmpty();
  }

  /** The appeared signals by group, in the groups' order; groups with none are left out. */
  public Map<Group, List<Signal>> appearedByGroup() {
    Map<Group, List<Signal>> out = new LinkedHashMap<>();
    for (Group g : Group.values()) {
      List<Signal> in = appeared.stream().filter(s -> Group.of(s.code()) == g).toList();
      if (!in.isEmpty()) {
        out.put(g, in);
      }
    }
    return out;
  }
}
