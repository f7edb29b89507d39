package dev.cratetrust.registry;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.Parsers;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A registry index's {@code config.json}: where archives are downloaded and where the web API is.
 *
 * @param dl download URL, either a template with {@code {crate}}-style markers or a base to which
 *     {@code /{crate}/{version}/download} is appended
 * @param api base URL of the web API, absent for registries without one
 */
public record IndexConfig(String dl, Optional<String> api) {
  /** Parses {@code config.json}; {@code what} names it in the exception message. */
  public static IndexConfig parse(byte[] json, String what) throws RegistryUnavailableException {
    JsonNode n;
    try {
      n = Parsers.json().readTree(json);
    } catch (JacksonException e) {
      throw new RegistryUnavailableException(
          what + ": config.json is not valid JSON: " + e.getOriginalMessage(), -1);
    }
    if (n == null || !n.isObject() || n.get("dl") == null || !n.get("dl").isString()) {
      throw new RegistryUnavailableException(what + ": config.json has no 'dl' string", -1);
    }
    JsonNode api = n.get("api");
    String dl = n.get("dl").asString();
    if (dl.isBlank()) {
      throw new RegistryUnavailableException(
          what + ": config.json has an empty 'dl' ('" + InputText.printable(dl) + "')", -1);
    }
    return new IndexConfig(
        dl, api != null && api.isString() ? Optional.of(api.asString()) : Optional.empty());
  }
}
