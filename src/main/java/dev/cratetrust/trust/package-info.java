/**
 * Pure trust computations: advisories, audits, reviews and policy in, verdicts with reasons out.
 */
package dev.cratetrust.trust;
