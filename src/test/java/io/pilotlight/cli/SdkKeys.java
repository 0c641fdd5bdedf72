package io.pilotlight.cli;

/**
 * The AWS SDK's credential system properties ({@code aws.accessKeyId}, {@code aws.secretAccessKey})
 * set for the commands a test runs, then put back as they were: {@code try (SdkKeys keys =
 * SdkKeys.set(id, secret)) { ... }}.
 */
final class SdkKeys implements AutoCloseable {
    private static final String ACCESS_KEY = "aws.accessKeyId";
    private static final String SECRET_KEY = "aws.secretAccessKey";

    private final String accessKeyBefore = System.getProperty(ACCESS_KEY);
    private final String secretKeyBefore = System.getProperty(SECRET_KEY);

    private SdkKeys(String accessKeyId, String secretAccessKey) {
        System.setProperty(ACCESS_KEY, accessKeyId);
        System.setProperty(SECRET_KEY, secretAccessKey);
    }

    static SdkKeys set(String accessKeyId, String secretAccessKey) {
        return new SdkKeys(accessKeyId, secretAccessKey);
    }

    @Override
    public void close() {
        restore(ACCESS_KEY, accessKeyBefore);
        restore(SECRET_KEY, secretKeyBefore);
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
