package dev.cratetrust.store;

import dev.cratetrust.trust.Advisory;
import dev.cratetrust.trust.CrevProof;
import dev.cratetrust.trust.TrustInputException;
import dev.cratetrust.trust.VetAudits;
import java.util.List;

/**
 * The format parsers the store hands its verbatim rows to when it reads them back; the store keeps
 * text and leaves the formats to the {@code advisory} and {@code review} packages.
 */
public record TrustTextParsers(AdvisoryText advisory, VetText vet, CrevText crev) {

  /** Parses one RustSec advisory file ({@code path} names it in errors). */
  @FunctionalInterface
  public interface AdvisoryText {
    Advisory parse(String path, String text) throws TrustInputException;
  }

  /** Parses one cargo-vet {@code audits.toml} ({@code input} names it in errors). */
  @FunctionalInterface
  public interface VetText {
    VetAudits parse(String input, String text) throws TrustInputException;
  }

  /** Reads the crev proofs of one stored proof text, skipping what does not read. */
  @FunctionalInterface
  public interface CrevText {
    List<CrevProof> proofs(String input, String text);
  }
}
