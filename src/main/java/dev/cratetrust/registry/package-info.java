/**
 * Reading published crates without extracting them (archives, unpacked and vendored directories)
 * and fetching them from a cargo registry (sparse index, local registry, downloads, crates.io API).
 */
package dev.cratetrust.registry;
