package dev.cratetrust.distro;

/** A series file or patch cannot be read or applied; the message names the file, line and why. */
public final class PatchException extends Exception {
  private static final long serialVersionUID = 1L;

  public PatchException(String message) {
    super(message);
  }
}
