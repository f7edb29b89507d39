package dev.cratetrust.scan;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.UnavailableException;

/** Builds the verifier a scan or worker uses from the command-line settings. */
@FunctionalInterface
public interface JobVerifierFactory {
  JobVerifier open(VerifierSettings settings) throws BadInputException, UnavailableException;
}
