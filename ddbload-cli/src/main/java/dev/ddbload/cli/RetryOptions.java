package dev.ddbload.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How often and how patiently a command retries a call: the "Retries" section of {@code load} and
 * {@code verify}, an {@code @ArgGroup(validate = false)} of each. Defaults come from the library
 * ({@link LibrarySettings}: the load's for {@code load}, the verification's for {@code verify}).
 */
final class RetryOptions {

  /** The section's heading. */
  static final String HEADING = "Retries: sends (load) or reads (verify) of an item%n";

  @Option(names = "--max-attempts", paramLabel = "N",
      description = "Attempts per item before it is given up (load: rejected; verify: reported unverified),"
          + " 1 to 100 (default ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(names = "--backoff-base", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Cap of the first retry's delay; each retry doubles the cap (default ${DEFAULT-VALUE}).")
  Duration backoffBase;

  @Option(names = "--backoff-max", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Largest retry delay (default ${DEFAULT-VALUE}).")
  Duration backoffMax;
}
