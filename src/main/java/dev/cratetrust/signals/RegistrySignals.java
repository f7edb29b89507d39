package dev.cratetrust.signals;

import dev.cratetrust.crates.InputText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Signals from registry metadata: young crates, releases after long silence, changed owners or
 * publisher, burst publishing, yanked versions, look-alike names and new dependencies on young or
 * little-used crates.
 *
 * <p>Each is a dated fact about accounts and names; none says who controls an account or why.
 */
final class RegistrySignals {
  static final Duration RECENT = Duration.ofDays(30);
  static final Duration DORMANCY = Duration.ofDays(730);
  static final int MASS_PUBLISHING = 10;
  static final long LITTLE_USED_DOWNLOADS = 2_000;

  private RegistrySignals() {}

  /**
   * @param version this crate version
   * @param crateName this crate's name
   * @param newDependencies dependency crate names added in this version (all when no previous)
   * @param hasPrevious whether the dependencies were compared with a previous version
   */
  static List<Signal> signals(
      RegistryFacts facts,
      String crateName,
      String version,
      Set<String> newDependencies,
      boolean hasPrevious,
      Clock clock) {
    List<Signal> out = new ArrayList<>();
    Instant now = clock.instant();
    facts
        .crateCreatedAt()
        .ifPresent(
            created -> {
              Duration age = Duration.between(created, now);
              if (!age.isNegative() && age.compareTo(RECENT) < 0) {
                out.add(
                    Signal.of(
                        "crate-recently-created",
                        Severity.NOTICE,
                        "crate was first published " + days(age) + " ago, on " + created,
                        Evidence.ofField("crate.created_at", created.toString())));
              }
            });
    Optional<RegistryFacts.Release> self =
        facts.releases().stream().filter(r -> r.version().equals(version)).findFirst();
    Optional<RegistryFacts.Release> previous = self.flatMap(s -> previousRelease(facts, s));
    self.ifPresent(
        s -> {
          if (s.yanked()) {
            out.add(
                Signal.of(
                    "version-yanked",
                    Severity.NOTICE,
                    "this version was yanked from the registry",
                    Evidence.ofField("version.yanked", "true")));
          }
        });
    if (self.isPresent() && previous.isPresent()) {
      RegistryFacts.Release s = self.get();
      RegistryFacts.Release p = previous.get();
      Duration gap = Duration.between(p.publishedAt(), s.publishedAt());
      if (gap.compareTo(DORMANCY) >= 0) {
        out.add(
            Signal.of(
                "version-after-dormancy",
                Severity.NOTICE,
                "this version was published "
                    + days(gap)
                    + " after the previous release ("
                    + p.version()
                    + ")",
                Evidence.ofField("version.created_at", s.publishedAt().toString()),
                Evidence.ofField("previous.created_at", p.publishedAt().toString())));
      }
      if (s.publishedBy().isPresent()) {
        String who = s.publishedBy().get();
        List<RegistryFacts.Release> earlier =
            facts.releases().stream()
                .filter(r -> r.publishedAt().isBefore(s.publishedAt()))
                .toList();
        boolean allKnown = earlier.stream().allMatch(r -> r.publishedBy().isPresent());
        boolean publishedBefore =
            earlier.stream().anyMatch(r -> r.publishedBy().filter(who::equals).isPresent());
        if (allKnown && !publishedBefore) {
          out.add(
              Signal.of(
                  "new-publisher",
                  Severity.NOTICE,
                  "this version was published by '"
                      + InputText.printable(who)
                      + "', who published no earlier version"
                      + p.publishedBy()
                          .map(x -> " (previous: '" + InputText.printable(x) + "')")
                          .orElse(""),
                  Evidence.ofField("version.published_by", who)));
        } else if (!allKnown && p.publishedBy().isPresent() && !p.publishedBy().get().equals(who)) {
          out.add(
              Signal.of(
                  "new-publisher",
                  Severity.NOTICE,
                  "this version was published by '"
                      + InputText.printable(who)
                      + "', not by the previous version's publisher '"
                      + InputText.printable(p.publishedBy().get())
                      + "'",
                  Evidence.ofField("version.published_by", who),
                  Evidence.ofField("previous.published_by", p.publishedBy().get())));
        }
      }
      if (p.trustedPublishing() && !s.trustedPublishing()) {
        out.add(
            Signal.of(
                "trusted-publishing-dropped",
                Severity.NOTICE,
                "the previous version was uploaded with Trusted Publishing and this one was not",
                Evidence.ofField("version.trustpub_data", "absent"),
                Evidence.ofField("previous.trustpub_data", "present")));
      }
    }
    facts
        .previousOwners()
        .ifPresent(
            prev -> {
              Set<String> added = new LinkedHashSet<>(facts.owners());
              added.removeAll(prev);
              if (!added.isEmpty()) {
                out.add(
                    new Signal(
                        "owners-added",
                        Severity.NOTICE,
                        "crate owners added since the previous version: " + printable(added),
                        added.stream().map(o -> Evidence.ofField("owners", o)).toList()));
              }
            });
    facts
        .publisherActivity()
        .ifPresent(
            a -> {
              if (a.newCrates() >= MASS_PUBLISHING) {
                out.add(
                    Signal.of(
                        "mass-publishing",
                        Severity.NOTICE,
                        "publisher '"
                            + InputText.printable(a.publisher())
                            + "' created "
                            + a.newCrates()
                            + " new crates in "
                            + days(a.window()),
                        Evidence.ofField("publisher.new_crates", Integer.toString(a.newCrates()))));
              }
            });
    LookAlikeNames names = new LookAlikeNames(facts.popularCrates());
    if (!facts.popularCrates().isEmpty()) {
      names
          .match(crateName)
          .ifPresent(
              m ->
                  out.add(
                      Signal.of(
                          "look-alike-name",
                          Severity.NOTICE,
                          "name is similar to the popular crate '"
                              + m.popular()
                              + "': it "
                              + m.describe(),
                          Evidence.ofField("crate.name", crateName))));
    }
    dependencies(facts, newDependencies, hasPrevious, now, names, out);
    return out;
  }

  private static void dependencies(
      RegistryFacts facts,
      Set<String> newDeps,
      boolean hasPrevious,
      Instant now,
      LookAlikeNames names,
      List<Signal> out) {
    Map<String, RegistryFacts.DependencyFacts> byName = new HashMap<>();
    for (RegistryFacts.DependencyFacts d : facts.dependencies()) {
      byName.put(LookAlikeNames.canonical(d.name()), d);
    }
    String what = hasPrevious ? "new dependency" : "dependency";
    List<Evidence> young = new ArrayList<>();
    List<Evidence> little = new ArrayList<>();
    List<Evidence> freshLookAlike = new ArrayList<>();
    List<Evidence> lookAlike = new ArrayList<>();
    List<String> freshLookAlikeText = new ArrayList<>();
    List<String> lookAlikeText = new ArrayList<>();
    for (String dep : newDeps) {
      RegistryFacts.DependencyFacts d = byName.get(LookAlikeNames.canonical(dep));
      boolean isYoung = false;
      boolean isLittle = false;
      if (d != null) {
        Optional<Instant> created = d.createdAt();
        if (created.isPresent() && Duration.between(created.get(), now).compareTo(RECENT) < 0) {
          isYoung = true;
          young.add(Evidence.ofField("dependencies." + dep, "first published " + created.get()));
        }
        if (d.downloads().isPresent() && d.downloads().getAsLong() < LITTLE_USED_DOWNLOADS) {
          isLittle = true;
          little.add(
              Evidence.ofField("dependencies." + dep, d.downloads().getAsLong() + " downloads"));
        }
      }
      Optional<LookAlikeNames.Match> m =
          facts.popularCrates().isEmpty() ? Optional.empty() : names.match(dep);
      if (m.isPresent()) {
        String text = "'" + dep + "' (like '" + m.get().popular() + "')";
        Evidence ev =
            Evidence.ofField(
                "dependencies." + dep,
                "similar to '" + m.get().popular() + "': " + m.get().describe());
        if (isYoung || isLittle) {
          freshLookAlike.add(ev);
          freshLookAlikeText.add(text);
        } else {
          lookAlike.add(ev);
          lookAlikeText.add(text);
        }
      }
    }
    if (!freshLookAlike.isEmpty()) {
      out.add(
          new Signal(
              "dependency-fresh-look-alike",
              Severity.WARNING,
              what
                  + " on a young or little-used crate whose name resembles a popular crate: "
                  + String.join(", ", freshLookAlikeText),
              freshLookAlike));
    }
    if (!lookAlike.isEmpty()) {
      out.add(
          new Signal(
              "dependency-look-alike",
              Severity.NOTICE,
              what + " whose name resembles a popular crate: " + String.join(", ", lookAlikeText),
              lookAlike));
    }
    if (!young.isEmpty()) {
      out.add(
          new Signal(
              "dependency-recently-created",
              Severity.NOTICE,
              OpaqueContentScanner.count(young.size(), what)
                  + " on crates first published less than "
                  + days(RECENT)
                  + " ago",
              young));
    }
    if (!little.isEmpty()) {
      out.add(
          new Signal(
              "dependency-little-used",
              Severity.NOTICE,
              OpaqueContentScanner.count(little.size(), what)
                  + " on crates with fewer than "
                  + LITTLE_USED_DOWNLOADS
                  + " downloads",
              little));
    }
  }

  private static Optional<RegistryFacts.Release> previousRelease(
      RegistryFacts facts, RegistryFacts.Release self) {
    Comparator<RegistryFacts.Release> byDate =
        Comparator.comparing(RegistryFacts.Release::publishedAt);
    return facts.releases().stream()
        .filter(r -> r != self && r.publishedAt().isBefore(self.publishedAt()))
        .filter(r -> !isPrerelease(r.version()) || isPrerelease(self.version()))
        .max(byDate);
  }

  private static boolean isPrerelease(String v) {
    return v.split("\\+", 2)[0].contains("-");
  }

  private static String printable(Set<String> s) {
    return String.join(", ", s.stream().map(x -> "'" + InputText.printable(x) + "'").toList());
  }

  static String days(Duration d) {
    long n = d.toDays();
    return n == 1 ? "1 day" : n + " days";
  }
}
