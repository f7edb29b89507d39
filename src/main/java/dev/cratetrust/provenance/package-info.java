/**
 * Pure comparison of a published crate with its repository: values in, a report out, no network,
 * database or disk.
 */
package dev.cratetrust.provenance;
