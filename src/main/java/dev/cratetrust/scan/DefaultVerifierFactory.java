package dev.cratetrust.scan;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.git.FetchProgress;
import dev.cratetrust.git.Repositories;
import dev.cratetrust.git.RepositoryCache;
import dev.cratetrust.git.UrlRewrites;
import dev.cratetrust.provenance.ProvenanceChecker;
import dev.cratetrust.registry.ArchiveLimits;
import dev.cratetrust.registry.Registry;
import dev.cratetrust.registry.RegistryHttp;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.verify.CrateVerifier;
import dev.cratetrust.verify.Verification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The verifier {@code cratetrust scan} and {@code worker} use: the single-crate verifier of {@code
 * cratetrust verify}, downloading from the configured index (default crates.io, the static CDN via
 * the index's {@code dl}) and sharing one repository cache across all jobs.
 *
 * <p>Scans do not call the registry's web API (one request per crate would break crates.io's
 * crawler policy), so trusted-publishing data is not checked here.
 */
public final class DefaultVerifierFactory implements CrateVerifierFactory {
  private final Clock clock;

  public DefaultVerifierFactory() {
    this(Clock.systemUTC());
  }

  public DefaultVerifierFactory(Clock clock) {
    this.clock = clock;
  }

  @Override
  public dev.cratetrust.scan.CrateVerifier open(VerifierSettings settings)
      throws BadInputException {
    UrlRewrites rewrites =
        UrlRewrites.parse(
            settings.gitRewrites().stream().map(r -> r.from() + "=" + r.to()).toList());
    Repositories repositories =
        Repositories.withDefaults(
            new RepositoryCache(settings.cacheDir().resolve("git")),
            rewrites,
            FetchProgress.none());
    Registry registry = registry(settings.index());
    CrateVerifier verifier =
        new CrateVerifier(
            Optional.of(registry), repositories, new ProvenanceChecker(), clock, false);
    return new Adapter(verifier);
  }

  private static Registry registry(Optional<String> index) throws BadInputException {
    ArchiveLimits limits = ArchiveLimits.defaults();
    if (index.isEmpty()) {
      return Registry.cratesIo(RegistryHttp.defaults());
    }
    String i = index.get();
    if (!i.startsWith("sparse+") && Files.isDirectory(Path.of(i))) {
      return Registry.local(Path.of(i), limits);
    }
    return Registry.sparse(i, Optional.empty(), RegistryHttp.defaults(), limits);
  }

  /** Runs one scan target through the single-crate verifier. */
  private record Adapter(CrateVerifier verifier) implements dev.cratetrust.scan.CrateVerifier {
    @Override
    public String version() {
      return CrateVerifier.VERIFIER_VERSION;
    }

    @Override
    public VerificationRecord verify(ScanTarget target)
        throws UnavailableException, BadInputException {
      Verification v =
          switch (target.source()) {
            case ScanSource.Registry r -> verifier.verifyPublished(target.id(), Optional.empty());
            case ScanSource.Vendored d -> verifier.verifyDirectory(d.dir(), Optional.empty());
          };
      return v.toRecord();
    }
  }
}
