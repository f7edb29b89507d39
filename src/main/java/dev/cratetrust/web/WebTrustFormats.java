package dev.cratetrust.web;

import dev.cratetrust.advisory.AdvisoryParser;
import dev.cratetrust.review.crev.CrevProofReader;
import dev.cratetrust.review.vet.VetAuditsParser;
import dev.cratetrust.store.TrustTextParsers;

/**
 * The format parsers the site gives the store to read its stored trust texts back (the same ones
 * the CLI uses, {@code cli.TrustFormats}; {@code web} may not depend on {@code cli}).
 */
public final class WebTrustFormats {
  /** RustSec advisories, cargo-vet audit files and crev proofs. */
  public static final TrustTextParsers PARSERS =
      new TrustTextParsers(
          AdvisoryParser::parse,
          VetAuditsParser::parse,
          (input, text) -> CrevProofReader.read(input, text).proofs());

  private WebTrustFormats() {}
}
