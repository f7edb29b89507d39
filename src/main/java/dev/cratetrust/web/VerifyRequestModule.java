package dev.cratetrust.web;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.scan.ScanSource;
import dev.cratetrust.store.JobState;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.StoreException;
import dev.cratetrust.verify.CrateVerifier;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Verify on request: {@code POST /api/v1/crates/NAME/VERSION/verify} (JSON) and the Reliability
 * tab's form ({@code POST /crates/NAME/VERSION/verify}, answered with a redirect back to the tab)
 * queue a verification of the registry's crate on the scan queue, where {@code cratetrust worker}
 * processes take it. Requests are rate-limited per client address; a cross-origin form post is
 * refused; a read-only site refuses both before this module sees them.
 *
 * <p>Queuing says nothing about the crate: the verdict appears once a worker has verified it.
 */
final class VerifyRequestModule implements SiteModule {
  /** Requests one address may make at once. */
  static final int BURST = 5;

  /** One more request per address after this long. */
  static final Duration REFILL = Duration.ofSeconds(12);

  /** Queue priority of a requested verification (lower runs first; scans use download rank). */
  static final int PRIORITY = 0;

  private final int burst;
  private final Duration refill;

  VerifyRequestModule() {
    this(BURST, REFILL);
  }

  VerifyRequestModule(int burst, Duration refill) {
    this.burst = burst;
    this.refill = refill;
  }

  @Override
  public void register(RoutesConfig routes, SiteContext context) {
    RateLimiter limiter = new RateLimiter(burst, refill, context.clock());
    routes.post(
        "/api/v1/crates/{name}/{version}/verify",
        ctx -> {
          PackageId id = admit(ctx, limiter);
          Outcome o = enqueue(context, id);
          ObjectNode body = Parsers.json().createObjectNode();
          body.put("crate", id.name().value());
          body.put("version", id.version().value());
          body.put("state", o.state());
          body.put("message", o.message());
          body.put("status", "/api/v1/crates/" + id.name().value() + "/reliability");
          ctx.status(o.queued() ? 202 : 200);
          Replies.json(ctx, body);
        });
    routes.post(
        "/crates/{name}/{version}/verify",
        ctx -> {
          PackageId id = admit(ctx, limiter);
          enqueue(context, id);
          ctx.redirect(
              "/crates/" + id.name().value() + "/reliability#v-" + id.version().value(),
              io.javalin.http.HttpStatus.SEE_OTHER);
        });
  }

  private record Outcome(boolean queued, String state, String message) {}

  private static PackageId admit(Context ctx, RateLimiter limiter) {
    sameOrigin(ctx);
    PackageId id =
        new PackageId(
            CrateModule.crateName(ctx), CrateModule.crateVersion(ctx.pathParam("version")));
    if (limiter.take(ctx.ip()) instanceof RateLimiter.Decision.Refused r) {
      long seconds = Math.max(1, (r.retryAfter().toMillis() + 999) / 1000);
      ctx.header("Retry-After", String.valueOf(seconds));
      throw new SiteException(
          429,
          "rate-limited",
          "too many verification requests from this address; retry in " + seconds + " s");
    }
    return id;
  }

  /**
   * Refuses a post whose {@code Origin} names another site (a cross-site form); clients that send
   * no {@code Origin} (command-line tools) are let through.
   */
  private static void sameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return;
    }
    String host = ctx.header("Host");
    Optional<String> originHost;
    try {
      URI u = URI.create(origin);
      originHost =
          u.getHost() == null
              ? Optional.empty()
              : Optional.of(u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()));
    } catch (IllegalArgumentException e) {
      originHost = Optional.empty();
    }
    if (host == null || originHost.isEmpty() || !originHost.get().equalsIgnoreCase(host)) {
      throw new SiteException(
          403, "cross-origin", "a verification request must come from this site's own pages");
    }
  }

  private static Outcome enqueue(SiteContext context, PackageId id) throws StoreException {
    ScanJobs jobs = new ScanJobs(context.database(), ScanJobs.Policy.defaults());
    ScanJobs.EnqueueResult r =
        jobs.enqueue(
            List.of(
                new ScanJobs.NewJob(
                    id,
                    CrateVerifier.VERIFIER_VERSION,
                    new ScanSource.Registry().encode(),
                    "",
                    PRIORITY)));
    if (r.added() == 1) {
      return new Outcome(true, "pending", "queued for the workers");
    }
    if (r.alreadyVerified() == 1) {
      return new Outcome(
          false,
          "verified",
          "already verified by " + CrateVerifier.VERIFIER_VERSION + "; see the Reliability tab");
    }
    Optional<ScanJobs.JobStatus> job =
        Optional.ofNullable(ReliabilityModule.jobs(context, id.name()).get(id.version().value()));
    String state = job.map(j -> stateWord(j.state())).orElse("pending");
    return new Outcome(
        state.equals("pending") || state.equals("running"),
        state,
        "a verification of this version was already requested");
  }

  /** The word the site uses for a job state. */
  static String stateWord(JobState s) {
    return switch (s) {
      case QUEUED -> "pending";
      case RUNNING -> "running";
      case DONE -> "done";
      case DEAD -> "failed";
    };
  }
}
