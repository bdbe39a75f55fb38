package dev.ddbload.write;

import dev.ddbload.batch.WriteItem;
import dev.ddbload.item.KeySchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A call's items split by its {@code UnprocessedItems}, matched back by key (no two items of a
 * call share one). An unprocessed request that matches no item is logged and ignored.
 *
 * @param again the items DynamoDB returned unprocessed
 * @param written the others
 */
record UnprocessedItems(List<WriteItem> again, Collection<WriteItem> written) {

  private static final Logger log = LoggerFactory.getLogger(UnprocessedItems.class);

  /** Splits {@code items} by the {@code unprocessed} requests of their call. */
  static UnprocessedItems match(List<WriteItem> items, List<WriteRequest> unprocessed, KeySchema keys) {
    Map<Map<String, AttributeValue>, WriteItem> byKey = new HashMap<>(items.size() * 2);
    for (WriteItem item : items) {
      byKey.put(item.key(), item);
    }
    List<WriteItem> again = new ArrayList<>(unprocessed.size());
    for (WriteRequest r : unprocessed) {
      Map<String, AttributeValue> key = r.putRequest() != null ? keys.keyOf(r.putRequest().item())
          : keys.keyOf(r.deleteRequest().key());
      WriteItem item = byKey.remove(key);
      if (item == null) {
        log.warn("DynamoDB returned an unprocessed item that was not in the request; ignoring it");
      } else {
        again.add(item);
      }
    }
    return new UnprocessedItems(again, byKey.values());
  }

  /** Estimated write units of the items to send again. */
  double againUnits() {
    double units = 0;
    for (WriteItem item : again) {
      units += item.estimatedWriteUnits();
    }
    return units;
  }
}
