package dev.ddbload.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Write requests as JSON, from the generator each thread keeps between records. */
class ItemJsonTest {

  @Test
  void eachRequestIsOneObjectWhateverCameBefore() {
    for (int i = 0; i < 3; i++) {
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      item.put("pk", AttributeValue.fromS("k" + i));
      item.put("n", AttributeValue.fromN(Integer.toString(i)));
      assertThat(text(ItemJson.putRequest(item)))
          .isEqualTo("{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"k" + i + "\"},\"n\":{\"N\":\"" + i + "\"}}}}");
      assertThat(text(ItemJson.deleteRequest(Map.of("pk", AttributeValue.fromS("k" + i)))))
          .isEqualTo("{\"DeleteRequest\":{\"Key\":{\"pk\":{\"S\":\"k" + i + "\"}}}}");
    }
  }

  @Test
  void aRequestThatFailsHalfWayLeavesNothingBehindForTheNext() {
    Map<String, AttributeValue> bad = new LinkedHashMap<>();
    bad.put("pk", AttributeValue.fromS("a"));
    bad.put("odd", AttributeValue.builder().build()); // no type: cannot be written
    assertThatThrownBy(() -> ItemJson.putRequest(bad)).isInstanceOf(IllegalArgumentException.class);

    assertThat(text(ItemJson.putRequest(Map.of("pk", AttributeValue.fromL(List.of(AttributeValue.fromBool(true)))))))
        .isEqualTo("{\"PutRequest\":{\"Item\":{\"pk\":{\"L\":[{\"BOOL\":true}]}}}}");
  }

  @Test
  void largeItemsComeOutWhole() {
    String big = "é".repeat(300_000);
    byte[] json = ItemJson.putRequest(Map.of("pk", AttributeValue.fromS(big)));
    assertThat(text(json)).isEqualTo("{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"" + big + "\"}}}}");
    assertThat(text(ItemJson.putRequest(Map.of("pk", AttributeValue.fromS("small")))))
        .isEqualTo("{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"small\"}}}}");
  }

  private static String text(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }
}
