package io.sluice.runtime.error;

/**
 * Bad data met while a statement runs, in batch and live queries alike: a string that is not a
 * number (22018), a division by zero (22012), an overflow (22003). Generated code throws these
 * as plain Java exceptions; they reach the client as the same user errors either way.
 */
public final class DataErrors {
  private DataErrors() {}

  /** The user error {@code e} (or one of its causes) stands for, or null if it is none. */
  public static SluiceException classify(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SluiceException s) {
        return s;
      }
      if (t instanceof NumberFormatException) {
        return new SluiceException(ErrorCode.INVALID_CAST, "A value cannot be converted to a"
            + " number: " + t.getMessage() + "; check the value or CAST it explicitly", e);
      }
      if (t instanceof ArithmeticException) {
        String m = String.valueOf(t.getMessage());
        return m.contains("zero")
            ? new SluiceException(ErrorCode.DIVISION_BY_ZERO, "Division by zero; guard the"
                + " divisor, for example x / NULLIF(y, 0)", e)
            : new SluiceException(ErrorCode.NUMERIC_OUT_OF_RANGE,
                "A number is out of range for its type: " + m + "; use a wider type", e);
      }
    }
    return null;
  }
}
