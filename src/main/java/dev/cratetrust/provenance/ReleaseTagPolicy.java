package dev.cratetrust.provenance;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a tag is this crate version's release tag: the tag must name the version in a
 * style {@link ReleaseTags} knows, and a name prefix must identify this crate, not another package
 * of the same repository.
 *
 * <p>The rule: an unprefixed tag ({@code v1.2.3}) is accepted, since it names the version and
 * nothing else. A prefix is accepted when it is the crate's name or a respelling of it ({@code -}
 * and {@code _} swapped or removed: {@code md5-v0.9.1} for {@code md-5}). A shortened or extended
 * form is accepted only when no other package in the repository at the commit could claim it: a
 * leading or trailing run of the name's {@code -}/{@code _} parts ({@code core-0.8.5} for {@code
 * parking_lot_core}, {@code derive-v1.0.0} for {@code foo-derive}), the name without {@code -rs},
 * {@code -rust} or {@code -sys}, the name with {@code -rs}, or the package folder (its path or last
 * part: {@code crates/foo/v1.2.3}, {@code registry-v1.4.0} for a crate in {@code registry/}). A
 * prefix that is another package's name ({@code bar-v1.0.0} for {@code foo}), fits another package
 * too ({@code derive-v1.0.0} where {@code foo-derive} and {@code bar-derive} live together), or
 * names nothing of this crate ({@code nightly}, {@code release-candidate}) is rejected, whatever
 * the commit's {@code Cargo.toml} says.
 *
 * <p>It does not show who made the tag, and a shortened prefix is judged only against the packages
 * the caller lists.
 */
public final class ReleaseTagPolicy {
  private final String name;
  private final CrateVersion version;
  private final Set<String> strong;
  private final Set<String> weak;

  /**
   * A package found in the repository at the commit.
   *
   * @param name its {@code package.name}
   * @param folder its folder in the repository, "" at the root
   */
  public record Package(String name, String folder) {}

  /**
   * The decision for one tag.
   *
   * @param style the accepted style, empty when the tag is not this version's release tag
   * @param why a neutral sentence saying why
   */
  public record Verdict(String tag, Optional<String> style, String why) {
    public boolean accepted() {
      return style.isPresent();
    }
  }

  /**
   * @param folder the crate's package folder in the repository ("" at the root, or unknown)
   */
  public ReleaseTagPolicy(CrateName name, CrateVersion version, String folder) {
    this.name = name.lowercase();
    this.version = version;
    this.strong = strongForms(this.name);
    this.weak = weakForms(this.name, folder);
    this.weak.removeAll(strong);
  }

  /**
   * Whether judging {@code tag} depends on the repository's other packages: it reads as this
   * version with a prefix that is not the crate's own name or a respelling of it (a shortened
   * prefix must fit no other package; any other prefix is reported with the package it names).
   */
  public boolean needsPackages(String tag) {
    List<ReleaseTags.Reading> readings = ReleaseTags.read(tag, version);
    boolean settled =
        readings.stream().anyMatch(r -> r.prefix().isEmpty() || strong.contains(r.prefix()));
    return !settled && !readings.isEmpty();
  }

  /**
   * Judges {@code tag}.
   *
   * @param packages the packages of the repository at the commit (this crate may be among them)
   * @param complete whether {@code packages} lists them all; when not, a shortened prefix is not
   *     accepted
   */
  public Verdict judge(String tag, List<Package> packages, boolean complete) {
    List<ReleaseTags.Reading> readings = ReleaseTags.read(tag, version);
    if (readings.isEmpty()) {
      return new Verdict(
          tag, Optional.empty(), "does not name version " + version + " in a known style");
    }
    List<String> rejections = new ArrayList<>();
    for (ReleaseTags.Reading r : readings) {
      String p = r.prefix();
      if (p.isEmpty() || strong.contains(p)) {
        return new Verdict(tag, Optional.of(r.style()), "names version " + version);
      }
      Optional<Package> owner = owner(p, packages);
      Optional<Package> claimant = claimant(p, packages);
      if (owner.isPresent()) {
        rejections.add("prefix '" + show(p) + "' names package " + describe(owner.get()));
      } else if (weak.contains(p) && claimant.isEmpty() && complete) {
        return new Verdict(
            tag,
            Optional.of(r.style()),
            "names version "
                + version
                + " with prefix '"
                + show(p)
                + "', which fits no other package");
      } else if (claimant.isPresent()) {
        rejections.add(
            "prefix '"
                + show(p)
                + "' "
                + (weak.contains(p) ? "also fits" : "fits")
                + " package "
                + describe(claimant.get())
                + (weak.contains(p) ? "" : ", not this crate"));
      } else if (weak.contains(p)) {
        rejections.add(
            "prefix '"
                + show(p)
                + "' is a shortened name, and the repository's packages could not all be read");
      } else {
        rejections.add("prefix '" + show(p) + "' does not name this crate");
      }
    }
    return new Verdict(tag, Optional.empty(), String.join("; ", rejections));
  }

  /** Another package whose name or respelling is {@code prefix}. */
  private Optional<Package> owner(String prefix, List<Package> packages) {
    for (Package pkg : packages) {
      String n = pkg.name().toLowerCase(Locale.ROOT);
      if (!isThisCrate(n) && strongForms(n).contains(prefix)) {
        return Optional.of(pkg);
      }
    }
    return Optional.empty();
  }

  /** Another package that {@code prefix} could also stand for. */
  private Optional<Package> claimant(String prefix, List<Package> packages) {
    for (Package pkg : packages) {
      String n = pkg.name().toLowerCase(Locale.ROOT);
      if (isThisCrate(n)) {
        continue;
      }
      if (strongForms(n).contains(prefix) || weakForms(n, pkg.folder()).contains(prefix)) {
        return Optional.of(pkg);
      }
    }
    return Optional.empty();
  }

  private boolean isThisCrate(String otherName) {
    return otherName.replace('-', '_').equals(name.replace('-', '_'));
  }

  private static String describe(Package p) {
    return "'"
        + InputText.printable(p.name())
        + "'"
        + (p.folder().isEmpty()
            ? " (repository root)"
            : " (" + InputText.printable(p.folder()) + ")");
  }

  private static String show(String prefix) {
    return InputText.printable(prefix);
  }

  private static Set<String> strongForms(String n) {
    Set<String> s = new LinkedHashSet<>();
    s.add(n);
    s.add(n.replace('-', '_'));
    s.add(n.replace('_', '-'));
    s.add(n.replace("-", "").replace("_", ""));
    return s;
  }

  private static Set<String> weakForms(String n, String folder) {
    Set<String> s = new LinkedHashSet<>();
    for (String suffix : List.of("-rs", "_rs", "-rust", "_rust", "-sys", "_sys")) {
      if (n.endsWith(suffix) && n.length() > suffix.length()) {
        s.addAll(strongForms(n.substring(0, n.length() - suffix.length())));
      }
    }
    s.add(n + "-rs");
    s.add(n + "_rs");
    String[] parts = n.split("[-_]");
    for (int k = 1; k < parts.length; k++) {
      List<String> head = List.of(parts).subList(0, k);
      List<String> tail = List.of(parts).subList(k, parts.length);
      for (List<String> run : List.of(head, tail)) {
        if (run.stream().anyMatch(String::isEmpty)) {
          continue;
        }
        s.add(String.join("-", run));
        s.add(String.join("_", run));
      }
    }
    if (folder != null && !folder.isEmpty()) {
      s.add(folder.toLowerCase(Locale.ROOT));
      String last = folder.substring(folder.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
      if (!last.isEmpty()) {
        s.addAll(strongForms(last));
      }
    }
    return s;
  }
}
