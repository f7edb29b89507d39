/**
 * PURE: distribution patches (quilt series, unified diffs) parsed from bytes and reverse-applied in
 * memory to a crate's files, so that files a distribution changed can be traced to its patches.
 */
package dev.cratetrust.distro;
