package dev.ddbload.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FaultProxyCommandTest {

  private static FaultRules parse(String... args) {
    FaultProxyCommand command = new FaultProxyCommand();
    new CommandLine(command).parseArgs(args);
    return command.rules();
  }

  @Test
  void optionsBecomeRules() {
    FaultRules rules = parse("--target", "http://127.0.0.1:8000", "--port", "8001", "--throttle", "0.1",
        "--throttling-exception", "0.05", "--hold-back", "0.3", "--http500", "0.02", "--http503", "0.01",
        "--drop", "0.01", "--latency", "1ms..20ms", "--seed", "42", "--poison", "pk=a,b",
        "--invalid-keys", "x,y", "--sink", "10ms", "--wcu-budget", "1000", "--budget-burst", "1s");

    assertThat(rules.seed()).isEqualTo(42);
    assertThat(rules.throttleRate()).isEqualTo(0.1);
    assertThat(rules.throttlingExceptionRate()).isEqualTo(0.05);
    assertThat(rules.holdBackRate()).isEqualTo(0.3);
    assertThat(rules.http500Rate()).isEqualTo(0.02);
    assertThat(rules.http503Rate()).isEqualTo(0.01);
    assertThat(rules.dropRate()).isEqualTo(0.01);
    assertThat(rules.latencyMin()).isEqualTo(Duration.ofMillis(1));
    assertThat(rules.latencyMax()).isEqualTo(Duration.ofMillis(20));
    assertThat(rules.poisonAttribute()).contains("pk");
    assertThat(rules.poisonKeys()).containsExactlyInAnyOrder("a", "b");
    assertThat(rules.invalidKeys()).containsExactlyInAnyOrder("x", "y");
    assertThat(rules.sinkDelay()).contains(Duration.ofMillis(10));
    assertThat(rules.capacity()).isEqualTo(CapacitySpec.provisioned(1000).burst(Duration.ofSeconds(1)));
    assertThat(rules.countsSendsPerKey()).isFalse();
  }

  @Test
  void capacityOptionsBecomeTheCapacitySpec() {
    FaultRules onDemand = parse("--target", "http://x", "--on-demand", "500", "--scale-after", "10s",
        "--partitions", "8x250", "--partition-burst", "2s", "--start-empty");
    FaultRules partitionsOnly = parse("--target", "http://x", "--partitions", "4");
    FaultRules provisioned = parse("--target", "http://x", "--wcu-budget", "2000", "--budget-burst", "60s");

    assertThat(onDemand.capacity()).isEqualTo(CapacitySpec.onDemand(500).scaleAfter(Duration.ofSeconds(10))
        .partitions(8, 250).partitionBurst(Duration.ofSeconds(2)).startEmpty());
    assertThat(partitionsOnly.capacity()).isEqualTo(CapacitySpec.unlimited().partitions(4, 1_000));
    assertThat(provisioned.capacity()).isEqualTo(CapacitySpec.provisioned(2_000).burstSeconds(60));
    assertThat(FaultRules.none().capacity()).isEqualTo(parse("--target", "http://x").capacity());
  }

  @Test
  void aBudgetAndOnDemandTogetherAreAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new FaultProxyCommand());
    cl.setErr(new PrintWriter(err));

    int code = cl.execute("--target", "http://127.0.0.1:1", "--wcu-budget", "100", "--on-demand", "100");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--wcu-budget and --on-demand exclude each other");
  }

  @Test
  void aSingleLatencyIsFixed() {
    FaultRules rules = parse("--target", "http://x", "--latency", "1.5s");

    assertThat(rules.latencyMin()).isEqualTo(Duration.ofMillis(1500)).isEqualTo(rules.latencyMax());
  }

  @Test
  void durationsAreWrittenLikeTheCli() {
    assertThat(FaultProxyCommand.parseDuration("250us")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(FaultProxyCommand.parseDuration("5ms")).isEqualTo(Duration.ofMillis(5));
    assertThat(FaultProxyCommand.parseDuration("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(FaultProxyCommand.parseDuration("0")).isEqualTo(Duration.ZERO);
    assertThat(FaultProxyCommand.parseDuration("PT1M")).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aBadRateIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new FaultProxyCommand());
    cl.setErr(new PrintWriter(err));

    int code = cl.execute("--target", "http://127.0.0.1:1", "--hold-back", "2");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("holdBackRate must be between 0 and 1");
  }
}
