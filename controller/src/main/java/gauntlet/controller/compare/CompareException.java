package gauntlet.controller.compare;

/** Input {@code gauntlet compare} cannot use: a folder without results, a file that is not one. */
public final class CompareException extends RuntimeException {
  public CompareException(String message) {
    super(message);
  }
}
