package io.pilotlight.cli;

import io.pilotlight.store.MeteredObjectStore;
import io.pilotlight.store.ObjectStore;
import io.pilotlight.store.RateLimitedObjectStore;
import io.pilotlight.store.RetryPolicy;
import io.pilotlight.store.RetryingObjectStore;
import io.pilotlight.store.S3Options;
import io.pilotlight.store.Sleeper;
import io.pilotlight.store.StoreMeter;

/**
 * The decorators every command's store gets, outermost first: retrying (the only retry layer),
 * rate-limited, metered, then the real store. The meter counts every attempt.
 */
record StoreStack(int uploads, long uploadBytesPerSecond, long downloadBytesPerSecond, StoreMeter meter) {
    private static final double MIB = 1024 * 1024;

    static StoreStack of(int uploads, Double limitUploadMib, Double limitDownloadMib) {
        if (uploads < 1 || uploads > 64) {
            throw new IllegalArgumentException("--uploads " + uploads + ": must be between 1 and 64");
        }
        return new StoreStack(uploads, bytesPerSecond("--limit-upload", limitUploadMib),
                bytesPerSecond("--limit-download", limitDownloadMib), new StoreMeter());
    }

    private static long bytesPerSecond(String option, Double mibPerSecond) {
        if (mibPerSecond == null) {
            return 0;
        }
        if (!(mibPerSecond > 0) || mibPerSecond > 100_000) {
            throw new IllegalArgumentException(option + " " + mibPerSecond + ": must be a number of MiB/s above 0");
        }
        return Math.max(1, Math.round(mibPerSecond * MIB));
    }

    /** S3 client settings: enough connections for the uploads and the restore workers. */
    S3Options s3Options() {
        S3Options defaults = S3Options.defaults();
        return new S3Options(Math.max(defaults.maxConnections(), 2 * uploads), defaults.multipartThreshold(),
                defaults.partSize());
    }

    ObjectStore around(ObjectStore store) {
        ObjectStore metered = new MeteredObjectStore(store, meter);
        ObjectStore limited = uploadBytesPerSecond == 0 && downloadBytesPerSecond == 0 ? metered
                : new RateLimitedObjectStore(metered, uploadBytesPerSecond, downloadBytesPerSecond, Sleeper.SYSTEM);
        return new RetryingObjectStore(limited, RetryPolicy.DEFAULT, Sleeper.SYSTEM);
    }

    /** One line for summaries: requests, failures retried, bytes sent and received. */
    String summary() {
        StoreMeter.Snapshot snapshot = meter.snapshot();
        return snapshot.requests() + " requests" + (snapshot.failures() > 0 ? " (" + snapshot.failures()
                + " failed)" : "") + " (" + snapshot.listPages() + " LIST pages of " + snapshot.listedKeys()
                + " keys), " + ByteSize.format(snapshot.bytesSent()) + " sent, "
                + ByteSize.format(snapshot.bytesReceived()) + " received";
    }
}
