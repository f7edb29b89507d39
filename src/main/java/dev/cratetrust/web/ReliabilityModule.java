package dev.cratetrust.web;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.StoreException;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.verify.CrateVerifier;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Reliability tab ({@code /crates/NAME/reliability}), the version comparison ({@code
 * /crates/NAME/compare?from=V1&to=V2}) and the tarball-versus-repository diff ({@code
 * /crates/NAME/VERSION/source-diff}), each with its JSON twin under {@code /api/v1/}.
 */
final class ReliabilityModule implements SiteModule {
  @Override
  public void register(RoutesConfig routes, SiteContext context) {
    ReliabilityData data = new ReliabilityData(context.database(), WebTrustFormats.PARSERS);
    routes.get(
        "/crates/{name}/reliability",
        ctx -> {
          CrateName name = CrateModule.crateName(ctx);
          Map<String, ScanJobs.JobStatus> jobs = jobs(context, name);
          ReliabilityTimeline t = timeline(data, name, jobs);
          Replies.html(
              ctx,
              context
                  .layout()
                  .page(
                      t.crate().value() + " reliability",
                      Optional.of(t.crate()),
                      ReliabilityPages.timeline(t, jobs, context.readOnly())));
        });
    routes.get(
        "/api/v1/crates/{name}/reliability",
        ctx -> {
          CrateName name = CrateModule.crateName(ctx);
          Map<String, ScanJobs.JobStatus> jobs = jobs(context, name);
          Replies.json(ctx, ReliabilityJson.timeline(timeline(data, name, jobs), jobs));
        });
    routes.get(
        "/crates/{name}/compare",
        ctx -> {
          Compared c = compare(data, ctx);
          Replies.html(
              ctx,
              context
                  .layout()
                  .page(
                      c.timeline().crate().value()
                          + " "
                          + c.from().version()
                          + " vs "
                          + c.to().version(),
                      Optional.of(c.timeline().crate()),
                      ReliabilityPages.comparison(
                          c.timeline().crate().value(), c.timeline(), c.from(), c.to(), c.step())));
        });
    routes.get(
        "/api/v1/crates/{name}/compare",
        ctx -> {
          Compared c = compare(data, ctx);
          Replies.json(ctx, ReliabilityJson.comparison(c.from(), c.to(), c.step()));
        });
    routes.get(
        "/crates/{name}/{version}/source-diff",
        ctx -> {
          SourceDiff d = sourceDiff(context, ctx);
          Replies.html(
              ctx,
              context
                  .layout()
                  .page(
                      d.id() + " tarball vs repository",
                      Optional.of(d.id().name()),
                      ReliabilityPages.sourceDiff(d)));
        });
    routes.get(
        "/api/v1/crates/{name}/{version}/source-diff",
        ctx -> Replies.json(ctx, ReliabilityJson.sourceDiff(sourceDiff(context, ctx))));
  }

  private record Compared(
      ReliabilityTimeline timeline,
      ReliabilityTimeline.Entry from,
      ReliabilityTimeline.Entry to,
      ReliabilityTimeline.Step step) {}

  private static ReliabilityTimeline timeline(ReliabilityData data, CrateName name)
      throws StoreException {
    return timeline(data, name, Map.of());
  }

  private static ReliabilityTimeline timeline(
      ReliabilityData data, CrateName name, Map<String, ScanJobs.JobStatus> jobs)
      throws StoreException {
    return data.timeline(name, jobs.values().stream().map(j -> j.id().version()).toList())
        .orElseThrow(
            () ->
                SiteException.notFound(
                    "crate-not-found", "no version of crate " + name + " is stored"));
  }

  private static Compared compare(ReliabilityData data, Context ctx) throws StoreException {
    CrateName name = CrateModule.crateName(ctx);
    CrateVersion from = CrateModule.crateVersion(query(ctx, "from"));
    CrateVersion to = CrateModule.crateVersion(query(ctx, "to"));
    ReliabilityTimeline t = timeline(data, name);
    ReliabilityTimeline.Entry a = entry(t, from);
    ReliabilityTimeline.Entry b = entry(t, to);
    return new Compared(t, a, b, ReliabilityTimeline.step(a.facts(), b.facts()));
  }

  private static ReliabilityTimeline.Entry entry(ReliabilityTimeline t, CrateVersion v) {
    return t.entry(v)
        .orElseThrow(
            () ->
                SiteException.notFound(
                    "version-not-found", "version " + v + " of " + t.crate() + " is not stored"));
  }

  private static SourceDiff sourceDiff(SiteContext context, Context ctx) throws StoreException {
    PackageId id =
        new PackageId(
            CrateModule.crateName(ctx), CrateModule.crateVersion(ctx.pathParam("version")));
    VerificationRecord record =
        new VerificationResults(context.database())
            .ofCrate(id.name()).stream()
                .filter(
                    r ->
                        r.id().equals(id)
                            && VerificationRecord.isRegistry(r.origin())
                            && r.repositoryOverride().isEmpty())
                .findFirst()
                .orElseThrow(
                    () ->
                        SiteException.notFound(
                            "verification-not-found", "no verification of " + id + " is stored"));
    return SourceDiff.of(record)
        .orElseThrow(
            () ->
                new SiteException(
                    500,
                    "report-unreadable",
                    "the stored verification report of " + id + " does not parse"));
  }

  /** The latest verification request of each version (this verifier's first), by version. */
  static Map<String, ScanJobs.JobStatus> jobs(SiteContext context, CrateName name)
      throws StoreException {
    Map<String, ScanJobs.JobStatus> out = new HashMap<>();
    for (ScanJobs.JobStatus j :
        new ScanJobs(context.database(), ScanJobs.Policy.defaults()).ofCrate(name)) {
      String v = j.id().version().value();
      ScanJobs.JobStatus seen = out.get(v);
      if (seen == null
          || (!seen.verifierVersion().equals(CrateVerifier.VERIFIER_VERSION)
              && j.verifierVersion().equals(CrateVerifier.VERIFIER_VERSION))) {
        out.put(v, j);
      }
    }
    return out;
  }

  private static String query(Context ctx, String param) {
    String v = ctx.queryParam(param);
    if (v == null || v.isEmpty()) {
      throw SiteException.badRequest(
          "missing-parameter", "the comparison needs query parameters 'from' and 'to'");
    }
    return v;
  }
}
