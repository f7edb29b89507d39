package dev.cratetrust.verify;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.crates.VcsInfo;
import dev.cratetrust.git.FetchOutcome;
import dev.cratetrust.git.JGitRepositorySnapshot;
import dev.cratetrust.git.Repositories;
import dev.cratetrust.provenance.DistributionFolder;
import dev.cratetrust.provenance.ProvenanceChecker;
import dev.cratetrust.provenance.ProvenanceInput;
import dev.cratetrust.provenance.ProvenanceReport;
import dev.cratetrust.provenance.RepositoryState;
import dev.cratetrust.provenance.TrustedPublishing;
import dev.cratetrust.registry.ArchiveLimits;
import dev.cratetrust.registry.CrateArchiveReader;
import dev.cratetrust.registry.CrateDirectoryReader;
import dev.cratetrust.registry.DirectoryLimits;
import dev.cratetrust.registry.FetchedCrate;
import dev.cratetrust.registry.Registry;
import dev.cratetrust.registry.UnpackedCrate;
import dev.cratetrust.registry.VendorChecksums;
import dev.cratetrust.registry.VersionMetadata;
import dev.cratetrust.signals.CrateSignals;
import dev.cratetrust.signals.ProvenanceFacts;
import dev.cratetrust.signals.RegistryFacts;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.signals.SignalInput;
import dev.cratetrust.store.VerificationRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies one crate version end to end: reads it (registry, {@code .crate} file or directory),
 * fetches its repository, runs the provenance check.
 *
 * <p>Failures of the network or of the repository's host (timeouts, server errors) throw {@link
 * RepositoryUnavailableException}: they say nothing about the crate. A broken link (no repository,
 * 404, credentials required) is a verdict about the crate and ends up in the report.
 */
public final class CrateVerifier {
  /** Stored with each result; bumps with the provenance checker's version. */
  public static final String VERIFIER_VERSION = "cratetrust-" + ProvenanceChecker.CHECKER_VERSION;

  private final Optional<Registry> registry;
  private final Repositories repositories;
  private final ProvenanceChecker checker;
  private final Clock clock;
  private final boolean useRegistryApi;
  private final Optional<RegistryFactsSource> registryFacts;
  private final String registryOrigin;

  /**
   * @param registry where {@link #verifyPublished} downloads from; empty for file and directory
   *     verification only
   * @param useRegistryApi whether to ask the registry's web API for trusted-publishing data (one
   *     request per crate, rate limited)
   */
  public CrateVerifier(
      Optional<Registry> registry,
      Repositories repositories,
      ProvenanceChecker checker,
      Clock clock,
      boolean useRegistryApi) {
    this(
        registry,
        repositories,
        checker,
        clock,
        useRegistryApi,
        Optional.empty(),
        VerificationRecord.CRATES_IO);
  }

  private CrateVerifier(
      Optional<Registry> registry,
      Repositories repositories,
      ProvenanceChecker checker,
      Clock clock,
      boolean useRegistryApi,
      Optional<RegistryFactsSource> registryFacts,
      String registryOrigin) {
    this.registry = registry;
    this.repositories = repositories;
    this.checker = checker;
    this.clock = clock;
    this.useRegistryApi = useRegistryApi;
    this.registryFacts = registryFacts;
    this.registryOrigin = registryOrigin;
  }

  /** This verifier, with registry metadata for the signals it computes. */
  public CrateVerifier withRegistryFacts(RegistryFactsSource source) {
    return new CrateVerifier(
        registry,
        repositories,
        checker,
        clock,
        useRegistryApi,
        Optional.of(source),
        registryOrigin);
  }

  /**
   * This verifier, recording downloads under {@code origin} ({@link VerificationRecord#CRATES_IO}
   * by default, {@link VerificationRecord#index} for another registry).
   */
  public CrateVerifier withRegistryOrigin(String origin) {
    return new CrateVerifier(
        registry, repositories, checker, clock, useRegistryApi, registryFacts, origin);
  }

  /**
   * Downloads {@code id} from the registry (checksum checked against the index) and verifies it.
   */
  public Verification verifyPublished(PackageId id, Optional<String> repositoryOverride)
      throws BadInputException, UnavailableException {
    Registry reg = registry.orElseThrow(() -> new IllegalStateException("no registry configured"));
    FetchedCrate fetched = reg.download(id);
    Optional<TrustedPublishing> tp = Optional.empty();
    if (useRegistryApi) {
      tp =
          reg.metadata(id).flatMap(VersionMetadata::trustpub).map(CrateVerifier::trustedPublishing);
    }
    return verify(
        fetched.contents(),
        fetched.source().toString(),
        registryOrigin,
        repositoryOverride,
        tp,
        Optional.empty());
  }

  /** Verifies a {@code .crate} file. */
  public Verification verifyArchive(Path crateFile, Optional<String> repositoryOverride)
      throws BadInputException, UnavailableException {
    CrateContents contents;
    try (InputStream in = Files.newInputStream(crateFile)) {
      contents =
          CrateArchiveReader.read(
              in, crateFile.toString(), Optional.empty(), ArchiveLimits.defaults());
    } catch (NoSuchFileException e) {
      throw new BadInputException("read crate " + crateFile + ": no such file");
    } catch (IOException e) {
      throw new BadInputException("read crate " + crateFile + ": " + e.getMessage(), e);
    }
    return verify(
        contents,
        crateFile.toString(),
        VerificationRecord.CRATE_FILE,
        repositoryOverride,
        Optional.empty(),
        Optional.empty());
  }

  /** Verifies an unpacked crate directory (vendored, Debian, extracted). */
  public Verification verifyDirectory(Path dir, Optional<String> repositoryOverride)
      throws BadInputException, UnavailableException {
    UnpackedCrate unpacked;
    try {
      unpacked = CrateDirectoryReader.read(dir, DirectoryLimits.defaults());
    } catch (IOException e) {
      throw new UnavailableException("read crate directory " + dir + ": " + e, e);
    }
    return verify(
        unpacked.contents(),
        dir.toString(),
        VerificationRecord.CRATE_DIR,
        repositoryOverride,
        Optional.empty(),
        unpacked.checksums(),
        DistributionFolders.of(unpacked));
  }

  /**
   * Verifies contents already read; {@code origin} is the kind of source the result is stored under
   * ({@link VerificationRecord#origin()}).
   */
  public Verification verify(
      CrateContents contents,
      String source,
      String origin,
      Optional<String> repositoryOverride,
      Optional<TrustedPublishing> trustedPublishing,
      Optional<VendorChecksums> checksums)
      throws UnavailableException, BadInputException {
    return verify(
        contents,
        source,
        origin,
        repositoryOverride,
        trustedPublishing,
        checksums,
        Optional.empty());
  }

  /** Verifies contents already read from a distribution's folder ({@code distribution}). */
  public Verification verify(
      CrateContents contents,
      String source,
      String origin,
      Optional<String> repositoryOverride,
      Optional<TrustedPublishing> trustedPublishing,
      Optional<VendorChecksums> checksums,
      Optional<DistributionFolder> distribution)
      throws UnavailableException, BadInputException {
    Optional<String> url = repositoryOverride.or(() -> declaredRepository(contents));
    boolean trusted = repositoryOverride.isPresent();
    VcsInfo vcs =
        contents
            .file(VcsInfo.FILE_NAME)
            .map(f -> VcsInfo.parse(f.content()))
            .orElse(new VcsInfo.Absent());
    List<AutoCloseable> toClose = new ArrayList<>();
    try {
      RepositoryState state = open(url, trusted, vcs, toClose);
      List<String> modified = new ArrayList<>();
      checksums.ifPresent(
          c ->
              c.discrepancies().stream()
                  .filter(
                      f ->
                          f.status() == VendorChecksums.Status.MODIFIED
                              || f.status() == VendorChecksums.Status.MISSING)
                  .forEach(
                      f ->
                          modified.add(
                              f.path()
                                  + " ("
                                  + f.status().name().toLowerCase(java.util.Locale.ROOT)
                                  + ")")));
      ProvenanceReport report =
          checker.check(
              new ProvenanceInput(contents, url, state, trustedPublishing, modified, distribution));
      SignalInput input = SignalInput.of(contents).withProvenance(ProvenanceFacts.of(report));
      if (registryFacts.isPresent()) {
        Optional<RegistryFacts> facts = registryFacts.get().facts(contents);
        if (facts.isPresent()) {
          input = input.withRegistry(facts.get());
        }
      }
      List<Signal> signals = new CrateSignals(clock).signals(input);
      return new Verification(
          report,
          source,
          contents.archiveSha256(),
          checksums,
          clock.instant(),
          signals,
          new Verification.StoreKey(
              origin,
              ResultChecksums.of(contents, checksums),
              repositoryOverride
                  .or(() -> url.flatMap(repositories::rewriteOf).map(r -> "rewrite:" + r))
                  .map(ResultChecksums::overrideKey)
                  .orElse("")));
    } finally {
      for (AutoCloseable c : toClose) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closing a read-only repository handle cannot lose data
        }
      }
    }
  }

  private RepositoryState open(
      Optional<String> url, boolean trusted, VcsInfo vcs, List<AutoCloseable> toClose)
      throws UnavailableException, BadInputException {
    if (url.isEmpty() || url.get().isBlank()) {
      return new RepositoryState.Missing();
    }
    Repositories.RepositoryOutcome outcome =
        vcs instanceof VcsInfo.Git g
            ? repositories.open(url.get(), trusted, g.sha1())
            : repositories.open(url.get(), trusted);
    return switch (outcome) {
      case Repositories.Available a -> {
        toClose.add(a.snapshot());
        yield new RepositoryState.Available(a.snapshot());
      }
      case Repositories.NoRepository n -> new RepositoryState.Missing();
      case Repositories.InvalidUrl i -> new RepositoryState.InvalidUrl(i.url(), i.why());
      case Repositories.UnsupportedVcs u -> new RepositoryState.UnsupportedVcs(u.url(), u.why());
      case Repositories.Unreachable u -> unreachable(u);
      case Repositories.CommitNotFound c -> {
        Optional<JGitRepositorySnapshot> history = Optional.empty();
        if (repositories.open(url.get(), trusted) instanceof Repositories.Available a) {
          toClose.add(a.snapshot());
          if (a.snapshot().canSearchHistory()) {
            history = Optional.of(a.snapshot());
          }
        }
        yield new RepositoryState.CommitNotFound(
            c.url(),
            c.commit(),
            history.map(s -> (dev.cratetrust.provenance.RepositorySnapshot) s));
      }
    };
  }

  private static RepositoryState unreachable(Repositories.Unreachable u)
      throws RepositoryUnavailableException, LocalRepositoryMissingException {
    return switch (u.reason()) {
      case LOCAL_REPOSITORY_MISSING -> throw new LocalRepositoryMissingException(u.detail());
      case REPOSITORY_NOT_FOUND, AUTH_REQUIRED, REDIRECTED, COMMIT_NOT_FOUND ->
          new RepositoryState.Unreachable(u.url(), describe(u.reason()) + ": " + u.detail());
      case NETWORK, SERVER_ERROR, TIMEOUT, TOO_LARGE ->
          throw new RepositoryUnavailableException(
              "fetch repository " + u.url() + ": " + describe(u.reason()) + ": " + u.detail());
    };
  }

  private static String describe(FetchOutcome.Reason r) {
    return switch (r) {
      case COMMIT_NOT_FOUND -> "commit not found";
      case REPOSITORY_NOT_FOUND -> "no repository at this address";
      case AUTH_REQUIRED -> "the server asks for credentials";
      case REDIRECTED -> "the server redirects elsewhere (redirects are not followed)";
      case NETWORK -> "network failure";
      case SERVER_ERROR -> "server error";
      case TIMEOUT -> "time limit reached";
      case TOO_LARGE -> "size limit reached";
      case LOCAL_REPOSITORY_MISSING -> "no git repository at the local path given";
    };
  }

  /** The {@code repository} of the normalized manifest, else of {@code Cargo.toml.orig}. */
  static Optional<String> declaredRepository(CrateContents contents) {
    for (String name : List.of("Cargo.toml", "Cargo.toml.orig")) {
      Optional<CrateFile> f = contents.file(name);
      if (f.isPresent()) {
        try {
          Optional<String> repo = CargoManifest.parse(f.get().content()).repository();
          if (repo.isPresent()) {
            return repo;
          }
        } catch (CargoManifest.InvalidManifestException e) {
          // an unreadable manifest names no repository; the checker reports the manifest itself
        }
      }
    }
    return Optional.empty();
  }

  private static TrustedPublishing trustedPublishing(VersionMetadata.TrustedPublishing t) {
    return new TrustedPublishing(
        t.provider(), t.repository().or(t::projectPath).orElse(""), t.sha());
  }
}
