package io.sluice.runtime.change;

/**
 * What a change does to a result: the four kinds of a changelog, with the short codes a live
 * result set in update mode shows in its leading column.
 */
public enum ChangeKind {
  INSERT("+I"),
  UPDATE_BEFORE("-U"),
  UPDATE_AFTER("+U"),
  DELETE("-D");

  private final String code;

  ChangeKind(String code) {
    this.code = code;
  }

  /** The short code: {@code +I}, {@code -U}, {@code +U} or {@code -D}. */
  public String code() {
    return code;
  }

  /** Whether the change adds its row to the result ({@code +I}, {@code +U}). */
  public boolean isAccumulate() {
    return this == INSERT || this == UPDATE_AFTER;
  }
}
