package dev.ddbload.config;

import java.util.regex.Pattern;

/** DynamoDB's rule for table names, checked the same way wherever a table is named. Stateless. */
public final class TableNames {

  /** 3 to 255 of a-z, A-Z, 0-9, '_', '-' and '.' (DynamoDB's naming rules). */
  private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

  private TableNames() {}

  /** Whether {@code name} is a valid DynamoDB table name. */
  public static boolean isValid(String name) {
    return name != null && TABLE_NAME.matcher(name).matches();
  }

  /**
   * Checks the table name {@code name} given as {@code setting}.
   *
   * @return {@code name}
   * @throws InvalidSettingException when it breaks the rule
   */
  public static String check(String setting, String name) {
    if (!isValid(name)) {
      throw new InvalidSettingException(setting, "must be a DynamoDB table name, 3 to 255 characters of a-z, A-Z,"
          + " 0-9, '_', '-' and '.', not '" + name + "'");
    }
    return name;
  }
}
