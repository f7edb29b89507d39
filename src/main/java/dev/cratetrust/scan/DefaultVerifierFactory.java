package dev.cratetrust.scan;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.git.FetchProgress;
import dev.cratetrust.git.Repositories;
import dev.cratetrust.git.RepositoryCache;
import dev.cratetrust.git.UrlRewrites;
import dev.cratetrust.provenance.ProvenanceChecker;
import dev.cratetrust.registry.Registry;
import dev.cratetrust.registry.RegistryChoice;
import dev.cratetrust.signals.CrateSignals;
import dev.cratetrust.store.SignalRecord;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.verify.CrateVerifier;
import dev.cratetrust.verify.Verification;
import java.nio.file.Files;
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
public final class DefaultVerifierFactory implements JobVerifierFactory {
  private final Clock clock;

  public DefaultVerifierFactory() {
    this(Clock.systemUTC());
  }

  public DefaultVerifierFactory(Clock clock) {
    this.clock = clock;
  }

  @Override
  public JobVerifier open(VerifierSettings settings) throws BadInputException {
    UrlRewrites rewrites =
        UrlRewrites.parse(
            settings.gitRewrites().stream().map(r -> r.from() + "=" + r.to()).toList());
    Repositories repositories =
        Repositories.withDefaults(
            new RepositoryCache(settings.cacheDir().resolve("git")),
            rewrites,
            FetchProgress.none());
    Registry registry = registry(settings.index());
    String origin = settings.registryOrigin();
    CrateVerifier verifier =
        new CrateVerifier(
                Optional.of(registry), repositories, new ProvenanceChecker(), clock, false)
            .withRegistryOrigin(origin);
    return new Adapter(verifier, origin);
  }

  /** The scan's registry; a scan never asks the registry's web API. */
  private static Registry registry(Optional<String> index) throws BadInputException {
    return new RegistryChoice(index, Optional.empty(), true).open();
  }

  /**
   * Runs one scan target through the single-crate verifier; results of vendored folders are stored
   * under the {@code vendor} origin, with the signals {@code cratetrust verify} stores.
   */
  private record Adapter(CrateVerifier verifier, String registryOrigin) implements JobVerifier {
    @Override
    public String version() {
      return CrateVerifier.VERIFIER_VERSION;
    }

    @Override
    public Result verify(ScanTarget target) throws UnavailableException, BadInputException {
      Verification v =
          switch (target.source()) {
            case ScanSource.Registry r -> verifier.verifyPublished(target.id(), Optional.empty());
            case ScanSource.Vendored d -> vendored(d);
          };
      VerificationRecord record = v.toRecord();
      if (target.source() instanceof ScanSource.Vendored) {
        record =
            record.keyedBy(
                VerificationRecord.VENDOR, record.archiveSha256(), record.repositoryOverride());
      }
      return new Result(
          record,
          Optional.of(
              new SignalRecord(
                  v.report().crate(), CrateSignals.SIGNALS_VERSION, v.signals(), v.verifiedAt())));
    }

    private Verification vendored(ScanSource.Vendored d)
        throws UnavailableException, BadInputException {
      if (!Files.isDirectory(d.dir())) {
        throw new VendorFolderMissingException(
            "verify vendored crate "
                + d.dir()
                + ": no such folder on this host; a vendored crate is verified only on the host"
                + " that queued it");
      }
      return verifier.verifyDirectory(d.dir(), Optional.empty());
    }
  }

  /** A queued vendored folder is not on this host: the job can never run here. */
  static final class VendorFolderMissingException extends BadInputException {
    private static final long serialVersionUID = 1L;

    VendorFolderMissingException(String message) {
      super(message);
    }
  }
}
