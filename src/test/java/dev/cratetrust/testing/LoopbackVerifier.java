package dev.cratetrust.testing;

import dev.cratetrust.git.FetchProgress;
import dev.cratetrust.git.Repositories;
import dev.cratetrust.git.RepositoryCache;
import dev.cratetrust.git.UrlRewrites;
import dev.cratetrust.provenance.ProvenanceChecker;
import dev.cratetrust.verify.CrateVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A registry-less {@link CrateVerifier} whose git traffic for the fixtures' placeholder URLs
 * ({@link TestCrates#placeholderUrl}) goes to a loopback {@link GitHttpServer}.
 */
public final class LoopbackVerifier {
  private LoopbackVerifier() {}

  /** A verifier caching repositories under {@code tmp/cache}. */
  public static CrateVerifier of(GitHttpServer server, Path tmp)
      throws IOException, UrlRewrites.InvalidRewriteException {
    UrlRewrites rewrites =
        UrlRewrites.parse(List.of(TestCrates.placeholderUrl("") + "=" + server.baseUrl() + "/"));
    Repositories repositories =
        Repositories.withDefaults(
            new RepositoryCache(Files.createDirectories(tmp.resolve("cache"))),
            rewrites,
            FetchProgress.none());
    return new CrateVerifier(
        Optional.empty(), repositories, new ProvenanceChecker(), Clock.systemUTC(), false);
  }
}
