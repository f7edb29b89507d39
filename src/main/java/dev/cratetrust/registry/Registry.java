package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.PackageId;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One cargo registry as cratetrust uses it: version lookups in its index, verified downloads, and
 * (for crates.io-like registries) the web API.
 *
 * <p>Everything returned is the registry's word, checked only for internal consistency (archive
 * checksum against the index).
 */
public final class Registry {
  private final CrateIndex index;
  private final Optional<CratesIoApi> api;

  /** Null for a local registry, which needs no HTTP. */
  private final CrateDownloader downloader;

  private final ArchiveLimits limits;

  private Registry(
      CrateIndex index,
      Optional<CratesIoApi> api,
      Optional<CrateDownloader> downloader,
      ArchiveLimits limits) {
    this.index = index;
    this.api = api;
    this.downloader = downloader.orElse(null);
    this.limits = limits;
  }

  /** crates.io: its sparse index and API, default limits. */
  public static Registry cratesIo(RegistryHttp http) throws RegistryConfigException {
    return sparse(
        SparseIndex.CRATES_IO, Optional.of(CratesIoApi.CRATES_IO), http, ArchiveLimits.defaults());
  }

  /**
   * A sparse registry at {@code indexUrl} ({@code sparse+https://...}), with the web API at {@code
   * apiUrl} when given.
   */
  public static Registry sparse(
      String indexUrl, Optional<String> apiUrl, RegistryHttp http, ArchiveLimits limits)
      throws RegistryConfigException {
    Optional<CratesIoApi> api =
        apiUrl.isPresent() ? Optional.of(CratesIoApi.of(apiUrl.get(), http)) : Optional.empty();
    return new Registry(
        SparseIndex.of(indexUrl, http),
        api,
        Optional.of(new CrateDownloader(http, limits)),
        limits);
  }

  /** A cargo local-registry directory; it has no web API. */
  public static Registry local(Path dir, ArchiveLimits limits) throws RegistryConfigException {
    return new Registry(LocalRegistry.of(dir), Optional.empty(), Optional.empty(), limits);
  }

  public CrateIndex index() {
    return index;
  }

  public Optional<CratesIoApi> api() {
    return api;
  }

  /** Every published version of {@code name}, or that there is none. */
  public IndexLookup lookup(CrateName name) throws RegistryUnavailableException {
    return index.lookup(name);
  }

  /** See {@link IndexLookup.Found#latest()}; empty when the crate is not in the index. */
  public Optional<IndexEntry> latest(CrateName name) throws RegistryUnavailableException {
    return index.lookup(name) instanceof IndexLookup.Found f ? f.latest() : Optional.empty();
  }

  /** The version {@link #latest} picks. */
  public Optional<CrateVersion> latestVersion(CrateName name) throws RegistryUnavailableException {
    return latest(name).map(IndexEntry::vers);
  }

  /** The index line of {@code id}, when published. */
  public Optional<IndexEntry> entry(PackageId id) throws RegistryUnavailableException {
    return index.lookup(id.name()) instanceof IndexLookup.Found f
        ? f.entry(id.version())
        : Optional.empty();
  }

  /**
   * Downloads {@code id}, verifies its SHA-256 against the index and reads it.
   *
   * @throws NotInRegistryException the index does not list {@code id}
   * @throws BadCrateException the archive is over the cap, mismatches its checksum or is malformed
   */
  public FetchedCrate download(PackageId id)
      throws NotInRegistryException, BadCrateException, RegistryUnavailableException {
    IndexEntry entry =
        entry(id)
            .orElseThrow(
                () -> new NotInRegistryException("download " + id + ": not in the registry index"));
    return download(entry);
  }

  /** Downloads the archive of an index entry already looked up. */
  public FetchedCrate download(IndexEntry entry)
      throws BadCrateException, RegistryUnavailableException {
    if (index instanceof LocalRegistry local) {
      Path file = local.cratePath(entry.id());
      byte[] bytes = local.readCrate(entry.id(), limits.maxCompressedBytes());
      CrateDownloader.verify(bytes, entry, file.toString());
      return new FetchedCrate(
          CrateArchiveReader.read(bytes, file.toString(), Optional.of(entry.id()), limits),
          entry,
          file.toUri());
    }
    CrateDownloader.Download d = downloader.download(index.config(), entry);
    return new FetchedCrate(
        CrateArchiveReader.read(d.bytes(), d.source().toString(), Optional.of(entry.id()), limits),
        entry,
        d.source());
  }

  /** crates.io API metadata of {@code id}; empty without an API or when the API has no record. */
  public Optional<VersionMetadata> metadata(PackageId id) throws RegistryUnavailableException {
    return api.isPresent() ? api.get().version(id) : Optional.empty();
  }
}
