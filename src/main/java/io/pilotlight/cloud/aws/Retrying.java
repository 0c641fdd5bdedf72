package io.pilotlight.cloud.aws;

import io.pilotlight.cloud.CloudException;
import io.pilotlight.cloud.CloudException.Kind;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Calls AWS with bounded retries: throttling, 5xx and dropped connections up to {@code attempts}
 * times with jittered exponential backoff; "snapshot does not exist" only for a snapshot started
 * less than {@code notFoundWindow} ago (coldsnap#43: a new snapshot may not be visible yet). Anything
 * else, and the last failure, becomes a {@link CloudException} naming the request.
 */
public final class Retrying {
    /** One AWS call. */
    public interface Call<T> {
        T call();
    }

    private final Ticker ticker;
    private final int attempts;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Duration notFoundWindow;
    private final String endpoint;

    public Retrying(Ticker ticker, int attempts, Duration firstBackoff, Duration maxBackoff, Duration notFoundWindow,
            String endpoint) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts " + attempts + " must be at least 1");
        }
        this.ticker = ticker;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.notFoundWindow = notFoundWindow;
        this.endpoint = endpoint;
    }

    /** The defaults: 8 attempts, 200 ms doubling to 10 s, "does not exist" retried for 2 minutes. */
    public static Retrying defaults(Ticker ticker, String endpoint) {
        return new Retrying(ticker, 8, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(2), endpoint);
    }

    public Ticker ticker() {
        return ticker;
    }

    /** Runs {@code call}; {@code request} names it in messages. */
    public <T> T run(String request, Call<T> call) throws CloudException, InterruptedIOException {
        return run(request, call, Long.MIN_VALUE);
    }

    /**
     * Runs a call about a snapshot started at {@code startedNanos} ({@link Ticker#nanoTime}): its
     * "does not exist" is retried until {@code notFoundWindow} after that.
     */
    public <T> T run(String request, Call<T> call, long startedNanos) throws CloudException, InterruptedIOException {
        int failures = 0;
        while (true) {
            try {
                return call.call();
            } catch (SdkException failure) {
                failures++;
                boolean early = startedNanos != Long.MIN_VALUE && AwsErrors.snapshotNotFound(failure)
                        && ticker.nanoTime() - startedNanos < notFoundWindow.toNanos();
                boolean again = early || AwsErrors.retryable(failure) && failures < attempts;
                if (!again) {
                    throw giveUp(request, failure, failures, early);
                }
                pause(backoff(failures));
            }
        }
    }

    private CloudException giveUp(String request, SdkException failure, int failures, boolean early) {
        CloudException translated = AwsErrors.translate(request, endpoint, failure);
        if (AwsErrors.snapshotNotFound(failure) && !early && failures > 1) {
            return new CloudException(Kind.THROTTLED, translated.getMessage() + " (still after "
                    + notFoundWindow.toSeconds() + " s of retries)", failure);
        }
        if (failures > 1) {
            return new CloudException(translated.kind(), translated.getMessage() + " (after " + failures
                    + " attempts)", failure);
        }
        return translated;
    }

    Duration backoff(int failures) {
        long base = firstBackoff.toMillis() << Math.min(failures - 1, 20);
        long capped = Math.min(maxBackoff.toMillis(), base);
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private void pause(Duration duration) throws InterruptedIOException {
        try {
            ticker.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry an AWS request");
        }
    }
}
