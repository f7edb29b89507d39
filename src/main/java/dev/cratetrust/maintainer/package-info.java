/**
 * Tools for maintainers and debuggers, before and after publishing: {@link
 * dev.cratetrust.maintainer.ReleaseCheckout} (a work tree at a crate's release commit), {@link
 * dev.cratetrust.maintainer.Prepublish} (the verdict a publish from a work tree would get) and
 * {@link dev.cratetrust.maintainer.PackageFromGit} (packaging a tag from a clean clone).
 *
 * <p>Unlike the {@code git} package, these run the user's own {@code git} and {@code cargo} (with
 * the user's configuration, {@code insteadOf} rules included) and check out files: they act on the
 * user's behalf, on repositories the user chose or the verifier already reached.
 */
package dev.cratetrust.maintainer;
