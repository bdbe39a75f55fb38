package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchWriteTest {

  private static byte[] bytes(String json) {
    return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode tree(byte[] body) throws IOException {
    return BatchWrite.JSON.readTree(body);
  }

  private static final byte[] REQUEST = bytes("{'RequestItems':{"
      + "'a':[{'PutRequest':{'Item':{'pk':{'S':'k1'},'v':{'N':'1'}}}},{'DeleteRequest':{'Key':{'pk':{'S':'k2'}}}}],"
      + "'b':[{'PutRequest':{'Item':{'id':{'N':'7'}}}}]},'ReturnConsumedCapacity':'TOTAL'}");

  @Test
  void splitsTheRequestIntoEntriesInOrder() throws IOException {
    BatchWrite batch = BatchWrite.parse(REQUEST);

    assertThat(batch.entries()).extracting(BatchWrite.Entry::table).containsExactly("a", "a", "b");
    assertThat(batch.entries().get(0).textOf("pk")).isEqualTo("k1");
    assertThat(batch.entries().get(1).textOf("pk")).isEqualTo("k2");
    assertThat(batch.entries().get(2).textOf("id")).isEqualTo("7");
    assertThat(batch.entries().get(2).textOf("pk")).isNull();
    assertThat(batch.entries().get(0).holdsString(Set.of("k1"))).isTrue();
    assertThat(batch.entries().get(2).holdsString(Set.of("7"))).as("N values are not strings").isFalse();
    assertThat(batch.wantsCapacity()).isTrue();
  }

  @Test
  void keepsOnlyTheForwardedItemsAndTheRestOfTheRequest() throws IOException {
    BatchWrite batch = BatchWrite.parse(REQUEST);

    JsonNode body = tree(batch.bodyWith(List.of(batch.entries().get(1))));

    assertThat(body.path("RequestItems").size()).isEqualTo(1);
    assertThat(body.path("RequestItems").path("a")).hasSize(1);
    assertThat(body.path("RequestItems").path("a").get(0).has("DeleteRequest")).isTrue();
    assertThat(body.path("ReturnConsumedCapacity").asText()).isEqualTo("TOTAL");
  }

  @Test
  void answersWithTheHeldBackItemsAndTheCapacityOfTheOthers() throws IOException {
    BatchWrite batch = BatchWrite.parse(REQUEST);
    List<BatchWrite.Entry> e = batch.entries();

    JsonNode response = tree(batch.responseReturning(List.of(e.get(0)), List.of(e.get(1), e.get(2))));

    assertThat(response.path("UnprocessedItems").path("a").get(0)).isEqualTo(e.get(0).request());
    assertThat(response.path("UnprocessedItems").has("b")).isFalse();
    assertThat(response.path("ConsumedCapacity")).hasSize(2);
    assertThat(response.path("ConsumedCapacity").get(0).path("TableName").asText()).isEqualTo("a");
    assertThat(response.path("ConsumedCapacity").get(0).path("CapacityUnits").asDouble()).isEqualTo(1.0);
    assertThat(response.path("ConsumedCapacity").get(1).path("CapacityUnits").asDouble()).isEqualTo(1.0);
  }

  @Test
  void mergesHeldBackItemsWithThoseTheTargetReturned() throws IOException {
    BatchWrite batch = BatchWrite.parse(REQUEST);
    byte[] target = bytes("{'UnprocessedItems':{'a':[{'PutRequest':{'Item':{'pk':{'S':'k9'}}}}]},"
        + "'ConsumedCapacity':[{'TableName':'a','CapacityUnits':3.0}]}");

    JsonNode merged = tree(BatchWrite.withUnprocessed(target, List.of(batch.entries().get(0), batch.entries().get(2))));

    assertThat(merged.path("UnprocessedItems").path("a")).hasSize(2);
    assertThat(merged.path("UnprocessedItems").path("a").get(0).path("PutRequest").path("Item").path("pk")
        .path("S").asText()).isEqualTo("k9");
    assertThat(merged.path("UnprocessedItems").path("b")).hasSize(1);
    assertThat(merged.path("ConsumedCapacity").get(0).path("CapacityUnits").asDouble()).isEqualTo(3.0);
  }

  @Test
  void refusesWhatIsNotABatchWriteItemRequest() {
    assertThatThrownBy(() -> BatchWrite.parse(bytes("{'TableName':'a'}"))).isInstanceOf(IOException.class);
  }

  @Test
  void errorBodiesHaveTheJsonProtocolShape() throws IOException {
    JsonNode error = tree(BatchWrite.errorBody("com.amazon.coral.validate#ValidationException", "no"));

    assertThat(error.path("__type").asText()).isEqualTo("com.amazon.coral.validate#ValidationException");
    assertThat(error.path("message").asText()).isEqualTo("no");
  }
}
