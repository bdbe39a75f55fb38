package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonItemSizeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void numbersTakeOneBytePerBase100DigitPlusOne() {
    assertThat(JsonItemSize.numberSize("0")).isEqualTo(1);
    assertThat(JsonItemSize.numberSize("0.000")).isEqualTo(1);
    assertThat(JsonItemSize.numberSize("7")).isEqualTo(2);
    assertThat(JsonItemSize.numberSize("100")).isEqualTo(2);
    assertThat(JsonItemSize.numberSize("123")).isEqualTo(3);
    // Digit pairs align at the decimal point: 1.5 is "01" "50".
    assertThat(JsonItemSize.numberSize("1.5")).isEqualTo(3);
    assertThat(JsonItemSize.numberSize("-1")).isEqualTo(3);
    assertThat(JsonItemSize.numberSize("1E+2")).isEqualTo(2);
    assertThat(JsonItemSize.numberSize("12345678901234567890123456789012345678")).isEqualTo(20);
  }

  @Test
  void itemSizeFollowsDynamoDbRules() throws Exception {
    JsonNode item = json("{'pk':{'S':'abc'},'n':{'N':'123'},'l':{'L':[{'S':'x'},{'BOOL':true}]},"
        + "'m':{'M':{'a':{'NULL':true}}},'ss':{'SS':['a','bc']},'b':{'B':'AAEC'},'é':{'S':'é'}}");

    // pk 2+3, n 1+3, l 1+(3+2+2), m 1+(3+1+2), ss 2+3, b 1+3, é 2+2
    assertThat(JsonItemSize.of(item)).isEqualTo(5 + 4 + 8 + 7 + 5 + 4 + 4);
  }

  @Test
  void aPutTakesOneUnitPerStartedKbAndADeleteOne() throws Exception {
    String kb = "x".repeat(1024 - 2); // with the name "pk": exactly 1 KB
    assertThat(JsonItemSize.writeUnits(json("{'PutRequest':{'Item':{'pk':{'S':'" + kb + "'}}}}"))).isEqualTo(1);
    assertThat(JsonItemSize.writeUnits(json("{'PutRequest':{'Item':{'pk':{'S':'" + kb + "x'}}}}"))).isEqualTo(2);
    assertThat(JsonItemSize.writeUnits(json("{'DeleteRequest':{'Key':{'pk':{'S':'" + kb + "xx'}}}}"))).isEqualTo(1);
  }
}
