package dev.ddbload.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment template checked against the code: its policy grants exactly the actions of the
 * calls the function makes ({@link Permissions}), per resource; its handlers exist; its
 * variables are ones the function reads; every resource it names is declared; the package it
 * deploys is the one Maven builds.
 */
class TemplateTest {

  private static JsonNode template;

  @BeforeAll
  static void read() throws IOException {
    template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("template.yaml").toFile());
  }

  private static JsonNode loader() {
    return template.at("/Resources/Loader/Properties");
  }

  /** The policy's statements, by Sid (a statement under Fn::If taken from its true branch). */
  private static Map<String, JsonNode> statements() {
    Map<String, JsonNode> bySid = new HashMap<>();
    for (JsonNode s : loader().at("/Policies/0/Statement")) {
      JsonNode statement = s.has("Fn::If") ? s.get("Fn::If").get(1) : s;
      bySid.put(statement.get("Sid").asText(), statement);
    }
    return bySid;
  }

  private static Set<String> actions(JsonNode statement) {
    Set<String> actions = new HashSet<>();
    statement.get("Action").forEach(a -> actions.add(a.asText()));
    return actions;
  }

  @Test
  void thePolicyGrantsExactlyTheActionsOfTheCallsTheFunctionMakesOnEachResource() {
    Map<String, JsonNode> s = statements();

    assertThat(actions(s.get("TargetTable"))).isEqualTo(Permissions.TARGET_TABLE);
    assertThat(actions(s.get("JobsTable"))).isEqualTo(Permissions.JOBS_TABLE);
    assertThat(actions(s.get("Objects"))).isEqualTo(Permissions.OBJECTS);
    assertThat(actions(s.get("Bucket"))).isEqualTo(Permissions.BUCKET);
    assertThat(actions(s.get("ContinueJob"))).isEqualTo(Permissions.FUNCTION);
    // The SQS event source mapping's own needs, not the function's code.
    assertThat(actions(s.get("QueueTrigger"))).containsExactlyInAnyOrder("sqs:ReceiveMessage", "sqs:DeleteMessage",
        "sqs:GetQueueAttributes");
    Set<String> granted = new HashSet<>();
    List.of("TargetTable", "JobsTable", "Objects", "Bucket", "ContinueJob").forEach(sid -> granted.addAll(actions(s.get(sid))));
    Set<String> needed = new HashSet<>();
    Permissions.ACTIONS_OF_CALL.values().forEach(needed::addAll);
    assertThat(granted).isEqualTo(needed);
    for (JsonNode statement : s.values()) {
      assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
      assertThat(statement.get("Resource").toString()).doesNotContain("\"*\"");
    }
  }

  @Test
  void theHandlersExistAndTheVariablesAreOnesTheFunctionReads() throws Exception {
    JsonNode handler = loader().at("/Handler/Fn::If");
    for (int branch = 1; branch <= 2; branch++) {
      String className = handler.get(branch).asText().split("::")[0];
      assertThat(Class.forName(className)).isIn(S3EventHandler.class, SqsEventHandler.class);
    }
    List<String> variables = new ArrayList<>();
    loader().at("/Environment/Variables").fieldNames().forEachRemaining(variables::add);
    assertThat(variables).isSubsetOf(HandlerConfig.VARIABLES).contains("TABLE", "JOBS_TABLE");
    assertThat(loader().get("CodeUri").asText()).isEqualTo("target/ddbload-lambda.jar");
    assertThat(loader().get("Runtime").asText()).isEqualTo("java17");
  }

  @Test
  void everyReferenceNamesAParameterAResourceOrAPseudoParameter() {
    Set<String> names = new HashSet<>();
    template.get("Parameters").fieldNames().forEachRemaining(names::add);
    template.get("Resources").fieldNames().forEachRemaining(names::add);
    Set<String> conditions = new HashSet<>();
    template.get("Conditions").fieldNames().forEachRemaining(conditions::add);
    List<String> refs = new ArrayList<>();
    List<String> usedConditions = new ArrayList<>();
    collect(template.get("Resources"), refs, usedConditions);
    collect(template.get("Outputs"), refs, usedConditions);

    assertThat(refs).isNotEmpty().allMatch(r -> names.contains(r) || r.startsWith("AWS::"));
    assertThat(usedConditions).isNotEmpty().allMatch(conditions::contains);
    template.get("Resources").forEach(r -> assertThat(r.get("Type").asText()).startsWith("AWS::"));
  }

  /** Names in Ref, GetAtt, ${...} of Sub, and conditions of Fn::If and Condition. */
  private static void collect(JsonNode node, List<String> refs, List<String> conditions) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        switch (e.getKey()) {
          case "Ref" -> refs.add(e.getValue().asText());
          case "Fn::GetAtt" -> refs.add(e.getValue().get(0).asText());
          case "Fn::Sub" -> {
            var m = java.util.regex.Pattern.compile("\\$\\{([^}.]+)[^}]*}").matcher(e.getValue().asText());
            while (m.find()) {
              refs.add(m.group(1));
            }
          }
          case "Fn::If" -> conditions.add(e.getValue().get(0).asText());
          case "Condition" -> {
            if (e.getValue().isTextual()) {
              conditions.add(e.getValue().asText());
            }
          }
          default -> { }
        }
        collect(e.getValue(), refs, conditions);
      });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, refs, conditions));
    }
  }
}
