package dev.cratetrust.cli;

import dev.cratetrust.advisory.AdvisoryParser;
import dev.cratetrust.review.crev.CrevProofReader;
import dev.cratetrust.review.vet.VetAuditsParser;
import dev.cratetrust.store.TrustTextParsers;

/** The format parsers the commands give the store to read its stored trust texts back. */
public final class TrustFormats {
  /** RustSec advisories, cargo-vet audit files and crev proofs. */
  public static final TrustTextParsers PARSERS =
      new TrustTextParsers(
          AdvisoryParser::parse,
          VetAuditsParser::parse,
          (input, text) -> CrevProofReader.read(input, text).proofs());

  private TrustFormats() {}
}
