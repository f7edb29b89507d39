package dev.cratetrust.trust;

import dev.cratetrust.trust.CrevProof.Level;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * The crev web of trust seen from reader-chosen root ids, computed as crev-wot does: each trust
 * edge costs distance by level (high 0, medium 1, low 5 by default), paths longer than the maximum
 * distance (10) are cut, a node's effective level is the best over paths of the weakest edge on the
 * path, {@code none} revokes, the newest proof per author and target wins, and an id distrusted by
 * anyone in the web is removed and the web recomputed without it.
 *
 * <p>Being in the web means someone the reader trusts vouched for the id; it says nothing about the
 * quality of that id's reviews.
 */
public final class CrevWebOfTrust {
  /** Distance costs and limit. */
  public record Params(int maxDistance, int highCost, int mediumCost, int lowCost) {
    public static final Params DEFAULTS = new Params(10, 0, 1, 5);

    Optional<Integer> cost(Level level) {
      return switch (level) {
        case HIGH -> Optional.of(highCost);
        case MEDIUM -> Optional.of(mediumCost);
        case LOW -> Optional.of(lowCost);
        case NONE, DISTRUST -> Optional.empty();
      };
    }
  }

  /** One id in the web, with its effective level, distance and one shortest path from a root. */
  public record Trusted(String id, Level level, int distance, List<String> path) {
    public Trusted {
      path = List.copyOf(path);
    }
  }

  /** The web: trusted ids, and distrusted ids with who distrusted them. */
  public record Web(Map<String, Trusted> trusted, Map<String, Set<String>> distrustedBy) {
    public Web {
      trusted = Map.copyOf(trusted);
      distrustedBy = Map.copyOf(distrustedBy);
    }

    public Optional<Trusted> get(String id) {
      return Optional.ofNullable(trusted.get(id));
    }
  }

  private CrevWebOfTrust() {}

  /** Computes the web from {@code roots} over signature-verified {@code proofs}. */
  public static Web compute(Set<String> roots, List<CrevProof.Trust> proofs, Params params) {
    Map<String, Map<String, Edge>> edges = latestEdges(proofs);
    Set<String> banned = new HashSet<>();
    while (true) {
      Map<String, Trusted> trusted = new LinkedHashMap<>();
      Map<String, Set<String>> distrusted = new HashMap<>();
      PriorityQueue<Trusted> queue =
          new PriorityQueue<>(
              Comparator.comparingInt(Trusted::distance)
                  .thenComparing(Trusted::level, Comparator.reverseOrder()));
      for (String r : roots) {
        queue.add(new Trusted(r, Level.HIGH, 0, List.of(r)));
      }
      while (!queue.isEmpty()) {
        Trusted t = queue.poll();
        Trusted seen = trusted.get(t.id());
        if (seen != null && seen.level().compareTo(t.level()) >= 0) {
          continue;
        }
        trusted.put(
            t.id(),
            seen == null
                ? t
                : new Trusted(
                    t.id(), t.level(), Math.min(seen.distance(), t.distance()), t.path()));
        for (Edge e : edges.getOrDefault(t.id(), Map.of()).values()) {
          if (e.level() == Level.DISTRUST) {
            distrusted.computeIfAbsent(e.target(), k -> new TreeSet<>()).add(t.id());
            continue;
          }
          Optional<Integer> cost = params.cost(e.level());
          if (cost.isEmpty() || banned.contains(e.target()) || roots.contains(e.target())) {
            continue;
          }
          int d = t.distance() + cost.get();
          if (d > params.maxDistance()) {
            continue;
          }
          Level effective = e.level().compareTo(t.level()) < 0 ? e.level() : t.level();
          List<String> path = new ArrayList<>(t.path());
          path.add(e.target());
          queue.add(new Trusted(e.target(), effective, d, path));
        }
      }
      Set<String> newlyBanned = new HashSet<>();
      for (String id : distrusted.keySet()) {
        if (!roots.contains(id) && !banned.contains(id) && trusted.containsKey(id)) {
          newlyBanned.add(id);
        }
      }
      if (newlyBanned.isEmpty()) {
        distrusted.keySet().forEach(trusted::remove);
        roots.forEach(
            r -> {
              if (!trusted.containsKey(r)) {
                trusted.put(r, new Trusted(r, Level.HIGH, 0, List.of(r)));
              }
            });
        return new Web(trusted, distrusted);
      }
      banned.addAll(newlyBanned);
    }
  }

  private record Edge(String target, Level level, String date) {}

  /** Per author and target, the newest trust proof's level. */
  private static Map<String, Map<String, Edge>> latestEdges(List<CrevProof.Trust> proofs) {
    Map<String, Map<String, Edge>> out = new HashMap<>();
    for (CrevProof.Trust p : proofs) {
      Map<String, Edge> byTarget = out.computeIfAbsent(p.authorId(), k -> new HashMap<>());
      for (String id : p.ids()) {
        if (id.equals(p.authorId())) {
          continue;
        }
        Edge old = byTarget.get(id);
        if (old == null || newer(p.date(), old.date())) {
          byTarget.put(id, new Edge(id, p.level(), p.date()));
        }
      }
    }
    return out;
  }

  private static boolean newer(String a, String b) {
    try {
      return OffsetDateTime.parse(a).isAfter(OffsetDateTime.parse(b));
    } catch (DateTimeParseException e) {
      return a.compareTo(b) > 0;
    }
  }

  /** crev's verification outcome for one crate version. */
  public enum Verdict {
    /** A reviewer in the web rated the version negative or dangerous. */
    NEGATIVE,
    /** Enough reviewers in the web rated it neutral or better. */
    VERIFIED,
    /** Not enough trusted reviews. */
    INSUFFICIENT
  }

  /**
   * Decides a version from its reviews as {@code cargo crev verify} does: any negative review from
   * the web wins, else {@code redundancy} trusted reviewers at {@code minLevel} or above with
   * rating neutral or better verify it.
   */
  public static Verdict verify(
      Web web, List<CrevProof.PackageReview> reviews, Level minLevel, int redundancy) {
    Set<String> positive = new HashSet<>();
    for (CrevProof.PackageReview r : reviews) {
      Optional<Trusted> t = web.get(r.authorId());
      if (t.isEmpty()) {
        continue;
      }
      String rating = r.rating().orElse("");
      if (rating.equals("negative") || rating.equals("dangerous")) {
        return Verdict.NEGATIVE;
      }
      boolean approves =
          rating.equals("neutral") || rating.equals("positive") || rating.equals("strong");
      if (approves && t.get().level().compareTo(minLevel) >= 0) {
        positive.add(r.authorId());
      }
    }
    return positive.size() >= redundancy ? Verdict.VERIFIED : Verdict.INSUFFICIENT;
  }
}
