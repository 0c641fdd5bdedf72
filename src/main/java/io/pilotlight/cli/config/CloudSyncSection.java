package io.pilotlight.cli.config;

import java.net.URI;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code cloud-sync}: which disk or group each keeps as an EBS snapshot chain, where and how (docs/configuration.md). */
final class CloudSyncSection {
    private static final String REGION = "[a-z]{2}(-[a-z]+)+-\\d";

    private CloudSyncSection() {}

    static Map<String, CloudSyncConfig> read(MappingReader top, ParseContext context, Set<String> disks,
            Set<String> groups) {
        return NamedSection.read(top, "cloud-sync", "cloud sync",
                "e.g. cloud-sync: {web1-ebs: {disk: web1, schedule: every 5m, region: eu-west-1}}", (name, sync) -> {
                    Optional<String> disk = sync.optional("disk", FollowerSection.known("disk", disks));
                    Optional<String> group = sync.optional("group", FollowerSection.known("group", groups));
                    boolean bothOrNeither = sync.has("disk") == sync.has("group");
                    if (bothOrNeither) {
                        context.problems().error(sync.node(), sync.path(), "a cloud sync needs exactly one of 'disk'"
                                + " and 'group'", "disk: NAME syncs one disk, group: NAME every disk of a group");
                    }
                    Optional<String> repository = context.repository(sync);
                    ZoneId zone = context.zone(sync);
                    Optional<Schedule> schedule = context.schedule(sync, zone);
                    Optional<String> region = sync.required("region", Scalars.scalar("an AWS region such as"
                            + " eu-west-1", CloudSyncSection::region), "e.g. region: eu-west-1");
                    Optional<URI> endpoint = sync.optional("endpoint", Scalars.scalar("an http(s) URL",
                            RepositorySection::endpoint));
                    Optional<SecretRef> keyId = sync.optional("access-key-id", SecretSection.reader());
                    Optional<SecretRef> secretKey = sync.optional("secret-access-key", SecretSection.reader());
                    Optional<Boolean> encrypted = sync.optional("encrypted", Scalars.bool());
                    Optional<String> kmsKey = sync.optional("kms-key", Scalars.text());
                    Optional<Integer> parallel = sync.optional("parallel", Scalars.scalar("a whole number from 1 to "
                            + CloudSyncConfig.MAX_PARALLEL, CloudSyncSection::parallel));
                    if (bothOrNeither || (disk.isEmpty() && group.isEmpty()) || repository.isEmpty()
                            || schedule.isEmpty() || region.isEmpty() || partlyRead(sync, endpoint, keyId, secretKey,
                            encrypted, kmsKey, parallel)) {
                        return Optional.empty();
                    }
                    return Optional.of(new CloudSyncConfig(name, disk, group, repository.get(), schedule.get(),
                            region.get(), endpoint, keyId, secretKey, encrypted.orElse(false), kmsKey,
                            parallel.orElse(CloudSyncConfig.DEFAULT_PARALLEL)));
                });
    }

    /** Whether an optional key was given but could not be read (it is reported already). */
    private static boolean partlyRead(MappingReader sync, Optional<?>... values) {
        String[] keys = {"endpoint", "access-key-id", "secret-access-key", "encrypted", "kms-key", "parallel"};
        for (int i = 0; i < keys.length; i++) {
            if (sync.has(keys[i]) && values[i].isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static String region(String value) {
        if (!value.matches(REGION)) {
            throw new InvalidValue("region '" + value + "' is not an AWS region name", "e.g. eu-west-1 or us-east-2");
        }
        return value;
    }

    private static int parallel(String value) {
        if (value.matches("[0-9]{1,2}")) {
            int parallel = Integer.parseInt(value);
            if (parallel >= 1 && parallel <= CloudSyncConfig.MAX_PARALLEL) {
                return parallel;
            }
        }
        throw new InvalidValue("parallel '" + value + "' is not a whole number from 1 to " + CloudSyncConfig.MAX_PARALLEL,
                "PutSnapshotBlock requests in flight; default " + CloudSyncConfig.DEFAULT_PARALLEL);
    }
}
