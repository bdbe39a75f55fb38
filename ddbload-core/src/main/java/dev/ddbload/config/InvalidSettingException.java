package dev.ddbload.config;

/**
 * A setting's value the library refuses, naming the setting in the library's terms
 * ({@code LoadOptions.maxAttempts}) so that a front end can name it in its own ({@code --max-attempts},
 * Spark's {@code maxAttempts}) through {@link #messageFor}. Immutable.
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String setting;
  private final String requirement;

  /**
   * @param setting the setting in the library's terms, e.g. {@code LoadOptions.maxAttempts}
   * @param requirement what the value must be, e.g. {@code must be 1 to 100, not 0}
   */
  public InvalidSettingException(String setting, String requirement) {
    super(setting + " " + requirement);
    this.setting = setting;
    this.requirement = requirement;
  }

  /** The setting in the library's terms, e.g. {@code LoadOptions.maxAttempts}. */
  public String setting() {
    return setting;
  }

  /** What the value must be, e.g. {@code must be 1 to 100, not 0}. */
  public String requirement() {
    return requirement;
  }

  /** The same problem with the setting named {@code name}: {@code --max-attempts must be 1 to 100, not 0}. */
  public String messageFor(String name) {
    return name + " " + requirement;
  }
}
