package dev.ddbload.table;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.item.KeyAttribute;
import dev.ddbload.item.KeySchema;
import dev.ddbload.write.ErrorClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Finds the target table, or creates it (on-demand billing) and waits until it is ACTIVE. */
public final class TableSetup {

  private final DynamoDbClient client;

  /** Uses a control-plane client. */
  public TableSetup(DynamoDbClient client) {
    this.client = client;
  }

  /** The table's description, or empty if it does not exist. */
  public Optional<TableDescription> describe(String table) {
    try {
      return Optional.of(client.describeTable(b -> b.tableName(table)).table());
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * The description of an existing table.
   *
   * @param target where DynamoDB is, for the message
   * @throws ConfigurationException when the table does not exist or DynamoDB refuses to describe it
   */
  public TableDescription describeExisting(String table, String target) {
    try {
      return describe(table).orElseThrow(() -> new ConfigurationException(
          "Table " + table + " does not exist at " + target + "."));
    } catch (SdkException e) {
      throw refused(table, target, e);
    }
  }

  /** The one sentence for DynamoDB at {@code target} refusing to describe {@code table}. */
  public static ConfigurationException refused(String table, String target, SdkException e) {
    return new ConfigurationException("DynamoDB at " + target + " refused to describe table " + table + ": "
        + ErrorClassifier.describe(e) + ".", e);
  }

  /**
   * The key of an existing table, creating the table first when {@code createWith} is given and
   * the table is missing.
   *
   * @param table the table name
   * @param createWith the key to create the table with, or null to require an existing table
   * @param target where calls go, for the error message
   * @param create whether to create a missing table ({@code false} for a dry run: the key of
   *     {@code createWith} is returned instead)
   * @throws ConfigurationException if the table is missing and may not be created, or exists
   *     with a key other than {@code createWith}
   */
  public KeySchema prepare(String table, KeySchema createWith, String target, boolean create) {
    return prepareTarget(table, createWith, target, create).keys();
  }

  /**
   * The table as {@link #prepare} finds or makes it: its key, and whether it is served by
   * DynamoDB Local ({@link #isDynamoDbLocal}); false for a table a dry run did not create.
   */
  public record Target(KeySchema keys, boolean dynamoDbLocal) {
  }

  /** {@link #prepare}, telling also whether the table is DynamoDB Local's. */
  public Target prepareTarget(String table, KeySchema createWith, String target, boolean create) {
    Optional<TableDescription> existing = describe(table);
    if (existing.isPresent()) {
      KeySchema keys = KeySchema.from(existing.get());
      if (createWith != null && !createWith.equals(keys)) {
        throw new ConfigurationException("Table " + table + " already exists with key " + keys
            + ", not " + createWith + ".");
      }
      return new Target(keys, isDynamoDbLocal(existing.get()));
    }
    if (createWith == null) {
      throw new ConfigurationException("Table " + table + " does not exist at " + target
          + "; create it or give LoadOptions.createTableKey.");
    }
    if (create) {
      return new Target(createWith, isDynamoDbLocal(create(table, createWith)));
    }
    return new Target(createWith, false);
  }

  /**
   * Whether the table is served by Amazon DynamoDB Local, which names every table
   * {@code arn:aws:dynamodb:ddblocal:000000000000:table/NAME}: no AWS region is called
   * {@code ddblocal}.
   */
  public static boolean isDynamoDbLocal(TableDescription table) {
    String arn = table.tableArn();
    return arn != null && arn.startsWith("arn:aws:dynamodb:ddblocal:");
  }

  /** Creates an on-demand table with this key, waits until it is ACTIVE and returns its description. */
  public TableDescription create(String table, KeySchema keys) {
    List<KeySchemaElement> schema = new ArrayList<>();
    List<AttributeDefinition> definitions = new ArrayList<>();
    KeyType type = KeyType.HASH;
    for (KeyAttribute a : keys.attributes()) {
      schema.add(KeySchemaElement.builder().attributeName(a.name()).keyType(type).build());
      definitions.add(AttributeDefinition.builder().attributeName(a.name()).attributeType(a.type()).build());
      type = KeyType.RANGE;
    }
    client.createTable(b -> b.tableName(table)
        .keySchema(schema)
        .attributeDefinitions(definitions)
        .billingMode(BillingMode.PAY_PER_REQUEST));
    return client.waiter().waitUntilTableExists(b -> b.tableName(table)).matched().response()
        .map(DescribeTableResponse::table)
        .orElseGet(() -> client.describeTable(b -> b.tableName(table)).table());
  }
}
