package dev.cratetrust.maintainer;

import dev.cratetrust.provenance.Category;
import java.util.Optional;

/**
 * One thing that would keep a publish from the work tree from being gold star, or a fact worth a
 * look before publishing.
 *
 * @param code a stable code ({@code dirty}, {@code not-pushed}, ...; a verifier reason code with
 *     {@code --full})
 * @param category the class it would give the published crate; empty for a fact (warning)
 * @param message what was found
 * @param fix how to fix it
 * @param path the file concerned, relative to the repository root, when there is one
 */
public record PrepublishProblem(
    String code, Optional<Category> category, String message, String fix, Optional<String> path) {}
