package dev.ddbload.item;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TypeInferenceTest {

  @ParameterizedTest
  @ValueSource(strings = {"0", "7", "-7", "42", "0.5", "-0.25", "3.14159", "1000000",
      "12345678901234567890123456789012345678"})
  void numbersWrittenAsDynamoDbWritesThemAreNumbers(String cell) {
    assertThat(TypeInference.infer(cell)).isEqualTo(AttributeValue.fromN(cell));
  }

  @ParameterizedTest
  @ValueSource(strings = {"007", "1e5", "1E5", "1.50", "+3", "-0", "0.0", ".5", "1.", "-", "", "1,5", " 1",
      "NaN", "Infinity", "0x1F", "123456789012345678901234567890123456789", "1_000", "12a"})
  void anythingElseStaysAString(String cell) {
    assertThat(TypeInference.infer(cell)).isEqualTo(AttributeValue.fromS(cell));
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "false"})
  void trueAndFalseAreBooleans(String cell) {
    assertThat(TypeInference.infer(cell)).isEqualTo(AttributeValue.fromBool(Boolean.parseBoolean(cell)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"TRUE", "False", "yes", "1"})
  void otherSpellingsAreNotBooleans(String cell) {
    assertThat(TypeInference.infer(cell).bool()).isNull();
  }
}
