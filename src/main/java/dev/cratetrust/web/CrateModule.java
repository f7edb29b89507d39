package dev.cratetrust.web;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.signals.SignalsJson;
import dev.cratetrust.store.CratePages;
import dev.cratetrust.store.StoreException;
import dev.cratetrust.trust.CheckReport;
import dev.cratetrust.trust.CheckReportFormat;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The crate page ({@code /crates/NAME}, {@code /crates/NAME/VERSION}) and its JSON twin ({@code
 * /api/v1/crates/NAME}, {@code /api/v1/crates/NAME/VERSION}). Names and versions are validated as
 * {@link CrateName} and {@link CrateVersion} before the store is asked.
 */
final class CrateModule implements SiteModule {
  @Override
  public void register(RoutesConfig routes, SiteContext context) {
    routes.get("/crates/{name}", ctx -> page(ctx, context, Optional.empty()));
    routes.get(
        "/crates/{name}/{version}",
        ctx -> page(ctx, context, Optional.of(ctx.pathParam("version"))));
    routes.get("/api/v1/crates/{name}", ctx -> api(ctx, context, Optional.empty()));
    routes.get(
        "/api/v1/crates/{name}/{version}",
        ctx -> api(ctx, context, Optional.of(ctx.pathParam("version"))));
  }

  /** The crate name in the path, or a 400 naming what is wrong with it. */
  static CrateName crateName(Context ctx) {
    return crateName(ctx.pathParam("name"));
  }

  /** {@code n} as a crate name, or a 400 naming what is wrong with it. */
  static CrateName crateName(String n) {
    String problem = CrateName.problem(n);
    if (problem != null) {
      throw SiteException.badRequest(
          "invalid-crate-name", "'" + InputText.printable(n) + "' is not a crate name: " + problem);
    }
    return CrateName.of(n);
  }

  /** The version in the path, or a 400 saying it is not SemVer. */
  static CrateVersion crateVersion(String v) {
    if (!CrateVersion.isValid(v)) {
      throw SiteException.badRequest(
          "invalid-version", "'" + InputText.printable(v) + "' is not a SemVer version");
    }
    return CrateVersion.of(v);
  }

  static CratePageData data(SiteContext context, CrateName name, Optional<String> version)
      throws StoreException {
    Optional<CrateVersion> v = version.map(CrateModule::crateVersion);
    Optional<CratePageData> d = CratePageData.load(context.database(), name, v);
    if (d.isPresent()) {
      return d.get();
    }
    if (v.isPresent() && !CratePageData.versionsOf(context.database(), name).isEmpty()) {
      throw SiteException.notFound(
          "version-not-found", "the store knows nothing about " + name + " " + v.get().value());
    }
    throw SiteException.notFound("crate-not-found", "the store knows nothing about crate " + name);
  }

  private static void page(Context ctx, SiteContext context, Optional<String> version)
      throws StoreException {
    CratePageData d = data(context, crateName(ctx), version);
    Replies.html(ctx, CratePage.render(d, context.layout()));
  }

  private static void api(Context ctx, SiteContext context, Optional<String> version)
      throws StoreException {
    Replies.json(ctx, json(data(context, crateName(ctx), version)));
  }

  /** The API document of one crate version; field names are part of the API. */
  static ObjectNode json(CratePageData d) {
    ObjectNode o = Parsers.json().createObjectNode();
    o.put("crate", d.name().value());
    o.put("version", d.version().value());
    o.put("latest", d.latest());
    ArrayNode versions = o.putArray("versions");
    d.versions().forEach(v -> versions.add(v.value()));
    ObjectNode verdict = o.putObject("verdict");
    verdict.put("class", d.verdict().cls());
    ArrayNode reasons = verdict.putArray("reasons");
    d.verdict().reasons().forEach(reasons::add);
    verdict.put("at", d.verdict().at().map(Object::toString).orElse(null));
    verdict.put("problem", d.verdict().problem().orElse(null));
    ArrayNode facts = o.putArray("facts");
    for (CrateFacts.Fact f : CrateFacts.of(d)) {
      ObjectNode fo = facts.addObject();
      fo.put("kind", f.kindCode());
      fo.put("text", f.text());
      fo.put("source", f.source());
      fo.put("date", f.date().map(Object::toString).orElse(null));
      fo.put("flag", f.flag());
    }
    if (d.report().isPresent()) {
      ObjectNode report = ((ObjectNode) d.report().get()).deepCopy();
      report.remove("signals");
      o.set("provenance", report);
    } else {
      o.putNull("provenance");
    }
    ArrayNode adv = o.putArray("advisories");
    for (CratePageData.AdvisoryFact a : d.advisories()) {
      ObjectNode ao = adv.addObject();
      ao.put("status", a.status().name().toLowerCase(Locale.ROOT));
      CheckReportFormat.advisory(ao, a.advisory(), a.source());
    }
    if (d.advisorySource().isPresent()) {
      CheckReportFormat.source(o.putObject("advisorySource"), d.advisorySource().get());
    } else {
      o.putNull("advisorySource");
    }
    ArrayNode audits = o.putArray("audits");
    d.audits().forEach(a -> CheckReportFormat.audit(audits.addObject(), a));
    ArrayNode reviews = o.putArray("reviews");
    d.reviews()
        .forEach(
            r ->
                CheckReportFormat.review(
                    reviews.addObject(),
                    new CheckReport.ReviewFact(r.proof(), r.source(), Optional.empty())));
    if (d.signals().isPresent()) {
      ObjectNode s = o.putObject("signals");
      s.put("signalsVersion", d.signals().get().signalsVersion());
      s.put("computedAt", d.signals().get().computedAt().toString());
      s.set("signals", SignalsJson.toJson(d.signals().get().signals()));
    } else {
      o.putNull("signals");
    }
    if (d.registry().isPresent()) {
      CratePages.RegistryCrate r = d.registry().get();
      ObjectNode ro = o.putObject("registry");
      ro.put("name", r.name());
      ro.put("createdAt", r.createdAt().toString());
      ro.put("downloads", r.downloads());
      ArrayNode owners = ro.putArray("owners");
      r.owners().forEach(owners::add);
      ArrayNode rel = ro.putArray("releases");
      for (CratePages.Release x : r.releases()) {
        ObjectNode xo = rel.addObject();
        xo.put("version", x.version());
        xo.put("publishedAt", x.publishedAt().toString());
        xo.put("publishedBy", x.publishedBy().orElse(null));
        xo.put("yanked", x.yanked());
      }
      ObjectNode src = ro.putObject("source");
      src.put("name", r.source());
      src.put("dumpTime", r.dumpTime().toString());
    } else {
      o.putNull("registry");
    }
    if (d.lookAlike().isPresent()) {
      ObjectNode la = o.putObject("lookAlike");
      la.put("popular", d.lookAlike().get().popular());
      la.put("how", d.lookAlike().get().how().name().toLowerCase(Locale.ROOT));
      la.put("description", d.lookAlike().get().describe());
    } else {
      o.putNull("lookAlike");
    }
    ObjectNode links = o.putObject("links");
    String n = d.name().value();
    String v = d.version().value();
    links.put("page", "/crates/" + n + "/" + v);
    links.put("badge", "/badge/" + n + "/" + v + ".svg");
    links.put("reliability", "/crates/" + n + "/reliability");
    return o;
  }
}
