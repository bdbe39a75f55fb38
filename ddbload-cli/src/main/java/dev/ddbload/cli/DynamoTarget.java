package dev.ddbload.cli;

import dev.ddbload.config.ClientSettings;
import dev.ddbload.config.ConfigurationException;
import java.nio.file.Path;

/**
 * Where a command's DynamoDB calls go: the endpoint, region and profile of {@link ClientOptions},
 * or, with {@code --local}, an {@link EmbeddedDynamo} started for the command and stopped by
 * {@link #close()}.
 */
final class DynamoTarget implements AutoCloseable {

  private final ClientSettings settings;
  private final String description;
  private final EmbeddedDynamo local;

  private DynamoTarget(ClientSettings settings, String description, EmbeddedDynamo local) {
    this.settings = settings;
    this.description = description;
    this.local = local;
  }

  /**
   * The target of these options.
   *
   * @param localDir where {@code --local} keeps its tables ({@code :memory:}: in memory); null without {@code --local}
   * @throws ConfigurationException for {@code --local} with {@code --endpoint-url}
   */
  static DynamoTarget open(ClientOptions client, Path localDir) {
    if (localDir != null && client.endpointUrl != null) {
      throw new ConfigurationException("--local starts its own DynamoDB Local, so --endpoint-url cannot be used with"
          + " it; drop one of the two.");
    }
    if (localDir == null) {
      ClientSettings settings = client.toSettings();
      return new DynamoTarget(settings, settings.describeTarget(), null);
    }
    EmbeddedDynamo local = EmbeddedDynamo.start(localDir);
    ClientSettings settings = client.toSettings().toBuilder().endpoint(local.endpoint()).region(EmbeddedDynamo.REGION)
        .credentials(EmbeddedDynamo.CREDENTIALS).build();
    return new DynamoTarget(settings, local.describe(), local);
  }

  ClientSettings settings() {
    return settings;
  }

  /** Where calls go, for the summary. */
  String description() {
    return description;
  }

  /** Stops the embedded DynamoDB Local, if any. */
  @Override
  public void close() {
    if (local != null) {
      local.close();
    }
  }
}
