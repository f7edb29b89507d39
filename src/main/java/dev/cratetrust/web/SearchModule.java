package dev.cratetrust.web;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.signals.LookAlikeNames;
import dev.cratetrust.store.CratePages;
import dev.cratetrust.store.StoreException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Search by crate name ({@code /search?q=} and {@code /api/v1/search?q=}): names starting with the
 * query, the popular crate the query looks like, and known names that look like the query, each
 * look-alike with a warning (the {@code signals} look-alike rules). A resemblance is a reason to
 * check a name, not proof of typosquatting.
 */
final class SearchModule implements SiteModule {
  static final int MAX_RESULTS = 50;
  static final int MAX_COMPARED = 50_000;
  private static final Pattern QUERY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** How results are ordered. */
  enum Sort {
    NAME,
    LENGTH
  }

  /** A matching name, with the popular crate it resembles if any. */
  record Match(String name, Optional<LookAlikeNames.Match> lookAlike) {}

  /** A search's outcome. */
  record Result(
      String query,
      List<Match> matches,
      Optional<LookAlikeNames.Match> queryLooksLike,
      List<String> lookAlikesOfQuery,
      boolean popularNamesKnown) {}

  @Override
  public void register(RoutesConfig routes, SiteContext context) {
    routes.get("/search", ctx -> page(ctx, context));
    routes.get("/api/v1/search", ctx -> api(ctx, context));
  }

  /** The query parameter, or a 400 naming what is wrong with it. */
  static Optional<String> query(Context ctx) {
    String q = ctx.queryParam("q");
    if (q == null || q.isBlank()) {
      return Optional.empty();
    }
    q = q.strip();
    if (!QUERY.matcher(q).matches()) {
      throw SiteException.badRequest(
          "invalid-query",
          "search '"
              + InputText.printable(q.length() > 80 ? q.substring(0, 80) + "..." : q)
              + "': a crate name has 1 to 64 letters, digits, '-' or '_'");
    }
    return Optional.of(q);
  }

  static Sort sort(Context ctx) {
    String s = ctx.queryParam("sort");
    if (s == null || s.isEmpty()) {
      return Sort.NAME;
    }
    for (Sort x : Sort.values()) {
      if (x.name().toLowerCase(Locale.ROOT).equals(s)) {
        return x;
      }
    }
    throw SiteException.badRequest(
        "invalid-sort",
        "sort '"
            + InputText.printable(s.length() > 40 ? s.substring(0, 40) + "..." : s)
            + "': use name or length");
  }

  static Result search(SiteContext context, String q, Sort sort) throws StoreException {
    CratePages pages = new CratePages(context.database());
    List<String> popular = pages.popularNames(CratePageData.POPULAR);
    LookAlikeNames popularLookAlikes = new LookAlikeNames(popular);
    List<Match> matches = new ArrayList<>();
    for (String n : pages.namesWithPrefix(q, MAX_RESULTS)) {
      matches.add(new Match(n, popularLookAlikes.match(n)));
    }
    if (sort == Sort.LENGTH) {
      matches.sort(
          Comparator.comparingInt((Match m) -> m.name().length()).thenComparing(Match::name));
    }
    LookAlikeNames ofQuery = new LookAlikeNames(List.of(q));
    String canonical = CrateName.problem(q) == null ? CrateName.of(q).canonical() : q;
    List<String> lookAlikes =
        pages.names(MAX_COMPARED).stream()
            .filter(n -> !CrateName.of(n).canonical().equals(canonical))
            .filter(n -> ofQuery.match(n).isPresent())
            .sorted()
            .limit(MAX_RESULTS)
            .toList();
    return new Result(q, matches, popularLookAlikes.match(q), lookAlikes, !popular.isEmpty());
  }

  private static void api(Context ctx, SiteContext context) throws StoreException {
    Optional<String> q = query(ctx);
    if (q.isEmpty()) {
      throw SiteException.badRequest("invalid-query", "search: the q parameter is missing");
    }
    Result r = search(context, q.get(), sort(ctx));
    ObjectNode o = Parsers.json().createObjectNode();
    o.put("query", r.query());
    ArrayNode m = o.putArray("matches");
    for (Match x : r.matches()) {
      ObjectNode mo = m.addObject();
      mo.put("name", x.name());
      lookAlike(mo, "lookAlike", x.lookAlike());
    }
    lookAlike(o, "lookAlike", r.queryLooksLike());
    ArrayNode la = o.putArray("lookAlikesOfQuery");
    r.lookAlikesOfQuery().forEach(la::add);
    o.put("popularNamesKnown", r.popularNamesKnown());
    Replies.json(ctx, o);
  }

  private static void lookAlike(ObjectNode o, String field, Optional<LookAlikeNames.Match> m) {
    if (m.isEmpty()) {
      o.putNull(field);
      return;
    }
    ObjectNode x = o.putObject(field);
    x.put("popular", m.get().popular());
    x.put("how", m.get().how().name().toLowerCase(Locale.ROOT));
    x.put("description", m.get().describe());
  }

  private static void page(Context ctx, SiteContext context) throws StoreException {
    Optional<String> q = query(ctx);
    Html h = new Html();
    h.element("h1", q.map(x -> "Search: " + x).orElse("Search"));
    if (q.isEmpty()) {
      h.element("p", "Type a crate name (or its beginning) in the search box.");
      Replies.html(ctx, context.layout().page("Search", Optional.empty(), h));
      return;
    }
    Result r = search(context, q.get(), sort(ctx));
    r.queryLooksLike()
        .ifPresent(
            m ->
                h.open("p", "class", "warning", "role", "note")
                    .text(
                        "Look-alike name: '"
                            + r.query()
                            + "' "
                            + m.describe()
                            + " from the popular crate ")
                    .link("/crates/" + m.popular(), m.popular())
                    .text(". Check the name before depending on it.")
                    .close("p"));
    if (!r.popularNamesKnown()) {
      h.element(
          "p",
          "Look-alike checks need the registry's download counts (cratetrust sync-dump); none are in"
              + " the store.",
          "class",
          "source");
    }
    h.element("h2", "Crates starting with '" + r.query() + "'");
    if (r.matches().isEmpty()) {
      h.element("p", "No crate in the store starts with '" + r.query() + "'.");
    } else {
      h.open("ul", "class", "results");
      for (Match m : r.matches()) {
        h.open("li").link("/crates/" + m.name(), m.name());
        m.lookAlike()
            .ifPresent(
                x ->
                    h.open("span", "class", "warning")
                        .text(
                            " look-alike: "
                                + x.describe()
                                + " from the popular crate "
                                + x.popular())
                        .close("span"));
        h.close("li");
      }
      h.close("ul");
    }
    if (!r.lookAlikesOfQuery().isEmpty()) {
      h.element("h2", "Names that look like '" + r.query() + "'");
      h.element(
          "p",
          "These names resemble '"
              + r.query()
              + "'. Typosquatting relies on such names; a resemblance alone says nothing about"
              + " the crate.",
          "class",
          "warning");
      h.open("ul", "class", "results");
      for (String n : r.lookAlikesOfQuery()) {
        h.open("li").link("/crates/" + n, n).close("li");
      }
      h.close("ul");
    }
    Replies.html(ctx, context.layout().page("Search: " + r.query(), Optional.empty(), h));
  }
}
