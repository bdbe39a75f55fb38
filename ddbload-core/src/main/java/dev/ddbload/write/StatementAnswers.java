package dev.ddbload.write;

import dev.ddbload.batch.SingleWrite;
import dev.ddbload.batch.WriteItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BatchExecuteStatement call's answer: the capacity it consumed (null when it names none) and
 * one result per statement, in the order sent. {@link #sort} says what each result means for its
 * write. Immutable.
 *
 * @param units the consumed write capacity units, or null
 * @param results one per statement
 */
record StatementAnswers(Double units, List<Result> results) {

  /**
   * One statement's result.
   *
   * @param code the error's code ({@code ConditionalCheckFailed}, {@code DuplicateItem},
   *     {@code ProvisionedThroughputExceeded}, …), or null when the statement was carried out
   * @param message the error's message, or null
   * @param itemReturned whether a refused condition returned the stored item
   */
  record Result(String code, String message, boolean itemReturned) {

    /** A statement carried out. */
    static final Result DONE = new Result(null, null, false);
  }

  /**
   * What the results mean for the call's writes.
   *
   * @param written carried out
   * @param refused refused on their condition: the key exists (insert), or the stored version
   *     is not older (update compared on a version)
   * @param rerouted to be sent again at once, another way ({@link WriteItem#call()} changed): an
   *     update of a missing key as an INSERT, that INSERT of a key that appeared meanwhile as
   *     its own UpdateItem
   * @param throttled refused for capacity: resent after a backoff
   * @param failed failed otherwise, perhaps for a moment: resent after a backoff
   * @param denied refused for want of permission ({@code AccessDenied}: the caller may not use
   *     PartiQL): sent again alone
   * @param invalid refused as invalid: rejected alone, with DynamoDB's message
   * @param fatal an error no write to the table can get past ({@code ResourceNotFound}), or null
   * @param lastError the message of the last throttled or failed statement
   */
  record Sorted(List<WriteItem> written, List<WriteItem> refused, List<WriteItem> rerouted,
      List<WriteItem> throttled, List<WriteItem> failed, List<WriteItem> denied, Map<WriteItem, String> invalid,
      String fatal,
      String lastError) {}

  /** Sorts the call's writes (in the order sent) by their results; a short answer fails the rest. */
  Sorted sort(String table, List<WriteItem> items) {
    List<WriteItem> written = new ArrayList<>();
    List<WriteItem> refused = new ArrayList<>();
    List<WriteItem> rerouted = new ArrayList<>();
    List<WriteItem> throttled = new ArrayList<>();
    List<WriteItem> failed = new ArrayList<>();
    List<WriteItem> denied = new ArrayList<>();
    Map<WriteItem, String> invalid = new LinkedHashMap<>();
    String fatal = null;
    String lastError = null;
    for (int i = 0; i < items.size(); i++) {
      WriteItem item = items.get(i);
      Result r = i < results.size() ? results.get(i)
          : new Result("InternalServerError", "BatchExecuteStatement answered " + results.size()
              + " of " + items.size() + " statements", false);
      if (r.code == null) {
        written.add(item);
        continue;
      }
      String error = r.code + ": " + (r.message == null ? "no message" : r.message);
      boolean update = item.call() == WriteItem.Call.STATEMENT_UPDATE;
      switch (r.code) {
        case "ConditionalCheckFailed":
          if (update && item.single().version() != null && r.itemReturned) {
            refused.add(item);
          } else if (update) {
            // No item has the key: UpdateItem would create it, so an INSERT does.
            PartiqlWrite.route(table, item, WriteItem.Call.STATEMENT_INSERT);
            rerouted.add(item);
          } else {
            failed.add(item);
            lastError = error;
          }
          break;
        case "DuplicateItem":
          if (item.single().op() == SingleWrite.Op.PUT && item.single().insert()) {
            refused.add(item);
          } else if (!update) {
            // An update's INSERT met a key written meanwhile: UpdateItem settles it in one step.
            item.sendAlone();
            rerouted.add(item);
          } else {
            failed.add(item);
            lastError = error;
          }
          break;
        case "ProvisionedThroughputExceeded":
        case "ThrottlingError":
        case "RequestLimitExceeded":
          throttled.add(item);
          lastError = error;
          break;
        case "ValidationError":
        case "ItemCollectionSizeLimitExceeded":
          invalid.put(item, error);
          break;
        case "AccessDenied":
          denied.add(item);
          lastError = error;
          break;
        case "ResourceNotFound":
          fatal = error;
          failed.add(item);
          break;
        default:
          // InternalServerError, TransactionConflict, or a code this build does not know.
          failed.add(item);
          lastError = error;
      }
    }
    return new Sorted(written, refused, rerouted, throttled, failed, denied, invalid, fatal, lastError);
  }
}
