package dev.ddbload.cli;

import dev.ddbload.config.ClientSettings;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;

/** Where DynamoDB is, as in the AWS CLI. Credentials come from the SDK's default chain. */
final class ClientOptions {

  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "Send requests to this URL instead of the region's endpoint (e.g. DynamoDB Local).")
  String endpointUrl;

  @Option(names = "--region", paramLabel = "REGION",
      description = "AWS region (default: AWS_REGION, then the profile's region).")
  String region;

  @Option(names = "--profile", paramLabel = "NAME",
      description = "Named profile from ~/.aws/config and ~/.aws/credentials.")
  String profile;

  /**
   * The settings these options give.
   *
   * @throws IllegalArgumentException for an endpoint that is not a URL
   */
  ClientSettings toSettings() {
    ClientSettings.Builder b = ClientSettings.builder().region(region).profile(profile);
    if (endpointUrl != null) {
      b.endpoint(url("--endpoint-url", endpointUrl));
    }
    return b.build();
  }

  /**
   * The value of a URL option.
   *
   * @throws IllegalArgumentException naming the option when the value is not a URI
   */
  static URI url(String option, String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(option + " '" + ClientSettings.withoutUserInfo(value) + "' is not a URL");
    }
  }
}
