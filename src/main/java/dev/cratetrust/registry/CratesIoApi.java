package dev.cratetrust.registry;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Client for the crates.io web API's version endpoint, at most one request per second as the
 * crates.io data-access policy asks (measured with the injected clock).
 */
public final class CratesIoApi {
  public static final String CRATES_IO = "https://crates.io";
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
  private static final long MAX_BYTES = 4L * 1024 * 1024;

  private final URI base;
  private final RegistryHttp http;
  private Instant last = Instant.MIN;

  private CratesIoApi(URI base, RegistryHttp http) {
    this.base = base;
    this.http = http;
  }

  /** A client for the API at {@code apiUrl} ({@code https://crates.io}, or loopback http). */
  public static CratesIoApi of(String apiUrl, RegistryHttp http) throws RegistryConfigException {
    URI u;
    try {
      u = new URI(apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl);
    } catch (URISyntaxException e) {
      throw new RegistryConfigException(
          "API URL '" + InputText.printable(apiUrl) + "' is not a URL: " + e.getReason());
    }
    if (!RegistryHttp.isAllowed(u)) {
      throw new RegistryConfigException(
          "API URL '"
              + InputText.printable(apiUrl)
              + "' must be https (or http to a loopback address)");
    }
    return new CratesIoApi(u, http);
  }

  /**
   * {@code GET {api}/api/v1/crates/{name}/{version}}; empty when the API answers 404.
   *
   * @throws RegistryUnavailableException other failures, or a body that is not the expected JSON
   */
  public Optional<VersionMetadata> version(PackageId id) throws RegistryUnavailableException {
    URI uri =
        URI.create(
            base
                + "/api/v1/crates/"
                + id.name().value()
                + "/"
                + id.version().value().replace("+", "%2B"));
    String what = "fetch crates.io metadata of " + id + " from " + uri;
    pace(what);
    RegistryHttp.Response r;
    try {
      r = http.get(uri, MAX_BYTES, what);
    } catch (RegistryHttp.TooLargeException e) {
      throw new RegistryUnavailableException(e.getMessage(), -1);
    }
    if (r.status() == 404) {
      return Optional.empty();
    }
    if (r.status() != 200) {
      throw new RegistryUnavailableException(what + ": HTTP " + r.status(), r.status());
    }
    return Optional.of(parse(r.body(), what));
  }

  private synchronized void pace(String what) throws RegistryUnavailableException {
    Instant now = http.clock().instant();
    Instant next = last.equals(Instant.MIN) ? now : last.plus(MIN_INTERVAL);
    if (now.isBefore(next)) {
      try {
        http.sleeper().sleep(Duration.between(now, next));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnavailableException(what + ": interrupted while pacing requests", e);
      }
      now = next;
    }
    last = now;
  }

  /** Parses the API's JSON answer; unknown and missing fields are tolerated. */
  static VersionMetadata parse(byte[] json, String what) throws RegistryUnavailableException {
    JsonNode root;
    try {
      root = Parsers.json().readTree(json);
    } catch (JacksonException e) {
      throw new RegistryUnavailableException(
          what + ": answer is not valid JSON: " + e.getOriginalMessage(), -1);
    }
    JsonNode v = root == null ? null : root.get("version");
    if (v == null || !v.isObject()) {
      throw new RegistryUnavailableException(what + ": answer has no 'version' object", -1);
    }
    JsonNode by = v.get("published_by");
    Optional<String> login = by != null && by.isObject() ? text(by, "login") : Optional.empty();
    Optional<VersionMetadata.TrustedPublishing> trustpub = Optional.empty();
    JsonNode tp = v.get("trustpub_data");
    if (tp != null && tp.isObject() && text(tp, "provider").isPresent()) {
      trustpub =
          Optional.of(
              new VersionMetadata.TrustedPublishing(
                  text(tp, "provider").orElseThrow(),
                  text(tp, "repository"),
                  text(tp, "project_path"),
                  text(tp, "sha"),
                  text(tp, "run_id"),
                  text(tp, "job_id")));
    }
    JsonNode size = v.get("crate_size");
    JsonNode yanked = v.get("yanked");
    return new VersionMetadata(
        text(v, "checksum"),
        login,
        text(v, "created_at").flatMap(CratesIoApi::time),
        yanked != null && yanked.isBoolean() && yanked.asBoolean(),
        trustpub,
        text(v, "license"),
        size != null && size.isIntegralNumber() ? Optional.of(size.asLong()) : Optional.empty(),
        text(v, "repository"));
  }

  private static Optional<Instant> time(String s) {
    try {
      return Optional.of(OffsetDateTime.parse(s).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A string or number field as text. */
  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !(v.isString() || v.isNumber())) {
      return Optional.empty();
    }
    return Optional.of(v.asString());
  }
}
