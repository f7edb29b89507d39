package dev.cratetrust.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The registry a command's {@code --index}, {@code --api} and {@code --no-api} options name:
 * crates.io by default, a sparse index ({@code sparse+https://...}) or a cargo local-registry
 * folder, with or without a web API.
 *
 * <p>A local registry never has a web API. With {@code noApi} no API client is built at all;
 * otherwise crates.io's API comes with the default index, and another index gets an API only when
 * {@code api} names one.
 */
public record RegistryChoice(Optional<String> index, Optional<String> api, boolean noApi) {

  /** From picocli option fields, which are null when not given. */
  public static RegistryChoice of(String index, String api, boolean noApi) {
    return new RegistryChoice(Optional.ofNullable(index), Optional.ofNullable(api), noApi);
  }

  /** The local-registry folder {@code index} names, when it names an existing folder. */
  public Optional<Path> localDirectory() {
    return index
        .filter(i -> !i.startsWith("sparse+") && Files.isDirectory(Path.of(i)))
        .map(Path::of);
  }

  /**
   * How the registry is named in stored facts and messages: crates.io's index URL, the absolute
   * path of a local registry or the index URL as given.
   */
  public String name() {
    Optional<Path> dir = localDirectory();
    if (dir.isPresent()) {
      return dir.get().toAbsolutePath().toString();
    }
    return index.orElse(SparseIndex.CRATES_IO);
  }

  /** Opens the chosen registry with default HTTP settings and archive limits. */
  public Registry open() throws RegistryConfigException {
    return open(RegistryHttp.defaults(), ArchiveLimits.defaults());
  }

  /** Opens the chosen registry; builds clients only, asks nothing over the network. */
  public Registry open(RegistryHttp http, ArchiveLimits limits) throws RegistryConfigException {
    Optional<Path> dir = localDirectory();
    if (dir.isPresent()) {
      return Registry.local(dir.get(), limits);
    }
    Optional<String> apiUrl = noApi ? Optional.empty() : api;
    if (index.isEmpty() && !noApi && api.isEmpty()) {
      return Registry.sparse(
          SparseIndex.CRATES_IO, Optional.of(CratesIoApi.CRATES_IO), http, limits);
    }
    return Registry.sparse(index.orElse(SparseIndex.CRATES_IO), apiUrl, http, limits);
  }
}
