package dev.cratetrust.trust;

/** One item of a trust source that could not be read, and why; the rest of the source loads. */
public record SourceProblem(String item, String message) {}
