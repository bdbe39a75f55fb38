package dev.ddbload.config;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/**
 * The region and credentials a client built from {@link ClientSettings} uses, found the way the
 * AWS CLI finds them; shared by the DynamoDB and S3 clients so both see the same profile and
 * credential chain. Stateless and thread-safe.
 */
public final class AwsChains {

  /** Region used against an endpoint override when no region is configured anywhere. */
  public static final Region FALLBACK_LOCAL_REGION = Region.US_EAST_1;

  private AwsChains() {}

  /**
   * The explicit credentials, else the named profile's, else the SDK's default chain
   * (environment, system properties, {@code ~/.aws}, SSO, container or instance role).
   */
  public static AwsCredentialsProvider credentials(ClientSettings settings) {
    if (settings.credentials().isPresent()) {
      return settings.credentials().get();
    }
    if (settings.profile().isPresent()) {
      return ProfileCredentialsProvider.builder().profileName(settings.profile().get()).build();
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /**
   * The region set, else the profile's, else the SDK's default chain. Against an endpoint
   * override only the environment and profile are asked (never the EC2 instance metadata), and
   * {@link #FALLBACK_LOCAL_REGION} is used when they say nothing.
   *
   * @param missing the message when no region is found, naming the option that sets one
   * @throws ConfigurationException when no region is found and no endpoint is set
   */
  public static Region region(ClientSettings settings, String missing) {
    if (settings.region().isPresent()) {
      return Region.of(settings.region().get());
    }
    try {
      if (settings.profile().isPresent()) {
        Region r = new AwsProfileRegionProvider(ProfileFile::defaultProfileFile, settings.profile().get())
            .getRegion();
        if (r != null) {
          return r;
        }
      }
      if (settings.endpoint().isPresent()) {
        // Environment and profile only: asking the EC2 instance metadata service costs seconds
        // off EC2, and the region hardly matters to a local endpoint.
        return new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
            .getRegion();
      }
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      if (settings.endpoint().isPresent()) {
        return FALLBACK_LOCAL_REGION;
      }
      throw new ConfigurationException(missing, e);
    }
  }
}
