package dev.cratetrust.review.crev;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.trust.CrevProof;
import dev.cratetrust.trust.SourceProblem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Splits a crev proof file into proofs (current {@code ----- BEGIN CREV PROOF -----} envelope and
 * the legacy {@code -----BEGIN CREV PACKAGE REVIEW-----} / {@code -----BEGIN CREV TRUST -----}
 * ones), verifies each ed25519 signature over the exact body bytes, and reads the YAML body safely.
 *
 * <p>A proof with a bad signature, an oversized body, YAML anchors or aliases, or a malformed body
 * becomes a {@link SourceProblem} and is ignored; the other proofs of the file still load.
 */
public final class CrevProofReader {
  /** crev-data's {@code MAX_PROOF_BODY_LENGTH}. */
  public static final int MAX_BODY_BYTES = 32_000;

  public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
  private static final int MAX_DEPTH = 16;
  private static final byte[] ED25519_X509_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");
  private static final String NEW_BEGIN = "----- BEGIN CREV PROOF -----";
  private static final String NEW_SIGN = "----- SIGN CREV PROOF -----";
  private static final String NEW_END = "----- END CREV PROOF -----";
  private static final Pattern LEGACY_BEGIN =
      Pattern.compile("-----BEGIN CREV (PACKAGE REVIEW|TRUST|CODE REVIEW) ?-----");
  private static final YAMLMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxDocumentLength(MAX_BODY_BYTES)
                          .build())
                  .loadSettings(settings())
                  .build())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /** The proofs that verified and the ones that did not, with why. */
  public record Result(List<CrevProof> proofs, List<SourceProblem> problems) {
    public Result {
      proofs = List.copyOf(proofs);
      problems = List.copyOf(problems);
    }
  }

  private CrevProofReader() {}

  private static LoadSettings settings() {
    return LoadSettings.builder()
        .setAllowDuplicateKeys(false)
        .setMaxAliasesForCollections(0)
        .setAllowRecursiveKeys(false)
        .setCodePointLimit(MAX_BODY_BYTES)
        .build();
  }

  /** Reads every proof in {@code text}; {@code input} names the file in problems. */
  public static Result read(String input, String text) {
    List<CrevProof> proofs = new ArrayList<>();
    List<SourceProblem> problems = new ArrayList<>();
    if (text.length() > MAX_FILE_BYTES) {
      problems.add(new SourceProblem(input, "larger than " + MAX_FILE_BYTES + " bytes, skipped"));
      return new Result(proofs, problems);
    }
    List<String> lines = text.lines().toList();
    int i = 0;
    int n = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      String sign;
      String end;
      String legacyKind = null;
      Matcher legacy = LEGACY_BEGIN.matcher(line);
      if (line.equals(NEW_BEGIN)) {
        sign = NEW_SIGN;
        end = NEW_END;
      } else if (legacy.matches()) {
        legacyKind = legacy.group(1);
        sign = "-----BEGIN CREV " + legacyKind + " SIGNATURE-----";
        end = "-----END CREV " + legacyKind + "-----";
      } else {
        i++;
        continue;
      }
      n++;
      String item = input + " proof #" + n;
      StringBuilder body = new StringBuilder();
      int j = i + 1;
      while (j < lines.size() && !lines.get(j).equals(sign)) {
        body.append(lines.get(j)).append('\n');
        j++;
      }
      if (j + 1 >= lines.size()) {
        problems.add(new SourceProblem(item, "no signature before the end of the file"));
        break;
      }
      String signature = lines.get(j + 1).strip();
      int k = j + 2;
      String endLine = k < lines.size() ? lines.get(k) : "";
      if (!endLine.equals(end)) {
        problems.add(new SourceProblem(item, "missing end line '" + end + "' after the signature"));
        i = k;
        continue;
      }
      i = k + 1;
      String proofText =
          line + "\n" + body + lines.get(j) + "\n" + lines.get(j + 1) + "\n" + endLine + "\n";
      try {
        proofs.add(parse(body.toString(), signature, legacyKind, proofText));
      } catch (ProofException e) {
        problems.add(new SourceProblem(item, e.getMessage()));
      }
    }
    return new Result(proofs, problems);
  }

  /** Why one proof was rejected. */
  static final class ProofException extends Exception {
    private static final long serialVersionUID = 1L;

    ProofException(String message) {
      super(message);
    }
  }

  private static CrevProof parse(String body, String signature, String legacyKind, String text)
      throws ProofException {
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    if (bodyBytes.length > MAX_BODY_BYTES) {
      throw new ProofException("body larger than " + MAX_BODY_BYTES + " bytes");
    }
    checkYamlShape(body);
    JsonNode root;
    try {
      root = YAML.readTree(body);
    } catch (JacksonException e) {
      throw new ProofException("body is not valid YAML: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new ProofException("body is not a YAML mapping");
    }
    JsonNode from = root.get("from");
    String author = from == null ? null : text(from, "id");
    if (author == null) {
      throw new ProofException("no from.id");
    }
    verify(author, signature, bodyBytes);
    String kind =
        legacyKind != null
            ? legacyKind.toLowerCase(java.util.Locale.ROOT)
            : Optional.ofNullable(text(root, "kind")).orElse("");
    String date = Optional.ofNullable(text(root, "date")).orElse("");
    return switch (kind) {
      case "package review" -> review(root, author, date, text);
      case "trust" -> trust(root, author, date, text);
      default ->
          throw new ProofException(
              "proof kind '" + InputText.printable(kind) + "' is not supported");
    };
  }

  private static void checkYamlShape(String body) throws ProofException {
    int depth = 0;
    try {
      for (Event e : new Parse(settings()).parseString(body)) {
        if (e instanceof AliasEvent) {
          throw new ProofException("body uses a YAML alias, which crev proofs never need");
        }
        if (e instanceof NodeEvent ne && ne.getAnchor().isPresent()) {
          throw new ProofException("body uses a YAML anchor, which crev proofs never need");
        }
        if (e instanceof CollectionStartEvent) {
          depth++;
          if (depth > MAX_DEPTH) {
            throw new ProofException("body nested deeper than " + MAX_DEPTH + " levels");
          }
        } else if (e.getEventId() == Event.ID.MappingEnd
            || e.getEventId() == Event.ID.SequenceEnd) {
          depth--;
        }
      }
    } catch (RuntimeException e) {
      throw new ProofException("body is not valid YAML: " + firstLine(e.getMessage()));
    }
  }

  private static void verify(String authorId, String signature, byte[] body) throws ProofException {
    byte[] key;
    byte[] sig;
    try {
      key = Base64.getUrlDecoder().decode(authorId);
      sig = Base64.getUrlDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      throw new ProofException("author id or signature is not base64url");
    }
    if (key.length != 32) {
      throw new ProofException(
          "author id '" + InputText.printable(authorId) + "' is not a 32-byte ed25519 key");
    }
    if (sig.length != 64) {
      throw new ProofException("signature is not 64 bytes");
    }
    byte[] spki = new byte[ED25519_X509_PREFIX.length + 32];
    System.arraycopy(ED25519_X509_PREFIX, 0, spki, 0, ED25519_X509_PREFIX.length);
    System.arraycopy(key, 0, spki, ED25519_X509_PREFIX.length, 32);
    boolean ok;
    try {
      PublicKey pk = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      Signature v = Signature.getInstance("Ed25519");
      v.initVerify(pk);
      v.update(body);
      ok = v.verify(sig);
    } catch (GeneralSecurityException e) {
      throw new ProofException("signature check failed: " + e.getMessage());
    }
    if (!ok) {
      throw new ProofException(
          "bad signature: the body was not signed by " + InputText.printable(authorId));
    }
  }

  private static CrevProof.PackageReview review(
      JsonNode root, String author, String date, String text) throws ProofException {
    JsonNode pkg = root.get("package");
    if (pkg == null || !pkg.isObject()) {
      throw new ProofException("package review without a package");
    }
    String name = text(pkg, "name");
    String version = text(pkg, "version");
    if (name == null || version == null) {
      throw new ProofException("package review without package.name or package.version");
    }
    JsonNode base = root.get("package-diff-base");
    JsonNode review = root.get("review");
    List<String> advisoryIds = new ArrayList<>();
    JsonNode advisories = root.get("advisories");
    if (advisories != null && advisories.isArray()) {
      for (JsonNode a : advisories.values()) {
        JsonNode ids = a.get("ids");
        if (ids != null && ids.isArray()) {
          for (JsonNode id : ids.values()) {
            if (id.isValueNode()) {
              advisoryIds.add(id.asString());
            }
          }
        }
      }
    }
    return new CrevProof.PackageReview(
        author,
        date,
        Optional.ofNullable(text(pkg, "source")).orElse(""),
        name,
        version,
        Optional.ofNullable(text(pkg, "digest")),
        base == null ? Optional.empty() : Optional.ofNullable(text(base, "version")),
        review == null ? Optional.empty() : Optional.ofNullable(text(review, "thoroughness")),
        review == null ? Optional.empty() : Optional.ofNullable(text(review, "understanding")),
        review == null ? Optional.empty() : Optional.ofNullable(text(review, "rating")),
        advisoryIds,
        Optional.ofNullable(text(root, "comment")).orElse(""),
        text);
  }

  private static CrevProof.Trust trust(JsonNode root, String author, String date, String text)
      throws ProofException {
    List<String> ids = new ArrayList<>();
    JsonNode list = root.get("ids");
    if (list == null || !list.isArray()) {
      throw new ProofException("trust proof without ids");
    }
    for (JsonNode id : list.values()) {
      String v = id.isObject() ? text(id, "id") : null;
      if (v == null) {
        throw new ProofException("trust proof with an id entry lacking id");
      }
      ids.add(v);
    }
    String level = Optional.ofNullable(text(root, "trust")).orElse("");
    CrevProof.Level l =
        CrevProof.Level.ofCode(level)
            .orElseThrow(
                () ->
                    new ProofException(
                        "trust level '" + InputText.printable(level) + "' is not known"));
    return new CrevProof.Trust(author, date, ids, l, text);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isValueNode() && !v.isNull() ? v.asString() : null;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return InputText.printable(nl < 0 ? s : s.substring(0, nl));
  }
}
