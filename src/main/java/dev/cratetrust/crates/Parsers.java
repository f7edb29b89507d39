package dev.cratetrust.crates;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.toml.TomlFactory;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * JSON and TOML mappers configured for untrusted input: nesting depth at most {@value #MAX_DEPTH},
 * bounded string and document sizes, unknown fields ignored.
 *
 * <p>Callers still cap the byte size of what they pass in; these limits stop a small document from
 * exhausting the stack or heap.
 */
public final class Parsers {
  public static final int MAX_DEPTH = 64;
  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(8 * 1024 * 1024)
          .maxNumberLength(100)
          .maxDocumentLength(16L * 1024 * 1024)
          .maxNameLength(50_000)
          .build();
  private static final JsonMapper JSON =
      JsonMapper.builder(JsonFactory.builder().streamReadConstraints(LIMITS).build())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();
  private static final TomlMapper TOML =
      TomlMapper.builder(TomlFactory.builder().streamReadConstraints(LIMITS).build())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private Parsers() {}

  public static JsonMapper json() {
    return JSON;
  }

  public static TomlMapper toml() {
    return TOML;
  }
}
